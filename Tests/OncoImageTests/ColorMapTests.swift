import OncoImage
import XCTest

final class ColorMapTests: XCTestCase {
  private func assertColour(_ c: (r: UInt8, g: UInt8, b: UInt8), _ expected: [Int],
                            tolerance: Int = 3, _ message: String, line: UInt = #line) {
    for (got, want) in zip([c.r, c.g, c.b], expected) {
      XCTAssertLessThanOrEqual(abs(Int(got) - want), tolerance, "\(message): \(c) vs \(expected)",
                               line: line)
    }
  }

  func testJetAndViridisMatchMatplotlib() {
    // Values of matplotlib 3.x colormaps['jet'|'viridis'](t) × 255.
    assertColour(ColorMap.jet.color(at: 0), [0, 0, 128], "jet 0")
    assertColour(ColorMap.jet.color(at: 0.25), [0, 128, 255], tolerance: 4, "jet 0.25")
    assertColour(ColorMap.jet.color(at: 0.5), [125, 255, 122], "jet 0.5")
    assertColour(ColorMap.jet.color(at: 0.75), [255, 148, 0], tolerance: 4, "jet 0.75")
    assertColour(ColorMap.jet.color(at: 1), [128, 0, 0], "jet 1")
    assertColour(ColorMap.viridis.color(at: 0), [68, 1, 84], tolerance: 0, "viridis 0")
    assertColour(ColorMap.viridis.color(at: 0.5), [33, 145, 140], tolerance: 1, "viridis 0.5")
    assertColour(ColorMap.viridis.color(at: 1), [253, 231, 37], tolerance: 0, "viridis 1")
    assertColour(ColorMap.grey.color(at: 0.5), [128, 128, 128], tolerance: 1, "grey")
    assertColour(ColorMap.viridis.color(at: 7), [253, 231, 37], tolerance: 0, "clamped")
  }

  func testOverlayBlendsHeatOverTheImage() {
    let image = RGBImage(width: 2, height: 1, fill: (100, 100, 100))
    let heat: [Float] = [0, 1]
    XCTAssertEqual(overlay(heat: heat, on: image, alpha: 0, map: .jet), image)
    let full = overlay(heat: heat, on: image, alpha: 1, map: .jet)
    XCTAssertEqual(full[1, 0].r, ColorMap.jet.color(at: 1).r)
    let half = overlay(heat: heat, on: image, alpha: 0.5, map: .grey)
    XCTAssertEqual([half[0, 0].r, half[1, 0].r], [50, 178])
  }

  func testCoarseHeatResamplesSmoothly() {
    let coarse: [Float] = [0, 1, 0, 1]  // 2×2: left 0, right 1
    let fine = resampleHeat(coarse, width: 2, height: 2, toWidth: 8, toHeight: 8)
    XCTAssertEqual(fine[0], 0)
    XCTAssertEqual(fine[7], 1)
    XCTAssertEqual(fine[3] + fine[4], 1, accuracy: 1e-6)  // symmetric about the middle
    XCTAssertTrue(zip(fine.prefix(8), fine.prefix(8).dropFirst()).allSatisfy { $0 <= $1 })
  }
}
