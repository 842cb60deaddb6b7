import OncoImage
import OncoTUI
import XCTest

final class ImageViewTests: XCTestCase {
  func testBoxFilterAveragesWholePixels() {
    // 4×2 → 2×1: each output pixel is the mean of a 2×2 block.
    let image = RGBImage(
      width: 4, height: 2,
      pixels: [
        0, 0, 0, 100, 0, 0, 200, 10, 0, 0, 10, 0,
        40, 0, 0, 60, 0, 0, 0, 30, 0, 40, 30, 0,
      ])
    let small = ImageView.resample(image, width: 2, height: 1)
    XCTAssertEqual(small.pixels, [50, 0, 0, 60, 20, 0])
  }

  func testBoxFilterWeighsPartlyCoveredPixels() {
    // 3 → 2: the middle pixel is split half and half.
    let image = RGBImage(width: 3, height: 1, pixels: [0, 0, 0, 90, 90, 90, 180, 180, 180])
    let small = ImageView.resample(image, width: 2, height: 1)
    XCTAssertEqual(small.pixels, [30, 30, 30, 150, 150, 150])
  }

  func testFitKeepsTheAspectRatio() {
    XCTAssertEqual(
      ImageView.fittedPixels(width: 150, height: 150, in: Size(width: 30, height: 10)),
      Size(width: 20, height: 20))
    XCTAssertEqual(
      ImageView.fittedPixels(width: 150, height: 100, in: Size(width: 40, height: 40)),
      Size(width: 40, height: 27))
    XCTAssertEqual(
      ImageView.fittedCells(width: 150, height: 100, in: Size(width: 40, height: 40)),
      Size(width: 40, height: 14))
  }

  func testHalfBlocksCarryTheUpperPixelAsForegroundAndTheLowerAsBackground() {
    var image = RGBImage(width: 2, height: 4)
    image[0, 0] = (255, 0, 0)
    image[0, 1] = (0, 0, 255)
    image[1, 2] = (10, 20, 30)
    image[1, 3] = (200, 210, 220)
    let c = canvas(2, 2)
    ImageView(image).draw(on: c.surface)
    XCTAssertEqual(c.text, "▀▀\n▀▀")
    XCTAssertEqual(c[0, 0].foreground, RGB(255, 0, 0))
    XCTAssertEqual(c[0, 0].background, RGB(0, 0, 255))
    XCTAssertEqual(c[1, 1].foreground, RGB(10, 20, 30))
    XCTAssertEqual(c[1, 1].background, RGB(200, 210, 220))
  }

  func testImageIsScaledToFitAndCentred() {
    // 4×4 pixels in 10×3 cells (10×6 terminal pixels): scaled by 1.5 to 6×6, centred across.
    let c = canvas(10, 3)
    ImageView(RGBImage(width: 4, height: 4, fill: (255, 255, 255))).draw(on: c.surface)
    XCTAssertEqual(c.text, "  ▀▀▀▀▀▀  \n  ▀▀▀▀▀▀  \n  ▀▀▀▀▀▀  ")
    // 8×2 pixels in 4×4 cells: halved to 4×1, centred down.
    let wide = canvas(4, 4)
    ImageView(RGBImage(width: 8, height: 2, fill: (255, 255, 255))).draw(on: wide.surface)
    XCTAssertEqual(wide.text, "    \n▀▀▀▀\n    \n    ")
    XCTAssertNil(wide[0, 1].background, "an odd last pixel row leaves the lower half empty")
  }

  func testGreyRampWithoutColour() {
    var image = RGBImage(width: 3, height: 2)
    image[1, 0] = (128, 128, 128)
    image[1, 1] = (128, 128, 128)
    image[2, 0] = (255, 255, 255)
    image[2, 1] = (255, 255, 255)
    for capabilities in [Capabilities.asciiColour, .eightColours, .monochromeUTF8] {
      let c = canvas(3, 1, capabilities)
      ImageView(image).draw(on: c.surface)
      XCTAssertEqual(c.text, " +@", "\(capabilities): black, mid grey (6th of 10 steps), white")
      XCTAssertNil(c[2, 0].foreground)
    }
  }

  func testLandmarksArePaintedOnTheImage() {
    let image = RGBImage(width: 4, height: 4, fill: (0, 0, 0))
    let c = canvas(4, 2)
    ImageView(image, points: [(x: 2.5, y: 3.2)], pointColour: RGB(0, 255, 0)).draw(on: c.surface)
    XCTAssertEqual(
      c[2, 1].background, RGB(0, 255, 0), "pixel (2, 3) is the lower half of cell (2, 1)")
    XCTAssertEqual(c[2, 1].foreground, RGB(0, 0, 0))
    let ascii = canvas(4, 2, .asciiColour)
    ImageView(image, points: [(x: 2.5, y: 3.2)]).draw(on: ascii.surface)
    XCTAssertEqual(ascii.text, "    \n  o ")
  }
}
