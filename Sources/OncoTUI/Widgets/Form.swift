import Foundation

/// One field of a form: a label and a value that is either chosen from a list or typed.
public struct FormField: Equatable, Sendable {
  public enum Kind: Equatable, Sendable {
    /// One of a fixed list; ←/→ steps through it.
    case choice([String])
    /// A whole number in a range; ←/→ steps by `step`, Enter lets it be typed.
    case integer(ClosedRange<Int>, step: Int)
    /// A number in a range; ←/→ walks through `presets` (e.g. learning rates), Enter lets any value
    /// in range be typed.
    case number(ClosedRange<Double>, presets: [Double])
    /// Any text that is not empty (a path); ←/→ walks through `presets`, Enter lets it be typed.
    case text(presets: [String])
  }

  public var name: String
  public var label: String
  public var value: String
  public var kind: Kind

  public init(_ name: String, label: String, value: String, kind: Kind) {
    self.name = name
    self.label = label
    self.value = value
    self.kind = kind
  }

  /// The value after a step left (-1) or right (+1).
  public func stepped(_ direction: Int) -> String {
    switch kind {
    case .choice(let options), .text(presets: let options):
      guard !options.isEmpty else { return value }
      guard let i = options.firstIndex(of: value) else { return options[0] }
      return options[(i + direction + options.count) % options.count]
    case .integer(let range, let step):
      let current = Int(value) ?? range.lowerBound
      return String(min(range.upperBound, max(range.lowerBound, current + direction * step)))
    case .number(let range, let presets):
      let current = Double(value) ?? range.lowerBound
      let sorted = presets.sorted()
      let next =
        direction > 0
        ? sorted.first { $0 > current * (1 + 1e-9) } : sorted.last { $0 < current * (1 - 1e-9) }
      return FormField.format(min(range.upperBound, max(range.lowerBound, next ?? current)))
    }
  }

  /// Checks a typed value; returns the cleaned value or a message saying what is allowed.
  public func validate(_ text: String) -> Result<String, FormError> {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    switch kind {
    case .choice(let options):
      if let match = options.first(where: { $0.lowercased() == trimmed.lowercased() }) {
        return .success(match)
      }
      return .failure(FormError(field: label, message: "one of " + options.joined(separator: ", ")))
    case .integer(let range, _):
      guard let n = Int(trimmed), range.contains(n) else {
        return .failure(
          FormError(
            field: label,
            message: "a whole number from \(range.lowerBound) to \(range.upperBound)"))
      }
      return .success(String(n))
    case .number(let range, _):
      guard let x = Double(trimmed), x.isFinite, range.contains(x) else {
        return .failure(
          FormError(
            field: label,
            message: "a number from \(FormField.format(range.lowerBound)) "
              + "to \(FormField.format(range.upperBound))"))
      }
      return .success(FormField.format(x))
    case .text:
      guard !trimmed.isEmpty else { return .failure(FormError(field: label, message: "some text")) }
      return .success(trimmed)
    }
  }

  /// Short number text: 0.5, 3e-4, 1e-3.
  public static func format(_ x: Double) -> String {
    if x == 0 { return "0" }
    if abs(x) < 0.01 {
      let exponent = Int(floor(log10(abs(x))))
      let mantissa = x / pow(10, Double(exponent))
      let m = String(format: "%.2g", mantissa)
      return "\(m)e\(exponent)"
    }
    return String(format: "%g", x)
  }
}

/// A typed value that a field does not accept.
public struct FormError: Error, Equatable, CustomStringConvertible, Sendable {
  public var field: String
  public var message: String
  public var description: String { "\(field): expected \(message)" }
}

/// A column of labelled fields with one in focus; values change with ←/→ or are typed after Enter.
///
/// ```
///  model    ‹ dlib-face ›
///  epochs     5
/// ```
public struct Form: Equatable, Sendable {
  public var fields: [FormField]
  public var focus = 0
  /// The text being typed into the focused field, when editing.
  public var editing: String?
  /// The last rejected input, shown under the form.
  public var error: FormError?

  public init(fields: [FormField]) { self.fields = fields }

  public subscript(name: String) -> String? {
    fields.first { $0.name == name }?.value
  }

  /// Gives a choice field new options, keeping its value when it is still one of them.
  public mutating func setChoices(_ options: [String], of name: String) {
    guard let i = fields.firstIndex(where: { $0.name == name }), !options.isEmpty else { return }
    fields[i].kind = .choice(options)
    if !options.contains(fields[i].value) { fields[i].value = options[0] }
  }

  /// Handles a key meant for the form; returns false when it is not a form key.
  ///
  /// ↑/↓ or k/j move between fields, ←/→ or h/l step the value, Enter types a value (Enter again
  /// keeps it, Esc drops it).
  public mutating func handle(_ key: Key, enabled: Bool = true) -> Bool {
    if var text = editing {
      switch key {
      case .enter:
        switch fields[focus].validate(text) {
        case .success(let value):
          fields[focus].value = value
          error = nil
        case .failure(let failure): error = failure
        }
        editing = nil
      case .escape:
        editing = nil
        error = nil
      case .backspace:
        if !text.isEmpty { text.removeLast() }
        editing = text
      case .character(let ch): editing = text + String(ch)
      default: return false
      }
      return true
    }
    switch key {
    case .up, .character("k"): focus = max(0, focus - 1)
    case .down, .character("j"): focus = min(fields.count - 1, focus + 1)
    case .left, .character("h"):
      guard enabled else { return true }
      fields[focus].value = fields[focus].stepped(-1)
      error = nil
    case .right, .character("l"):
      guard enabled else { return true }
      fields[focus].value = fields[focus].stepped(1)
      error = nil
    case .enter:
      guard enabled else { return true }
      // A typed path starts from the one there (to be corrected); a preset is typed over.
      if case .text(let presets) = fields[focus].kind, !presets.contains(fields[focus].value) {
        editing = fields[focus].value
      } else {
        editing = ""
      }
    default: return false
    }
    return true
  }

  /// Draws the fields one per row; `focused` highlights the field in focus.
  public func draw(on surface: Surface, focused: Bool, enabled: Bool = true) {
    let labelWidth = min(12, (fields.map(\.label.terminalWidth).max() ?? 0) + 1)
    for (i, field) in fields.enumerated() where i < surface.height {
      let isFocus = focused && i == focus
      surface.text(
        " " + field.label, x: 0, y: i, role: isFocus ? .heading : .dim, width: labelWidth + 1)
      let x = labelWidth + 2
      if isFocus, let editing {
        let caret = surface.glyphs.unicode ? "▏" : "_"
        // A long value keeps its end (where the caret is) in view.
        var shown = editing + caret
        let room = surface.width - x
        if shown.terminalWidth > room, room > 1 { shown = "…" + String(shown.suffix(room - 1)) }
        surface.text(shown, x: x, y: i, role: .input)
      } else if isFocus && enabled {
        let g = surface.glyphs
        let text = "\(g.unicode ? "‹" : "<") \(field.value) \(g.unicode ? "›" : ">")"
        surface.text(text, x: x - 2, y: i, role: .selectionFocus)
      } else {
        surface.text(field.value, x: x, y: i, role: enabled ? .text : .dim)
      }
    }
  }
}
