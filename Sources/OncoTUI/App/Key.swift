/// A key press, decoded from the bytes a terminal sends.
public enum Key: Equatable, Hashable, Sendable {
  case character(Character)
  case control(Character)
  case up, down, left, right
  case pageUp, pageDown, home, end
  case enter, escape, tab, backTab, backspace, delete, insert
  case function(Int)

  /// How the help overlay and messages name the key.
  public var name: String {
    switch self {
    case .character(" "): return "Space"
    case .character(let ch): return String(ch)
    case .control(let ch): return "Ctrl-\(ch.uppercased())"
    case .up: return "↑"
    case .down: return "↓"
    case .left: return "←"
    case .right: return "→"
    case .pageUp: return "PgUp"
    case .pageDown: return "PgDn"
    case .home: return "Home"
    case .end: return "End"
    case .enter: return "Enter"
    case .escape: return "Esc"
    case .tab: return "Tab"
    case .backTab: return "Shift-Tab"
    case .backspace: return "Backspace"
    case .delete: return "Delete"
    case .insert: return "Insert"
    case .function(let n): return "F\(n)"
    }
  }
}
