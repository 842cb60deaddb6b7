/// A question in a box over the screen, answered by one of a few keys.
///
/// ```
/// ┌ Quit? ───────────────────────────────────┐
/// │ A training run is going (epoch 4/5).     │
/// │                                          │
/// │  y stop it and quit   n keep working     │
/// └──────────────────────────────────────────┘
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
    var choiceSpans: [Span] = []
    for choice in choices {
      choiceSpans += [Span(" " + choice.keys, .key), Span(" " + choice.summary + "  ")]
    }
    let choicesWidth = choiceSpans.reduce(0) { $0 + $1.width }
    let textWidth = max(choicesWidth, message.map(\.terminalWidth).max() ?? 0, title.terminalWidth + 4)
    let width = min(surface.width, textWidth + 4)
    let height = min(surface.height, message.count + 4)
    let frame = surface.bounds.centred(Size(width: width, height: height))
    let inner = Box(title, focused: true).draw(on: surface.sub(frame))
    for (i, line) in message.enumerated() { inner.text(line, x: 1, y: i) }
    inner.spans(choiceSpans, x: 0, y: message.count + 1)
  }
}
