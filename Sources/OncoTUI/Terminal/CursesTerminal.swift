import CNcursesW
import Foundation

/// The ncursesw driver: a canvas whose frames go to the real terminal.
///
/// Screens draw into the back buffer; `present()` compares it with the front buffer (what the
/// terminal shows) and hands only the changed cells to ncurses, which sends them with its own
/// optimisation, so nothing flickers. Colours come from the theme's roles: 24-bit through ncurses
/// direct colour, or, when only COLORTERM promises 24-bit colour, through `TrueColourWriter`; the
/// 256-colour cube and the eight ANSI colours through `alloc_pair`; nothing under NO_COLOR.
///
/// Input is not read through ncurses: the event loop reads stdin itself (see `KeyDecoder`).
public final class CursesTerminal: Canvas {
  public private(set) var capabilities: Capabilities
  public let theme: Theme
  private var back: CellGrid
  /// What the terminal shows; nil when the next frame must be sent whole.
  private var front: CellGrid?
  private var pairs = ColourPairs()
  private let trueColour: TrueColourWriter?
  private let nativeDirectColour: Bool
  private var titleShown: String?
  private var closed = false

  /// Takes over the terminal on stdin/stdout (alternate screen, no echo, hidden cursor).
  public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw TerminalError.notATerminal
    }
    setlocale(LC_ALL, "")
    let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""
    let termName = environment["TERM"] ?? ""
    guard !termName.isEmpty, newterm(nil, oc_stdout(), oc_stdin()) != nil else {
      throw TerminalError.unknownTerminal(termName.isEmpty ? "(unset)" : termName)
    }
    let noColour = !(environment["NO_COLOR"] ?? "").isEmpty
    var colours = 0
    if has_colors() && !noColour {
      start_color()
      use_default_colors()
      colours = Int(oc_colors())
    }
    capabilities = Capabilities.detect(environment: environment, codeset: codeset, colours: colours)
    nativeDirectColour = colours >= 0x100_0000
    trueColour = capabilities.colour == .direct && !nativeDirectColour ? TrueColourWriter() : nil
    theme = Theme.forCapabilities(capabilities)
    pairs.limit = Int(oc_color_pairs())
    cbreak()
    noecho()
    nonl()
    intrflush(oc_stdscr(), false)
    curs_set(0)
    leaveok(oc_stdscr(), true)
    back = CellGrid(size: CursesTerminal.currentSize())
    front = nil
  }

  deinit { close() }

  public var size: Size { back.size }

  public subscript(x: Int, y: Int) -> Cell {
    get { back[x, y] }
    set { back[x, y] = newValue }
  }

  public func clear() { back.clear() }

  /// Sends the cells that changed since the last frame to the terminal.
  public func present() {
    guard !closed else { return }
    if pairs.wouldOverflow(adding: newStyleKeys()) {
      pairs.reset()
      front = nil
      clearok(oc_curscr(), true)
    }
    var overlay: [(Int, Int, Cell)] = []
    let width = back.size.width
    for y in 0..<back.size.height {
      for x in 0..<width {
        let cell = back[x, y]
        if let front, front[x, y] == cell { continue }
        if cell.isContinuation { continue }
        let (attributes, pair) = resolve(cell, x: x, y: y)
        var chars = [wchar_t](repeating: 0, count: 6)
        var i = 0
        for scalar in cell.character.unicodeScalars.prefix(5) {
          chars[i] = wchar_t(bitPattern: scalar.value)
          i += 1
        }
        _ = oc_put_cell(Int32(y), Int32(x), chars, attributes, pair)
        if trueColour != nil, cell.foreground != nil || cell.background != nil {
          overlay.append((x, y, cell))
        }
      }
    }
    wnoutrefresh(oc_stdscr())
    doupdate()
    trueColour?.write(overlay)
    front = back
  }

  /// Repaints the whole terminal on the next `present()` (Ctrl-L, or after something else wrote on it).
  public func invalidate() {
    front = nil
    clearok(oc_curscr(), true)
  }

  /// Follows a change of the terminal's size (SIGWINCH): the next frame is drawn at the new size.
  public func resize() {
    let size = CursesTerminal.currentSize()
    resizeterm(Int32(size.height), Int32(size.width))
    back = CellGrid(size: size)
    invalidate()
  }

  /// Sets the window title (xterm OSC 2), written only when it changes.
  public func setTitle(_ title: String) {
    guard title != titleShown, !closed else { return }
    titleShown = title
    let text = capabilities.unicode ? title : Glyphs.ascii(title)
    TrueColourWriter.writeAll("\u{1B}]2;\(text)\u{07}")
  }

  /// Gives the terminal back (normal screen, cursor, modes). Safe to call twice.
  public func close() {
    guard !closed else { return }
    closed = true
    curs_set(1)
    endwin()
  }

  /// The size of the terminal on stdout, asked of the kernel (ncurses' idea may be stale).
  static func currentSize() -> Size {
    var rows: Int32 = 0
    var cols: Int32 = 0
    if oc_window_size(STDOUT_FILENO, &rows, &cols) == 0, rows > 0, cols > 0 {
      return Size(width: Int(cols), height: Int(rows))
    }
    return Size(width: Int(oc_cols()), height: Int(oc_lines()))
  }

  /// The ncurses attributes and colour pair for a cell.
  private func resolve(_ cell: Cell, x: Int, y: Int) -> (attr_t, Int32) {
    let style = theme[cell.role]
    var attributes = oc_a_normal()
    if style.bold { attributes |= oc_a_bold() }
    if style.underline { attributes |= oc_a_underline() }
    if style.reverse { attributes |= oc_a_reverse() }
    if style.dim { attributes |= oc_a_dim() }
    guard capabilities.colour != .monochrome else { return (attributes, 0) }
    let key = styleKey(cell, style, x: x, y: y)
    if key.foreground == -1 && key.background == -1 { return (attributes, 0) }
    return (attributes, pairs.pair(for: key))
  }

  /// The colour pair of a cell at (`x`, `y`); image colours on the 256-colour palette are dithered
  /// by position (the upper and lower half of a cell are pixel rows 2y and 2y+1).
  private func styleKey(_ cell: Cell, _ style: Style, x: Int, y: Int) -> ColourPairs.Key {
    var foreground = cell.foreground
    var background = cell.background
    if capabilities.colour == .palette256 || (capabilities.colour == .direct && !nativeDirectColour)
    {
      foreground = foreground?.dithered(x: x, y: 2 * y)
      background = background?.dithered(x: x, y: 2 * y + 1)
    }
    return ColourPairs.Key(
      foreground: colourNumber(foreground, style.foreground),
      background: colourNumber(background, style.background))
  }

  /// The ncurses colour number for an explicit cell colour or, failing that, the role's colour.
  private func colourNumber(_ explicit: RGB?, _ themed: Style.Colour?) -> Int {
    switch capabilities.colour {
    case .monochrome: return -1
    case .ansi8:
      if let explicit { return explicit.ansi8 }
      return themed?.ansi ?? -1
    case .palette256:
      return (explicit ?? themed?.rgb)?.xterm256 ?? -1
    case .direct:
      guard let rgb = explicit ?? themed?.rgb else { return -1 }
      return nativeDirectColour ? rgb.directColour : rgb.xterm256
    }
  }

  /// The colour pairs the changed cells of this frame need that are not allocated yet.
  private func newStyleKeys() -> Int {
    guard capabilities.colour != .monochrome else { return 0 }
    var keys = Set<ColourPairs.Key>()
    for y in 0..<back.size.height {
      for x in 0..<back.size.width {
        let cell = back[x, y]
        if let front, front[x, y] == cell { continue }
        let key = styleKey(cell, theme[cell.role], x: x, y: y)
        if !pairs.contains(key) { keys.insert(key) }
      }
    }
    return keys.count
  }
}
