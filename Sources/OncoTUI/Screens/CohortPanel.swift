/// The Data screen's matched-cohort panel (`c`): a form for `oncoface cohort` — cases, pool, ratio,
/// age bin, seed, where to write —, then, once the controls are sampled in the background, the
/// balance report, with `o` to open the cohort as the data set.
///
/// ```
/// ┌ Matched cohort ────────────────────────────────────────── Esc closes ┐
/// │ cases      ‹ demo-cohort: label case ›                               │
/// │ pool         demo-cohort: label control                              │
/// │ ratio        1                                                       │
/// │ …                                                                    │
/// │ s build   ←/→ change   Enter type a path or value                    │
/// └──────────────────────────────────────────────────────────────────────┘
/// ```
///
/// Cases and pool are a label of the open data set (the presets, ←/→) or a manifest path typed
/// after Enter; the manifests must give sex and age.
public struct CohortPanel: Sendable {
  public enum Stage: Equatable, Sendable {
    case form
    /// Sampling in the background.
    case building
    case report(CohortReport)
  }

  public var form: Form
  public var stage = Stage.form
  /// Whether the panel is over the Data screen.
  public var isOpen = false
  /// The first report line shown.
  public var scroll = 0
  /// Why the last build failed, under the form.
  public var error: String?

  public init(form: Form = CohortPanel.form(dataSet: nil, labels: [], output: "cohort/cohort.csv"))
  {
    self.form = form
  }

  /// The form for a data set named `dataSet` with `labels` (the positive-looking one first):
  /// cases = the first label's rows, pool = the second's, the cohort written to `output`.
  public static func form(dataSet: String?, labels: [String], output: String) -> Form {
    let presets = dataSet.map { name in labels.map { source(dataSet: name, label: $0) } } ?? []
    return Form(fields: [
      FormField(
        "cases", label: "cases", value: presets.first ?? "CASES.csv", kind: .text(presets: presets)),
      FormField(
        "pool", label: "pool", value: presets.dropFirst().first ?? "POOL.csv",
        kind: .text(presets: presets)),
      FormField("ratio", label: "ratio", value: "1", kind: .integer(1...20, step: 1)),
      FormField(
        "age-bin", label: "age bin", value: "5", kind: .number(1...50, presets: [1, 2, 3, 5, 10])),
      FormField("seed", label: "seed", value: "1", kind: .integer(0...1_000_000, step: 1)),
      FormField("out", label: "write to", value: output, kind: .text(presets: [output])),
    ])
  }

  /// How the form names the rows of data set `dataSet` with label `label`.
  public static func source(dataSet: String, label: String) -> String {
    "\(dataSet): label \(label)"
  }

  public var isCapturingText: Bool { isOpen && form.editing != nil }

  public var keys: [KeyBinding] {
    switch stage {
    case .form:
      [
        KeyBinding(
          "s", "build", help: "sample the controls and write the cohort with its balance report"),
        KeyBinding("j/k", "field", help: "move between the fields (↑/↓)"),
        KeyBinding(
          "←/→", "change", help: "step the value: a label of the open data set, a number (h/l)"),
        KeyBinding(
          "Enter", "type", help: "type a value or a manifest path (Enter keeps it, Esc drops it)"),
        KeyBinding("Esc", "close", help: "close the panel (c opens it again)"),
      ]
    case .building:
      [KeyBinding("Esc", "close", help: "close the panel; the cohort is still written")]
    case .report:
      [
        KeyBinding(
          "o", "open cohort", help: "open the cohort as the data set (then p prepares its photos)"),
        KeyBinding("j/k", "scroll", help: "scroll the report (↑/↓, PgUp/PgDn)"),
        KeyBinding("e", "edit", help: "back to the form, to build another"),
        KeyBinding("Esc", "close", help: "close the panel (c opens it again)"),
      ]
    }
  }

  /// Handles a key while the panel is open; nil when it means nothing here.
  public mutating func handle(_ key: Key) -> [WorkbenchAction]? {
    if key == .escape, form.editing == nil {
      isOpen = false
      return []
    }
    switch stage {
    case .form:
      if form.handle(key) {
        if let error = form.error, form.editing == nil {
          return [.message(StatusMessage(error.description, role: .bad))]
        }
        return []
      }
      guard key == .character("s") else { return nil }
      var values: [String: String] = [:]
      for field in form.fields { values[field.name] = field.value }
      error = nil
      stage = .building
      return [.buildCohort(values)]
    case .building:
      return nil
    case .report(let report):
      switch key {
      case .down, .character("j"): scroll += 1
      case .up, .character("k"): scroll = max(0, scroll - 1)
      case .pageDown: scroll += 10
      case .pageUp: scroll = max(0, scroll - 10)
      case .character("e"): stage = .form
      case .character("o"):
        isOpen = false
        return [.openDataSet(report.cohort.path)]
      default: return nil
      }
      scroll = min(scroll, max(0, report.lines.count - 1))
      return []
    }
  }

  /// The form and the "sampling" note as a dialog over the screen; the report as a page over the
  /// whole of it (the keys are on the key bar).
  public func draw(on surface: Surface) {
    let width = min(surface.width - 6, 76)
    switch stage {
    case .form:
      let notes = Notice.wrap(
        "cases and pool: ←/→ picks a label of the open data set, Enter types the path of "
          + "a manifest instead (columns path, sex, age). For each sex × age bin, `ratio` "
          + "controls are drawn per case from the pool; a short bin takes the nearest ages.",
        width: width - 4)
      let height = min(surface.height, form.fields.count + notes.count + (error == nil ? 3 : 5))
      let inner = box(
        Size(width: width, height: height), info: "s builds · Esc closes", on: surface)
      form.draw(
        on: inner.sub(Rect(x: 0, y: 0, width: inner.width, height: form.fields.count)),
        focused: true)
      for (i, note) in notes.enumerated() {
        inner.text(" " + note, x: 0, y: form.fields.count + 1 + i, role: .dim)
      }
      if let error {
        for (i, line) in Notice.wrap(error, width: inner.width - 2).prefix(2).enumerated() {
          inner.text(" " + line, x: 0, y: form.fields.count + notes.count + 2 + i, role: .bad)
        }
      }
    case .building:
      let inner = box(Size(width: min(width, 60), height: 7), info: "", on: surface)
      Notice("sampling controls…", ["in the background; the balance report follows"]).draw(
        on: inner)
    case .report(let report):
      drawReport(report, on: surface)
    }
  }

  private func drawReport(_ report: CohortReport, on surface: Surface) {
    let inner = Box(
      report.title, info: report.balanced ? "balanced" : "NOT balanced", focused: true
    ).draw(on: surface)
    let footer = ["wrote " + report.cohort.display] + report.files.map { "      " + $0 }
    let bodyHeight = max(1, inner.height - footer.count - 1)
    // Lines that fit stay as they are (the strata table is aligned with spaces); longer ones wrap.
    let lines = report.lines.flatMap { line in
      (line.terminalWidth <= inner.width - 2
        ? [line]
        : Notice.wrap(line, width: inner.width - 4).enumerated()
          .map { $0.offset == 0 ? $0.element : "  " + $0.element })
        .map { ($0, CohortPanel.role(of: line, report)) }
    }
    let top = min(scroll, max(0, lines.count - bodyHeight))
    for (i, line) in lines.dropFirst(top).prefix(bodyHeight).enumerated() {
      inner.text(" " + line.0, x: 0, y: i, role: line.1)
    }
    if lines.count > bodyHeight {
      inner.text(
        "\(top + 1)–\(min(lines.count, top + bodyHeight)) of \(lines.count) · j/k ", x: 0,
        y: bodyHeight - 1, role: .dim, alignment: .right)
    }
    for (i, line) in footer.enumerated() {
      inner.text(" " + line, x: 0, y: bodyHeight + 1 + i, role: .dim)
    }
  }

  /// The balance lines in colour: good when balanced, bad when not; short strata warn.
  private static func role(of line: String, _ report: CohortReport) -> Role {
    if line.hasPrefix("Age:") { return report.balanced ? .good : .bad }
    if line.hasPrefix("Sex:") { return report.sexBalanced ? .good : .bad }
    if line.hasPrefix("stratum") || line.hasPrefix("1:") { return .heading }
    if line.contains(" short") || line.contains("only ") { return .warn }
    return .text
  }

  private func box(
    _ size: Size, info: String, title: String = "Matched cohort", on surface: Surface
  ) -> Surface {
    let frame = surface.bounds.centred(
      Size(width: min(surface.width, size.width), height: min(surface.height, size.height)))
    return Box(title, info: info, focused: true).draw(on: surface.sub(frame))
  }
}

/// A matched cohort as the panel reports it: the balance report's lines (from
/// `oncoface cohort`'s report, without its ASCII histogram: the Data screen's Balance panel shows
/// the ages of the opened cohort), whether age and sex are balanced, and the files written.
public struct CohortReport: Equatable, Sendable {
  /// A path to act on and the same path as shown (relative to the working folder when inside it).
  public struct Path: Equatable, Sendable {
    public var path: String
    public var display: String

    public init(path: String, display: String) {
      self.path = path
      self.display = display
    }
  }

  public var title: String
  public var lines: [String]
  /// |SMD| of age < 0.1.
  public var balanced: Bool
  /// The chi-square p of the sex proportions ≥ 0.05.
  public var sexBalanced: Bool
  public var cohort: Path
  /// The balance files written next to the cohort (shown).
  public var files: [String]

  public init(
    title: String, lines: [String], balanced: Bool, sexBalanced: Bool, cohort: Path, files: [String]
  ) {
    self.title = title
    self.lines = lines
    self.balanced = balanced
    self.sexBalanced = sexBalanced
    self.cohort = cohort
    self.files = files
  }
}
