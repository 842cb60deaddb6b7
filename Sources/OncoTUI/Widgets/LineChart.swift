import Foundation

/// A braille line chart with axes, several series and optional marks (the best epoch, a threshold
/// cursor); its legend goes in the title of the box around it (`legend(for:)`).
///
///     var chart = LineChart(series: [.init(name: "train", points: [(1, 0.61), (2, 0.42)]),
///                                    .init(name: "val", points: [(1, 0.54), (2, 0.39)])])
///     chart.xTicks = .integers
///     chart.draw(on: surface)
///
/// ```
/// 0.61┤⠑⠢⢄
///     │   ⠈⠑⠒⠤⣀
/// 0.39┤       ⠈⠉
///     └┬──────────┬
///      1          2
/// ```
/// Series after the first are drawn dashed on terminals without colour, so they stay apart.
public struct LineChart {
  public struct Series {
    public var name: String
    public var points: [(x: Double, y: Double)]
    /// The role to draw in; nil takes the series colour for its position.
    public var role: Role?

    public init(name: String, points: [(x: Double, y: Double)], role: Role? = nil) {
      self.name = name
      self.points = points
      self.role = role
    }
  }

  /// A point marked with a glyph and a short label beside it.
  public struct Mark {
    public var x: Double
    public var y: Double
    public var label: String
    public var role: Role
    public var glyph: Character?

    public init(x: Double, y: Double, label: String, role: Role = .best, glyph: Character? = nil) {
      self.x = x
      self.y = y
      self.label = label
      self.role = role
      self.glyph = glyph
    }
  }

  /// Where the x-axis ticks go.
  public enum Ticks {
    /// Every whole number in range (thinned when they do not fit): epochs.
    case integers
    /// Evenly spaced values.
    case even(Int)
  }

  public var series: [Series]
  public var xRange: ClosedRange<Double>?
  public var yRange: ClosedRange<Double>?
  public var xTicks: Ticks = .even(3)
  /// printf format of the axis labels.
  public var yFormat = "%.2f"
  public var xFormat = "%g"
  public var marks: [Mark] = []
  /// The chance line of a ROC plot (from the bottom-left to the top-right corner), dotted.
  public var diagonal = false

  public init(
    series: [Series], xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil
  ) {
    self.series = series
    self.xRange = xRange
    self.yRange = yRange
  }

  /// Whether there is anything to plot.
  public var isEmpty: Bool { series.allSatisfy { $0.points.isEmpty } }

  public func draw(on surface: Surface) {
    guard surface.width >= 8, surface.height >= 3 else { return }
    let glyphs = surface.glyphs
    let (xs, ys) = ranges()
    let yLabels = [ys.upperBound, (ys.lowerBound + ys.upperBound) / 2, ys.lowerBound]
      .map { String(format: yFormat, $0) }
    let gutter = (yLabels.map(\.terminalWidth).max() ?? 0)
    let hasLabelRow = surface.height >= 4
    let plotRows = surface.height - 1 - (hasLabelRow ? 1 : 0)
    let plotColumns = surface.width - gutter - 1
    guard plotRows >= 1, plotColumns >= 2 else { return }
    let plot = surface.sub(Rect(x: gutter + 1, y: 0, width: plotColumns, height: plotRows))

    // Axes and y labels.
    let tickRows = plotRows >= 5 ? [0, plotRows / 2, plotRows - 1] : [0, plotRows - 1]
    let tickLabels = plotRows >= 5 ? yLabels : [yLabels[0], yLabels[2]]
    for row in 0..<plotRows {
      let tick = tickRows.firstIndex(of: row)
      surface.put(tick == nil ? glyphs.vertical : glyphs.teeLeft, x: gutter, y: row, role: .axis)
      if let tick {
        surface.text(tickLabels[tick], x: 0, y: row, role: .axis, width: gutter, alignment: .right)
      }
    }
    surface.put(glyphs.bottomLeft, x: gutter, y: plotRows, role: .axis)
    surface.horizontalLine(x: gutter + 1, y: plotRows, role: .axis)

    // Series into the dot raster.
    var grid = BrailleGrid(columns: plotColumns, rows: plotRows)
    func dot(_ x: Double, _ y: Double) -> (x: Int, y: Int) {
      let fx =
        xs.upperBound > xs.lowerBound ? (x - xs.lowerBound) / (xs.upperBound - xs.lowerBound) : 0.5
      let fy =
        ys.upperBound > ys.lowerBound ? (y - ys.lowerBound) / (ys.upperBound - ys.lowerBound) : 0.5
      return (
        Int((fx * Double(grid.dotWidth - 1)).rounded()),
        Int(((1 - fy) * Double(grid.dotHeight - 1)).rounded())
      )
    }
    let monochrome = surface.capabilities.colour == .monochrome
    if diagonal {
      grid.line(
        from: dot(xs.lowerBound, ys.lowerBound), to: dot(xs.upperBound, ys.upperBound),
        role: .axis, dashed: true)
    }
    for (index, series) in series.enumerated() {
      let role = series.role ?? Role.series(index)
      let points = series.points.filter { $0.x.isFinite && $0.y.isFinite }.map { dot($0.x, $0.y) }
      if points.count == 1 {
        for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
          grid.set(x: points[0].x + dx, y: points[0].y + dy, role: role)
        }
      }
      for (a, b) in zip(points, points.dropFirst()) {
        grid.line(from: a, to: b, role: role, dashed: monochrome && index > 0)
      }
    }
    grid.draw(on: plot, x: 0, y: 0)

    // X ticks and labels.
    for (value, column) in xTickPositions(xs, columns: plotColumns) {
      plot.surfaceBelow(surface, gutter: gutter).put(glyphs.teeDown, x: column, y: 0, role: .axis)
      if hasLabelRow {
        let label = String(format: xFormat, value)
        let start = max(0, min(plotColumns - label.terminalWidth, column - label.terminalWidth / 2))
        surface.text(label, x: gutter + 1 + start, y: plotRows + 1, role: .axis)
      }
    }

    // Marks.
    for mark in marks where xs.contains(mark.x) && ys.contains(mark.y) {
      let position = dot(mark.x, mark.y)
      let column = position.x / 2
      let row = position.y / 4
      plot.put(mark.glyph ?? glyphs.star, x: column, y: row, role: mark.role)
      let label = " " + mark.label
      let room = plotColumns - column - 1
      if label.terminalWidth <= room {
        plot.text(label, x: column + 1, y: row, role: mark.role)
      } else if column >= label.terminalWidth {
        plot.text(mark.label + " ", x: column - label.terminalWidth, y: row, role: mark.role)
      }
    }
  }

  /// The legend as spans for a box title: a line sample in each series' role, then its name.
  /// Series drawn dashed (no colour) get a dashed sample.
  public func legend(for capabilities: Capabilities) -> [Span] {
    let monochrome = capabilities.colour == .monochrome
    var spans: [Span] = []
    for (index, series) in series.enumerated() {
      let dashed = monochrome && index > 0
      let sample = capabilities.unicode ? (dashed ? "╍╍" : "━━") : (dashed ? "- " : "==")
      spans.append(Span((spans.isEmpty ? "" : "  ") + sample, series.role ?? Role.series(index)))
      spans.append(Span(" " + series.name, .dim))
    }
    return spans
  }

  /// The data range on each axis, padded when flat.
  func ranges() -> (ClosedRange<Double>, ClosedRange<Double>) {
    let points = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
    func span(_ values: [Double], _ fixed: ClosedRange<Double>?) -> ClosedRange<Double> {
      if let fixed { return fixed }
      guard var low = values.min(), var high = values.max() else { return 0...1 }
      if high - low < 1e-12 {
        let pad = max(abs(low) * 0.1, 0.5)
        low -= pad
        high += pad
      }
      return low...high
    }
    return (span(points.map(\.x), xRange), span(points.map(\.y), yRange))
  }

  /// The x values to mark and the plot column of each.
  func xTickPositions(_ xs: ClosedRange<Double>, columns: Int) -> [(Double, Int)] {
    let width = xs.upperBound - xs.lowerBound
    func column(_ value: Double) -> Int {
      width > 0 ? Int(((value - xs.lowerBound) / width * Double(columns * 2 - 1)).rounded()) / 2 : 0
    }
    var values: [Double]
    switch xTicks {
    case .integers:
      let first = Int(xs.lowerBound.rounded(.up))
      let last = Int(xs.upperBound.rounded(.down))
      guard first <= last else { return [] }
      let labelWidth = String(format: xFormat, Double(last)).terminalWidth + 2
      let fit = max(1, columns / labelWidth)
      let step = max(1, Int((Double(last - first + 1) / Double(fit)).rounded(.up)))
      values = stride(from: first, through: last, by: step).map(Double.init)
      // End on the last value too, when its label has room after the previous tick.
      if let previous = values.last, previous < Double(last),
        (Double(last) - previous) / Double(max(1, last - first)) * Double(columns)
          >= Double(labelWidth)
      {
        values.append(Double(last))
      }
    case .even(let count):
      let n = max(2, count)
      values = (0..<n).map { xs.lowerBound + width * Double($0) / Double(n - 1) }
    }
    return values.map { ($0, column($0)) }
  }
}

extension Surface {
  /// The row right under a plot (the x axis), as a one-row surface aligned with the plot's columns.
  fileprivate func surfaceBelow(_ outer: Surface, gutter: Int) -> Surface {
    outer.sub(Rect(x: gutter + 1, y: height, width: width, height: 1))
  }
}
