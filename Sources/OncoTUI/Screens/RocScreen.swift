import Foundation

/// Screen 3: the ROC curves of the best epoch (validation) and of the test set with their AUC and
/// 95% confidence interval, and a threshold cursor (←/→) that updates sensitivity, specificity and
/// the confusion matrix.
public struct RocScreen: WorkbenchScreen {
  public static let id = ScreenID.roc

  /// One operating point: the rates when scores ≥ `threshold` count as positive.
  public struct Point: Equatable, Sendable {
    public var falsePositiveRate: Double
    public var truePositiveRate: Double
    public var threshold: Double

    public init(fpr: Double, tpr: Double, threshold: Double) {
      falsePositiveRate = fpr
      truePositiveRate = tpr
      self.threshold = threshold
    }
  }

  public struct Curve: Equatable, Sendable {
    /// e.g. "val (epoch 3)", "test".
    public var name: String
    /// Ordered by falling threshold (rising rates), as OncoStats gives them.
    public var points: [Point]
    public var auc: Double
    public var confidenceInterval: ClosedRange<Double>?
    public var positives: Int
    public var negatives: Int

    public init(
      name: String, points: [Point], auc: Double, confidenceInterval: ClosedRange<Double>? = nil,
      positives: Int, negatives: Int
    ) {
      self.name = name
      self.points = points
      self.auc = auc
      self.confidenceInterval = confidenceInterval
      self.positives = positives
      self.negatives = negatives
    }

    /// The index of the point that maximises Youden's J (sensitivity + specificity − 1).
    public var youdenIndex: Int {
      points.indices.max {
        points[$0].truePositiveRate - points[$0].falsePositiveRate
          < points[$1].truePositiveRate - points[$1].falsePositiveRate
      } ?? 0
    }
  }

  public struct Model: Sendable {
    public var curves: [Curve]
    public var positiveLabel: String
    public var negativeLabel: String

    public init(curves: [Curve], positiveLabel: String = "case", negativeLabel: String = "control")
    {
      self.curves = curves
      self.positiveLabel = positiveLabel
      self.negativeLabel = negativeLabel
    }
  }

  public var model: Model? {
    didSet {
      selected = min(selected, max(0, (model?.curves.count ?? 1) - 1))
      cursor = nil
    }
  }
  /// The curve the cursor walks on.
  public var selected = 0
  /// The cursor's point on the selected curve; nil means the Youden point.
  public var cursor: Int?

  public init(model: Model? = nil) { self.model = model }

  public var keys: [KeyBinding] {
    [
      KeyBinding("←/→", "threshold", help: "move the threshold cursor one point (PgUp/PgDn: ten)"),
      KeyBinding(
        "y", "Youden", help: "put the cursor on the Youden point (max sensitivity + specificity)"),
      KeyBinding("v", "val/test", help: "switch the cursor between the curves (validation, test)"),
    ]
  }

  public var context: String {
    guard let curve = currentCurve else { return "" }
    return "\(curve.name) · AUC \(String(format: "%.3f", curve.auc))"
  }

  var currentCurve: Curve? {
    guard let model, selected < model.curves.count else { return nil }
    return model.curves[selected]
  }

  var cursorIndex: Int? {
    guard let curve = currentCurve, !curve.points.isEmpty else { return nil }
    return min(curve.points.count - 1, max(0, cursor ?? curve.youdenIndex))
  }

  public mutating func handle(_ key: Key) -> [WorkbenchAction]? {
    guard let curve = currentCurve, let index = cursorIndex else {
      switch key {
      case .left, .right, .character("y"), .character("v"):
        return [.message(StatusMessage("no ROC yet: finish a run or open a session", role: .dim))]
      default: return nil
      }
    }
    let last = curve.points.count - 1
    switch key {
    case .left, .character("h"): cursor = max(0, index - 1)
    case .right, .character("l"): cursor = min(last, index + 1)
    case .pageUp: cursor = max(0, index - 10)
    case .pageDown: cursor = min(last, index + 10)
    case .character("y"): cursor = nil
    case .character("v"):
      let count = model?.curves.count ?? 1
      selected = (selected + 1) % max(1, count)
      cursor = nil
    default: return nil
    }
    return []
  }

  public mutating func draw(on surface: Surface) {
    guard let model, !model.curves.isEmpty else {
      Notice(
        "No ROC curve yet",
        [
          "Curves appear when a training run finishes (screen 2),",
          "or when a finished session is opened (screen 6).",
        ]
      ).draw(inBox: "ROC", on: surface)
      return
    }
    // A square plot: terminal cells are about twice as tall as wide.
    let plotRows = max(4, surface.height - 4)
    let chartWidth = min(surface.width - 32, max(surface.width / 2, 2 * plotRows + 6))
    let (left, right) = surface.bounds.splitLeft(chartWidth)
    drawCurves(model, on: surface.sub(left))
    let summaryHeight = min(right.height / 2, 2 + 3 * min(model.curves.count, 2))
    let (summary, threshold) = right.splitTop(summaryHeight)
    drawSummary(model, on: surface.sub(summary))
    drawThreshold(model, on: surface.sub(threshold))
  }

  private func drawCurves(_ model: Model, on surface: Surface) {
    var chart = LineChart(
      series: model.curves.map { curve in
        .init(
          name: curve.name, points: curve.points.map { ($0.falsePositiveRate, $0.truePositiveRate) }
        )
      },
      xRange: 0...1, yRange: 0...1)
    let inner = Box("ROC", legend: chart.legend(for: surface.capabilities), focused: true).draw(
      on: surface)
    chart.yFormat = "%.1f"
    chart.xFormat = "%.1f"
    chart.xTicks = .even(3)
    chart.diagonal = true
    if let curve = currentCurve, let index = cursorIndex {
      let point = curve.points[index]
      chart.marks = [
        LineChart.Mark(
          x: point.falsePositiveRate, y: point.truePositiveRate,
          label: String(format: "%.2f", point.threshold), role: .cursor,
          glyph: inner.glyphs.bullet)
      ]
    }
    chart.draw(on: inner)
  }

  private func drawSummary(_ model: Model, on surface: Surface) {
    let inner = Box("AUC").draw(on: surface)
    var y = 0
    for (i, curve) in model.curves.prefix(2).enumerated() where y < inner.height {
      let marker = i == selected ? inner.glyphs.pointer : " "
      inner.spans([Span("\(marker)", .accent), Span(curve.name, Role.series(i))], x: 0, y: y)
      var line = String(format: "  AUC %.3f", curve.auc)
      if let ci = curve.confidenceInterval {
        line += String(format: "  95%% CI %.3f–%.3f", ci.lowerBound, ci.upperBound)
      }
      inner.text(line, x: 0, y: y + 1, role: .heading)
      inner.text(
        "  \(curve.positives) \(model.positiveLabel) · \(curve.negatives) \(model.negativeLabel)",
        x: 0, y: y + 2, role: .dim)
      y += 3
    }
  }

  private func drawThreshold(_ model: Model, on surface: Surface) {
    guard let curve = currentCurve, let index = cursorIndex else { return }
    let point = curve.points[index]
    let inner = Box(String(format: "At threshold %.3f", point.threshold)).draw(on: surface)
    let p = curve.positives
    let n = curve.negatives
    let tp = Int((point.truePositiveRate * Double(p)).rounded())
    let fp = Int((point.falsePositiveRate * Double(n)).rounded())
    let fn = p - tp
    let tn = n - fp
    func ratio(_ a: Int, _ b: Int) -> String {
      b > 0 ? String(format: "%.3f", Double(a) / Double(b)) : "–"
    }
    let rows: [(String, String)] = [
      ("sensitivity", ratio(tp, p)), ("specificity", ratio(tn, n)),
      ("accuracy", ratio(tp + tn, p + n)),
    ]
    for (i, row) in rows.enumerated() {
      inner.text(" " + row.0.fitted(to: 12), x: 0, y: i, role: .dim)
      inner.text(row.1, x: 13, y: i, role: .heading)
    }
    inner.spans(
      [
        Span(" PPV ", .dim), Span(ratio(tp, tp + fp), .heading), Span("  NPV ", .dim),
        Span(ratio(tn, tn + fn), .heading),
      ], x: 0, y: rows.count)
    // The confusion matrix: rows are the truth, columns the prediction.
    let y = rows.count + 2
    guard y + 4 <= inner.height else { return }
    let labelWidth = max(model.positiveLabel.terminalWidth, model.negativeLabel.terminalWidth) + 2
    let cellWidth = max(7, labelWidth)
    inner.text(
      "predicted", x: labelWidth + 1, y: y, role: .dim, width: 2 * cellWidth, alignment: .centre)
    inner.text(
      model.positiveLabel.fitted(to: cellWidth, alignment: .right), x: labelWidth + 1, y: y + 1,
      role: .dim)
    inner.text(
      model.negativeLabel.fitted(to: cellWidth, alignment: .right), x: labelWidth + 1 + cellWidth,
      y: y + 1, role: .dim)
    let matrix: [(String, Int, Int)] = [
      (model.positiveLabel, tp, fn), (model.negativeLabel, fp, tn),
    ]
    for (i, row) in matrix.enumerated() {
      inner.text(" " + row.0, x: 0, y: y + 2 + i, role: .heading, width: labelWidth)
      inner.text(
        String(row.1).fitted(to: cellWidth, alignment: .right), x: labelWidth + 1, y: y + 2 + i,
        role: i == 0 ? .good : .bad)
      inner.text(
        String(row.2).fitted(to: cellWidth, alignment: .right), x: labelWidth + 1 + cellWidth,
        y: y + 2 + i, role: i == 0 ? .bad : .good)
    }
    if y + 5 < inner.height {
      inner.text(
        " point \(index + 1) of \(curve.points.count) on \(curve.name)", x: 0, y: y + 5, role: .dim)
    }
  }
}
