import Foundation
import OncoTestSupport
import XCTest

/// `oncoface predict` through the release binary.
final class PredictCommandTests: XCTestCase {
  func testPredictWritesARowPerPhotoAndTheAUCWhenLabelled() throws {
    let folder = try TestPaths.temporaryDirectory("predict-e2e")
    defer { try? FileManager.default.removeItem(at: folder) }
    let demo = try Oncoface.demo()
    let sessions = folder.appendingPathComponent("Sessions")
    let train = try Oncoface.run([
      "train", demo.path, "--epochs", "2", "--session", "demo",
      "--sessions", sessions.path, "--json",
    ])
    XCTAssertEqual(train.status, 0, String(train.stderr.suffix(1000)))
    let out = folder.appendingPathComponent("p.csv")
    let run = try Oncoface.run([
      "predict", "demo", demo.path, "--out", out.path,
      "--sessions", sessions.path, "--json",
    ])
    XCTAssertEqual(run.status, 0, run.stderr)
    let summary = run.summary
    XCTAssertEqual(summary["predicted"] as? Int, 120)
    XCTAssertEqual(summary["failed"] as? Int, 0)
    let auc = try XCTUnwrap(summary["auc"] as? Double)
    XCTAssertTrue((0...1).contains(auc))
    XCTAssertLessThanOrEqual(summary["auc_low"] as? Double ?? 2, auc)
    let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
    XCTAssertEqual(lines.first, "path,probability,predicted,label,outcome,reason")
    XCTAssertEqual(lines.count, 121)
    for line in lines.dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false)
      let p = try XCTUnwrap(Double(f[1]), String(line))
      XCTAssertEqual(f[2], p >= 0.5 ? "case" : "control")
      XCTAssertEqual(f[4], "ok")
    }
    // The session's own test images get the probabilities the session wrote for them.
    let session = try Oncoface.onlySession(in: sessions)
    let own = try String(
      contentsOf: session.appendingPathComponent("predictions.csv"), encoding: .utf8
    )
    .split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    let mine = Dictionary(
      lines.dropFirst().map { l in
        let f = l.split(separator: ",", omittingEmptySubsequences: false)
        return (String(f[0]), Double(f[1])!)
      }, uniquingKeysWith: { a, _ in a })
    for row in own {
      XCTAssertEqual(mine[String(row[0])]!, Double(row[2])!, accuracy: 1e-5, String(row[0]))
    }
    // A session that does not exist is a clear error.
    let missing = try Oncoface.run([
      "predict", "nope", demo.path, "--out", out.path,
      "--sessions", sessions.path,
    ])
    XCTAssertNotEqual(missing.status, 0)
    XCTAssertTrue(missing.stderr.contains("not a session folder"), missing.stderr)
  }
}
