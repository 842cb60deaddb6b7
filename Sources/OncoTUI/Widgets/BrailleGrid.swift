/// A raster of braille dots, two across and four down per cell, that lines are drawn into.
///
/// Each cell remembers the role of the last series drawn through it, so overlapping series stay
/// distinguishable by colour. On an ASCII canvas each cell becomes `'`, `.` or `:` by which half of
/// it holds dots.
public struct BrailleGrid {
  public let columns: Int
  public let rows: Int
  private var dots: [UInt8]
  private var roles: [Role]

  public init(columns: Int, rows: Int) {
    self.columns = max(0, columns)
    self.rows = max(0, rows)
    dots = Array(repeating: 0, count: self.columns * self.rows)
    roles = Array(repeating: .text, count: self.columns * self.rows)
  }

  public var dotWidth: Int { columns * 2 }
  public var dotHeight: Int { rows * 4 }

  /// Sets the dot at (`x`, `y`) in dot coordinates (0, 0 top left); outside is ignored.
  public mutating func set(x: Int, y: Int, role: Role) {
    guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
    let i = (y / 4) * columns + x / 2
    dots[i] |= BrailleCell.bit(column: x % 2, row: y % 4)
    roles[i] = role
  }

  /// Draws a straight line between two dot positions (Bresenham); `dashed` leaves gaps so a second
  /// series reads apart from the first without colour.
  public mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), role: Role,
                            dashed: Bool = false) {
    var x = a.x, y = a.y
    let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
    let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
    var error = dx + dy
    var step = 0
    while true {
      if !dashed || step % 4 < 2 { set(x: x, y: y, role: role) }
      if x == b.x && y == b.y { break }
      let e2 = 2 * error
      if e2 >= dy { error += dy; x += sx }
      if e2 <= dx { error += dx; y += sy }
      step += 1
    }
  }

  /// Whether the cell at (`column`, `row`) holds any dot.
  public func isSet(column: Int, row: Int) -> Bool { dots[row * columns + column] != 0 }

  /// Draws the cells that hold dots onto `surface` from (`x`, `y`); empty cells are left alone.
  public func draw(on surface: Surface, x: Int, y: Int) {
    for row in 0..<rows {
      for column in 0..<columns {
        let i = row * columns + column
        guard dots[i] != 0 else { continue }
        let character: Character = surface.capabilities.unicode
          ? BrailleCell.character(dots: dots[i])
          : Character(BrailleCell.ascii(dots: dots[i]))
        surface.put(character, x: x + column, y: y + row, role: roles[i])
      }
    }
  }
}

/// The braille block (U+2800…U+28FF): which bit is which dot, and the ASCII stand-ins.
public enum BrailleCell {
  /// The bit of the dot in `column` (0, 1) and `row` (0…3) of a cell.
  public static func bit(column: Int, row: Int) -> UInt8 {
    let left: [UInt8] = [0x01, 0x02, 0x04, 0x40], right: [UInt8] = [0x08, 0x10, 0x20, 0x80]
    return column == 0 ? left[row] : right[row]
  }

  public static func character(dots: UInt8) -> Character {
    Character(Unicode.Scalar(0x2800 + UInt32(dots))!)
  }

  /// `'` for dots only in the upper half, `.` only in the lower half, `:` for both.
  public static func ascii(dots: UInt8) -> String {
    let upper = dots & 0x1B != 0, lower = dots & 0xE4 != 0
    switch (upper, lower) {
    case (true, true): return ":"
    case (true, false): return "'"
    case (false, true): return "."
    case (false, false): return " "
    }
  }
}
