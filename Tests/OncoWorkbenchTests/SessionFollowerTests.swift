import Foundation
import OncoTestSupport
import XCTest

@testable import OncoWorkbench

final class SessionFollowerTests: XCTestCase {
  private var root: URL!

  override func setUpWithError() throws { root = try TestPaths.temporaryDirectory("follow") }
  override func tearDown() { try? FileManager.default.removeItem(at: root) }

  private func newSession() throws -> (SessionFolder, SessionRecord) {
    try SessionStore(root: root).create(name: "live", config: TrainingConfig(input: "/x.csv"))
  }

  /// A writer appends lines in pieces of random size (so the reader often meets torn lines) and
  /// rewrites session.json, while the follower polls: every epoch arrives exactly once, in order.
  func testFollowingAWriterThatIsMidLineSeesEveryEpochOnce() throws {
    let (folder, record) = try newSession()
    let count = 300
    let follower = SessionFollower(folder: folder)
    let writer = Thread {
      let fd = open(folder.metricsFile.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
      var rng = SystemRandomNumberGenerator()
      var record = record
      for epoch in 1...count {
        let bytes = Array((MetricsRecord.epoch(sampleEpoch(epoch)).jsonLine() + "\n").utf8)
        var start = 0
        while start < bytes.count {
          let end = min(bytes.count, start + Int.random(in: 1...60, using: &rng))
          _ = bytes[start..<end].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
          start = end
          if Int.random(in: 0..<8, using: &rng) == 0 { usleep(50) }
        }
        if epoch % 50 == 0 {
          record.epochsDone = epoch
          try? folder.writeRecord(record)
        }
      }
      close(fd)
    }
    writer.start()
    var seen: [Int] = []
    var epochsDoneSeen: [Int] = []
    var skipped = 0
    while !writer.isFinished || seen.count < count {
      let update = try follower.poll()
      XCTAssertFalse(update.restarted)
      seen += update.epochs.map(\.epoch)
      if let r = update.record { epochsDoneSeen.append(r.epochsDone) }
      skipped = follower.metricsSoFar.skippedLines.count
      if seen.count > count { break }
    }
    XCTAssertEqual(seen, Array(1...count))
    XCTAssertEqual(skipped, 0, "a torn line was taken for a whole one")
    XCTAssertEqual(epochsDoneSeen, epochsDoneSeen.sorted())
    XCTAssertEqual(try follower.poll().record?.epochsDone ?? epochsDoneSeen.last, count)
    XCTAssertEqual(follower.metricsSoFar.epochs, (1...count).map { sampleEpoch($0) })
  }

  func testStatusLogAndAResumeThatRewroteTheMetricsAreReported() throws {
    var (folder, record) = try newSession()
    let metrics = try AppendingFile(url: folder.metricsFile)
    let log = try SessionLog(url: folder.logFile)
    let follower = SessionFollower(folder: folder)
    var update = try follower.poll()
    XCTAssertEqual(update.record?.status, .running)
    XCTAssertTrue(update.epochs.isEmpty)
    XCTAssertTrue(try follower.poll().isEmpty, "nothing changed")

    for epoch in 1...3 {
      try metrics.append(line: MetricsRecord.epoch(sampleEpoch(epoch)).jsonLine())
    }
    try log.write("epoch 3 done")
    update = try follower.poll()
    XCTAssertEqual(update.epochs.map(\.epoch), [1, 2, 3])
    XCTAssertEqual(update.logLines.count, 1)
    XCTAssertTrue(update.logLines[0].hasSuffix(" epoch 3 done"))
    XCTAssertNil(update.record)

    // Killed after epoch 3 was logged but before it was saved; resume keeps epochs 1–2 only.
    try folder.truncateMetrics(afterEpoch: 2)
    record.status = .stopped
    record.reason = "stopped by the user after epoch 2"
    try folder.writeRecord(record)
    update = try follower.poll()
    XCTAssertTrue(update.restarted)
    XCTAssertEqual(update.epochs.map(\.epoch), [1, 2])
    XCTAssertEqual(update.record?.status, .stopped)
    XCTAssertEqual(follower.metricsSoFar.epochs.map(\.epoch), [1, 2])
  }

  func testStartDeliversUpdatesOnTheChosenQueue() throws {
    let (folder, _) = try newSession()
    let follower = SessionFollower(folder: folder)
    let queue = DispatchQueue(label: "consumer")
    let key = DispatchSpecificKey<Bool>()
    queue.setSpecific(key: key, value: true)
    let arrived = expectation(description: "epoch 1 arrives")
    let onQueue = LockedFlag()
    follower.start(interval: 0.02, deliverOn: queue) { result in
      if case .success(let update) = result, update.epochs.map(\.epoch) == [1] {
        onQueue.set(DispatchQueue.getSpecific(key: key) == true)
        arrived.fulfill()
      }
    }
    defer { follower.stop() }
    usleep(60_000)
    try AppendingFile(url: folder.metricsFile).append(
      line: MetricsRecord.epoch(sampleEpoch(1)).jsonLine())
    wait(for: [arrived], timeout: 5)
    XCTAssertTrue(onQueue.value)
  }

  func testAFollowedFolderWithoutSessionJsonIsAnError() {
    let follower = SessionFollower(folder: SessionFolder(url: root.appendingPathComponent("gone")))
    XCTAssertThrowsError(try follower.poll()) {
      guard case .notASession = $0 as? SessionError else { return XCTFail("\($0)") }
    }
  }
}

/// A Bool shared between a callback queue and the test.
final class LockedFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var flag = false
  func set(_ value: Bool) { lock.withLock { flag = value } }
  var value: Bool { lock.withLock { flag } }
}
