import OncoTUI
import XCTest

final class BrailleGridTests: XCTestCase {
  private func render(_ grid: BrailleGrid, _ capabilities: Capabilities = .full) -> String {
    let c = canvas(grid.columns, grid.rows, capabilities)
    grid.draw(on: c.surface, x: 0, y: 0)
    return c.text
  }

  func testDotsMapToTheUnicodeBrailleBits() {
    var grid = BrailleGrid(columns: 3, rows: 1)
    grid.set(x: 0, y: 0, role: .series1)        // dot 1
    grid.set(x: 3, y: 3, role: .series1)        // dot 8 of the second cell
    for x in 4...5 { for y in 0...3 { grid.set(x: x, y: y, role: .series1) } }
    XCTAssertEqual(render(grid), "⠁⢀⣿")
  }

  func testDiagonalLine() {
    var grid = BrailleGrid(columns: 2, rows: 1)
    grid.line(from: (0, 0), to: (3, 3), role: .series1)
    XCTAssertEqual(render(grid), "⠑⢄")
    XCTAssertEqual(render(grid, .asciiColour), "'.", "upper dots become ', lower dots .")
  }

  func testDashedLineLeavesGaps() {
    var solid = BrailleGrid(columns: 8, rows: 1), dashed = BrailleGrid(columns: 8, rows: 1)
    solid.line(from: (0, 1), to: (15, 1), role: .series1)
    dashed.line(from: (0, 1), to: (15, 1), role: .series2, dashed: true)
    XCTAssertEqual(render(solid), "⠒⠒⠒⠒⠒⠒⠒⠒")
    XCTAssertEqual(render(dashed), "⠒ ⠒ ⠒ ⠒ ")
  }

  func testDotsOutsideAreIgnoredAndTheLastSeriesColoursTheCell() {
    var grid = BrailleGrid(columns: 1, rows: 1)
    grid.set(x: -1, y: 0, role: .series1)
    grid.set(x: 2, y: 0, role: .series1)
    XCTAssertFalse(grid.isSet(column: 0, row: 0))
    grid.set(x: 0, y: 0, role: .series1)
    grid.set(x: 1, y: 0, role: .series2)
    let c = canvas(1, 1)
    grid.draw(on: c.surface, x: 0, y: 0)
    XCTAssertEqual(c[0, 0].role, .series2)
  }
}
