import Foundation
import OncoData
import OncoImage
import OncoTestSupport
import OncoWorkbench
import XCTest

@testable import OncoTUI

/// A finished session on disk, read into the Train, ROC, Mistakes and Sessions models.
final class SessionReaderTests: XCTestCase {
  private var root: URL!

  override func setUpWithError() throws {
    root = try TestPaths.temporaryDirectory("tui-sessions")
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: root)
  }

  /// A session with 2 epochs and 8 predictions: on test, 3 cases (p .9, .4, .8) and 3 controls
  /// (p .2, .7, .1): d3 (a case at .4) and d5 (a control at .7) are the mistakes.
  private func makeSession() throws -> SessionFolder {
    let prepared = root.appendingPathComponent("prepared")
    try FileManager.default.createDirectory(
      at: prepared.appendingPathComponent("chips"), withIntermediateDirectories: true)
    try RGBImage(width: 4, height: 4, fill: (9, 9, 9)).writePNG(
      to: prepared.appendingPathComponent("chips/d3.png"))
    var config = TrainingConfig(input: "/data/demo")
    config.prepared = prepared.path
    config.positiveLabel = "case"
    config.negativeLabel = "control"
    config.epochs = 2
    let store = SessionStore(root: root)
    var (folder, record) = try store.create(name: "unit", config: config)
    record.status = .finished
    record.epochsDone = 2
    record.bestEpoch = 2
    record.bestValidationAUC = 0.75
    try folder.writeRecord(record)
    let epochs = [(1, 0.7), (2, 0.75)].map { epoch, auc in
      MetricsRecord.epoch(
        EpochMetrics(
          epoch: epoch, trainLoss: 0.6, trainAccuracy: 0.6, validationLoss: 0.65,
          validationAccuracy: 0.62, validationAUC: auc, learningRate: 1e-3,
          isBest: epoch == 2, seconds: 3, imagesPerSecond: 100)
      ).jsonLine()
    }
    try Data((epochs.joined(separator: "\n") + "\n").utf8).write(to: folder.metricsFile)
    let rows: [(String, String, Double, Split)] = [
      ("v1", "case", 0.8, .validation), ("v2", "control", 0.3, .validation),
      ("d1", "case", 0.9, .test), ("d3", "case", 0.4, .test), ("d4", "case", 0.8, .test),
      ("d2", "control", 0.2, .test), ("d5", "control", 0.7, .test), ("d6", "control", 0.1, .test),
    ]
    try Prediction.write(
      rows.map { id, label, p, split in
        Prediction(
          path: "photos/\(id).jpg", label: label, probability: p, split: split,
          correct: (p >= 0.5) == (label == "case"), id: id, chip: prepared.path + "/chips/\(id).png"
        )
      }, to: folder.predictionsFile)
    try Data(
      "path,label,sex,age,id,split\nphotos/d3.jpg,case,F,61.2,d3,test\nphotos/d5.jpg,control,M,,d5,test\n"
        .utf8
    )
    .write(to: folder.cohortFile)
    try Data(
      "2026-11-27 07:41:02 epoch 1 val AUC 0.700\n2026-11-27 07:41:40 epoch 2 val AUC 0.750 (best)\n"
        .utf8
    )
    .write(to: folder.logFile)
    return folder
  }

  func testResultsGiveCurvesAndTheMistakes() throws {
    let folder = try makeSession()
    let results = try XCTUnwrap(
      SessionReader.results(
        folder, record: try folder.readRecord(),
        metrics: try folder.readMetrics()))
    let (roc, mistakes) = (results.roc, results.mistakes)
    XCTAssertEqual(
      results.predictions.keys.sorted(), ["d1", "d2", "d3", "d4", "d5", "d6"],
      "the test predictions, by id, for computing Grad-CAMs")
    XCTAssertEqual(roc.curves.map(\.name), ["val (epoch 2)", "test"])
    let test = roc.curves[1]
    // Cases .9 .8 .4 against controls .7 .2 .1: 8 of 9 pairs ordered right.
    XCTAssertEqual(test.auc, 8.0 / 9.0, accuracy: 1e-12)
    XCTAssertEqual(test.positives, 3)
    XCTAssertEqual(test.negatives, 3)
    XCTAssertEqual(mistakes.testCount, 6)
    XCTAssertEqual(mistakes.mistakes.map(\.id), ["d3", "d5"])
    let fn = mistakes.mistakes[0]
    XCTAssertTrue(fn.isPositive)
    XCTAssertEqual(fn.predicted, "control")
    XCTAssertEqual(fn.sex, "F")
    XCTAssertEqual(fn.age, 61)
    XCTAssertEqual(fn.chip?.width, 4, "the chip is read from the prepared folder")
    XCTAssertEqual(mistakes.mistakes[1].predicted, "case")
    XCTAssertNil(mistakes.mistakes[1].age, "an empty age stays unknown")
  }

  func testSavedGradCAMIsShownWithTheSharesOfCamCSV() throws {
    let folder = try makeSession()
    let files = CamFiles(session: folder, id: "d3")
    try FileManager.default.createDirectory(at: files.folder, withIntermediateDirectories: true)
    for url in [files.overlay, files.gradCAM, files.guided] {
      try RGBImage(width: 6, height: 6, fill: (200, 40, 40)).writePNG(to: url)
    }
    try Data(
      ("id,label,probability,predicted,skin,forehead,eyes,brows,nose,mouth,outside\n"
        + "d3,case,0.400000,control,0.5,0.1,0.05,0.05,0.2,0.08,0.02\n").utf8
    )
    .write(to: files.folder.appendingPathComponent("cam.csv"))
    let results = try XCTUnwrap(
      SessionReader.results(
        folder, record: try folder.readRecord(),
        metrics: try folder.readMetrics()))
    let d3 = results.mistakes.mistakes[0]
    let d5 = results.mistakes.mistakes[1]
    XCTAssertEqual(d3.cam?.width, 6, "the overlay is read")
    XCTAssertEqual(d3.camStatus, .ready)
    XCTAssertEqual(
      d3.regionShares.map(\.0), ["skin", "forehead", "eyes", "brows", "nose", "mouth", "outside"])
    XCTAssertEqual(d3.regionShares.map(\.1), [0.5, 0.1, 0.05, 0.05, 0.2, 0.08, 0.02])
    XCTAssertEqual(
      d3.paths.map { ($0 as NSString).lastPathComponent },
      ["d3-overlay.png", "d3-gradcam.png", "d3-guided.png"])
    XCTAssertNil(d5.cam)
    XCTAssertEqual(d5.camStatus, .missing, "d5 has no maps: the screen asks for them")
  }

  func testSessionFilesKeepTheirModelNames() throws {
    // session.json names models as `--model` does; OncoNN's ModelKind reads them.
    let store = SessionStore(root: root)
    let (folder, _) = try store.create(name: "kind", config: TrainingConfig(input: "/x"))
    let text = try String(contentsOf: folder.recordFile, encoding: .utf8)
    XCTAssertTrue(text.contains("\"dlib-face\""), text)
    try Data(text.replacingOccurrences(of: "\"dlib-face\"", with: "\"resnet18\"").utf8).write(
      to: folder.recordFile)
    XCTAssertEqual(try folder.readRecord().config.model, .resnet18)
    XCTAssertEqual(store.list().sessions.first?.model.rawValue, "resnet18")
  }

  func testTrainModelAndSessionList() throws {
    let folder = try makeSession()
    let model = SessionReader.trainModel(
      folder, record: try folder.readRecord(), metrics: try folder.readMetrics(),
      base: TrainScreen.Model())
    XCTAssertEqual(model.epochs.map(\.epoch), [1, 2])
    XCTAssertEqual(model.best?.epoch, 2)
    XCTAssertEqual(model.state, .finished)
    XCTAssertEqual(model.form["epochs"], "2", "the form shows the session's settings")
    XCTAssertEqual(
      model.log, ["07:41:02 epoch 1 val AUC 0.700", "07:41:40 epoch 2 val AUC 0.750 (best)"])

    let list = SessionReader.sessions(in: SessionStore(root: root), open: folder.url.path)
    XCTAssertEqual(list.sessions.count, 1)
    XCTAssertEqual(list.sessions[0].status, "finished")
    XCTAssertEqual(list.sessions[0].validationAUC, [0.7, 0.75])
    XCTAssertEqual(list.open, folder.url.path)
  }

  func testSessionWithoutPredictionsHasNoResults() throws {
    let store = SessionStore(root: root)
    let (folder, record) = try store.create(name: "fresh", config: TrainingConfig(input: "/x"))
    XCTAssertNil(SessionReader.results(folder, record: record, metrics: MetricsLog()))
  }
}
