import Foundation
import OncoData
import OncoTestSupport
import XCTest

@testable import OncoWorkbench

final class TrainingSetTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws { folder = try TestPaths.temporaryDirectory("set") }
  override func tearDown() { try? FileManager.default.removeItem(at: folder) }

  /// A prepared.csv as `oncoface prepare` writes it: input columns, then id,chip,outcome,reason.
  private func writePrepared(_ rows: [(sex: String, group: String, outcome: String)]) throws {
    var csv = CSVWriter(header: ["path", "sex", "age", "group", "id", "chip", "outcome", "reason"])
    for (i, r) in rows.enumerated() {
      let ok = r.outcome == "ok"
      csv.append([
        "img \(i).jpg", r.sex, "\(20 + i % 50)", r.group, "p\(i)", ok ? "chips/p\(i).png" : "",
        r.outcome, ok ? "" : "no face found",
      ])
    }
    try csv.write(to: folder.appendingPathComponent("prepared.csv"))
  }

  private func config(_ column: String, _ positive: String?) -> TrainingConfig {
    var config = TrainingConfig(input: folder.path)
    config.labelColumn = column
    config.positiveLabel = positive
    return config
  }

  private func balanced(_ n: Int) -> [(sex: String, group: String, outcome: String)] {
    (0..<n).map { i in (i % 2 == 0 ? "F" : "M", i % 3 == 0 ? "case" : "control", "ok") }
  }

  func testUsableRowsAreSplitAndFailuresCounted() throws {
    var rows = balanced(80)
    rows[3].outcome = "no_face"
    rows[5].outcome = "unreadable"
    try writePrepared(rows)
    let set = try TrainingSet(prepared: folder, config: config("sex", "F"))
    XCTAssertEqual(set.items.count, 78)
    XCTAssertEqual(set.leftOut, ["no_face": 1, "unreadable": 1])
    XCTAssertEqual(set.positiveLabel, "F")
    XCTAssertTrue(set.items.allSatisfy { $0.isPositive == ($0.label == "F") })
    XCTAssertEqual(set.items[0].chip, folder.appendingPathComponent("masked/p0.png"))
    let c = set.counts
    XCTAssertEqual(c.train + c.validation + c.test, 78)
    XCTAssertEqual(Double(c.train) / 78, 0.7, accuracy: 0.05)
    // Same seed, same split; cohort.csv gives it back on resume.
    let again = try TrainingSet(prepared: folder, config: config("sex", "F"))
    XCTAssertEqual(again.items, set.items)
    let cohort = folder.appendingPathComponent("cohort.csv")
    try Data(set.cohortText.utf8).write(to: cohort)
    let saved = try TrainingSet.savedSplits(in: cohort)
    XCTAssertEqual(saved.count, 78)
    var other = config("sex", "F")
    other.seed = 99
    XCTAssertEqual(
      try TrainingSet(prepared: folder, config: other, savedSplits: saved).items, set.items)
    XCTAssertNotEqual(
      try TrainingSet(prepared: folder, config: other).items.map(\.split),
      set.items.map(\.split), "another seed gives another split")
    // cohort.csv keeps the failed rows too, with an empty split.
    let text = set.cohortText.split(separator: "\n")
    XCTAssertEqual(text.count, 81)
    XCTAssertTrue(text[4].hasSuffix(",no_face,no face found,"), String(text[4]))
  }

  func testCaseIsThePositiveLabelByDefault() throws {
    try writePrepared(balanced(60))
    let set = try TrainingSet(prepared: folder, config: config("group", nil))
    XCTAssertEqual(set.positiveLabel, "case")
    XCTAssertThrowsError(try TrainingSet(prepared: folder, config: config("sex", nil))) {
      XCTAssertTrue("\($0)".contains("pass one with --positive"), "\($0)")
    }
  }

  func testALabelValueNotPresentNamesTheValuesThatAre() throws {
    try writePrepared(balanced(60))
    XCTAssertThrowsError(try TrainingSet(prepared: folder, config: config("sex", "X"))) {
      XCTAssertEqual(
        $0 as? TrainingError,
        .labelNotPresent(
          path: folder.appendingPathComponent("prepared.csv").path, column: "sex", value: "X",
          present: ["F", "M"]))
    }
    XCTAssertThrowsError(try TrainingSet(prepared: folder, config: config("colour", "X"))) {
      XCTAssertTrue("\($0)".contains("--label-column"), "\($0)")
    }
  }

  func testOneClassAndEmptyDataSetsAreClearErrors() throws {
    try writePrepared((0..<30).map { _ in ("F", "case", "ok") })
    XCTAssertThrowsError(try TrainingSet(prepared: folder, config: config("sex", "F"))) {
      guard case .oneClass(_, _, _, 30, 0) = $0 as? TrainingError else { return XCTFail("\($0)") }
    }
    try writePrepared((0..<5).map { _ in ("F", "case", "no_face") })
    XCTAssertThrowsError(try TrainingSet(prepared: folder, config: config("sex", "F"))) {
      XCTAssertTrue("\($0)".contains("no usable image (5 no_face)"), "\($0)")
    }
    try writePrepared([])
    XCTAssertThrowsError(try TrainingSet(prepared: folder, config: config("sex", "F"))) {
      XCTAssertTrue("\($0)".contains("no usable image (no rows)"), "\($0)")
    }
  }

  func testASplitWithoutBothClassesIsAnError() throws {
    try writePrepared([
      ("F", "case", "ok"), ("M", "case", "ok"), ("F", "case", "ok"),
      ("M", "control", "ok"),
    ])
    XCTAssertThrowsError(try TrainingSet(prepared: folder, config: config("sex", "F"))) {
      guard case .splitLacksClass = $0 as? TrainingError else { return XCTFail("\($0)") }
    }
  }
}
