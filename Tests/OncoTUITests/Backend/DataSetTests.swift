import Foundation
import OncoImage
import OncoTestSupport
import XCTest

@testable import OncoTUI

/// Reading data sets for the Data screen: a prepared folder (chips, masks, landmarks, failures) and
/// a manifest of photos that is not prepared yet.
final class DataSetTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = try TestPaths.temporaryDirectory("tui-dataset")
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  private func write(_ text: String, _ name: String) throws {
    try Data(text.utf8).write(to: folder.appendingPathComponent(name))
  }

  func testPreparedFolderGivesRowsOutcomesPreviewAndLandmarks() throws {
    for sub in ["chips", "masked", "photos"] {
      try FileManager.default.createDirectory(
        at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
    }
    try RGBImage(width: 6, height: 6, fill: (200, 150, 120)).writePNG(
      to: folder.appendingPathComponent("chips/a.png"))
    try RGBImage(width: 6, height: 6, fill: (0, 0, 0)).writePNG(
      to: folder.appendingPathComponent("masked/a.png"))
    try write(
      """
      path,label,sex,age,id,chip,outcome,reason
      photos/a.jpg,case,F,52,a,chips/a.png,ok,
      photos/b.jpg,control,male,47.6,b,,no_face,no face found
      photos/c.jpg,control,,,c,,unreadable,not an image

      """, "prepared.csv")
    let points = (0..<68).flatMap { ["\($0).5", "\(2 * $0)"] }.joined(separator: ",")
    try write(
      "id," + (0..<68).map { "x\($0),y\($0)" }.joined(separator: ",") + "\na,\(points)\n",
      "landmarks.csv")

    let set = try DataSet.read(folder)
    XCTAssertTrue(set.isPrepared)
    XCTAssertEqual(set.model.faces.map(\.id), ["a", "b", "c"])
    XCTAssertEqual(set.model.faces.map(\.outcome), ["ok", "no face", "unreadable"])
    XCTAssertEqual(set.model.faces.map(\.prepared), [true, false, false])
    XCTAssertEqual(set.model.faces[1].sex, "M", "male is read as M")
    XCTAssertEqual(set.model.faces[1].age, 48)
    XCTAssertEqual(set.model.faces[2].sex, "", "an empty sex is unknown")
    XCTAssertEqual(set.labels, ["case", "control"], "the positive-looking label first")

    let preview = set.preview(id: "a")
    XCTAssertEqual(preview.chip?[0, 0].r, 200)
    XCTAssertEqual(preview.maskedChip?[0, 0].r, 0)
    XCTAssertEqual(preview.landmarks.count, 68)
    XCTAssertEqual(preview.landmarks[3].x, 3.5)
    XCTAssertEqual(preview.landmarks[3].y, 6)
    let failed = set.preview(id: "b")
    XCTAssertNil(failed.chip)
    XCTAssertFalse(failed.note.isEmpty, "a face without a chip says why")
  }

  func testManifestOfPhotosIsListedAsNotPreparedAndShowsThePhoto() throws {
    try RGBImage(width: 900, height: 600, fill: (10, 20, 30)).writePNG(
      to: folder.appendingPathComponent("one.png"))
    try write("path,label,sex,age\none.png,case,F,60\nmissing.png,control,M,61\n", "manifest.csv")
    let set = try DataSet.read(folder.appendingPathComponent("manifest.csv"))
    XCTAssertFalse(set.isPrepared)
    XCTAssertEqual(set.model.faces.map(\.outcome), ["not prepared"])
    XCTAssertEqual(
      set.model.problems.count, 1, "the missing photo is a reported problem: \(set.model.problems)")
    XCTAssertEqual(set.model.name, "manifest")
    let preview = set.preview(id: "one")
    XCTAssertEqual(
      preview.chip.map { max($0.width, $0.height) }, 300, "a large photo is shrunk for drawing")
    XCTAssertEqual(preview.chip?.height, 200)
    XCTAssertEqual(preview.chip?[5, 5].b, 30)
  }

  func testUnreadableDataSetIsAnError() {
    XCTAssertThrowsError(try DataSet.read(folder.appendingPathComponent("nothing.csv")))
  }
}
