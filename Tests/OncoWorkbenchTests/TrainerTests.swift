import Foundation
import OncoData
import OncoNN
import OncoTestSupport
import XCTest

@testable import OncoWorkbench

/// Real training runs (dlib's face ResNet, OncoNN) on a small synthetic prepared folder.
final class TrainerTests: XCTestCase {
  private var root: URL!
  private var data: URL!

  override func setUpWithError() throws {
    try SyntheticPreparedFolder.requireModel()
    root = try TestPaths.temporaryDirectory("trainer")
    data = root.appendingPathComponent("Prepared")
    try SyntheticPreparedFolder.write(to: data)
  }

  override func tearDown() {
    if let root { try? FileManager.default.removeItem(at: root) }
  }

  /// Runs a job to its end; `hook` runs on the training thread after each saved epoch.
  private func run(
    _ make: (TrainingJobTests.Collector) -> TrainingJob,
    afterEpoch hook: (@Sendable (TrainingJob, Int) -> Void)? = nil
  ) -> (last: TrainingEvent, events: [TrainingEvent]) {
    let collector = TrainingJobTests.Collector()
    let job = make(collector)
    if let hook { job.testContext.afterEpochCommit = { [unowned job] in hook(job, $0) } }
    job.start()
    let last = job.waitUntilDone()
    return (last, collector.events)
  }

  private func train(
    _ config: TrainingConfig, sessions: URL? = nil,
    afterEpoch hook: (@Sendable (TrainingJob, Int) -> Void)? = nil
  )
    -> (last: TrainingEvent, events: [TrainingEvent])
  {
    let store = SessionStore(root: sessions ?? root.appendingPathComponent("Sessions"))
    return run(
      { c in
        TrainingJob(config: config, name: "t", store: store, deliverOn: c.queue, handler: c.handle)
      }, afterEpoch: hook)
  }

  private func resume(_ session: SessionFolder) -> (last: TrainingEvent, events: [TrainingEvent]) {
    run { c in TrainingJob(resuming: session, deliverOn: c.queue, handler: c.handle) }
  }

  /// metrics.jsonl with the timing fields removed, one dictionary per line.
  private func untimedMetrics(_ session: SessionFolder) throws -> [NSDictionary] {
    let text = try String(contentsOf: session.metricsFile, encoding: .utf8)
    return try text.split(separator: "\n").map { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      return object.filter { $0.key != "seconds" && $0.key != "images_per_second" } as NSDictionary
    }
  }

  func testAFrozenBackboneRunWritesTheWholeSession() throws {
    let (last, events) = train(SyntheticPreparedFolder.config(data, epochs: 2))
    guard case .finished(let summary) = last else { return XCTFail("\(last)") }
    let session = summary.session
    let record = try session.readRecord()
    XCTAssertEqual(record.status, .finished)
    XCTAssertEqual(record.epochsDone, 2)
    XCTAssertEqual(record.config.prepared, data.path)
    let counts = try XCTUnwrap(record.counts)
    XCTAssertEqual(counts.train + counts.validation + counts.test, 48)
    let metrics = try session.readMetrics()
    XCTAssertEqual(metrics.epochs.map(\.epoch), [1, 2])
    XCTAssertEqual(metrics.tests.count, 1)
    XCTAssertGreaterThan(metrics.epochs.last!.validationAUC, 0.9, "the planted signal is plain")
    XCTAssertEqual(metrics.tests[0].epoch, record.bestEpoch)
    XCTAssertEqual(metrics.tests[0].count, counts.test)
    XCTAssertEqual(record.testAUC, metrics.tests[0].auc)
    // roc.csv: both curves from (0,0) to (1,1); predictions.csv: every val and test image.
    let roc = try RocTable(contentsOf: session.rocFile)
    for set in [Split.validation, .test] {
      let curve = try XCTUnwrap(roc.curves[set])
      XCTAssertEqual(curve.first?.threshold, .infinity)
      XCTAssertEqual(curve.last?.falsePositiveRate, 1)
      XCTAssertEqual(curve.last?.truePositiveRate, 1)
    }
    let predictions = try Prediction.read(session.predictionsFile)
    XCTAssertEqual(predictions.count, counts.validation + counts.test)
    XCTAssertTrue(
      predictions.allSatisfy { $0.correct == (($0.probability >= 0.5) == ($0.label == "case")) })
    let test = predictions.filter { $0.split == .test }
    XCTAssertEqual(
      Double(test.count { $0.correct }) / Double(test.count), metrics.tests[0].accuracy,
      accuracy: 1e-12)
    // cohort.csv gives back the split; the checkpoint holds both weight sets.
    XCTAssertEqual(try TrainingSet.savedSplits(in: session.cohortFile).count, 48)
    let checkpoint = try SessionCheckpoint.read(from: session.modelFile)
    XCTAssertEqual(checkpoint.epoch, 2)
    XCTAssertEqual(checkpoint.bestEpoch, record.bestEpoch)
    XCTAssertNotNil(checkpoint.best["head.fc.weight"])
    XCTAssertNotNil(checkpoint.last["head.norm.weight"])
    // Events: started first, one epoch event per epoch, a log line per epoch in log.txt.
    guard case .started(let start) = events.first else { return XCTFail("\(events.first!)") }
    XCTAssertEqual(start.counts, counts)
    XCTAssertEqual(events.count { if case .epochFinished = $0 { true } else { false } }, 2)
    let log = try String(contentsOf: session.logFile, encoding: .utf8)
    XCTAssertTrue(log.contains("epoch 2/2"), log)
    XCTAssertTrue(log.contains("finished: best epoch"), log)
  }

  func testSameSeedAndOneThreadGiveIdenticalMetricsExceptTiming() throws {
    let config = SyntheticPreparedFolder.config(data, epochs: 2, freeze: .stage)
    guard case .finished(let a) = train(config).last, case .finished(let b) = train(config).last
    else { return XCTFail("a run did not finish") }
    XCTAssertNotEqual(a.session, b.session)
    let first = try untimedMetrics(a.session)
    let second = try untimedMetrics(b.session)
    XCTAssertEqual(first.count, 3)
    XCTAssertEqual(first, second)
    var other = config
    other.seed = 2
    guard case .finished(let c) = train(other).last else { return XCTFail("seed 2 did not finish") }
    XCTAssertNotEqual(try untimedMetrics(c.session), first, "the seed matters")
  }

  /// Stopped after epoch 1 and resumed, an augmented fine-tuning run ends exactly where the same
  /// run without a stop ends: same metrics, same weights.
  func testAStoppedAndResumedRunEqualsAnUninterruptedOne() throws {
    var config = SyntheticPreparedFolder.config(data, epochs: 3, freeze: .stage)
    config.augment = true
    guard case .finished(let whole) = train(config).last else { return XCTFail("no finish") }
    let (stoppedEvent, _) = train(config) { job, epoch in if epoch == 1 { job.cancel() } }
    guard case .stopped(let stopped) = stoppedEvent else { return XCTFail("\(stoppedEvent)") }
    XCTAssertEqual(stopped.epochsDone, 1)
    XCTAssertEqual(try stopped.session.readRecord().status, .stopped)
    XCTAssertEqual(try stopped.session.readMetrics().epochs.count, 1)
    let (resumed, events) = resume(stopped.session)
    guard case .finished = resumed else { return XCTFail("\(resumed)") }
    guard case .started(let start) = events.first else { return XCTFail("no started event") }
    XCTAssertEqual(start.firstEpoch, 2)
    XCTAssertEqual(start.previousEpochs.map(\.epoch), [1])
    XCTAssertEqual(try untimedMetrics(stopped.session), try untimedMetrics(whole.session))
    let a = try SessionCheckpoint.read(from: whole.session.modelFile)
    let b = try SessionCheckpoint.read(from: stopped.session.modelFile)
    XCTAssertEqual(a.last["head.fc.weight"]?.scalars, b.last["head.fc.weight"]?.scalars)
    XCTAssertEqual(
      a.best["stage5.block1.conv2.weight"]?.scalars,
      b.best["stage5.block1.conv2.weight"]?.scalars)
    // A finished session has nothing left to resume.
    guard case .failed(let failure) = resume(stopped.session).last else { return XCTFail() }
    XCTAssertTrue(failure.reason.contains("has finished"), failure.reason)
  }

  func testACorruptCheckpointOnResumeIsAClearErrorAndLosesNothing() throws {
    let (event, _) = train(SyntheticPreparedFolder.config(data, epochs: 3)) { job, epoch in
      if epoch == 2 { job.cancel() }
    }
    guard case .stopped(let stopped) = event else { return XCTFail("\(event)") }
    let session = stopped.session
    let model = try Data(contentsOf: session.modelFile)
    let metrics = try Data(contentsOf: session.metricsFile)
    let cohort = try Data(contentsOf: session.cohortFile)
    try model.prefix(model.count / 2).write(to: session.modelFile)
    guard case .failed(let failure) = resume(session).last else { return XCTFail("resumed") }
    XCTAssertTrue(failure.reason.contains("model.safetensors"), failure.reason)
    XCTAssertTrue(failure.reason.contains("damaged"), failure.reason)
    XCTAssertEqual(try Data(contentsOf: session.metricsFile), metrics)
    XCTAssertEqual(try Data(contentsOf: session.cohortFile), cohort)
    XCTAssertNil(failure.session, "the resume failed before it touched the session")
    let record = try session.readRecord()
    XCTAssertEqual(record.epochsDone, 2)
    XCTAssertEqual(record.status, .stopped)
    // With the checkpoint back, the session resumes and finishes.
    try model.write(to: session.modelFile)
    guard case .finished(let done) = resume(session).last else { return XCTFail("no finish") }
    XCTAssertEqual(done.epochsDone, 3)
  }

  func testBadInputFailsBeforeAnySessionFolderIsMade() throws {
    let sessions = root.appendingPathComponent("Sessions")
    var config = SyntheticPreparedFolder.config(data, epochs: 1)
    config.positiveLabel = "patient"
    guard case .failed(let failure) = train(config, sessions: sessions).last else {
      return XCTFail("trained")
    }
    XCTAssertNil(failure.session)
    XCTAssertTrue(failure.reason.contains("\"patient\""), failure.reason)
    XCTAssertTrue(failure.reason.contains("\"case\", \"control\""), failure.reason)
    config.positiveLabel = nil
    config.input = root.appendingPathComponent("nothing-here").path
    guard case .failed(let missing) = train(config, sessions: sessions).last else {
      return XCTFail("trained")
    }
    XCTAssertTrue(missing.reason.contains("nothing-here"), missing.reason)
    XCTAssertTrue(SessionStore(root: sessions).list().sessions.isEmpty)
  }

  func testAReadOnlySessionsFolderFailsBeforeTraining() throws {
    guard let disk = ScratchMount.mount(sizeKB: 64, readOnly: true) else {
      throw XCTSkip(ScratchMount.unavailable)
    }
    defer { disk.unmount() }
    let (last, events) = train(SyntheticPreparedFolder.config(data, epochs: 1), sessions: disk.url)
    guard case .failed(let failure) = last else { return XCTFail("\(last)") }
    XCTAssertTrue(failure.reason.contains("read-only"), failure.reason)
    XCTAssertFalse(events.contains { if case .started = $0 { true } else { false } })
  }

  /// A real full disk (a small tmpfs filled after epoch 1): the run fails saying so, epoch 1's
  /// checkpoint still loads, metrics.jsonl holds whole lines, and after space is freed `resume`
  /// finishes the run.
  func testAFullDiskMidRunKeepsTheSavedEpochAndResumeFinishes() throws {
    guard let disk = ScratchMount.mount(sizeKB: 160 * 1024) else {
      throw XCTSkip(ScratchMount.unavailable)
    }
    defer { disk.unmount() }
    let filler = disk.url.appendingPathComponent("filler")
    let (last, _) = train(SyntheticPreparedFolder.config(data, epochs: 3), sessions: disk.url) {
      _, epoch in
      guard epoch == 1, let free = AtomicFile.availableBytes(at: filler.deletingLastPathComponent())
      else { return }
      try? Data(count: Int(free) - 64 * 1024).write(to: filler)
    }
    guard case .failed(let failure) = last, let session = failure.session else {
      return XCTFail("\(last)")
    }
    XCTAssertTrue(failure.reason.contains("disk is full"), failure.reason)
    XCTAssertEqual(try SessionCheckpoint.read(from: session.modelFile).epoch, 1)
    let text = try String(contentsOf: session.metricsFile, encoding: .utf8)
    XCTAssertTrue(text.hasSuffix("\n"))
    XCTAssertEqual(try session.readMetrics().skippedLines, [])
    XCTAssertEqual(try session.readRecord().epochsDone, 1)
    try FileManager.default.removeItem(at: filler)
    let again = resume(session).last
    guard case .finished(let done) = again else { return XCTFail("\(again)") }
    XCTAssertEqual(done.epochsDone, 3)
    XCTAssertEqual(try session.readMetrics().epochs.map(\.epoch), [1, 2, 3])
  }

  func testAResNetFromScratchTrainsEveryLayer() throws {
    var config = SyntheticPreparedFolder.config(data, epochs: 1, freeze: .none)
    config.model = .resnet10
    config.pretrained = false
    guard case .finished(let summary) = train(config).last else { return XCTFail("no finish") }
    let trained = try SessionCheckpoint.read(from: summary.session.modelFile).last
    let initial = try ResNet.make(depth: 10, classes: 2, dropout: 0.5, seed: config.seed)
    for name in ["stem.conv.weight", "stage1.block1.conv1.weight", "head.fc.weight"] {
      let before = try XCTUnwrap(initial.stateParameters.first { $0.name == name }).value
      XCTAssertGreaterThan(try trained[name]!.maximumDifference(to: before), 0, name)
    }
    config.freeze = .stage
    guard case .failed(let failure) = train(config).last else { return XCTFail("trained") }
    XCTAssertTrue(failure.reason.contains("nothing pretrained to freeze"), failure.reason)
  }

  /// `width` narrows a ResNet from scratch, is recorded, and the session loads again with it.
  func testANarrowResNetIsRecordedAndLoadsAgain() throws {
    var config = SyntheticPreparedFolder.config(data, epochs: 1, freeze: .none)
    config.model = .resnet10
    config.pretrained = false
    config.width = 0.25
    guard case .finished(let summary) = train(config).last else { return XCTFail("no finish") }
    XCTAssertEqual(try summary.session.readRecord().config.width, 0.25)
    let model = try SessionModel.load(summary.session)
    let stem = try XCTUnwrap(model.network.parameters.first { $0.name == "stem.conv.weight" })
    XCTAssertEqual(stem.value.shape.n, 16)
    let fc = try XCTUnwrap(model.network.parameters.first { $0.name == "head.fc.weight" })
    XCTAssertEqual(fc.value.count, 2 * 128)
  }
}
