import OncoTUI
import XCTest

final class CapabilitiesTests: XCTestCase {
  func testUTF8LocaleAnd256Colours() {
    let c = Capabilities.detect(
      environment: ["TERM": "xterm-256color"], codeset: "UTF-8", colours: 256)
    XCTAssertEqual(c, Capabilities(unicode: true, colour: .palette256))
    XCTAssertTrue(c.colourImages)
  }

  func testCLocaleIsASCII() {
    let c = Capabilities.detect(environment: [:], codeset: "ANSI_X3.4-1968", colours: 256)
    XCTAssertFalse(c.unicode)
    XCTAssertFalse(
      c.colourImages, "without UTF-8 there are no half blocks, so images use the grey ramp")
  }

  func testNoColorWinsOverEverything() {
    let env = ["NO_COLOR": "1", "COLORTERM": "truecolor"]
    XCTAssertEqual(
      Capabilities.detect(environment: env, codeset: "UTF-8", colours: 256).colour, .monochrome)
    // An empty NO_COLOR does not count (no-color.org).
    XCTAssertEqual(
      Capabilities.detect(environment: ["NO_COLOR": ""], codeset: "UTF-8", colours: 8).colour,
      .ansi8)
  }

  func testTrueColourFromColortermOrDirectColourTerminfo() {
    XCTAssertEqual(
      Capabilities.detect(environment: ["COLORTERM": "truecolor"], codeset: "UTF-8", colours: 256)
        .colour,
      .direct)
    XCTAssertEqual(
      Capabilities.detect(environment: ["COLORTERM": "24bit"], codeset: "UTF-8", colours: 256)
        .colour,
      .direct)
    XCTAssertEqual(
      Capabilities.detect(environment: [:], codeset: "UTF-8", colours: 0x100_0000).colour, .direct)
    // COLORTERM cannot lift an 8-colour terminal.
    XCTAssertEqual(
      Capabilities.detect(environment: ["COLORTERM": "truecolor"], codeset: "UTF-8", colours: 8)
        .colour,
      .ansi8)
  }

  func testNoColourTerminal() {
    XCTAssertEqual(
      Capabilities.detect(environment: [:], codeset: "UTF-8", colours: 0).colour, .monochrome)
  }
}
