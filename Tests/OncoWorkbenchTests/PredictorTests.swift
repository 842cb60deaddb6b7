import Foundation
import OncoData
import OncoTestSupport
import XCTest

@testable import OncoWorkbench

final class PredictorTests: XCTestCase {
  func testPredictionsMatchTheSessionsOwnAndUnpreparedPhotosKeepTheirOutcome() throws {
    try SyntheticPreparedFolder.requireModel()
    let root = try TestPaths.temporaryDirectory("predict")
    defer { try? FileManager.default.removeItem(at: root) }
    let data = root.appendingPathComponent("Prepared")
    try SyntheticPreparedFolder.write(to: data)
    let collector = TrainingJobTests.Collector()
    let job = TrainingJob(
      config: SyntheticPreparedFolder.config(data, epochs: 4), name: "p",
      store: SessionStore(root: root.appendingPathComponent("Sessions")),
      deliverOn: collector.queue, handler: collector.handle)
    job.start()
    guard case .finished(let summary) = job.waitUntilDone() else { return XCTFail("no finish") }

    // New photos: the same chips plus one that failed preparation.
    var csv = try String(contentsOf: data.appendingPathComponent("prepared.csv"), encoding: .utf8)
    csv += "photos/blurred.jpg,case,F,40,s999,,no_face,no face found\n"
    try csv.write(
      to: data.appendingPathComponent("prepared.csv"), atomically: true, encoding: .utf8)
    let report = try Predictor.predict(session: summary.session, input: data)
    XCTAssertEqual(report.rows.count, 49)
    XCTAssertEqual(report.predicted, 48)
    XCTAssertTrue(report.hasLabels)
    let failed = try XCTUnwrap(report.rows.last)
    XCTAssertEqual(failed.outcome, "no_face")
    XCTAssertNil(failed.probability)
    let own = try Prediction.read(summary.session.predictionsFile)
    for p in own {
      let row = try XCTUnwrap(report.rows.first { $0.id == p.id })
      XCTAssertEqual(row.probability!, p.probability, accuracy: 1e-5, p.id)
      XCTAssertEqual(row.predicted, p.probability >= 0.5 ? "case" : "control")
    }
    let evaluation = try XCTUnwrap(report.evaluation)
    XCTAssertGreaterThan(evaluation.auc, 0.9)
    let out = root.appendingPathComponent("p.csv")
    try Predictor.write(report, to: out)
    let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
    XCTAssertEqual(lines.first, "path,probability,predicted,label,outcome,reason")
    XCTAssertEqual(lines.last, "photos/blurred.jpg,,,case,no_face,no face found")
  }
}
