import Foundation
import OncoData
import OncoImage
import OncoTestSupport
import XCTest

@testable import OncoWorkbench

final class ChipLoaderTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws { folder = try TestPaths.temporaryDirectory("chips") }
  override func tearDown() { try? FileManager.default.removeItem(at: folder) }

  private func item(_ name: String) -> TrainingItem {
    TrainingItem(
      path: name, id: name, chip: folder.appendingPathComponent(name + ".png"), label: "F",
      isPositive: true, sex: .female, age: 30, subject: nil, split: .train)
  }

  func testChipsArePackedAsNormalisedPlanesInOrder() throws {
    var a = RGBImage(width: 2, height: 2)
    a[1, 0] = (255, 0, 10)
    let b = RGBImage(width: 2, height: 2, fill: (100, 50, 25))
    try a.writePNG(to: folder.appendingPathComponent("a.png"))
    try b.writePNG(to: folder.appendingPathComponent("b.png"))
    let loader = ChipLoader(size: 2, mean: [10, 20, 30], scale: 2, threads: 2)
    let batch = try loader.load([item("a"), item("b")])
    XCTAssertEqual(batch.count, 2 * 3 * 4)
    // Image a: R plane [−5, 122.5, −5, −5], G plane all −10 (pixel 0), B plane with (10 − 30)/2 at
    // x=1.
    XCTAssertEqual(Array(batch[0..<4]), [-5, 122.5, -5, -5])
    XCTAssertEqual(Array(batch[4..<8]), [-10, -10, -10, -10])
    XCTAssertEqual(Array(batch[8..<12]), [-15, -10, -15, -15])
    XCTAssertEqual(Array(batch[12..<16]), [45, 45, 45, 45])
    XCTAssertEqual(Array(batch[20..<24]), [-2.5, -2.5, -2.5, -2.5])
    // A change sees each image with its position.
    let flipped = try loader.load([item("a")]) { image, index in
      XCTAssertEqual(index, 0)
      image[0, 0] = image[1, 0]
    }
    XCTAssertEqual(flipped[0], 122.5)
  }

  func testAWrongSizeOrMissingChipNamesTheFileAndTheFix() throws {
    try RGBImage(width: 3, height: 3).writePNG(to: folder.appendingPathComponent("big.png"))
    let loader = ChipLoader(size: 2, mean: [0, 0, 0], scale: 1, threads: 1)
    XCTAssertThrowsError(try loader.load([item("big")])) {
      XCTAssertTrue("\($0)".contains("big.png"), "\($0)")
      XCTAssertTrue("\($0)".contains("--size 2"), "\($0)")
    }
    XCTAssertThrowsError(try loader.load([item("gone")])) {
      guard case .unreadable(let path, _) = $0 as? ImageError else { return XCTFail("\($0)") }
      XCTAssertTrue(path.hasSuffix("gone.png"))
    }
  }
}
