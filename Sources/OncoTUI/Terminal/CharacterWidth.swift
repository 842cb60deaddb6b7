/// Display widths of characters and strings in terminal cells.
///
/// The rule is wcwidth's, computed from Unicode ranges rather than the C library so that it does not
/// depend on the process locale: combining marks take no cell, East Asian wide and full-width
/// characters and emoji take two, everything else one.
extension Character {
  public var terminalWidth: Int {
    guard let first = unicodeScalars.first else { return 0 }
    if isASCII { return first.value < 0x20 || first.value == 0x7F ? 0 : 1 }
    if unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }  // emoji presentation
    return first.terminalWidth
  }
}

extension Unicode.Scalar {
  var terminalWidth: Int {
    let v = value
    if v == 0 { return 0 }
    if v < 0x300 { return 1 }
    if properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark
      || v == 0x200B || (v >= 0x1160 && v <= 0x11FF)
    {
      return 0
    }
    for range in Unicode.Scalar.wideRanges where range.contains(v) { return 2 }
    return 1
  }

  /// East Asian Wide (W) and Full-width (F) blocks plus the emoji blocks terminals draw wide.
  static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
    0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
    0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
    0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F5, 0x26FA...0x26FA,
    0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728, 0x274C...0x274C,
    0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797, 0x27B0...0x27B0,
    0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55, 0x2E80...0x303E,
    0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
    0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60,
    0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F004...0x1F004,
    0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251,
    0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF,
    0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]
}

extension StringProtocol {
  /// The number of terminal cells the string takes.
  public var terminalWidth: Int { reduce(0) { $0 + $1.terminalWidth } }
}

/// How text sits in a field wider than itself.
public enum Alignment: Sendable {
  case left, right, centre
}

extension String {
  /// The string cut to at most `width` cells, ending in `ellipsis` when something was cut.
  public func truncated(to width: Int, ellipsis: String = "…") -> String {
    guard terminalWidth > width else { return self }
    guard width > 0 else { return "" }
    let room = width - ellipsis.terminalWidth
    guard room >= 0 else { return String(repeating: ".", count: width) }
    var out = ""
    var used = 0
    for ch in self {
      let w = ch.terminalWidth
      if used + w > room { break }
      out.append(ch)
      used += w
    }
    return out + ellipsis
  }

  /// The string fitted to exactly `width` cells: truncated, then padded as `alignment` says.
  public func fitted(to width: Int, alignment: Alignment = .left, ellipsis: String = "…") -> String
  {
    let cut = truncated(to: width, ellipsis: ellipsis)
    let gap = max(0, width - cut.terminalWidth)
    switch alignment {
    case .left: return cut + String(repeating: " ", count: gap)
    case .right: return String(repeating: " ", count: gap) + cut
    case .centre:
      return String(repeating: " ", count: gap / 2) + cut
        + String(repeating: " ", count: gap - gap / 2)
    }
  }
}
