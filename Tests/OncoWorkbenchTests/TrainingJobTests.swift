import Foundation
import OncoTestSupport
import XCTest

@testable import OncoWorkbench

/// The job machinery (queues, events, cancel, failure, session status) driven by a stand-in for the
/// network: work that writes a session through `SessionRecorder` exactly as the trainer does.
final class TrainingJobTests: XCTestCase {
  private var root: URL!

  override func setUpWithError() throws { root = try TestPaths.temporaryDirectory("jobs") }
  override func tearDown() { try? FileManager.default.removeItem(at: root) }

  /// Collects events on a serial queue, noting whether each arrived on it.
  final class Collector: @unchecked Sendable {
    let queue = DispatchQueue(label: "consumer")
    private let key = DispatchSpecificKey<Bool>()
    private let lock = NSLock()
    private var list: [TrainingEvent] = []
    private var offQueue = 0
    init() { queue.setSpecific(key: key, value: true) }
    func handle(_ event: TrainingEvent) {
      let on = DispatchQueue.getSpecific(key: key) == true
      lock.withLock {
        list.append(event)
        if !on { offQueue += 1 }
      }
    }
    var events: [TrainingEvent] { lock.withLock { list } }
    var deliveredOffQueue: Int { lock.withLock { offQueue } }
  }

  /// Trains `epochs` pretend epochs of 10 batches, checking the cancel flag between batches.
  private func fakeWork(
    epochs: Int, failAtEpoch: Int? = nil, onEpoch: (@Sendable (Int) -> Void)? = nil
  )
    -> TrainingJob.Work
  {
    let store = SessionStore(root: root)
    return { context in
      let start = Date()
      var config = TrainingConfig(input: "/x.csv")
      config.epochs = epochs
      let recorder = try SessionRecorder.begin(
        store: store, name: "fake", config: config,
        requiredBytes: 0)
      context.attach(session: recorder.folder, log: recorder.log)
      context.emit(
        .started(
          TrainingStart(
            session: recorder.folder, config: config,
            counts: SplitCounts(train: 70, validation: 15, test: 15),
            firstEpoch: 1, previousEpochs: [], batchesPerEpoch: 10)))
      for epoch in 1...epochs {
        if epoch == failAtEpoch {
          throw FileError.diskFull(path: "/x", needed: nil, available: nil)
        }
        for batch in 1...10 {
          if context.isCancelled {
            try recorder.close(status: .stopped, reason: "stopped after epoch \(epoch - 1)")
            return TrainingSummary(
              session: recorder.folder, status: .stopped, epochsDone: epoch - 1, bestEpoch: nil,
              bestValidationAUC: nil, test: nil, seconds: Date().timeIntervalSince(start))
          }
          context.report(
            TrainingProgress(
              phase: .training, epoch: epoch, epochs: epochs, done: batch * 7, total: 70,
              imagesPerSecond: 100, etaSeconds: nil))
        }
        let metrics = sampleEpoch(epoch)
        try recorder.commitEpoch(metrics) {}
        context.emit(.epochFinished(metrics))
        context.log("epoch \(epoch) saved")
        onEpoch?(epoch)
      }
      try recorder.close(status: .finished)
      return TrainingSummary(
        session: recorder.folder, status: .finished, epochsDone: epochs, bestEpoch: nil,
        bestValidationAUC: nil, test: nil, seconds: Date().timeIntervalSince(start))
    }
  }

  func testEventsArriveInOrderOnTheConsumerQueueEndingWithFinished() throws {
    let collector = Collector()
    let job = TrainingJob(
      deliverOn: collector.queue, handler: collector.handle,
      work: fakeWork(epochs: 3))
    job.start()
    job.start()  // a second start does nothing
    let last = job.waitUntilDone()
    let events = collector.events
    guard case .finished(let summary) = last, case .started = events.first else {
      return XCTFail("\(events)")
    }
    XCTAssertEqual(events.last, last)
    XCTAssertEqual(events.filter(\.isTerminal).count, 1)
    XCTAssertEqual(collector.deliveredOffQueue, 0)
    let epochs = events.compactMap { if case .epochFinished(let m) = $0 { m.epoch } else { nil } }
    XCTAssertEqual(epochs, [1, 2, 3])
    let logs = events.compactMap { if case .log(let l) = $0 { l.text } else { nil } }
    XCTAssertEqual(logs, ["epoch 1 saved", "epoch 2 saved", "epoch 3 saved"])
    // Each epoch's final progress (70/70) arrives, and before that epoch's result.
    for epoch in 1...3 {
      let end = events.firstIndex {
        if case .progress(let p) = $0 { p.epoch == epoch && p.done == p.total } else { false }
      }
      let result = events.firstIndex { $0 == .epochFinished(sampleEpoch(epoch)) }
      XCTAssertNotNil(end)
      XCTAssertLessThan(end ?? .max, result ?? .min)
    }
    XCTAssertEqual(summary.session, job.session)
    XCTAssertEqual(try summary.session.readRecord().status, .finished)
    XCTAssertEqual(try summary.session.readMetrics().epochs.map(\.epoch), [1, 2, 3])
    let log = try String(contentsOf: summary.session.logFile, encoding: .utf8)
    XCTAssertTrue(log.hasSuffix(" epoch 3 saved\n"))
  }

  func testCancelStopsAfterSavingAndTheStatusSaysStopped() throws {
    let collector = Collector()
    let holder = JobHolder()
    let job = TrainingJob(
      deliverOn: collector.queue, handler: collector.handle,
      work: fakeWork(epochs: 50, onEpoch: { if $0 == 2 { holder.job?.cancel() } }))
    holder.job = job
    job.start()
    guard case .stopped(let summary) = job.waitUntilDone() else {
      return XCTFail("\(collector.events)")
    }
    XCTAssertTrue(job.isCancelRequested)
    XCTAssertEqual(summary.epochsDone, 2)
    let record = try summary.session.readRecord()
    XCTAssertEqual(record.status, .stopped)
    XCTAssertEqual(record.epochsDone, 2)
    XCTAssertEqual(try summary.session.readMetrics().epochs.map(\.epoch), [1, 2])
  }

  func testAFailureIsReportedWithItsReasonAndKeepsWhatWasSaved() throws {
    let collector = Collector()
    let job = TrainingJob(
      deliverOn: collector.queue, handler: collector.handle,
      work: fakeWork(epochs: 5, failAtEpoch: 3))
    job.start()
    guard case .failed(let failure) = job.waitUntilDone() else {
      return XCTFail("\(collector.events)")
    }
    XCTAssertTrue(failure.reason.contains("disk is full"), failure.reason)
    let session = try XCTUnwrap(failure.session)
    let record = try session.readRecord()
    XCTAssertEqual(record.status, .failed)
    XCTAssertEqual(record.reason, failure.reason)
    XCTAssertEqual(record.epochsDone, 2)
    XCTAssertEqual(try session.readMetrics().epochs.map(\.epoch), [1, 2])
    XCTAssertTrue(try String(contentsOf: session.logFile, encoding: .utf8).contains("failed: "))
  }

  func testAFailureBeforeTheSessionExistsHasNoSession() throws {
    let collector = Collector()
    let job = TrainingJob(deliverOn: collector.queue, handler: collector.handle) { _ in
      throw SessionError.notASession(path: "/nowhere")
    }
    job.start()
    XCTAssertEqual(
      job.waitUntilDone(),
      .failed(
        TrainingFailure(
          reason: "\(SessionError.notASession(path: "/nowhere"))",
          session: nil)))
    XCTAssertEqual(collector.events.count, 1)
  }

  func testProgressIsThrottledButEachPhaseEndGetsThrough() {
    let collector = Collector()
    let context = TrainingContext(queue: collector.queue, deliver: collector.handle)
    let start = Date()
    for step in 1...1000 {
      context.report(
        TrainingProgress(
          phase: .caching, epoch: 0, epochs: 1, done: step, total: 1000,
          imagesPerSecond: 1, etaSeconds: nil),
        now: start.addingTimeInterval(Double(step) * 0.001))  // one second in all
    }
    collector.queue.sync {}
    let done = collector.events.compactMap { if case .progress(let p) = $0 { p.done } else { nil } }
    XCTAssertEqual(done.first, 1)
    XCTAssertEqual(done.last, 1000)
    XCTAssertLessThanOrEqual(done.count, 12, "about ten a second: \(done)")
    XCTAssertGreaterThanOrEqual(done.count, 9)
  }
}

/// Lets a work closure reach the job that runs it.
final class JobHolder: @unchecked Sendable {
  var job: TrainingJob?
}
