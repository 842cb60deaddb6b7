import OncoTUI
import XCTest

final class KeyDecoderTests: XCTestCase {
  private func decode(_ bytes: [UInt8]) -> [Key] {
    var decoder = KeyDecoder()
    return decoder.decode(bytes)
  }

  private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

  func testPrintableAndControlKeys() {
    XCTAssertEqual(decode(bytes("q1?")), [.character("q"), .character("1"), .character("?")])
    XCTAssertEqual(
      decode([0x0D, 0x09, 0x7F, 0x0C, 0x03]),
      [.enter, .tab, .backspace, .control("l"), .control("c")])
  }

  func testCursorKeysInBothForms() {
    XCTAssertEqual(decode(bytes("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D")), [.up, .down, .right, .left])
    XCTAssertEqual(decode(bytes("\u{1B}OA\u{1B}OD\u{1B}OH\u{1B}OF")), [.up, .left, .home, .end])
    XCTAssertEqual(
      decode(bytes("\u{1B}[5~\u{1B}[6~\u{1B}[3~\u{1B}[Z")), [.pageUp, .pageDown, .delete, .backTab])
    XCTAssertEqual(decode(bytes("\u{1B}[1;5C")), [.right], "modifiers are ignored, the key stays")
    XCTAssertEqual(decode(bytes("\u{1B}OP\u{1B}[15~")), [.function(1), .function(5)])
  }

  func testUTF8Characters() {
    XCTAssertEqual(decode(bytes("é日")), [.character("é"), .character("日")])
  }

  func testSequenceSplitAcrossReadsWaitsForItsEnd() {
    var decoder = KeyDecoder()
    XCTAssertEqual(decoder.decode([0x1B, UInt8(ascii: "[")]), [])
    XCTAssertEqual(decoder.decode([UInt8(ascii: "B")]), [.down])
    XCTAssertEqual(decoder.decode([0xE6, 0x97]), [])
    XCTAssertEqual(decoder.decode([0xA5, UInt8(ascii: "x")]), [.character("日"), .character("x")])
  }

  func testLoneEscapeIsTheEscKeyOnceFlushed() {
    var decoder = KeyDecoder()
    XCTAssertEqual(decoder.decode([0x1B]), [])
    XCTAssertEqual(decoder.pending, [0x1B])
    XCTAssertEqual(decoder.flush(), [.escape])
    XCTAssertEqual(decoder.pending, [])
    XCTAssertEqual(
      decode([0x1B, UInt8(ascii: "q")]), [.escape, .character("q")], "Alt-q: Esc then q")
  }

  func testMalformedSequencesAreSkipped() {
    XCTAssertEqual(decode(bytes("\u{1B}[99~x")), [.character("x")])
    XCTAssertEqual(decode([0xFF, UInt8(ascii: "a")]), [.character("a")])
  }
}
