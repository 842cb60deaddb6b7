import OncoTUI
import XCTest

final class ThemeTests: XCTestCase {
  func testNearest256ColourEntries() {
    XCTAssertEqual(RGB(255, 0, 0).xterm256, 196)
    XCTAssertEqual(RGB(255, 255, 255).xterm256, 231)
    XCTAssertEqual(RGB(0, 0, 0).xterm256, 16)
    XCTAssertEqual(
      RGB(128, 128, 128).xterm256, 244, "mid grey is nearer the grey ramp than the cube")
    XCTAssertEqual(RGB(95, 135, 175).xterm256, 16 + 36 * 1 + 6 * 2 + 3)
  }

  func testNearestANSIColours() {
    XCTAssertEqual(RGB(250, 20, 20).ansi8, 1)
    XCTAssertEqual(RGB(20, 200, 30).ansi8, 2)
    XCTAssertEqual(RGB(10, 10, 10).ansi8, 0)
    XCTAssertEqual(RGB(240, 240, 240).ansi8, 7)
  }

  func testDirectColourAvoidsThePaletteRange() {
    XCTAssertEqual(RGB(0, 0, 3).directColour, 8)
    XCTAssertEqual(RGB(1, 2, 3).directColour, 0x010203)
  }

  func testMonochromeThemeUsesNoColourAndMarksWhatMatters() {
    let mono = Theme.monochrome
    XCTAssertFalse(mono.usesColour)
    XCTAssertTrue(mono[.selectionFocus].reverse)
    XCTAssertTrue(mono[.tabActive].reverse)
    XCTAssertTrue(mono[.bad].bold || mono[.bad].underline)
    XCTAssertNotEqual(mono[.series1], mono[.series2], "two series must differ without colour")
  }

  func testColourThemeGivesEveryHighlightAColour() {
    let colour = Theme.colour
    XCTAssertTrue(colour.usesColour)
    for role in [Role.good, .bad, .accent, .selectionFocus, .tabActive, .series1, .series2, .best] {
      XCTAssertTrue(
        colour[role].foreground != nil || colour[role].background != nil, "\(role) has no colour")
    }
    XCTAssertNotEqual(colour[.good].foreground, colour[.bad].foreground)
    XCTAssertEqual(Theme.forCapabilities(.monochromeUTF8).name, "monochrome")
    XCTAssertEqual(Theme.forCapabilities(.eightColours).name, "colour")
  }
}
