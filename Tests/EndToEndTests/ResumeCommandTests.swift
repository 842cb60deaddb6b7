import Foundation
import OncoTestSupport
import XCTest

/// Stopping and continuing runs through the release binary: Ctrl-C, kill -9 mid-epoch, and a
/// damaged checkpoint.
final class ResumeCommandTests: XCTestCase {
  private var folder: URL!
  private var sessions: URL!

  override func setUpWithError() throws {
    folder = try TestPaths.temporaryDirectory("resume-e2e")
    sessions = folder.appendingPathComponent("Sessions")
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  /// Starts a run whose epochs take a second or more (augmentation: no feature cache) and waits
  /// until `epochs` epochs are saved; returns the process and the session folder.
  private func startLongRun(savedEpochs epochs: Int) throws -> (Process, URL) {
    let demo = try Oncoface.demo()
    let process = try ReleaseBinary.start(
      [
        "train", demo.path, "--freeze", "stage", "--augment", "--epochs", "4", "--patience", "9",
        "--threads", "2",
        "--sessions", sessions.path,
      ],
      log: folder.appendingPathComponent("train.log"))
    var session: URL?
    let saved = ReleaseBinary.wait(timeout: 300) {
      guard let found = try? Oncoface.onlySession(in: sessions) else { return false }
      session = found
      let done = (try? Oncoface.record(found))?["epochs_done"] as? Int ?? 0
      return done >= epochs || !process.isRunning
    }
    XCTAssertTrue(saved, "no epoch saved in time")
    XCTAssertTrue(process.isRunning, "the run ended before it could be interrupted")
    return (process, try XCTUnwrap(session))
  }

  private func log() -> String {
    (try? String(contentsOf: folder.appendingPathComponent("train.log"), encoding: .utf8)) ?? ""
  }

  func testCtrlCStopsAfterSavingAndResumeFinishesTheRun() throws {
    let (process, session) = try startLongRun(savedEpochs: 1)
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 130, log())
    let record = try Oncoface.record(session)
    XCTAssertEqual(record["status"] as? String, "stopped")
    XCTAssertTrue((record["reason"] as? String ?? "").contains("oncoface resume"))
    let saved = try XCTUnwrap(record["epochs_done"] as? Int)
    XCTAssertGreaterThanOrEqual(saved, 1)
    XCTAssertEqual(try Oncoface.metrics(session).count, saved, "one line per saved epoch")

    let resumed = try Oncoface.run([
      "resume", session.lastPathComponent, "--sessions", sessions.path,
      "--json",
    ])
    XCTAssertEqual(resumed.status, 0, String(resumed.stderr.suffix(1000)))
    XCTAssertEqual(resumed.summary["epochs_done"] as? Int, 4)
    XCTAssertEqual(resumed.summary["status"] as? String, "finished")
    let epochs = try Oncoface.metrics(session).compactMap {
      $0["kind"] as? String == "epoch" ? $0["epoch"] as? Int : nil
    }
    XCTAssertEqual(epochs, [1, 2, 3, 4])
  }

  /// kill -9 in the middle of an epoch: the session still reads (listed as interrupted), only
  /// whole metrics lines remain, and resume redoes the lost epoch and finishes with every epoch
  /// once.
  func testKillNineMidEpochLosesAtMostThatEpoch() throws {
    let (process, session) = try startLongRun(savedEpochs: 1)
    let first = try Oncoface.metrics(session).first?["seconds"] as? Double ?? 1
    usleep(useconds_t(min(first * 0.4, 2) * 1e6))
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let listed = try Oncoface.run(["sessions", "--sessions", sessions.path, "--json"])
    XCTAssertEqual(listed.status, 0)
    let rows = listed.summary["sessions"] as? [[String: Any]] ?? []
    XCTAssertEqual(rows.first?["status"] as? String, "interrupted", listed.stdout)
    let saved = try XCTUnwrap(try Oncoface.record(session)["epochs_done"] as? Int)
    XCTAssertGreaterThanOrEqual(saved, 1)
    let lines = try Oncoface.metrics(session)
    XCTAssertTrue(
      lines.count == saved || lines.count == saved + 1, "\(lines.count) lines, \(saved) saved")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: session.path)
      .filter { $0.hasPrefix(".") }
    XCTAssertTrue(leftovers.allSatisfy { $0.contains(".tmp-") }, "\(leftovers)")

    let resumed = try Oncoface.run(["resume", session.path, "--json"])
    XCTAssertEqual(resumed.status, 0, String(resumed.stderr.suffix(1000)))
    XCTAssertTrue(resumed.stderr.contains("resuming after epoch \(saved)"), resumed.stderr)
    let epochs = try Oncoface.metrics(session).compactMap {
      $0["kind"] as? String == "epoch" ? $0["epoch"] as? Int : nil
    }
    XCTAssertEqual(epochs, [1, 2, 3, 4])
    XCTAssertEqual(try Oncoface.record(session)["status"] as? String, "finished")
    let hidden = try FileManager.default.contentsOfDirectory(atPath: session.path)
      .filter { $0.hasPrefix(".") }
    XCTAssertEqual(hidden, [], "the killed writer's temporary file is cleaned up")
  }

  func testADamagedCheckpointIsAClearErrorAndChangesNothing() throws {
    let (process, session) = try startLongRun(savedEpochs: 1)
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    let model = session.appendingPathComponent("model.safetensors")
    let bytes = try Data(contentsOf: model)
    try bytes.prefix(bytes.count / 3).write(to: model)
    let before = try ["session.json", "metrics.jsonl", "cohort.csv", "log.txt"].map {
      try Data(contentsOf: session.appendingPathComponent($0))
    }
    let run = try Oncoface.run(["resume", session.path])
    XCTAssertEqual(run.status, 1)
    XCTAssertTrue(run.stderr.contains("model.safetensors"), run.stderr)
    XCTAssertTrue(run.stderr.contains("damaged"), run.stderr)
    let after = try ["session.json", "metrics.jsonl", "cohort.csv", "log.txt"].map {
      try Data(contentsOf: session.appendingPathComponent($0))
    }
    XCTAssertEqual(before, after)
  }
}
