import Foundation

/// Screen 6: every session under the sessions folder (name, date, status, best AUC, epochs); open
/// one, compare two (their curves overlaid), and follow one that a headless run is still writing.
public struct SessionsScreen: WorkbenchScreen {
  public static let id = ScreenID.sessions

  public struct Session: Equatable, Sendable {
    /// The session folder.
    public var path: String
    public var name: String
    /// "2026-11-27 07:40".
    public var date: String
    /// "running", "finished", "stopped", "failed".
    public var status: String
    public var bestAUC: Double?
    public var epochs: Int
    /// Validation AUC per epoch, for the curve.
    public var validationAUC: [Double]

    public init(
      path: String, name: String, date: String, status: String, bestAUC: Double?, epochs: Int,
      validationAUC: [Double] = []
    ) {
      self.path = path
      self.name = name
      self.date = date
      self.status = status
      self.bestAUC = bestAUC
      self.epochs = epochs
      self.validationAUC = validationAUC
    }
  }

  public struct Model: Sendable {
    /// The folder that holds the sessions.
    public var folder: String
    public var sessions: [Session]
    /// The session open in the workbench (its path).
    public var open: String?

    public init(folder: String, sessions: [Session], open: String? = nil) {
      self.folder = folder
      self.sessions = sessions
      self.open = open
    }
  }

  public var model: Model? {
    didSet { rows = model.map { SessionsScreen.rows(for: $0) } ?? [] }
  }
  public var table = TableState()
  /// The session marked with Space for a comparison (its path).
  public var marked: String?
  private(set) var rows: [TableRow] = []

  public init(model: Model? = nil) {
    self.model = model
    rows = model.map { SessionsScreen.rows(for: $0) } ?? []
  }

  static let columns = [
    Table.Column("session"), Table.Column("date", width: 16), Table.Column("status", width: 8),
    Table.Column("best AUC", width: 8, alignment: .right),
    Table.Column("epochs", width: 6, alignment: .right),
  ]

  static func rows(for model: Model) -> [TableRow] {
    model.sessions.map { s in
      let statusRole: Role =
        switch s.status {
        case "running": .accent
        case "finished": .good
        case "failed": .bad
        default: .dim
        }
      let name = (s.path == model.open ? "● " : "") + s.name
      return TableRow(
        [
          name, s.date, s.status, s.bestAUC.map { String(format: "%.3f", $0) } ?? "–",
          String(s.epochs),
        ],
        roles: [s.path == model.open ? .heading : .text, .dim, statusRole, .text, .text])
    }
  }

  public var keys: [KeyBinding] {
    [
      KeyBinding("Enter", "open", help: "open the session (a running one is followed live)"),
      KeyBinding("Space", "mark", help: "mark the session to compare with another"),
      KeyBinding("c", "compare", help: "overlay the curves of the marked and the selected session"),
    ]
      + TableState.keys()
  }

  public var isCapturingText: Bool { table.isEditingFilter }

  public var context: String {
    guard let model else { return "" }
    return
      "\(model.sessions.count) session\(model.sessions.count == 1 ? "" : "s") in \(model.folder)"
  }

  public var selectedSession: Session? {
    guard let model, let row = table.selectedRow(of: rows) else { return nil }
    return model.sessions[row]
  }

  public mutating func handle(_ key: Key) -> [WorkbenchAction]? {
    if table.handle(key, rows: rows, columnCount: SessionsScreen.columns.count) { return [] }
    guard let session = selectedSession else {
      switch key {
      case .enter, .character(" "), .character("c"):
        return [.message(StatusMessage("no session selected", role: .dim))]
      default: return nil
      }
    }
    switch key {
    case .enter: return [.openSession(session.path)]
    case .character(" "):
      marked = marked == session.path ? nil : session.path
      return []
    case .character("c"):
      guard let marked, marked != session.path else {
        return [
          .message(
            StatusMessage("mark a session with Space, then select another and press c", role: .warn)
          )
        ]
      }
      return [.compareSessions(marked, session.path)]
    default: return nil
    }
  }

  public mutating func draw(on surface: Surface) {
    guard let model, !model.sessions.isEmpty else {
      Notice(
        "No sessions yet",
        [
          "A training run (screen 2, or `oncoface train` headless) writes a session folder under "
            + (model?.folder ?? "Sessions/")
            + "; it appears here, and a running one can be followed live."
        ]
      ).draw(inBox: "Sessions", on: surface)
      return
    }
    let chartHeight = max(6, surface.height * 2 / 5)
    let (top, bottom) = surface.bounds.splitBottom(chartHeight)
    let inner = Box(
      "Sessions", info: "\(model.folder) · " + table.position(of: rows), focused: true
    )
    .draw(on: surface.sub(top))
    var display = rows
    if let marked, let i = model.sessions.firstIndex(where: { $0.path == marked }) {
      display[i].cells[0] = "+ " + display[i].cells[0]
    }
    Table(columns: SessionsScreen.columns, rows: display).draw(on: inner, state: &table)
    drawCurves(model, on: surface.sub(bottom))
  }

  private func drawCurves(_ model: Model, on surface: Surface) {
    var shown: [Session] = []
    if let marked, let session = model.sessions.first(where: { $0.path == marked }) {
      shown.append(session)
    }
    if let selected = selectedSession, !shown.contains(selected) { shown.append(selected) }
    let series = shown.filter { !$0.validationAUC.isEmpty }.map { s in
      LineChart.Series(
        name: s.name,
        points: s.validationAUC.enumerated().map { (Double($0.offset + 1), $0.element) })
    }
    var chart = LineChart(series: series)
    let inner = Box("Validation AUC", legend: chart.legend(for: surface.capabilities)).draw(
      on: surface)
    guard !series.isEmpty else {
      inner.text(" no finished epochs in this session", x: 0, y: 0, role: .dim)
      return
    }
    chart.xTicks = .integers
    let longest = series.map(\.points.count).max() ?? 1
    chart.xRange = longest > 1 ? 1...Double(longest) : 0.5...1.5
    let low = series.flatMap(\.points).map(\.y).min() ?? 0.5
    chart.yRange = min(0.5, (low * 10).rounded(.down) / 10)...1
    chart.draw(on: inner)
  }
}
