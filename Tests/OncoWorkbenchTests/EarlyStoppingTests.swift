import XCTest

@testable import OncoWorkbench

final class EarlyStoppingTests: XCTestCase {
  func testStopsAfterPatienceEpochsWithoutAStrictImprovement() {
    var stopping = EarlyStopping(patience: 2)
    XCTAssertTrue(stopping.record(epoch: 1, auc: 0.80))
    XCTAssertTrue(stopping.record(epoch: 2, auc: 0.90))
    XCTAssertFalse(
      stopping.record(epoch: 3, auc: 0.90), "a tie without a loss is not an improvement")
    XCTAssertFalse(stopping.shouldStop)
    XCTAssertFalse(stopping.record(epoch: 4, auc: 0.85))
    XCTAssertTrue(stopping.shouldStop)
    XCTAssertEqual(stopping.bestEpoch, 2)
    XCTAssertEqual(stopping.bestAUC, 0.90)
  }

  func testAnImprovementResetsThePatienceCount() {
    var stopping = EarlyStopping(patience: 2)
    stopping.record(epoch: 1, auc: 0.8)
    stopping.record(epoch: 2, auc: 0.7)
    XCTAssertTrue(stopping.record(epoch: 3, auc: 0.81))
    stopping.record(epoch: 4, auc: 0.6)
    XCTAssertFalse(stopping.shouldStop)
  }

  func testNaNNeverBecomesBest() {
    var stopping = EarlyStopping(patience: 1)
    XCTAssertFalse(stopping.record(epoch: 1, auc: .nan))
    XCTAssertNil(stopping.bestEpoch)
    XCTAssertTrue(stopping.record(epoch: 2, auc: 0.5))
  }

  /// The same AUC with a lower validation loss is better (a later, calibrated epoch wins a tie);
  /// with the same or a higher loss it is not, and patience keeps counting.
  func testATieIsBrokenByTheLowerValidationLoss() {
    var stopping = EarlyStopping(patience: 2)
    XCTAssertTrue(stopping.record(epoch: 1, auc: 1.0, loss: 0.99))
    XCTAssertTrue(stopping.record(epoch: 2, auc: 1.0, loss: 0.40), "same AUC, lower loss")
    XCTAssertFalse(stopping.record(epoch: 3, auc: 1.0, loss: 0.40), "same AUC, same loss")
    XCTAssertFalse(stopping.record(epoch: 4, auc: 1.0, loss: 0.55), "same AUC, higher loss")
    XCTAssertTrue(stopping.shouldStop)
    XCTAssertEqual(stopping.bestEpoch, 2)
    XCTAssertEqual(stopping.bestLoss, 0.40)
    XCTAssertFalse(
      stopping.record(epoch: 5, auc: 1.0, loss: .nan), "an undefined loss breaks no tie")
  }

  func testReplayingSavedEpochsGivesTheSameStateAsLiving() {
    // Epoch 4 ties epoch 2's AUC with a lower loss (sampleEpoch's loss falls with the epoch).
    let aucs = [0.7, 0.9, 0.85, 0.9, 0.88]
    let epochs = aucs.enumerated().map { sampleEpoch($0.offset + 1, auc: $0.element) }
    var live = EarlyStopping(patience: 3)
    for m in epochs { live.record(epoch: m.epoch, auc: m.validationAUC, loss: m.validationLoss) }
    let replayed = EarlyStopping(patience: 3, replaying: epochs)
    XCTAssertEqual(replayed, live)
    XCTAssertEqual(replayed.bestEpoch, 4)
    XCTAssertEqual(replayed.epochsWithoutImprovement, 1)
  }
}
