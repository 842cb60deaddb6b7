import OncoTUI
import XCTest

final class TableTests: XCTestCase {
  private let rows = (0..<50).map { i in
    TableRow([String(format: "f%02d", i), i % 2 == 0 ? "case" : "control", String((i * 37) % 101)])
  }
  private let columns = [
    Table.Column("id", width: 4), Table.Column("label", width: 8),
    Table.Column("age", alignment: .right),
  ]

  func testNumbersSortAsNumbers() {
    let rows = ["9", "100", "10", "x"].map { TableRow([$0]) }
    var state = TableState(sortColumn: 0)
    XCTAssertEqual(state.visibleRows(of: rows).map { rows[$0].cells[0] }, ["9", "10", "100", "x"])
    state.ascending = false
    XCTAssertEqual(state.visibleRows(of: rows).map { rows[$0].cells[0] }, ["x", "100", "10", "9"])
  }

  func testFilterIsACaseInsensitiveSubstringOfAnyCell() {
    var state = TableState()
    for key in [Key.character("/"), .character("C"), .character("o"), .character("n")] {
      XCTAssertTrue(state.handle(key, rows: rows, columnCount: 3))
    }
    XCTAssertTrue(state.isEditingFilter)
    XCTAssertEqual(state.visibleRows(of: rows).count, 25)
    XCTAssertTrue(
      state.handle(.character("q"), rows: rows, columnCount: 3), "q is text while filtering")
    XCTAssertEqual(state.filter, "Conq")
    _ = state.handle(.backspace, rows: rows, columnCount: 3)
    _ = state.handle(.enter, rows: rows, columnCount: 3)
    XCTAssertFalse(state.isEditingFilter)
    XCTAssertEqual(state.filter, "Con")
    XCTAssertEqual(state.position(of: rows), "1/25")
    _ = state.handle(.escape, rows: rows, columnCount: 3)
    XCTAssertEqual(state.filter, "")
    XCTAssertEqual(state.visibleRows(of: rows).count, 50)
  }

  func testSelectionMovesAndStaysVisible() {
    var state = TableState()
    for _ in 0..<30 { _ = state.handle(.down, rows: rows, columnCount: 3) }
    XCTAssertEqual(state.selected, 30)
    let c = canvas(20, 11)
    Table(columns: columns, rows: rows).draw(on: c.surface, state: &state)
    XCTAssertTrue(state.offset <= 30 && 30 < state.offset + 10, "offset \(state.offset)")
    XCTAssertTrue(c.text.contains("▸f30"))
    _ = state.handle(.end, rows: rows, columnCount: 3)
    XCTAssertEqual(state.selected, 49)
    _ = state.handle(.pageUp, rows: rows, columnCount: 3)
    XCTAssertEqual(state.selected, 49 - state.page)
    _ = state.handle(.character("g"), rows: rows, columnCount: 3)
    XCTAssertEqual(state.selectedRow(of: rows), 0)
    XCTAssertFalse(state.handle(.character("z"), rows: rows, columnCount: 3))
  }

  func testSortKeyCyclesColumnsAndReverses() {
    var state = TableState()
    _ = state.handle(.character("o"), rows: rows, columnCount: 3)
    _ = state.handle(.character("o"), rows: rows, columnCount: 3)
    _ = state.handle(.character("o"), rows: rows, columnCount: 3)
    XCTAssertEqual(state.sortColumn, 2)
    XCTAssertEqual(rows[state.visibleRows(of: rows)[0]].cells[2], "0")
    _ = state.handle(.character("O"), rows: rows, columnCount: 3)
    XCTAssertEqual(rows[state.visibleRows(of: rows)[0]].cells[2], "100")
  }

  func testTableWithScrollbarSortAndFilterRow() {
    var state = TableState(sortColumn: 2)
    state.filter = "case"
    state.selected = 3
    let c = canvas(24, 8)
    Table(columns: columns, rows: rows).draw(on: c.surface, state: &state)
    assertSnapshot(c, named: "table-sorted-filtered", roles: true)
  }

  func testEmptyTablesSayWhy() {
    var state = TableState()
    let c = canvas(30, 3)
    Table(columns: columns, rows: [], emptyText: "no faces").draw(on: c.surface, state: &state)
    XCTAssertTrue(c.text.contains("no faces"))
    state.filter = "zzz"
    let d = canvas(30, 4)
    Table(columns: columns, rows: rows).draw(on: d.surface, state: &state)
    XCTAssertTrue(d.text.contains("no row matches “zzz”"))
    XCTAssertTrue(d.text.contains("0 of 50"))
  }
}
