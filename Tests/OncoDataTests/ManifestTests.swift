import Foundation
import OncoData
import OncoTestSupport
import XCTest

/// Manifests: columns, paths, labels, sex and age, folder data sets, and the report of bad rows.
final class ManifestTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = try TestPaths.temporaryDirectory("manifest")
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  /// Creates empty image files (the reader checks existence, not contents).
  private func touch(_ paths: String...) throws {
    for path in paths {
      let url = folder.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(),
        withIntermediateDirectories: true)
      try Data().write(to: url)
    }
  }

  private func write(_ text: String, bom: Bool = false, name: String = "manifest.csv") throws -> URL
  {
    let url = folder.appendingPathComponent(name)
    var data = Data(bom ? [0xEF, 0xBB, 0xBF] : [])
    data.append(Data(text.utf8))
    try data.write(to: url)
    return url
  }

  func testColumnsPathsAndExtraColumnsInOrder() throws {
    try touch("images/a.jpg", "images/b, c.png", "other/d.jpg")
    let url = try write(
      "Path,source,Label,SEX,age,subject,note\r\n"
        + "images/a.jpg,web,case,F,52,p1,\"first, \"\"best\"\"\"\r\n"
        + "\"images/b, c.png\",scan,control,male,40.5,p2,\r\n"
        + "images/../other/d.jpg,web,control,,,,\"two\r\nlines\"\r\n",
      bom: true)
    let manifest = try Manifest(contentsOf: url)
    XCTAssertEqual(manifest.issues, [])
    XCTAssertEqual(manifest.columns, ["Path", "source", "Label", "SEX", "age", "subject", "note"])
    XCTAssertEqual(manifest.labelColumn, "Label")
    XCTAssertEqual(manifest.labels, ["case", "control"])
    let rows = manifest.rows
    XCTAssertEqual(rows.map(\.line), [2, 3, 4])
    XCTAssertEqual(rows.map(\.path), ["images/a.jpg", "images/b, c.png", "images/../other/d.jpg"])
    XCTAssertEqual(
      rows.map(\.url.path),
      [
        folder.appendingPathComponent("images/a.jpg").standardizedFileURL.path,
        folder.appendingPathComponent("images/b, c.png").standardizedFileURL.path,
        folder.appendingPathComponent("other/d.jpg").standardizedFileURL.path,
      ])
    XCTAssertEqual(rows.map(\.label), ["case", "control", "control"])
    XCTAssertEqual(rows.map(\.sex), [.female, .male, nil])
    XCTAssertEqual(rows.map(\.age), [52, 40.5, nil])
    XCTAssertEqual(rows.map(\.subject), ["p1", "p2", nil])
    XCTAssertEqual(rows[0]["note"], "first, \"best\"")
    XCTAssertEqual(rows[2]["NOTE"], "two\r\nlines")
    XCTAssertEqual(rows[1]["source"], "scan")
    XCTAssertNil(rows[0]["missing"])
    XCTAssertEqual(rows[0].values.count, 7, "every column is kept")
  }

  func testFileAndGroupAreSynonymsAndAbsolutePathsStay() throws {
    let elsewhere = try TestPaths.temporaryDirectory("elsewhere")
    defer { try? FileManager.default.removeItem(at: elsewhere) }
    let image = elsewhere.appendingPathComponent("x.jpg")
    try Data().write(to: image)
    let url = try write("file,group\n\(image.path),patients\n")
    let manifest = try Manifest(contentsOf: url)
    XCTAssertEqual(manifest.rows.map(\.url.path), [image.standardizedFileURL.path])
    XCTAssertEqual(manifest.rows.map(\.label), ["patients"])
  }

  func testEveryBadRowIsReportedWithItsLineAndReasonAndGoodRowsAreKept() throws {
    try touch("a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", "f.jpg", "g.jpg", "sub/x.jpg")
    let url = try write(
      """
      path,sex,age
      a.jpg,F,30
      missing.jpg,M,31
      b.jpg,X,32
      c.jpg,M,fifty
      ./a.jpg,F,33
      d.jpg,"M
      e.jpg,M
      f.jpg,F,34,extra
      ,F,35
      g.jpg,M,-4
      sub,M,20
      nope.jpg,other,abc
      sub/x.jpg,woman,61

      """)
    let manifest = try Manifest(contentsOf: url)
    XCTAssertEqual(manifest.rows.map(\.path), ["a.jpg", "sub/x.jpg"])
    XCTAssertEqual(manifest.rows.map(\.line), [2, 14])
    let found = manifest.issues.map { "\($0.line) \($0.reason)" }
    XCTAssertEqual(
      found,
      [
        "3 missing file",
        "4 unknown sex",
        "5 age not a number",
        "6 duplicate path",
        "7 unparsable quoting",
        "8 wrong field count",
        "9 wrong field count",
        "10 empty path",
        "11 age not a number",
        "12 missing file",
        "13 unknown sex", "13 age not a number", "13 missing file",
      ])
    XCTAssertTrue(manifest.issues[0].detail.contains("missing.jpg"))
    XCTAssertTrue(manifest.issues[3].detail.contains("line 2"), "a duplicate names the first line")
    XCTAssertTrue(manifest.issues[9].detail.contains("folder"), "a folder is not an image file")
    let summary = manifest.summary
    XCTAssertEqual(summary.kept, 2)
    XCTAssertEqual(summary.skipped, 11)
    XCTAssertEqual(summary.reasons[.missingFile], 3)
    XCTAssertEqual(summary.reasons[.wrongFieldCount], 2)
    XCTAssertEqual(
      summary.description,
      "2 rows kept, 11 skipped (1 unparsable quoting, "
        + "2 wrong field count, 1 empty path, 3 missing file, 1 duplicate path, 2 unknown sex, "
        + "3 age not a number)")
  }

  func testSexSpellings() {
    for spelling in ["M", "m", "male", "Male", " MALE ", "man", "Man"] {
      XCTAssertEqual(Sex(spelling: spelling), .male, spelling)
    }
    for spelling in ["F", "f", "female", "FEMALE", "woman", "Woman "] {
      XCTAssertEqual(Sex(spelling: spelling), .female, spelling)
    }
    for spelling in ["", "0", "1", "x", "other", "unknown", "men", "w", "fem"] {
      XCTAssertNil(Sex(spelling: spelling), spelling)
    }
  }

  func testAnyColumnCanBeTheLabel() throws {
    try touch("a.jpg", "b.jpg")
    let url = try write("path,label,sex,age\na.jpg,case,female,50\nb.jpg,control,M,50\n")
    let bySex = try Manifest(contentsOf: url, options: ManifestOptions(labelColumn: "sex"))
    XCTAssertEqual(bySex.labelColumn, "sex")
    XCTAssertEqual(bySex.rows.map(\.label), ["F", "M"], "sex as a label is normalised to M/F")
    let byAge = try Manifest(contentsOf: url, options: ManifestOptions(labelColumn: "AGE"))
    XCTAssertEqual(byAge.rows.map(\.label), ["50", "50"])
    XCTAssertThrowsError(
      try Manifest(contentsOf: url, options: ManifestOptions(labelColumn: "cancer"))
    ) { error in
      XCTAssertEqual(
        error as? ManifestError,
        .unknownLabelColumn(
          file: url.path, name: "cancer", columns: ["path", "label", "sex", "age"]))
      XCTAssertTrue("\(error)".contains("--label-column"))
    }
  }

  func testRequiredFieldsAndHeaderErrors() throws {
    try touch("a.jpg", "b.jpg")
    let url = try write("path,sex,age\na.jpg,F,\nb.jpg,M,20\n")
    let manifest = try Manifest(contentsOf: url, options: ManifestOptions(required: [.sex, .age]))
    XCTAssertEqual(manifest.rows.map(\.path), ["b.jpg"])
    XCTAssertEqual(
      manifest.issues, [ManifestIssue(line: 2, reason: .missingValue, detail: "no age")])
    XCTAssertThrowsError(
      try Manifest(contentsOf: url, options: ManifestOptions(required: [.label]))
    ) {
      XCTAssertEqual(
        $0 as? ManifestError,
        .missingColumn(
          file: url.path, field: .label,
          columns: ["path", "sex", "age"]))
    }
    let noPath = try write("image,sex\na.jpg,F\n", name: "nopath.csv")
    XCTAssertThrowsError(try Manifest(contentsOf: noPath)) {
      XCTAssertEqual(
        $0 as? ManifestError, .noPathColumn(file: noPath.path, columns: ["image", "sex"]))
    }
    let twice = try write("path,Sex,sex\na.jpg,F,F\n", name: "twice.csv")
    XCTAssertThrowsError(try Manifest(contentsOf: twice)) {
      XCTAssertEqual($0 as? ManifestError, .duplicateColumn(file: twice.path, name: "sex"))
    }
  }

  func testCheckFilesCanBeTurnedOff() throws {
    let url = try write("path\nfuture.jpg\n")
    XCTAssertEqual(try Manifest(contentsOf: url).issues.map(\.reason), [.missingFile])
    XCTAssertEqual(
      try Manifest(contentsOf: url, options: ManifestOptions(checkFiles: false))
        .rows.map(\.path), ["future.jpg"])
  }

  func testFolderWithOneSubFolderPerLabel() throws {
    try touch(
      "control/b.PNG", "control/a.jpg", "case/z.jpeg", "case/notes.txt", "case/.hidden.jpg",
      ".trash/q.jpg", "case/deeper/y.jpg")
    let manifest = try Manifest.load(folder)
    XCTAssertEqual(manifest.rows.map(\.path), ["case/z.jpeg", "control/a.jpg", "control/b.PNG"])
    XCTAssertEqual(manifest.labels, ["case", "control"])
    XCTAssertEqual(manifest.rows.map(\.url.lastPathComponent), ["z.jpeg", "a.jpg", "b.PNG"])
    XCTAssertTrue(manifest.rows.allSatisfy { FileManager.default.fileExists(atPath: $0.url.path) })
    XCTAssertThrowsError(try Manifest.load(folder, options: ManifestOptions(required: [.age]))) {
      guard case ManifestError.missingColumn(_, .age, _) = $0 else { return XCTFail("\($0)") }
    }
    let empty = folder.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    XCTAssertThrowsError(try Manifest.load(empty)) {
      XCTAssertEqual($0 as? ManifestError, .notADataSet(path: empty.path))
    }
  }

  func testLoadReadsTheManifestInsideAFolder() throws {
    try touch("photos/a.jpg")
    _ = try write("path,label\nphotos/a.jpg,case\n")
    let manifest = try Manifest.load(folder)
    XCTAssertEqual(manifest.source.lastPathComponent, "manifest.csv")
    XCTAssertEqual(manifest.rows.map(\.label), ["case"])
    XCTAssertThrowsError(try Manifest.load(folder.appendingPathComponent("absent.csv"))) {
      guard case CSVError.cannotRead = $0 else { return XCTFail("\($0)") }
    }
  }

  func testRelativePathsForWrittenManifests() {
    func rel(_ file: String, _ from: String) -> String {
      Manifest.relativePath(of: URL(fileURLWithPath: file), from: URL(fileURLWithPath: from))
    }
    XCTAssertEqual(rel("/data/a/x.jpg", "/data/b"), "../a/x.jpg")
    XCTAssertEqual(rel("/data/b/img/x.jpg", "/data/b"), "img/x.jpg")
    XCTAssertEqual(rel("/data/a/./../c/x.jpg", "/data/b/c"), "../../c/x.jpg")
    XCTAssertEqual(rel("/srv/x.jpg", "/home/me"), "/srv/x.jpg", "nothing shared but the root")
  }

  func testTheFacesDevManifestReadsCleanly() throws {
    guard let faces = TestPaths.facesDev else { throw XCTSkip(TestPaths.facesDevMissing) }
    let manifest = try Manifest.load(
      faces,
      options: ManifestOptions(
        labelColumn: "sex",
        required: [.sex, .age]))
    XCTAssertEqual(manifest.issues, [])
    XCTAssertEqual(manifest.rows.count, 1200)
    XCTAssertEqual(manifest.columns, ["path", "sex", "age", "source"])
    XCTAssertEqual(manifest.labels, ["F", "M"])
    XCTAssertTrue(manifest.rows.allSatisfy { $0.age != nil && $0["source"]?.isEmpty == false })
  }
}
