import Foundation
import OncoTestSupport
import XCTest

/// `oncoface sessions` on session folders written by hand, as README "Sessions" documents them.
final class SessionsCommandTests: XCTestCase {
  private func writeSession(_ root: URL, folder: String, json: String) throws {
    let url = root.appendingPathComponent(folder)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    try json.write(
      to: url.appendingPathComponent("session.json"), atomically: true, encoding: .utf8)
  }

  private func record(
    name: String, status: String, created: String, pid: Int32, done: Int,
    best: Double?
  ) -> String {
    """
    {"format":1,"name":"\(name)","status":"\(status)","created":"\(created)","updated":"\(created)",
     "epochs_done":\(done),"best_epoch":\(best == nil ? "null" : "\(done)"),
     "best_val_auc":\(best.map { "\($0)" } ?? "null"),
     "versions":{"oncoface":"0.1.0","session_format":1,"system":"test"},
     "writer":{"pid":\(pid),"host":"\(ProcessInfo.processInfo.hostName)"},
     "config":{"input":"/data","cohort_rule":"as given","label_column":"label","model":"dlib-face",
       "freeze":"backbone","pretrained":true,"image_size":150,"aligned":false,"masked":true,
       "epochs":5,"batch_size":32,"weight_decay":0.0001,"dropout":0.5,"patience":2,
       "optimizer":"adamw","schedule":"cosine","momentum":0.9,"augment":false,
       "split":{"train":0.7,"validation":0.15,"test":0.15},"seed":1,"threads":0}}
    """
  }

  func testSessionsAreListedNewestFirstWithTheirStatus() throws {
    let root = try TestPaths.temporaryDirectory("sessions-e2e")
    defer { try? FileManager.default.removeItem(at: root) }
    // A process that has exited stands for a killed writer; this test's own pid for a live one.
    let gone = Process()
    gone.executableURL = URL(fileURLWithPath: "/bin/true")
    try gone.run()
    gone.waitUntilExit()
    try writeSession(
      root, folder: "20261101-090000-old",
      json: record(
        name: "old", status: "finished", created: "2026-11-01T09:00:00Z", pid: 1, done: 5,
        best: 0.93))
    try writeSession(
      root, folder: "20261102-090000-killed",
      json: record(
        name: "killed", status: "running", created: "2026-11-02T09:00:00Z",
        pid: gone.processIdentifier, done: 2, best: 0.88))
    try writeSession(
      root, folder: "20261103-090000-live",
      json: record(
        name: "live", status: "running", created: "2026-11-03T09:00:00Z", pid: getpid(), done: 1,
        best: nil))
    try writeSession(root, folder: "20261104-090000-broken", json: "{\"format\":1,")
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("Demo"),
      withIntermediateDirectories: true)

    let run = try Oncoface.run(["sessions", "--sessions", root.path, "--json"])
    XCTAssertEqual(run.status, 0, run.stderr)
    let rows = try XCTUnwrap(run.summary["sessions"] as? [[String: Any]], run.stdout)
    XCTAssertEqual(rows.map { $0["name"] as? String }, ["live", "killed", "old"])
    XCTAssertEqual(rows.map { $0["status"] as? String }, ["running", "interrupted", "finished"])
    XCTAssertEqual(rows[2]["best_val_auc"] as? Double, 0.93)
    XCTAssertEqual(rows[2]["epochs_done"] as? Int, 5)
    XCTAssertEqual(rows[2]["epochs_planned"] as? Int, 5)
    XCTAssertTrue(run.stderr.contains("20261104-090000-broken/session.json"), run.stderr)

    let table = try Oncoface.run(["sessions", "--sessions", root.path])
    let lines = table.stdout.split(separator: "\n")
    XCTAssertEqual(lines.count, 4)
    XCTAssertTrue(lines[0].hasPrefix("SESSION"))
    XCTAssertTrue(lines[3].contains("20261101-090000-old"))
    XCTAssertTrue(lines[3].contains("0.930 @5"))
    XCTAssertTrue(lines[2].contains("interrupted"))

    let empty = try Oncoface.run([
      "sessions", "--sessions", root.appendingPathComponent("none").path,
    ])
    XCTAssertEqual(empty.status, 0)
    XCTAssertTrue(empty.stdout.contains("No sessions"), empty.stdout)
  }
}
