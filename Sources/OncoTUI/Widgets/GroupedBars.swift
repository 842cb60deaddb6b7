/// Horizontal bars for counts per bin and group, one column of bars per group, with the count after
/// each bar: the age histograms of the Data screen.
///
/// ```
///  age     case         control
///  <30     ██▌ 21       ██▋ 22
///  30–49   ███████ 60   ██████▉ 58
/// ```
public struct GroupedBars {
  public var binTitle: String
  public var bins: [String]
  public var groups: [(name: String, counts: [Int])]

  public init(binTitle: String, bins: [String], groups: [(name: String, counts: [Int])]) {
    self.binTitle = binTitle
    self.bins = bins
    self.groups = groups
  }

  public func draw(on surface: Surface) {
    guard !groups.isEmpty, surface.width >= 12 else { return }
    let g = surface.glyphs
    let labelWidth = max(binTitle.terminalWidth, bins.map(\.terminalWidth).max() ?? 0) + 1
    let maximum = max(1, groups.flatMap(\.counts).max() ?? 1)
    let countWidth = String(maximum).count
    let groupWidth = (surface.width - labelWidth - 1) / groups.count
    let barWidth = max(1, groupWidth - countWidth - 2)
    surface.text(" " + binTitle, x: 0, y: 0, role: .heading, width: labelWidth)
    for (gi, group) in groups.enumerated() {
      surface.text(
        group.name, x: 1 + labelWidth + gi * groupWidth, y: 0, role: Role.series(gi),
        width: groupWidth - 1)
    }
    for (bi, bin) in bins.enumerated() where bi + 1 < surface.height {
      surface.text(" " + bin, x: 0, y: bi + 1, role: .dim, width: labelWidth)
      for (gi, group) in groups.enumerated() {
        let count = bi < group.counts.count ? group.counts[bi] : 0
        let eighths = Int((Double(count) / Double(maximum) * Double(barWidth * 8)).rounded())
        var bar = String(repeating: g.fullBlock, count: eighths / 8)
        if eighths % 8 > 0, g.eighthsHorizontal[eighths % 8 - 1] != " " {
          bar.append(g.eighthsHorizontal[eighths % 8 - 1])
        }
        if bar.isEmpty && count > 0 {
          bar = String(g.eighthsHorizontal[0] == " " ? "#" : g.eighthsHorizontal[0])
        }
        let x = 1 + labelWidth + gi * groupWidth
        let used = surface.text(bar, x: x, y: bi + 1, role: Role.series(gi), width: barWidth)
        surface.text(" \(count)", x: x + used, y: bi + 1, role: .dim)
      }
    }
  }
}
