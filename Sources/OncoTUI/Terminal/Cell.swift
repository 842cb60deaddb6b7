/// One terminal cell: a character (grapheme), what it means (its role), and optional 24-bit colours
/// that override the role's colours (image pixels).
public struct Cell: Equatable, Sendable {
  public var character: Character
  public var role: Role
  public var foreground: RGB?
  public var background: RGB?
  /// The right half of a wide character drawn in the cell to the left; never drawn itself.
  public var isContinuation: Bool

  public init(_ character: Character = " ", role: Role = .text, foreground: RGB? = nil,
              background: RGB? = nil, isContinuation: Bool = false) {
    self.character = character
    self.role = role
    self.foreground = foreground
    self.background = background
    self.isContinuation = isContinuation
  }

  public static let blank = Cell()
}

/// A grid of cells, row by row: the storage behind every canvas.
public struct CellGrid: Equatable, Sendable {
  public private(set) var size: Size
  public private(set) var cells: [Cell]

  public init(size: Size, fill: Cell = .blank) {
    self.size = Size(width: max(0, size.width), height: max(0, size.height))
    self.cells = Array(repeating: fill, count: self.size.width * self.size.height)
  }

  public subscript(x: Int, y: Int) -> Cell {
    get { cells[y * size.width + x] }
    set { cells[y * size.width + x] = newValue }
  }

  public mutating func clear(to cell: Cell = .blank) {
    for i in cells.indices { cells[i] = cell }
  }

  /// The characters, one line per row, trailing spaces kept (continuation cells print nothing).
  public var text: String {
    var out = ""
    for y in 0..<size.height {
      for x in 0..<size.width where !self[x, y].isContinuation { out.append(self[x, y].character) }
      if y < size.height - 1 { out.append("\n") }
    }
    return out
  }

  /// One letter per cell naming its role (see `Role.letter`); image cells with their own colours
  /// show `#`.
  public var roleMap: String {
    var out = ""
    for y in 0..<size.height {
      for x in 0..<size.width {
        let cell = self[x, y]
        out.append(cell.foreground != nil || cell.background != nil ? "#" : cell.role.letter)
      }
      if y < size.height - 1 { out.append("\n") }
    }
    return out
  }
}
