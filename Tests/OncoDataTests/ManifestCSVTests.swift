import Foundation
import OncoData
import OncoTestSupport
import XCTest

/// The RFC 4180 reader and writer under manifests, prepared.csv, cohort.csv and predictions.csv.
final class ManifestCSVTests: XCTestCase {
  private func parse(_ text: String, bom: Bool = false) throws -> CSVFile {
    var data = Data(bom ? [0xEF, 0xBB, 0xBF] : [])
    data.append(Data(text.utf8))
    return try CSVFile(data: data, name: "test.csv")
  }

  func testQuotedFieldsCommasDoubledQuotesAndLineBreaksWithBOMAndCRLF() throws {
    let csv = try parse(
      "path,note\r\n"
        + "a.jpg,\"one, two\"\r\n"
        + "\"b \"\"quoted\"\".jpg\",\"line 1\r\nline 2\"\r\n"
        + "\r\n"
        + "c.jpg,\r\n"
        + "d.jpg,Zoë 東京\r\n",
      bom: true)
    XCTAssertEqual(csv.header, ["path", "note"], "the BOM must not stick to the first column name")
    XCTAssertEqual(
      csv.records.map(\.fields),
      [
        ["a.jpg", "one, two"],
        ["b \"quoted\".jpg", "line 1\r\nline 2"],
        ["c.jpg", ""],
        ["d.jpg", "Zoë 東京"],
      ])
    // Line numbers count physical lines: the quoted line break and the blank line both count.
    XCTAssertEqual(csv.records.map(\.line), [2, 3, 6, 7])
    XCTAssertTrue(csv.records.allSatisfy { $0.problem == nil })
  }

  func testLoneCRAndMissingFinalLineBreakAndTrailingComma() throws {
    let csv = try parse("a,b\rx,y\ry,")
    XCTAssertEqual(csv.records.map(\.fields), [["x", "y"], ["y", ""]])
    XCTAssertEqual(csv.records.map(\.line), [2, 3])
  }

  func testStrayOpeningQuoteCostsOnlyItsOwnLine() throws {
    let csv = try parse("path,sex\na.jpg,\"F\nb.jpg,M\nc.jpg,\"F\"\nd.jpg,M\n")
    XCTAssertEqual(csv.records.count, 4)
    XCTAssertEqual(csv.records[0].line, 2)
    guard case .quoting = csv.records[0].problem else {
      return XCTFail(
        "line 2 has an unbalanced quote: \(String(describing: csv.records[0].problem))")
    }
    XCTAssertEqual(
      csv.records.dropFirst().map(\.fields), [["b.jpg", "M"], ["c.jpg", "F"], ["d.jpg", "M"]])
    XCTAssertEqual(csv.records.dropFirst().map(\.line), [3, 4, 5])
    XCTAssertTrue(csv.records.dropFirst().allSatisfy { $0.problem == nil })
  }

  func testUnterminatedQuoteAtTheEndAndQuotesInsideUnquotedFields() throws {
    let csv = try parse("path,x\na\"b.jpg,1\n\"c.jpg\"x,2\ne.jpg,3\nf.jpg,\"4")
    XCTAssertEqual(csv.records.map(\.line), [2, 3, 4, 5])
    XCTAssertNotNil(csv.records[0].problem, "a quote inside an unquoted field")
    XCTAssertNotNil(csv.records[1].problem, "text after a closing quote")
    XCTAssertNil(csv.records[2].problem)
    XCTAssertNotNil(csv.records[3].problem, "a quoted field that never closes")
  }

  func testFieldOverOneMegabyteIsReportedAndTheRestIsKept() throws {
    let huge = String(repeating: "x", count: CSVFile.maxFieldBytes + 1)
    let csv = try parse("path,note\na.jpg,\(huge)\nb.jpg,\"\(huge)\"\nc.jpg,ok\n")
    XCTAssertEqual(csv.records.count, 3)
    XCTAssertEqual(csv.records[0].problem, .fieldTooLarge(field: 2))
    XCTAssertEqual(csv.records[1].problem, .fieldTooLarge(field: 2))
    XCTAssertEqual(csv.records[2].fields, ["c.jpg", "ok"])
    XCTAssertNil(csv.records[2].problem)
  }

  func testMoreThanTenThousandColumns() throws {
    let wide = Array(repeating: "v", count: CSVFile.maxColumns + 1).joined(separator: ",")
    XCTAssertThrowsError(try parse(wide + "\n")) { error in
      guard case CSVError.badHeader(let file, _) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(file, "test.csv")
    }
    let csv = try parse("a,b\n\(wide)\nx,y\n")
    XCTAssertEqual(csv.records[0].problem, .tooManyFields)
    XCTAssertLessThanOrEqual(csv.records[0].fields.count, CSVFile.maxColumns)
    XCTAssertEqual(csv.records[1].fields, ["x", "y"])
  }

  func testEmptyAndUTF16FilesAreClearErrors() {
    XCTAssertThrowsError(try parse("")) {
      XCTAssertEqual($0 as? CSVError, .empty(file: "test.csv"))
    }
    XCTAssertThrowsError(try parse("\n  \n")) {
      XCTAssertEqual($0 as? CSVError, .empty(file: "test.csv"))
    }
    var utf16 = Data([0xFF, 0xFE])
    utf16.append("path\n".data(using: .utf16LittleEndian)!)
    XCTAssertThrowsError(try CSVFile(data: utf16, name: "u.csv")) {
      XCTAssertEqual($0 as? CSVError, .utf16(file: "u.csv"))
      XCTAssertTrue("\($0)".contains("UTF-8"), "the message says how to fix it")
    }
  }

  func testWriterRoundTripsEveryAwkwardField() throws {
    let rows = [
      ["a.jpg", "plain", "1"],
      ["b,c.jpg", "say \"hi\"", ""],
      ["d.jpg", "two\nlines", "cr\r\nlf"],
      ["  spaced  ", "Zoë 東京", "\"\""],
    ]
    var writer = CSVWriter(header: ["path", "note", "extra"])
    rows.forEach { writer.append($0) }
    XCTAssertEqual(writer.rowCount, 4)
    let folder = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("out.csv")
    try writer.write(to: url)
    let csv = try CSVFile(contentsOf: url)
    XCTAssertEqual(csv.header, ["path", "note", "extra"])
    XCTAssertEqual(csv.records.map(\.fields), rows)
    XCTAssertTrue(csv.records.allSatisfy { $0.problem == nil })
  }

  func testWriterKeepsEmptyOneColumnRows() throws {
    var writer = CSVWriter(header: ["id"])
    writer.append([""])
    writer.append(["x"])
    let csv = try CSVFile(data: Data(writer.text.utf8), name: "one.csv")
    XCTAssertEqual(
      csv.records.map(\.fields), [[""], ["x"]], "an empty row must not read back as blank")
  }

  func testWriteReplacesAtomicallyAndReportsAnUnwritableFolder() throws {
    let folder = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("cohort.csv")
    var first = CSVWriter(header: ["path"])
    first.append(["old.jpg"])
    try first.write(to: url)
    var second = CSVWriter(header: ["path"])
    second.append(["new.jpg"])
    try second.write(to: url)
    XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "path\nnew.jpg\n")
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: folder.path), ["cohort.csv"],
      "no temporary file is left behind")
    let nowhere = folder.appendingPathComponent("missing/cohort.csv")
    XCTAssertThrowsError(try second.write(to: nowhere)) { error in
      guard case CSVError.cannotWrite(let file, _) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(file, nowhere.path)
    }
  }
}
