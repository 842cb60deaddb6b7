/// The drawing surface every screen and widget draws on, implemented by the ncurses driver
/// (`CursesTerminal`) and by the in-memory `MemoryCanvas` that snapshot tests read back.
///
/// A canvas is a grid of `Cell`s; nothing reaches the terminal until the driver presents the frame,
/// and then only the cells that changed. Draw through a `Surface`, which clips and keeps wide
/// characters whole.
public protocol Canvas: AnyObject {
  var size: Size { get }
  var capabilities: Capabilities { get }
  subscript(x: Int, y: Int) -> Cell { get set }
  /// Sets every cell to blank (the start of a frame).
  func clear()
}

extension Canvas {
  /// A surface covering the whole canvas.
  public var surface: Surface { Surface(canvas: self, frame: Rect(size: size)) }
}

/// An in-memory canvas: what tests draw into and read back as text.
///
///     let canvas = MemoryCanvas(width: 80, height: 24)
///     TabBar.draw(…, on: canvas.surface)
///     print(canvas.text)
public final class MemoryCanvas: Canvas {
  public private(set) var grid: CellGrid
  public let capabilities: Capabilities

  public init(width: Int, height: Int, capabilities: Capabilities = .full) {
    grid = CellGrid(size: Size(width: width, height: height))
    self.capabilities = capabilities
  }

  public var size: Size { grid.size }

  public subscript(x: Int, y: Int) -> Cell {
    get { grid[x, y] }
    set { grid[x, y] = newValue }
  }

  public func clear() { grid.clear() }

  /// The characters, one line per row.
  public var text: String { grid.text }

  /// The role letters, one line per row (see `Role.letter`).
  public var roleMap: String { grid.roleMap }
}
