/// The bottom line: the main keys of the current screen, as `? help  1-6 screens  q quit`.
///
/// When the line is too narrow, entries are dropped from the middle: the first (help) and the last
/// (quit) always stay.
public struct KeyBar {
  public var bindings: [KeyBinding]

  public init(_ bindings: [KeyBinding]) { self.bindings = bindings }

  public func draw(on surface: Surface) {
    surface.fill()
    var shown = bindings
    while shown.count > 2, width(of: shown) > surface.width { shown.remove(at: shown.count - 2) }
    var spans: [Span] = []
    for binding in shown {
      spans += [Span(" " + binding.keys, .key), Span(" " + binding.summary + " ", .keyLabel)]
    }
    surface.spans(spans, x: 0, y: 0)
  }

  private func width(of bindings: [KeyBinding]) -> Int {
    bindings.reduce(0) { $0 + 3 + $1.keys.terminalWidth + $1.summary.terminalWidth }
  }
}

/// A key (or a group of keys) and what it does: for the key bar and the help overlay.
public struct KeyBinding: Equatable, Sendable {
  /// The key as shown: `?`, `j/k`, `Enter`, `←/→`.
  public var keys: String
  /// A short phrase for the key bar: `help`, `move`.
  public var summary: String
  /// The longer explanation of the help overlay (the summary when empty).
  public var help: String

  public init(_ keys: String, _ summary: String, help: String = "") {
    self.keys = keys
    self.summary = summary
    self.help = help.isEmpty ? summary : help
  }
}
