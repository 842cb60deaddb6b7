import Foundation
import OncoData
import OncoStats
import OncoTestSupport
import XCTest

@testable import OncoWorkbench

/// roc.csv and predictions.csv read back what was written, including awkward paths.
final class SessionTablesTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws { folder = try TestPaths.temporaryDirectory("tables") }
  override func tearDown() { try? FileManager.default.removeItem(at: folder) }

  func testRocCurvesRoundTripWithTheInfiniteFirstThreshold() throws {
    let val = try RocCurve(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true])
    let test = try RocCurve(scores: [0.2, 0.9, 0.9], labels: [false, true, false])
    let table = RocTable(curves: [.validation: val.points, .test: test.points])
    let url = folder.appendingPathComponent("roc.csv")
    try table.write(to: url)
    let text = try String(contentsOf: url, encoding: .utf8)
    XCTAssertTrue(text.hasPrefix("set,fpr,tpr,threshold\nval,0.0,0.0,inf\n"), text)
    let read = try RocTable(contentsOf: url)
    XCTAssertEqual(read, table)
    XCTAssertEqual(read.curves[.test]?.count, 3)
  }

  func testPredictionsRoundTripWithCommasAndQuotesInPaths() throws {
    let rows = [
      Prediction(
        path: "a, \"odd\" name.jpg", label: "case", probability: 0.875, split: .test,
        correct: true, id: "x1", chip: "/p/chips/x1.png"),
      Prediction(
        path: "b.jpg", label: "control", probability: 0.625, split: .validation,
        correct: false, id: "x2", chip: "/p/chips/x2.png"),
    ]
    let url = folder.appendingPathComponent("predictions.csv")
    try Prediction.write(rows, to: url)
    XCTAssertEqual(try Prediction.read(url), rows)
    let header = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")[0]
    XCTAssertEqual(header, "path,label,probability,split,correct,id,chip")
  }
}
