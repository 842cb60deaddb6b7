import XCTest

@testable import OncoWorkbench

final class EarlyStoppingTests: XCTestCase {
  func testStopsAfterPatienceEpochsWithoutAStrictImprovement() {
    var stopping = EarlyStopping(patience: 2)
    XCTAssertTrue(stopping.record(epoch: 1, auc: 0.80))
    XCTAssertTrue(stopping.record(epoch: 2, auc: 0.90))
    XCTAssertFalse(stopping.record(epoch: 3, auc: 0.90), "a tie is not an improvement")
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

  func testReplayingSavedEpochsGivesTheSameStateAsLiving() {
    let aucs = [0.7, 0.9, 0.85, 0.88]
    var live = EarlyStopping(patience: 3)
    for (i, auc) in aucs.enumerated() { live.record(epoch: i + 1, auc: auc) }
    let replayed = EarlyStopping(
      patience: 3, replaying: aucs.enumerated().map { sampleEpoch($0.offset + 1, auc: $0.element) })
    XCTAssertEqual(replayed, live)
    XCTAssertEqual(replayed.epochsWithoutImprovement, 2)
  }
}
