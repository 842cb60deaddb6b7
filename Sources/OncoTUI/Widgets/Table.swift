import Foundation

/// One row of a table: its cells as text, with an optional role per cell (an outcome in red).
public struct TableRow: Equatable, Sendable {
  public var cells: [String]
  public var roles: [Role]

  public init(_ cells: [String], roles: [Role] = []) {
    self.cells = cells
    self.roles = roles
  }

  public func role(at column: Int) -> Role { column < roles.count ? roles[column] : .text }
}

/// A scrolling table with a header, a selected row, a sort column and a `/` filter.
///
/// The rows stay as the screen gave them; `TableState` holds what the user did (selection, scroll,
/// sort, filter) and computes which rows are visible in which order.
///
/// ```
///  id ▲    label    sex  age  outcome
/// ▸d0001   case     F     52  ok
///  d0002   control  M     49  no face
/// ```
public struct Table {
  public struct Column: Sendable {
    public var title: String
    /// Fixed width in cells; 0 means "share the room left".
    public var width: Int
    public var alignment: Alignment

    public init(_ title: String, width: Int = 0, alignment: Alignment = .left) {
      self.title = title
      self.width = width
      self.alignment = alignment
    }
  }

  public var columns: [Column]
  public var rows: [TableRow]
  public var focused: Bool
  /// What to say when there are no rows at all (or none matches the filter).
  public var emptyText: String

  public init(
    columns: [Column], rows: [TableRow], focused: Bool = true, emptyText: String = "no rows"
  ) {
    self.columns = columns
    self.rows = rows
    self.focused = focused
    self.emptyText = emptyText
  }

  /// Draws the header and the visible rows; `state` is scrolled so the selection is visible.
  public func draw(on surface: Surface, state: inout TableState) {
    guard surface.height >= 1, surface.width >= 4 else { return }
    let order = state.visibleRows(of: rows)
    let filterRow = state.isEditingFilter || !state.filter.isEmpty
    let bodyHeight = surface.height - 1 - (filterRow ? 1 : 0)
    state.scroll(toShow: bodyHeight, count: order.count)
    let scrollbar = order.count > bodyHeight && bodyHeight > 1
    let widths = columnWidths(total: surface.width - 1 - (scrollbar ? 1 : 0))

    // Header with the sort indicator.
    var x = 1
    for (i, column) in columns.enumerated() {
      var title = column.title
      if state.sortColumn == i {
        title += state.ascending ? " \(surface.glyphs.up)" : " \(surface.glyphs.down)"
      }
      surface.text(
        title.fitted(to: widths[i], alignment: column.alignment), x: x, y: 0,
        role: .heading, width: widths[i])
      x += widths[i] + 1
    }

    if order.isEmpty {
      let text = rows.isEmpty ? emptyText : "no row matches “\(state.filter)”"
      surface.text(text, x: 1, y: min(1, surface.height - 1), role: .dim)
    }
    for line in 0..<max(0, bodyHeight) {
      let position = state.offset + line
      guard position < order.count else { break }
      let row = rows[order[position]]
      let selected = position == state.selected
      let y = 1 + line
      let rowSurface = surface.sub(
        Rect(x: 0, y: y, width: surface.width - (scrollbar ? 1 : 0), height: 1))
      if selected {
        rowSurface.fill(focused ? .selectionFocus : .selection)
        rowSurface.put(
          surface.glyphs.pointer, x: 0, y: 0, role: focused ? .selectionFocus : .selection)
      }
      var x = 1
      for (i, column) in columns.enumerated() {
        let text = i < row.cells.count ? row.cells[i] : ""
        let role = selected ? (focused ? Role.selectionFocus : .selection) : row.role(at: i)
        rowSurface.text(
          text.fitted(
            to: widths[i], alignment: column.alignment,
            ellipsis: String(surface.glyphs.ellipsis)),
          x: x, y: 0, role: role, width: widths[i])
        x += widths[i] + 1
      }
    }
    if scrollbar {
      drawScrollbar(on: surface, top: 1, height: bodyHeight, state: state, count: order.count)
    }
    if filterRow {
      let y = surface.height - 1
      let caret = state.isEditingFilter ? (surface.glyphs.unicode ? "▏" : "_") : ""
      let prompt = "/" + state.filter + caret
      let width = surface.text(prompt, x: 1, y: y, role: .input)
      surface.text("  \(order.count) of \(rows.count)", x: 1 + width, y: y, role: .dim)
    }
  }

  /// Widths of the columns: fixed ones as given, the rest share what remains.
  func columnWidths(total: Int) -> [Int] {
    let gaps = max(0, columns.count - 1)
    let fixed = columns.reduce(0) { $0 + $1.width }
    let flexible = columns.filter { $0.width == 0 }.count
    let room = max(0, total - fixed - gaps)
    var widths = columns.map { $0.width }
    if flexible > 0 {
      var extra = room % flexible
      for i in widths.indices where widths[i] == 0 {
        widths[i] = max(1, room / flexible + (extra > 0 ? 1 : 0))
        extra -= 1
      }
    } else if let last = widths.indices.last, fixed + gaps > total {
      widths[last] = max(1, widths[last] - (fixed + gaps - total))
    }
    return widths
  }

  private func drawScrollbar(
    on surface: Surface, top: Int, height: Int, state: TableState, count: Int
  ) {
    let x = surface.width - 1
    let thumb = max(1, height * height / max(count, 1))
    let maxOffset = max(1, count - height)
    let start = (height - thumb) * min(state.offset, maxOffset) / maxOffset
    let thumbGlyph: Character = surface.glyphs.unicode ? "┃" : "#"
    for i in 0..<height {
      let inThumb = i >= start && i < start + thumb
      surface.put(inThumb ? thumbGlyph : " ", x: x, y: top + i, role: .dim)
    }
  }
}

/// What the user did to a table: the selected row, the scroll position, sort and filter.
public struct TableState: Equatable, Sendable {
  /// Position of the selected row among the visible (filtered, sorted) rows.
  public var selected = 0
  /// The first visible row.
  public var offset = 0
  public var sortColumn: Int?
  public var ascending = true
  public var filter = ""
  public var isEditingFilter = false
  /// Rows to move on Page Up/Down, set from the last drawn height.
  public var page = 10

  public init(sortColumn: Int? = nil) { self.sortColumn = sortColumn }

  /// The keys every table takes, for key bars and the help overlay.
  public static func keys(filter: Bool = true) -> [KeyBinding] {
    [KeyBinding("j/k", "move", help: "move the selection (↑/↓, PgUp/PgDn, g/G to the ends)")]
      + (filter
        ? [KeyBinding("/", "filter", help: "filter the rows (Enter keeps, Esc clears)")] : [])
      + [KeyBinding("o", "sort", help: "sort by the next column (O reverses)")]
  }

  /// "12/600": the selected row's position among the visible rows.
  public func position(of rows: [TableRow]) -> String {
    let visible = visibleRows(of: rows).count
    return visible == 0 ? "0/0" : "\(min(selected + 1, visible))/\(visible)"
  }

  /// Indices into `rows` of the rows that match the filter, in sort order.
  public func visibleRows(of rows: [TableRow]) -> [Int] {
    let needle = filter.lowercased()
    var indices = rows.indices.filter { i in
      needle.isEmpty || rows[i].cells.contains { $0.lowercased().contains(needle) }
    }
    if let column = sortColumn {
      indices.sort { a, b in
        let x = column < rows[a].cells.count ? rows[a].cells[column] : ""
        let y = column < rows[b].cells.count ? rows[b].cells[column] : ""
        let order = TableState.compare(x, y)
        if order == 0 { return a < b }
        return ascending ? order < 0 : order > 0
      }
    }
    return indices
  }

  /// Numbers compare as numbers, everything else as case-insensitive text.
  static func compare(_ a: String, _ b: String) -> Int {
    if let x = Double(a.trimmingCharacters(in: .whitespaces)),
      let y = Double(b.trimmingCharacters(in: .whitespaces))
    {
      return x < y ? -1 : (x > y ? 1 : 0)
    }
    let result = a.localizedCaseInsensitiveCompare(b)
    return result == .orderedAscending ? -1 : (result == .orderedDescending ? 1 : 0)
  }

  /// The index into `rows` of the selected row, if any row is visible.
  public func selectedRow(of rows: [TableRow]) -> Int? {
    let order = visibleRows(of: rows)
    return order.isEmpty ? nil : order[min(max(selected, 0), order.count - 1)]
  }

  /// Keeps the selection inside `count` rows and visible in a body of `height` rows.
  public mutating func scroll(toShow height: Int, count: Int) {
    page = max(1, height - 1)
    selected = count == 0 ? 0 : min(max(selected, 0), count - 1)
    if height <= 0 { return }
    if selected < offset { offset = selected }
    if selected >= offset + height { offset = selected - height + 1 }
    offset = max(0, min(offset, max(0, count - height)))
  }

  /// Handles a key meant for the table; returns false when the key is not a table key.
  ///
  /// ↑/↓ or k/j move, PgUp/PgDn a page, g/G or Home/End to the ends, `/` edits the filter (Enter
  /// keeps it, Esc clears it), `o` sorts by the next column, `O` reverses the order.
  public mutating func handle(_ key: Key, rows: [TableRow], columnCount: Int) -> Bool {
    let count = visibleRows(of: rows).count
    if isEditingFilter {
      switch key {
      case .enter: isEditingFilter = false
      case .escape:
        isEditingFilter = false
        filter = ""
      case .backspace: if !filter.isEmpty { filter.removeLast() }
      case .character(let ch):
        filter.append(ch)
        selected = 0
      default: return false
      }
      return true
    }
    switch key {
    case .up, .character("k"): selected = max(0, selected - 1)
    case .down, .character("j"): selected = min(max(0, count - 1), selected + 1)
    case .pageUp: selected = max(0, selected - page)
    case .pageDown: selected = min(max(0, count - 1), selected + page)
    case .home, .character("g"): selected = 0
    case .end, .character("G"): selected = max(0, count - 1)
    case .character("/"): isEditingFilter = true
    case .escape where !filter.isEmpty:
      filter = ""
      selected = 0
    case .character("o"):
      sortColumn = columnCount == 0 ? nil : ((sortColumn ?? -1) + 1) % columnCount
      ascending = true
    case .character("O"): ascending.toggle()
    default: return false
    }
    return true
  }
}
