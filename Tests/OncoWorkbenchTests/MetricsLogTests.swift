import Foundation
import OncoTestSupport
import XCTest

@testable import OncoWorkbench

/// Epoch records whose numbers differ per epoch, so a lost or repeated line shows.
func sampleEpoch(_ epoch: Int, auc: Double? = nil) -> EpochMetrics {
  EpochMetrics(
    epoch: epoch, trainLoss: 0.7 / Double(epoch), trainAccuracy: 0.5 + 0.01 * Double(epoch),
    validationLoss: 0.69 / Double(epoch), validationAccuracy: 0.6, validationAUC: auc ?? 0.8,
    learningRate: 1e-3 * 0.5, isBest: false, seconds: 1.25, imagesPerSecond: 640)
}

final class MetricsLogTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws { folder = try TestPaths.temporaryDirectory("metrics") }
  override func tearDown() { try? FileManager.default.removeItem(at: folder) }

  func testRecordsRoundTripThroughTheDocumentedKeys() throws {
    let test = TestMetrics(
      epoch: 2, count: 180, loss: 0.3, accuracy: 0.9, sensitivity: 0.91, specificity: 0.89,
      auc: 0.95, aucLow: 0.92, aucHigh: 0.98, youdenThreshold: 0.47, youdenAccuracy: 0.91,
      seconds: 2)
    let epochLine = MetricsRecord.epoch(sampleEpoch(3)).jsonLine()
    let testLine = MetricsRecord.test(test).jsonLine()
    XCTAssertFalse(epochLine.contains("\n"))
    for key in [
      "\"kind\":\"epoch\"", "\"epoch\":3", "\"train_loss\":", "\"val_auc\":0.8",
      "\"learning_rate\":0.0005", "\"images_per_second\":640", "\"seconds\":1.25",
    ] {
      XCTAssertTrue(epochLine.contains(key), "\(key) missing in \(epochLine)")
    }
    XCTAssertTrue(testLine.contains("\"kind\":\"test\""))
    XCTAssertTrue(testLine.contains("\"auc_low\":0.92"))
    XCTAssertEqual(MetricsRecord(jsonLine: Substring(epochLine)), .epoch(sampleEpoch(3)))
    XCTAssertEqual(MetricsRecord(jsonLine: Substring(testLine)), .test(test))
    // Same record, same bytes: the reproducibility check compares lines.
    XCTAssertEqual(epochLine, MetricsRecord.epoch(sampleEpoch(3)).jsonLine())
  }

  func testATornLastLineIsLeftForLaterAndABadWholeLineIsReported() throws {
    let lines = [1, 2, 3].map { MetricsRecord.epoch(sampleEpoch($0)).jsonLine() }
    let torn = String(lines[2].prefix(lines[2].count / 2))
    let text = lines[0] + "\n" + "{not json}\n" + lines[1] + "\n" + torn
    let url = folder.appendingPathComponent("metrics.jsonl")
    try Data(text.utf8).write(to: url)
    var log = try MetricsLog(contentsOf: url)
    XCTAssertEqual(log.epochs.map(\.epoch), [1, 2])
    XCTAssertEqual(log.skippedLines, [2])
    XCTAssertEqual(log.consumedBytes, text.utf8.count - torn.utf8.count)
    // The rest of the torn line arrives: the next chunk completes it.
    let rest = String(lines[2].dropFirst(torn.count)) + "\n"
    let added = log.append(parsing: Data((torn + rest).utf8))
    XCTAssertEqual(added, [.epoch(sampleEpoch(3))])
    XCTAssertEqual(log.epochs.map(\.epoch), [1, 2, 3])
    XCTAssertEqual(log.consumedLines, 4)
  }

  func testAMissingFileIsAnEmptyLog() throws {
    let log = try MetricsLog(contentsOf: folder.appendingPathComponent("none.jsonl"))
    XCTAssertEqual(log, MetricsLog())
  }

  func testBestEpochIsTheHighestValidationAUCAndTheLowerLossOnATie() {
    var log = MetricsLog()
    log.epochs = [sampleEpoch(1, auc: 0.8), sampleEpoch(2, auc: 0.9), sampleEpoch(3, auc: 0.9)]
    XCTAssertEqual(log.bestEpoch?.epoch, 3, "epoch 3 ties epoch 2 with a lower validation loss")
    log.epochs[2].validationLoss = log.epochs[1].validationLoss
    XCTAssertEqual(log.bestEpoch?.epoch, 2, "with the same loss the earlier epoch stays best")
  }

  func testTruncatingForResumeKeepsOnlySavedEpochs() throws {
    let session = SessionFolder(url: folder)
    let file = try AppendingFile(url: session.metricsFile)
    for epoch in 1...4 { try file.append(line: MetricsRecord.epoch(sampleEpoch(epoch)).jsonLine()) }
    try session.truncateMetrics(afterEpoch: 2)
    XCTAssertEqual(try session.readMetrics().epochs.map(\.epoch), [1, 2])
  }
}
