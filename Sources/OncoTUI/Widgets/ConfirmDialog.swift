/// A question in a box over the screen, answered by one of a few keys.
///
/// Choices without a longer explanation share one line; choices with one (`KeyBinding.help`)
/// get a line each, the explanation dim and wrapped below:
///
/// ```
/// ┌ Quit while training? ─────────────────────────────────────────┐
/// │ Training is running (epoch 4/5).                               │
/// │                                                                │
/// │  h    keep training headless                                   │
/// │       it goes on in the background after the workbench closes  │
/// │  s    stop the run and quit                                    │
/// │  Esc  stay                                                     │
/// └────────────────────────────────────────────────────────────────┘
/// ```
public struct ConfirmDialog: Equatable, Sendable {
  public var title: String
  public var message: [String]
  public var choices: [KeyBinding]

  public init(title: String, message: [String], choices: [KeyBinding]) {
    self.title = title
    self.message = message
    self.choices = choices
  }

  public func draw(on surface: Surface) {
    let explained = choices.contains { $0.help != $0.summary }
    let keyWidth = choices.map(\.keys.terminalWidth).max() ?? 1
    // The widest the box may be: the screen less a margin, at most 76 columns of text.
    let room = min(76, surface.width - 6)
    var lines: [[Span]] = message.map { [Span($0)] } + [[]]
    if explained {
      for choice in choices {
        lines.append([
          Span(" " + choice.keys.fitted(to: keyWidth), .key), Span("  " + choice.summary),
        ])
        guard choice.help != choice.summary else { continue }
        let indent = String(repeating: " ", count: keyWidth + 3)
        for line in Notice.wrap(choice.help, width: max(10, room - indent.count)) {
          lines.append([Span(indent + line, .dim)])
        }
      }
    } else {
      lines.append(choices.flatMap { [Span(" " + $0.keys, .key), Span(" " + $0.summary + "  ")] })
    }
    let textWidth = max(
      lines.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0, title.terminalWidth + 4)
    let width = min(surface.width, textWidth + 4)
    let height = min(surface.height, lines.count + 2)
    let frame = surface.bounds.centred(Size(width: width, height: height))
    let inner = Box(title, focused: true).draw(on: surface.sub(frame))
    for (i, line) in lines.enumerated() { inner.spans(line, x: 1, y: i) }
  }
}
