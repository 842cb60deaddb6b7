import Foundation
import OncoData
import OncoTestSupport
import XCTest

/// Stratified, subject-grouped, seeded splits and their `split` column.
final class SplitTests: XCTestCase {
  /// 4 strata (label × sex) of `perStratum` images; with `photosPerSubject`, subjects of that many.
  private func rows(perStratum: Int, photosPerSubject: Int? = nil) -> [ManifestRow] {
    var rows: [ManifestRow] = []
    for label in ["case", "control"] {
      for sex in Sex.allCases {
        for k in 0..<perStratum {
          let path = "\(label)-\(sex)-\(k).jpg"
          let subject = photosPerSubject.map { "\(label)-\(sex)-person\(k / $0)" }
          rows.append(
            ManifestRow(
              line: rows.count + 2, path: path,
              url: URL(fileURLWithPath: "/data/\(path)"), label: label, sex: sex,
              age: 50, subject: subject, columns: ["path"], values: [path]))
        }
      }
    }
    return rows
  }

  func testEveryStratumIsSplit70_15_15() throws {
    let data = rows(perStratum: 201)
    let split = try SplitAssignment(rows: data, seed: 1)
    for label in ["case", "control"] {
      for sex in Sex.allCases {
        let stratum = data.filter { $0.label == label && $0.sex == sex }
        let counts = Dictionary(grouping: stratum, by: { split[$0]! }).mapValues(\.count)
        XCTAssertEqual(Double(counts[.train] ?? 0), 201 * 0.70, accuracy: 1, "\(label) \(sex)")
        XCTAssertEqual(Double(counts[.validation] ?? 0), 201 * 0.15, accuracy: 1, "\(label) \(sex)")
        XCTAssertEqual(Double(counts[.test] ?? 0), 201 * 0.15, accuracy: 1, "\(label) \(sex)")
      }
    }
    XCTAssertEqual(split.counts.values.reduce(0, +), data.count, "every image has a split")
    XCTAssertEqual(split.rows(.test, of: data).count, split.counts[.test])
  }

  func testNoSubjectIsInTwoSplitsAndProportionsHoldWithinAGroup() throws {
    let data = rows(perStratum: 240, photosPerSubject: 4)
    let split = try SplitAssignment(
      rows: data,
      fractions: SplitFractions(
        train: 0.6, validation: 0.2,
        test: 0.2), seed: 5)
    let bySubject = Dictionary(grouping: data, by: { $0.subject! })
    for (subject, photos) in bySubject {
      XCTAssertEqual(Set(photos.map { split[$0]! }).count, 1, "\(subject) spans splits")
    }
    for label in ["case", "control"] {
      for sex in Sex.allCases {
        let stratum = data.filter { $0.label == label && $0.sex == sex }
        let test = stratum.filter { split[$0] == .test }.count
        XCTAssertEqual(Double(test), 240 * 0.2, accuracy: 4, "\(label) \(sex): within one subject")
      }
    }
  }

  func testSameSeedSameSplitWhateverTheRowOrderAndDifferentSeedDifferent() throws {
    let data = rows(perStratum: 50, photosPerSubject: 2)
    let a = try SplitAssignment(rows: data, seed: 1)
    XCTAssertEqual(a, try SplitAssignment(rows: data, seed: 1))
    XCTAssertEqual(a, try SplitAssignment(rows: data.reversed(), seed: 1))
    XCTAssertNotEqual(a, try SplitAssignment(rows: data, seed: 2))
  }

  func testTheSplitColumnReadsBackExactly() throws {
    let folder = try TestPaths.temporaryDirectory("split")
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = rows(perStratum: 30)
    let split = try SplitAssignment(rows: data, seed: 9)
    var csv = CSVWriter(header: ["path", "label", "sex", "split"])
    for row in data {
      csv.append([row.url.path, row.label!, row.sex!.rawValue, split[row]!.rawValue])
    }
    let url = folder.appendingPathComponent("cohort.csv")
    try csv.write(to: url)
    let manifest = try Manifest(contentsOf: url, options: ManifestOptions(checkFiles: false))
    XCTAssertEqual(try SplitAssignment(savedIn: manifest), split)
    XCTAssertEqual(Set(manifest.rows.map { $0["split"]! }), ["train", "val", "test"])
  }

  func testBadFractionsAndBadSavedValuesAreClearErrors() throws {
    XCTAssertThrowsError(
      try SplitAssignment(
        rows: [],
        fractions: SplitFractions(
          train: 0.7,
          validation: 0.2, test: 0.2)))
    XCTAssertThrowsError(
      try SplitAssignment(
        rows: [],
        fractions: SplitFractions(
          train: 0, validation: 0.5,
          test: 0.5)))
    let folder = try TestPaths.temporaryDirectory("split")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("cohort.csv")
    try "path,split\na.jpg,train\nb.jpg,holdout\n".write(to: url, atomically: true, encoding: .utf8)
    let manifest = try Manifest(contentsOf: url, options: ManifestOptions(checkFiles: false))
    XCTAssertThrowsError(try SplitAssignment(savedIn: manifest)) {
      XCTAssertEqual($0 as? SplitError, .badValue(file: url.path, line: 3, value: "holdout"))
    }
    XCTAssertThrowsError(try SplitAssignment(savedIn: manifest, column: "fold")) {
      XCTAssertEqual($0 as? SplitError, .missingColumn(file: url.path, column: "fold"))
    }
    XCTAssertEqual(Split(spelling: " Validation "), .validation)
    XCTAssertNil(Split(spelling: "dev"))
  }

  func testFacesDevSplitBySex() throws {
    guard let faces = TestPaths.facesDev else { throw XCTSkip(TestPaths.facesDevMissing) }
    let manifest = try Manifest.load(faces, options: ManifestOptions(labelColumn: "sex"))
    let split = try SplitAssignment(rows: manifest.rows, seed: 1)
    for sex in ["F", "M"] {
      let rows = manifest.rows.filter { $0.label == sex }
      XCTAssertEqual(rows.count, 600)
      XCTAssertEqual(rows.filter { split[$0] == .train }.count, 420, sex)
      XCTAssertEqual(rows.filter { split[$0] == .validation }.count, 90, sex)
      XCTAssertEqual(rows.filter { split[$0] == .test }.count, 90, sex)
    }
  }
}
