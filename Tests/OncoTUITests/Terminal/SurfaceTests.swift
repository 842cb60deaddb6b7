import OncoTUI
import XCTest

final class SurfaceTests: XCTestCase {
  func testTextIsClippedToTheSurfaceWithAnEllipsis() {
    let c = canvas(12, 1)
    let inner = c.surface.sub(Rect(x: 2, y: 0, width: 6, height: 1))
    inner.text("abcdefghij", x: 0, y: 0)
    XCTAssertEqual(c.text, "  abcde…    ")
  }

  func testWideCharacterTakesTwoCellsAndStaysWhole() {
    let c = canvas(6, 1)
    let used = c.surface.text("日本x", x: 0, y: 0)
    XCTAssertEqual(used, 5)
    XCTAssertEqual(c.text, "日本x ")
    XCTAssertTrue(c[1, 0].isContinuation)
    XCTAssertTrue(c[3, 0].isContinuation)
  }

  func testWideCharacterThatWouldStraddleTheEdgeBecomesASpace() {
    let c = canvas(4, 1)
    c.surface.text("ab", x: 0, y: 0)
    c.surface.put("日", x: 3, y: 0)
    XCTAssertEqual(c.text, "ab  ")
    XCTAssertFalse(c[3, 0].isContinuation)
  }

  func testOverwritingHalfAWideCharacterClearsTheOtherHalf() {
    let c = canvas(4, 1)
    c.surface.text("日本", x: 0, y: 0)
    c.surface.put("x", x: 1, y: 0)  // the right half of 日
    XCTAssertEqual(c.text, " x本")
    c.surface.put("y", x: 2, y: 0)  // the left half of 本
    XCTAssertEqual(c.text, " xy ")
    XCTAssertFalse(c[3, 0].isContinuation)
  }

  func testASCIICanvasTransliteratesEveryCharacter() {
    let c = canvas(24, 1, .asciiColour)
    c.surface.text("┌ a·b → ★ é 日 ⠿", x: 0, y: 0)
    XCTAssertEqual(c.text, "+ a.b -> * e ? :        ")
  }

  func testAlignmentInAField() {
    let c = canvas(10, 2)
    c.surface.text("ab", x: 0, y: 0, width: 10, alignment: .right)
    c.surface.text("ab", x: 0, y: 1, width: 10, alignment: .centre)
    XCTAssertEqual(c.text, "        ab\n    ab    ")
  }

  func testDisplayWidths() {
    XCTAssertEqual("abc".terminalWidth, 3)
    XCTAssertEqual("日本".terminalWidth, 4)
    XCTAssertEqual("e\u{301}".terminalWidth, 1)  // e + combining acute is one grapheme, one cell
    XCTAssertEqual("⠿─▀".terminalWidth, 3)
    XCTAssertEqual("日本語".truncated(to: 5), "日本…")
    XCTAssertEqual("abc".fitted(to: 5, alignment: .right), "  abc")
  }

  func testRectSplitsCoverTheWholeRectangle() {
    let r = Rect(x: 3, y: 2, width: 50, height: 21)
    let rows = r.splitRows([38, 36, 26], minimum: 4)
    XCTAssertEqual(rows.map(\.height).reduce(0, +), 21)
    XCTAssertEqual(rows.first?.y, 2)
    XCTAssertEqual(rows.last?.maxY, 23)
    XCTAssertTrue(rows.allSatisfy { $0.height >= 4 })
    let columns = r.splitColumns([1, 1, 1])
    XCTAssertEqual(columns.map(\.width).reduce(0, +), 50)
    XCTAssertEqual(columns[1].x, columns[0].maxX)
  }
}
