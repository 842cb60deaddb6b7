import Foundation
import OncoTestSupport
import XCTest

/// `oncoface train` through the release binary: the acceptance run on faces-dev, reproducibility,
/// and bad input.
final class TrainCommandTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws { folder = try TestPaths.temporaryDirectory("train-e2e") }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  /// Acceptance (issue 5): sex as a proxy label on the real faces, dlib's face ResNet frozen:
  /// validation AUC ≥ 0.95 within 3 epochs. The manifest goes in as it is, so the run includes
  /// preparing the 1,200 photos; the time is printed.
  func testFacesDevSexProxyReachesValidationAUC095WithinThreeEpochs() throws {
    guard let dev = TestPaths.facesDev else { throw XCTSkip(TestPaths.facesDevMissing) }
    let sessions = folder.appendingPathComponent("Sessions")
    let start = Date()
    let run = try Oncoface.run([
      "train", dev.appendingPathComponent("manifest.csv").path, "--aligned",
      "--label-column", "sex", "--positive", "F", "--freeze", "backbone", "--epochs", "3",
      "--threads", "2", "--sessions", sessions.path, "--session", "sex-proxy", "--json",
    ])
    let wall = Date().timeIntervalSince(start)
    XCTAssertEqual(run.status, 0, String(run.stderr.suffix(2000)))
    let summary = run.summary
    let valAUC = try XCTUnwrap(summary["val_auc"] as? Double, run.stdout)
    XCTAssertGreaterThanOrEqual(valAUC, 0.95)
    XCTAssertEqual(summary["status"] as? String, "finished")
    let session = URL(fileURLWithPath: try XCTUnwrap(summary["session"] as? String))
    let epochs = try Oncoface.metrics(session).filter { $0["kind"] as? String == "epoch" }
    XCTAssertLessThanOrEqual(epochs.count, 3)
    XCTAssertEqual(
      epochs.compactMap { $0["val_auc"] as? Double }.max() ?? 0, valAUC, accuracy: 1e-6)
    for name in [
      "session.json", "cohort.csv", "metrics.jsonl", "roc.csv", "predictions.csv",
      "model.safetensors", "log.txt",
    ] {
      XCTAssertTrue(
        FileManager.default.fileExists(atPath: session.appendingPathComponent(name).path),
        name)
    }
    let training = summary["seconds"] as? Double ?? .nan
    print(
      String(
        format: "faces-dev sex proxy, dlib-face backbone frozen, 3 epochs, 2 threads: "
          + "val AUC %.4f, test AUC %.4f; %.1f s in all (preparing 1,200 photos included), "
          + "%.1f s after preparation", valAUC, summary["test_auc"] as? Double ?? .nan, wall,
        training))
  }

  func testSameSeedAndOneThreadGiveIdenticalMetricsExceptTiming() throws {
    let demo = try Oncoface.demo()
    var sessions: [URL] = []
    for name in ["a", "b"] {
      let root = folder.appendingPathComponent(name)
      let run = try Oncoface.run([
        "train", demo.path, "--freeze", "stage", "--epochs", "2", "--threads", "1", "--seed", "3",
        "--sessions", root.path, "--json",
      ])
      XCTAssertEqual(run.status, 0, String(run.stderr.suffix(1000)))
      sessions.append(try Oncoface.onlySession(in: root))
    }
    let a = try Oncoface.metrics(sessions[0], untimed: true)
    XCTAssertEqual(a.count, 3, "two epochs and the test line")
    XCTAssertEqual(a, try Oncoface.metrics(sessions[1], untimed: true))
    XCTAssertEqual(
      try Data(contentsOf: sessions[0].appendingPathComponent("predictions.csv")),
      try Data(contentsOf: sessions[1].appendingPathComponent("predictions.csv")))
  }

  /// Each bad input is one clear message, a non-zero status, and no session folder.
  func testBadInputIsAClearErrorAndLeavesNoSession() throws {
    let demo = try Oncoface.demo()
    let prepared = try String(
      contentsOf: demo.appendingPathComponent("prepared.csv"), encoding: .utf8)
    let lines = prepared.split(separator: "\n", omittingEmptySubsequences: false)
    func folder(_ name: String, rows: [Substring]) throws -> String {
      let url = self.folder.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      try (rows.joined(separator: "\n") + "\n")
        .write(to: url.appendingPathComponent("prepared.csv"), atomically: true, encoding: .utf8)
      return url.path
    }
    let empty = try folder("empty", rows: [lines[0]])
    let oneClass = try folder(
      "cases", rows: [lines[0]] + lines.dropFirst().filter { $0.contains(",case,") })
    let cases: [(arguments: [String], message: String)] = [
      ([empty], "no usable image (no rows)"),
      ([oneClass], "only one class"),
      ([demo.path, "--positive", "patient"], "no row has label = \"patient\""),
      ([demo.path, "--label-column", "colour"], "no column `colour`"),
      ([self.folder.appendingPathComponent("missing").path], "missing"),
      ([demo.path, "--width", "0.5"], "--width applies to the ResNets trained from scratch"),
      ([demo.path, "--model", "resnet10", "--width", "0"], "--width must be in (0, 4]"),
    ]
    let sessions = self.folder.appendingPathComponent("Sessions")
    for (arguments, message) in cases {
      let run = try Oncoface.run(["train"] + arguments + ["--sessions", sessions.path, "--json"])
      XCTAssertNotEqual(run.status, 0, "\(arguments)")
      XCTAssertTrue(run.stderr.contains(message), "\(arguments): \(run.stderr)")
      XCTAssertFalse(run.stderr.contains("Fatal error"), run.stderr)
    }
    let made = (try? FileManager.default.contentsOfDirectory(atPath: sessions.path)) ?? []
    XCTAssertEqual(made.filter { !$0.hasPrefix(".") }, [])
  }

  func testAReadOnlyOrFullSessionsFolderFailsBeforeTraining() throws {
    let demo = try Oncoface.demo()
    for (readOnly, message) in [(true, "read-only"), (false, "the disk is full")] {
      guard let disk = ScratchMount.mount(sizeKB: 1024, readOnly: readOnly) else {
        throw XCTSkip(ScratchMount.unavailable)
      }
      defer { disk.unmount() }
      let run = try Oncoface.run(["train", demo.path, "--epochs", "1", "--sessions", disk.url.path])
      XCTAssertNotEqual(run.status, 0)
      XCTAssertTrue(run.stderr.contains(message), run.stderr)
      XCTAssertFalse(run.stderr.contains("caching"), "no work before the check: \(run.stderr)")
      XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: disk.url.path), [])
    }
  }
}
