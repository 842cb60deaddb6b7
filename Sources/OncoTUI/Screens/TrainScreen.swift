import Foundation
import OncoWorkbench

/// Screen 2: the form of a training run, start and stop, and while it runs the epochs table, live
/// braille charts of loss and of validation AUC/accuracy with the best epoch marked, and the log
/// tail. The job's progress bar is on the status line of every screen.
public struct TrainScreen: WorkbenchScreen {
  public static let id = ScreenID.train

  /// The metrics of one finished epoch.
  public struct Epoch: Equatable, Sendable {
    public var epoch: Int
    public var trainLoss: Double
    public var validationLoss: Double
    public var trainAccuracy: Double?
    public var validationAccuracy: Double
    public var validationAUC: Double

    public init(
      epoch: Int, trainLoss: Double, validationLoss: Double, trainAccuracy: Double? = nil,
      validationAccuracy: Double, validationAUC: Double
    ) {
      self.epoch = epoch
      self.trainLoss = trainLoss
      self.validationLoss = validationLoss
      self.trainAccuracy = trainAccuracy
      self.validationAccuracy = validationAccuracy
      self.validationAUC = validationAUC
    }
  }

  /// Where the run is.
  public enum RunState: Equatable, Sendable {
    case idle
    case running(epoch: Int, of: Int)
    /// Another process (a headless `oncoface train`) is writing the open session.
    case following(epoch: Int, of: Int)
    case stopping
    case finished
    case stopped
    case failed(String)

    public var isActive: Bool {
      switch self {
      case .running, .stopping: true
      default: false
      }
    }
  }

  public struct Model: Sendable {
    public var form: Form
    public var epochs: [Epoch]
    public var state: RunState
    /// The last lines of the run's log, oldest first.
    public var log: [String]
    /// The session folder the run writes.
    public var session: String?
    /// Whether a data set is open (training needs one).
    public var hasData: Bool

    public init(
      form: Form = TrainScreen.defaultForm, epochs: [Epoch] = [], state: RunState = .idle,
      log: [String] = [], session: String? = nil, hasData: Bool = false
    ) {
      self.form = form
      self.epochs = epochs
      self.state = state
      self.log = log
      self.session = session
      self.hasData = hasData
    }

    /// The best epoch as training chooses it (`EarlyStopping`: the highest validation AUC, a tie
    /// going to the lower validation loss).
    public var best: Epoch? {
      var stopping = EarlyStopping(patience: 1)
      for e in epochs {
        stopping.record(epoch: e.epoch, auc: e.validationAUC, loss: e.validationLoss)
      }
      return stopping.bestEpoch.flatMap { best in epochs.last { $0.epoch == best } }
    }

    /// Appends log lines, keeping the last `limit`.
    public mutating func appendLog(_ lines: [String], limit: Int = 200) {
      log += lines
      if log.count > limit { log.removeFirst(log.count - limit) }
    }
  }

  public static let defaultForm = Form(fields: [
    FormField(
      "model", label: "model", value: "dlib-face",
      kind: .choice(["dlib-face", "resnet10", "resnet18", "resnet34"])),
    FormField(
      "freeze", label: "freeze", value: "backbone", kind: .choice(["backbone", "stage", "none"])),
    FormField("epochs", label: "epochs", value: "5", kind: .integer(1...500, step: 1)),
    FormField("batch", label: "batch", value: "32", kind: .integer(1...1024, step: 8)),
    FormField(
      "lr", label: "learn rate", value: "1e-3",
      kind: .number(1e-6...1, presets: [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1])),
    FormField(
      "weight-decay", label: "wt decay", value: "1e-4",
      kind: .number(0...1, presets: [0, 1e-5, 1e-4, 5e-4, 1e-3, 1e-2])),
    FormField(
      "dropout", label: "dropout", value: "0.5",
      kind: .number(0...0.95, presets: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])),
    FormField("seed", label: "seed", value: "1", kind: .integer(0...1_000_000, step: 1)),
    FormField("positive", label: "positive", value: "case", kind: .choice(["case"])),
  ])

  public var model: Model

  public init(model: Model = Model()) { self.model = model }

  public var keys: [KeyBinding] {
    [
      KeyBinding("s", "start", help: "start a training run with the form's values"),
      KeyBinding("x", "stop", help: "stop the run cleanly after the current batch"),
      KeyBinding("j/k", "field", help: "move between the form's fields (↑/↓)"),
      KeyBinding("←/→", "change", help: "step the value of the field (h/l)"),
      KeyBinding("Enter", "type", help: "type a value (Enter keeps it, Esc drops it)"),
    ]
  }

  public var isCapturingText: Bool { model.form.editing != nil }

  public var context: String { model.session.map { ($0 as NSString).lastPathComponent } ?? "" }

  public mutating func handle(_ key: Key) -> [WorkbenchAction]? {
    let active = model.state.isActive
    if model.form.handle(key, enabled: !active) {
      if let error = model.form.error, model.form.editing == nil {
        return [.message(StatusMessage(error.description, role: .bad))]
      }
      if active, key == .enter || key == .left || key == .right {
        return [
          .message(StatusMessage("the form is locked while the run goes (x stops it)", role: .warn))
        ]
      }
      return []
    }
    switch key {
    case .character("s"):
      if active { return [.message(StatusMessage("a run is already going", role: .warn))] }
      if !model.hasData {
        return [.message(StatusMessage("open a data set first (screen 1)", role: .warn))]
      }
      var values: [String: String] = [:]
      for field in model.form.fields { values[field.name] = field.value }
      return [.startTraining(values)]
    case .character("x"):
      return active ? [.stopTraining] : [.message(StatusMessage("no run to stop", role: .dim))]
    default:
      return nil
    }
  }

  public mutating func draw(on surface: Surface) {
    let leftWidth = surface.width >= 96 ? 34 : 31
    let (left, right) = surface.bounds.splitLeft(leftWidth)
    let formHeight = min(left.height, model.form.fields.count + 3)
    let (formArea, epochsArea) = left.splitTop(formHeight)
    drawForm(on: surface.sub(formArea))
    drawEpochs(on: surface.sub(epochsArea))
    let parts = right.splitRows([38, 36, 26], minimum: 4)
    drawLoss(on: surface.sub(parts[0]))
    drawScores(on: surface.sub(parts[1]))
    drawLog(on: surface.sub(parts[2]))
  }

  private func drawForm(on surface: Surface) {
    let active = model.state.isActive
    let inner = Box("Run", info: active ? "locked" : "", focused: !active).draw(on: surface)
    model.form.draw(on: inner, focused: true, enabled: !active)
    let y = model.form.fields.count
    guard y < inner.height else { return }
    switch model.state {
    case .idle:
      if model.hasData {
        inner.spans([Span(" s", .key), Span(" start", .dim)], x: 0, y: y)
      } else {
        inner.text(" open a data set to train", x: 0, y: y, role: .dim)
      }
    case .running(let epoch, let total):
      inner.spans(
        [Span(" running \(epoch)/\(total)", .good), Span("  x", .key), Span(" stop", .dim)], x: 0,
        y: y)
    case .following(let epoch, let total):
      inner.text(
        " following a headless run \(min(epoch, total))/\(total)", x: 0, y: y, role: .accent)
    case .stopping: inner.text(" stopping…", x: 0, y: y, role: .warn)
    case .finished:
      inner.spans([Span(" finished", .good), Span("  s", .key), Span(" again", .dim)], x: 0, y: y)
    case .stopped:
      inner.spans([Span(" stopped", .warn), Span("  s", .key), Span(" start", .dim)], x: 0, y: y)
    case .failed(let reason): inner.text(" failed: " + reason, x: 0, y: y, role: .bad)
    }
  }

  private func drawEpochs(on surface: Surface) {
    guard surface.height >= 3 else { return }
    let inner = Box("Epochs").draw(on: surface)
    let header = " ep loss  val   acc   AUC"
    inner.text(header, x: 0, y: 0, role: .heading)
    if model.epochs.isEmpty && !model.state.isActive {
      inner.text(" no epochs yet", x: 0, y: 1, role: .dim)
      return
    }
    let best = model.best?.epoch
    var lines: [(String, Role)] = model.epochs.map { e in
      let text = String(
        format: "%3d %.3f %.3f %.3f %.3f", e.epoch, e.trainLoss, e.validationLoss,
        e.validationAccuracy, e.validationAUC)
      return (text, e.epoch == best ? .best : .text)
    }
    if case .running(let epoch, _) = model.state,
      !model.epochs.contains(where: { $0.epoch == epoch })
    {
      lines.append((String(format: "%3d ", epoch) + "\(inner.glyphs.pointer) running", .good))
    } else if case .following(let epoch, let total) = model.state, epoch <= total,
      !model.epochs.contains(where: { $0.epoch == epoch })
    {
      lines.append((String(format: "%3d ", epoch) + "\(inner.glyphs.pointer) running", .good))
    }
    let visible = lines.suffix(max(0, inner.height - 1))
    for (i, line) in visible.enumerated() {
      let y = i + 1
      inner.text(line.0, x: 0, y: y, role: line.1)
      if line.1 == .best { inner.put(inner.glyphs.star, x: inner.width - 1, y: y, role: .best) }
    }
  }

  private func drawLoss(on surface: Surface) {
    let values = model.epochs.flatMap { [$0.trainLoss, $0.validationLoss] }
    let low = values.min() ?? 0
    let high = values.max() ?? 1
    drawEpochChart(
      "Loss", [("train", \.trainLoss), ("val", \.validationLoss)],
      yRange: max(0, low - 0.05 * (high - low))...max(high, low + 0.1),
      empty: model.hasData ? "no epochs yet" : "no data set open", on: surface)
  }

  private func drawScores(on surface: Surface) {
    let low = model.epochs.flatMap { [$0.validationAUC, $0.validationAccuracy] }.min() ?? 0.5
    let marks =
      model.best.map { best in
        [
          LineChart.Mark(
            x: Double(best.epoch), y: best.validationAUC,
            label: String(format: "best %.3f @ %d", best.validationAUC, best.epoch))
        ]
      } ?? []
    drawEpochChart(
      "Validation", [("AUC", \.validationAUC), ("accuracy", \.validationAccuracy)],
      yRange: min(0.5, (low * 10).rounded(.down) / 10)...1, marks: marks,
      empty: "AUC and accuracy per epoch; the best epoch is marked", on: surface)
  }

  /// A boxed chart of per-epoch values, one series per key path, legend in the title.
  private func drawEpochChart(
    _ title: String, _ series: [(String, KeyPath<Epoch, Double>)],
    yRange: ClosedRange<Double>, marks: [LineChart.Mark] = [], empty: String,
    on surface: Surface
  ) {
    var chart = LineChart(
      series: series.map { name, value in
        .init(name: name, points: model.epochs.map { (Double($0.epoch), $0[keyPath: value]) })
      })
    let inner = Box(title, legend: chart.legend(for: surface.capabilities)).draw(on: surface)
    guard !model.epochs.isEmpty else {
      Notice(empty).draw(on: inner)
      return
    }
    chart.xTicks = .integers
    chart.xRange = epochRange
    chart.yRange = yRange
    chart.marks = marks
    chart.draw(on: inner)
  }

  /// 1…planned epochs, so the chart does not rescale as epochs arrive.
  private var epochRange: ClosedRange<Double> {
    let planned: Int
    switch model.state {
    case .running(_, let total), .following(_, let total): planned = total
    default: planned = model.epochs.map(\.epoch).max() ?? 1
    }
    let last = max(planned, model.epochs.map(\.epoch).max() ?? 1)
    return last > 1 ? 1...Double(last) : 0.5...1.5
  }

  private func drawLog(on surface: Surface) {
    let inner = Box("Log").draw(on: surface)
    guard !model.log.isEmpty else {
      inner.text(" the run's log appears here", x: 0, y: 0, role: .dim)
      return
    }
    // Long lines (paths, failures) wrap under the text after the clock; only whole entries are
    // shown, the newest at the bottom.
    let width = max(20, inner.width - 2)
    var lines: [(String, Role)] = []
    for line in model.log.reversed() {
      let role: Role = line.contains("error") || line.contains("failed") ? .bad : .text
      let clock = line.range(of: #"^[0-9]{2}:[0-9]{2}:[0-9]{2} "#, options: .regularExpression)
      let head = clock.map { String(line[$0]) } ?? ""
      let indent = String(repeating: " ", count: head.count)
      let body = Notice.wrap(String(line.dropFirst(head.count)), width: width - head.count)
      let entry = body.enumerated().map { (($0.offset == 0 ? head : indent) + $0.element, role) }
      guard lines.count + entry.count <= inner.height || lines.isEmpty else { break }
      lines = entry + lines
    }
    for (i, line) in lines.suffix(inner.height).enumerated() {
      inner.text(" " + line.0, x: 0, y: i, role: line.1)
    }
  }
}
