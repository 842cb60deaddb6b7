import Foundation
import OncoWorkbench
import XCTest

@testable import OncoTUI

/// Training events as the workbench shows them.
final class TrainingEventTests: XCTestCase {
  private let session = SessionFolder(
    url: URL(fileURLWithPath: "/tmp/Sessions/20261127-074012-demo"))

  private func epoch(_ n: Int, auc: Double) -> EpochMetrics {
    EpochMetrics(
      epoch: n, trainLoss: 0.5, trainAccuracy: 0.7, validationLoss: 0.55, validationAccuracy: 0.7,
      validationAUC: auc, learningRate: 1e-3, isBest: false, seconds: 2, imagesPerSecond: 120)
  }

  func testARunFromStartToFinish() {
    var w = Workbench()
    var config = TrainingConfig(input: "/data")
    config.epochs = 3
    config.batchSize = 16
    w.apply(
      .started(
        TrainingStart(
          session: session, config: config, counts: SplitCounts(train: 10, validation: 3, test: 3),
          firstEpoch: 1, previousEpochs: [], batchesPerEpoch: 1)))
    XCTAssertEqual(w.train.model.state, .running(epoch: 1, of: 3))
    XCTAssertEqual(w.train.model.form["batch"], "16")
    XCTAssertTrue(w.isJobRunning)

    w.apply(
      .progress(
        TrainingProgress(
          phase: .training, epoch: 2, epochs: 3, done: 40, total: 100,
          imagesPerSecond: 118, etaSeconds: 9)))
    XCTAssertEqual(w.job?.title, "epoch 2/3")
    XCTAssertEqual(w.job?.fraction ?? 0, 0.4, accuracy: 1e-12)
    XCTAssertEqual(w.job?.imagesPerSecond, 118)
    XCTAssertEqual(w.train.model.state, .running(epoch: 2, of: 3))

    w.apply(.epochFinished(epoch(1, auc: 0.8)))
    w.apply(.epochFinished(epoch(2, auc: 0.9)))
    w.apply(.log(TrainingLogLine(date: Date(), text: "epoch 2 val AUC 0.900 (best)")))
    XCTAssertEqual(w.train.model.epochs.map(\.epoch), [1, 2])
    XCTAssertTrue(w.train.model.log.last?.hasSuffix(" epoch 2 val AUC 0.900 (best)") ?? false)

    let c = MemoryCanvas(width: 100, height: 30)
    w.select(.train)
    w.draw(on: c)
    XCTAssertTrue(c.text.contains("epoch 2/3"), "the status line shows the run")
    XCTAssertTrue(c.text.contains("118 img/s") && c.text.contains("ETA 0:09"))
    XCTAssertTrue(c.text.contains("best 0.900 @ 2"))

    w.apply(
      .finished(
        TrainingSummary(
          session: session, status: .finished, epochsDone: 3, bestEpoch: 2,
          bestValidationAUC: 0.9, test: nil, seconds: 75)))
    XCTAssertEqual(w.train.model.state, .finished)
    XCTAssertNil(w.job)
    XCTAssertFalse(w.isJobRunning, "q quits at once again")
    XCTAssertEqual(w.message?.text, "finished 1:15 · best val AUC 0.900 @2 · 3 ROC · 4 Mistakes")
  }

  func testFailureAndStopAreSaid() {
    var w = Workbench()
    w.apply(
      .failed(TrainingFailure(reason: "the model file is missing (run make deps)", session: nil)))
    XCTAssertEqual(w.train.model.state, .failed("the model file is missing (run make deps)"))
    XCTAssertEqual(w.message?.role, .bad)
    w.apply(
      .stopped(
        TrainingSummary(
          session: session, status: .stopped, epochsDone: 1, bestEpoch: 1,
          bestValidationAUC: 0.7, test: nil, seconds: 5)))
    XCTAssertEqual(w.train.model.state, .stopped)
    XCTAssertTrue(w.message?.text.contains("oncoface resume") ?? false)
  }
}
