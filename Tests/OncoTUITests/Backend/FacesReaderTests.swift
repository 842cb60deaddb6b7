import Foundation
import OncoFace
import OncoImage
import OncoTestSupport
import XCTest

@testable import OncoTUI

final class FacesReaderTests: XCTestCase {
  func testGroupComparisonAndAverageFacesAreRead() throws {
    let folder = try TestPaths.temporaryDirectory("tui-faces")
    defer { try? FileManager.default.removeItem(at: folder) }
    let header = GroupComparison.tableHeader.joined(separator: ",")
    let text =
      header + "\n"
      + "cjwr,control,300,1.232,0.042,,,,,,,,,\n"
      + "cjwr,case,300,1.152,0.041,control,-0.08,-23.6,597,0.00001,-1.9,-2.1,-1.7,\n"
      + "fwhr,control,300,2.199,0.088,,,,,,,,,\n"
      + "fwhr,case,300,2.203,0.081,control,0.004,0.6,597,0.538,0.05,-0.1,0.2,\n"
    try Data(text.utf8).write(to: folder.appendingPathComponent("group-comparison.csv"))
    try RGBImage(width: 3, height: 3, fill: (1, 2, 3)).writePNG(
      to: folder.appendingPathComponent("average-case.png"))
    XCTAssertTrue(FacesReader.exists(folder))

    let model = try FacesReader.read(folder)
    XCTAssertEqual(model.groups.map(\.name), ["control", "case"])
    XCTAssertEqual(model.groups.map(\.count), [300, 300])
    XCTAssertNil(model.groups[0].average, "no picture for control")
    XCTAssertEqual(model.groups[1].average?[0, 0].b, 3)
    XCTAssertEqual(
      model.measures.map(\.name), [FaceMeasure.cheekToJaw.title, FaceMeasure.widthToHeight.title])
    XCTAssertEqual(model.measures[0].means, [1.232, 1.152])
    XCTAssertEqual(model.measures[0].deviations, [0.042, 0.041])
    XCTAssertEqual(model.measures[0].p ?? 1, 0.00001, accuracy: 1e-12)
    XCTAssertEqual(model.measures[1].p ?? 0, 0.538, accuracy: 1e-12)
    XCTAssertEqual(model.measures[0].meaning, FaceMeasure.cheekToJaw.meaning)
  }
}
