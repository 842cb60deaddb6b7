/// Turns the bytes read from a terminal into keys: UTF-8 characters, control keys, and the escape
/// sequences of cursor and function keys in both their CSI (`ESC [ A`) and SS3 (`ESC O A`) forms.
///
/// Bytes can arrive split across reads; an incomplete sequence waits in `pending`. A lone ESC is
/// ambiguous (the Esc key, or the start of a sequence still on its way): the event loop calls
/// `flush()` when nothing more arrived within a few milliseconds.
public struct KeyDecoder: Sendable {
  public private(set) var pending: [UInt8] = []

  public init() {}

  /// Decodes `bytes` (after whatever was pending) into keys.
  public mutating func decode(_ bytes: [UInt8]) -> [Key] {
    pending += bytes
    var keys: [Key] = []
    var i = 0
    while i < pending.count {
      guard let (key, length) = KeyDecoder.parse(pending, at: i) else { break }
      if let key { keys.append(key) }
      i += length
    }
    pending.removeFirst(i)
    return keys
  }

  /// Ends a pending sequence that will not be completed: a lone ESC becomes the Esc key, other
  /// bytes are dropped.
  public mutating func flush() -> [Key] {
    defer { pending = [] }
    guard let first = pending.first else { return [] }
    if first == 0x1B {
      // ESC followed by a printable character: Alt+key; treat as Esc then the key.
      let rest = Array(pending.dropFirst())
      var decoder = KeyDecoder()
      return [.escape] + decoder.decode(rest.first == 0x1B ? [] : rest)
    }
    return []
  }

  /// The key at `i` and how many bytes it took (nil key: bytes to skip); nil when incomplete.
  static func parse(_ bytes: [UInt8], at i: Int) -> (Key?, Int)? {
    let b = bytes[i]
    switch b {
    case 0x1B:
      guard i + 1 < bytes.count else { return nil }
      let next = bytes[i + 1]
      if next == UInt8(ascii: "[") || next == UInt8(ascii: "O") {
        return parseSequence(bytes, at: i)
      }
      if next == 0x1B { return (.escape, 1) }
      return (.escape, 1)
    case 0x0D, 0x0A: return (.enter, 1)
    case 0x09: return (.tab, 1)
    case 0x7F, 0x08: return (.backspace, 1)
    case 0x00: return (.control(" "), 1)
    case 0x01...0x1A: return (.control(Character(Unicode.Scalar(b + 0x60))), 1)
    case 0x1C...0x1F: return (nil, 1)
    case 0x20...0x7E: return (.character(Character(Unicode.Scalar(b))), 1)
    default:
      // A UTF-8 sequence: its length from the lead byte.
      let length = b >= 0xF8 ? 0 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0
      guard length > 0 else { return (nil, 1) }
      guard i + length <= bytes.count else { return nil }
      guard let text = String(validating: bytes[i..<i + length], as: UTF8.self), let ch = text.first
      else {
        return (nil, 1)
      }
      return (.character(ch), length)
    }
  }

  /// `ESC [ params final` or `ESC O final`.
  private static func parseSequence(_ bytes: [UInt8], at i: Int) -> (Key?, Int)? {
    let introducer = bytes[i + 1]
    var j = i + 2
    var parameters = ""
    while j < bytes.count {
      let c = bytes[j]
      if c >= 0x40 && c <= 0x7E {
        let final = Character(Unicode.Scalar(c))
        return (
          key(final: final, parameters: parameters, ss3: introducer == UInt8(ascii: "O")), j - i + 1
        )
      }
      if c < 0x20 || j - i > 16 { return (nil, j - i) }  // malformed: skip what we have
      parameters.append(Character(Unicode.Scalar(c)))
      j += 1
    }
    return nil
  }

  private static func key(final: Character, parameters: String, ss3: Bool) -> Key? {
    switch final {
    case "A": return .up
    case "B": return .down
    case "C": return .right
    case "D": return .left
    case "H": return .home
    case "F": return .end
    case "Z": return .backTab
    case "P": return .function(1)
    case "Q": return .function(2)
    case "R": return .function(3)
    case "S": return .function(4)
    case "M" where ss3: return .enter
    case "~":
      let code = Int(parameters.split(separator: ";").first ?? "") ?? 0
      switch code {
      case 1, 7: return .home
      case 2: return .insert
      case 3: return .delete
      case 4, 8: return .end
      case 5: return .pageUp
      case 6: return .pageDown
      case 11...15: return .function(code - 10)
      case 17...21: return .function(code - 11)
      case 23, 24: return .function(code - 12)
      default: return nil
      }
    default: return nil
    }
  }
}
