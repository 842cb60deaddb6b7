import Foundation
import OncoImage

/// Screen 4: the misclassified test faces, one at a time: the chip beside its Grad-CAM overlay,
/// label, probability, sex, age, region shares and the paths of the saved PNGs; filter false
/// negatives / false positives, sort by confidence.
///
/// A face without saved maps asks for them (`wants()` → `.computeCAM`) as soon as it is shown, and
/// says "computing Grad-CAM…" until the backend fills them in; `c` computes them again.
public struct MistakesScreen: WorkbenchScreen {
  public static let id = ScreenID.mistakes

  public struct Mistake: Sendable {
    public var id: String
    public var label: String
    public var predicted: String
    /// The model's probability of the positive class.
    public var probability: Double
    /// Whether the true label is the positive class (so this is a false negative).
    public var isPositive: Bool
    public var sex: String
    public var age: Int?
    public var chip: RGBImage?
    public var maskedChip: RGBImage?
    public var landmarks: [(x: Double, y: Double)]
    /// The Grad-CAM heat map over the chip; nil until computed.
    public var cam: RGBImage?
    /// Where the Grad-CAM stands: missing, being computed, shown, or why not.
    public var camStatus: CamStatus
    /// Shares of the attribution per face region ("skin", 0.58).
    public var regionShares: [(String, Double)]
    /// Saved PNGs (overlay, Grad-CAM, guided).
    public var paths: [String]

    public init(
      id: String, label: String, predicted: String, probability: Double, isPositive: Bool,
      sex: String, age: Int?, chip: RGBImage? = nil, maskedChip: RGBImage? = nil,
      landmarks: [(x: Double, y: Double)] = [], cam: RGBImage? = nil,
      regionShares: [(String, Double)] = [], paths: [String] = []
    ) {
      self.id = id
      self.label = label
      self.predicted = predicted
      self.probability = probability
      self.isPositive = isPositive
      self.sex = sex
      self.age = age
      self.chip = chip
      self.maskedChip = maskedChip
      self.landmarks = landmarks
      self.cam = cam
      camStatus = cam == nil ? .missing : .ready
      self.regionShares = regionShares
      self.paths = paths
    }

    /// How sure the model was of its wrong answer: the distance of p from 0.5, doubled (0…1).
    public var confidence: Double { abs(probability - 0.5) * 2 }
  }

  /// Where a mistake's Grad-CAM stands.
  public enum CamStatus: Equatable, Sendable {
    /// Not on disk and not asked for yet.
    case missing
    /// Asked for; the backend computes it on a background queue.
    case computing
    case ready
    /// It could not be made (no model file, an unreadable chip…): why.
    case failed(String)
  }

  /// A face's Grad-CAM as the backend delivers it.
  public struct CamView: Sendable {
    public var overlay: RGBImage
    public var regionShares: [(String, Double)]
    public var paths: [String]

    public init(overlay: RGBImage, regionShares: [(String, Double)], paths: [String]) {
      self.overlay = overlay
      self.regionShares = regionShares
      self.paths = paths
    }
  }

  public struct Model: Sendable {
    public var mistakes: [Mistake]
    /// How many test faces there were in all.
    public var testCount: Int
    public var positiveLabel: String

    public init(mistakes: [Mistake], testCount: Int, positiveLabel: String = "case") {
      self.mistakes = mistakes
      self.testCount = testCount
      self.positiveLabel = positiveLabel
    }
  }

  public enum Filter: CaseIterable, Sendable {
    case all, falseNegatives, falsePositives

    var title: String {
      switch self {
      case .all: "all"
      case .falseNegatives: "FN"
      case .falsePositives: "FP"
      }
    }
  }

  /// A new list of mistakes starts at the top; a change to one of them (its Grad-CAM) keeps the place.
  public var model: Model? {
    didSet {
      if oldValue?.mistakes.map(\.id) != model?.mistakes.map(\.id) { selected = 0 }
    }
  }
  public var filter = Filter.all
  /// Most confident mistakes first (true), or in the order given (false).
  public var sortByConfidence = false
  public var selected = 0
  public var showMasked = false
  public var showLandmarks = false

  public init(model: Model? = nil) { self.model = model }

  public var keys: [KeyBinding] {
    [
      KeyBinding("j/k", "step", help: "next / previous mistake (n/p, ↓/↑)"),
      KeyBinding("f", "FN/FP", help: "show all mistakes, false negatives, false positives"),
      KeyBinding(
        "o", "sort", help: "sort by confidence (most confident mistakes first) / by order"),
      KeyBinding(
        "c", "recompute CAM",
        help: "compute the Grad-CAM of this face again (it is computed "
          + "by itself when missing)"),
      KeyBinding("m", "masked", help: "show the masked chip / the chip"),
      KeyBinding("l", "landmarks", help: "show / hide the landmarks"),
    ]
  }

  public var context: String {
    guard let model else { return "" }
    return "test set · \(model.mistakes.count) of \(model.testCount) wrong"
  }

  /// The mistakes shown, filtered and sorted.
  public var visible: [Mistake] {
    guard let model else { return [] }
    var list = model.mistakes.filter { m in
      switch filter {
      case .all: true
      case .falseNegatives: m.isPositive
      case .falsePositives: !m.isPositive
      }
    }
    if sortByConfidence { list.sort { $0.confidence > $1.confidence } }
    return list
  }

  public var current: Mistake? {
    let list = visible
    return list.isEmpty ? nil : list[min(selected, list.count - 1)]
  }

  public mutating func handle(_ key: Key) -> [WorkbenchAction]? {
    let count = visible.count
    switch key {
    case .down, .character("j"), .character("n"): selected = min(max(0, count - 1), selected + 1)
    case .up, .character("k"), .character("p"): selected = max(0, selected - 1)
    case .home, .character("g"): selected = 0
    case .end, .character("G"): selected = max(0, count - 1)
    case .character("f"):
      let all = Filter.allCases
      filter = all[(all.firstIndex(of: filter)! + 1) % all.count]
      selected = 0
    case .character("o"):
      sortByConfidence.toggle()
      selected = 0
    case .character("m"): showMasked.toggle()
    case .character("l"): showLandmarks.toggle()
    case .character("c"):
      guard let current else { return [.message(StatusMessage("no mistake selected", role: .dim))] }
      if current.camStatus == .computing {
        return [
          .message(StatusMessage("the Grad-CAM of \(current.id) is being computed", role: .dim))
        ]
      }
      setCamStatus(.computing, of: current.id)
      if let i = model?.mistakes.firstIndex(where: { $0.id == current.id }) {
        model?.mistakes[i].cam = nil
        model?.mistakes[i].regionShares = []
        model?.mistakes[i].paths = []
      }
      return [.computeCAM(id: current.id, asked: true)]
    default: return nil
    }
    return []
  }

  /// The Grad-CAM of the face shown, when it has none and nobody asked yet.
  public mutating func wants() -> [WorkbenchAction] {
    guard let current, current.camStatus == .missing else { return [] }
    setCamStatus(.computing, of: current.id)
    return [.computeCAM(id: current.id, asked: false)]
  }

  public mutating func setCamStatus(_ status: CamStatus, of id: String) {
    guard let i = model?.mistakes.firstIndex(where: { $0.id == id }) else { return }
    model?.mistakes[i].camStatus = status
  }

  /// Shows a face's computed (or read) Grad-CAM.
  public mutating func setCam(_ view: CamView, of id: String) {
    guard let i = model?.mistakes.firstIndex(where: { $0.id == id }) else { return }
    model?.mistakes[i].cam = view.overlay
    model?.mistakes[i].regionShares = view.regionShares
    model?.mistakes[i].paths = view.paths
    model?.mistakes[i].camStatus = .ready
  }

  public mutating func draw(on surface: Surface) {
    guard let model else {
      Notice(
        "No test predictions yet",
        [
          "The misclassified test faces appear here when a run finishes (screen 2)",
          "or a finished session is opened (screen 6).",
        ]
      ).draw(inBox: "Mistakes", on: surface)
      return
    }
    let list = visible
    selected = min(selected, max(0, list.count - 1))
    let listWidth = max(30, min(40, surface.width / 3))
    let (left, right) = surface.bounds.splitLeft(listWidth)
    drawList(model, list, on: surface.sub(left))
    let detailsHeight = min(right.height >= 24 ? 6 : 5, right.height / 3)
    let (images, details) = right.splitBottom(detailsHeight)
    let halves = images.splitColumns([1, 1])
    let item = list.isEmpty ? nil : list[selected]
    drawFace(item, on: surface.sub(halves[0]))
    drawCAM(item, on: surface.sub(halves[1]))
    drawDetails(item, on: surface.sub(details))
  }

  private func drawList(_ model: Model, _ list: [Mistake], on surface: Surface) {
    let fn = model.mistakes.filter(\.isPositive).count
    let title = "Mistakes · FN \(fn) · FP \(model.mistakes.count - fn)"
    let inner = Box(title, info: filter == .all ? "" : filter.title, focused: true).draw(
      on: surface)
    guard !list.isEmpty else {
      inner.text(
        model.mistakes.isEmpty ? " no mistakes: every test face is right" : " none of this kind",
        x: 0, y: 0, role: model.mistakes.isEmpty ? .good : .dim)
      return
    }
    let rows = inner.height - 1
    let offset = max(0, min(selected - rows / 2, list.count - rows))
    for line in 0..<min(rows, list.count - offset) {
      let index = offset + line
      let m = list[index]
      let isSelected = index == selected
      let row = inner.sub(Rect(x: 0, y: line, width: inner.width, height: 1))
      if isSelected { row.fill(.selectionFocus) }
      let role: Role = isSelected ? .selectionFocus : .text
      row.put(isSelected ? inner.glyphs.pointer : " ", x: 0, y: 0, role: role)
      // id, then FN/FP (the label and the call are on the details line), then p.
      let pText = String(format: "p %.2f", m.probability)
      let kind = m.isPositive ? "FN" : "FP"
      let idWidth = inner.width - pText.count - kind.count - 5
      row.text(m.id, x: 1, y: 0, role: role, width: idWidth)
      row.text(kind, x: idWidth + 2, y: 0, role: isSelected ? role : .bad)
      row.text(pText, x: inner.width - pText.count - 1, y: 0, role: isSelected ? role : .dim)
    }
    let hint = sortByConfidence ? "sorted by confidence" : "in test order"
    inner.spans(
      [
        Span(" f", .key), Span(" \(filter.title)", .dim), Span("  o", .key), Span(" \(hint)", .dim),
      ],
      x: 0, y: inner.height - 1)
  }

  private func drawFace(_ item: Mistake?, on surface: Surface) {
    let inner = Box(item.map { "Face · \($0.id)" } ?? "Face").draw(on: surface)
    guard let item else { return }
    if let image = showMasked ? item.maskedChip ?? item.chip : item.chip {
      ImageView(image, points: showLandmarks ? item.landmarks : []).draw(on: inner)
    } else {
      Notice("no chip on disk").draw(on: inner)
    }
  }

  private func drawCAM(_ item: Mistake?, on surface: Surface) {
    // The maps explain the class the network called (what made it say so).
    let inner = Box("Grad-CAM", info: item.map { "class: \($0.predicted)" } ?? "").draw(on: surface)
    guard let item else { return }
    switch (item.cam, item.camStatus) {
    case (let cam?, _):
      ImageView(cam).draw(on: inner)
    case (nil, .failed(let reason)):
      Notice("no Grad-CAM", [reason, "c tries again"]).draw(on: inner)
    case (nil, .computing):
      Notice("computing Grad-CAM…", ["in the background; keys work meanwhile"]).draw(on: inner)
    case (nil, _):
      Notice("no Grad-CAM yet", ["c computes it"]).draw(on: inner)
    }
  }

  /// Label and call, p, sex and age; the region shares, largest first; the saved PNGs. What does
  /// not fit is dropped from the end of each part, never a whole part.
  private func drawDetails(_ item: Mistake?, on surface: Surface) {
    surface.fill()
    guard let item else { return }
    let sex = item.sex.isEmpty ? "sex ?" : item.sex
    let age = item.age.map { "\($0) y" } ?? "age ?"
    let call = [
      Span(" label "), Span(item.label, .heading), Span(" · predicted "),
      Span(item.predicted, .bad),
    ]
    let facts = [
      Span(
        String(
          format: " · p(%@) %.2f · %@ · %@", model?.positiveLabel ?? "case",
          item.probability, sex, age))
    ]
    var head: [[Span]] = [call + facts]
    if (call + facts).reduce(0, { $0 + $1.width }) > surface.width {
      head = [call, [Span(" ")] + facts.map { Span(String($0.text.dropFirst(3)), $0.role) }]
    }
    let label = " regions "
    // Largest first; regions under half a percent are left out (they read as 0%).
    let shares = item.regionShares.filter { $0.1 >= 0.005 }.sorted { $0.1 > $1.1 }
      .map { String(format: "%@ %.0f%%", $0.0, $0.1 * 100) }
    let regions =
      shares.isEmpty ? [] : MistakesScreen.flow(shares, width: surface.width - label.count)
    let saved = MistakesScreen.abbreviated(item.paths)
    let room = surface.height - head.count
    let regionLines = min(regions.count, max(1, room - min(2, saved.count)))
    var y = 0
    for line in head {
      surface.spans(line, x: 0, y: y)
      y += 1
    }
    for (i, line) in regions.prefix(regionLines).enumerated() {
      surface.spans(
        [
          Span(i == 0 ? label : String(repeating: " ", count: label.count), .heading),
          Span(line, .text),
        ], x: 0, y: y)
      y += 1
    }
    for (i, path) in saved.enumerated() where y < surface.height {
      // A long path keeps its end: the file name matters more than the folders above it.
      let shown = MistakesScreen.tail(of: path, width: surface.width - 9)
      surface.spans(
        [Span(i == 0 ? " saved   " : "         ", .heading), Span(shown, .dim)], x: 0, y: y)
      y += 1
    }
  }

  /// `path` in at most `width` cells: whole, or its last folders after "…/" (cut only when the
  /// file name alone is too long).
  static func tail(of path: String, width: Int) -> String {
    guard path.terminalWidth > width, width > 2 else { return path }
    var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    while parts.count > 1, ("…/" + parts.joined(separator: "/")).terminalWidth > width {
      parts.removeFirst()
    }
    let shown = "…/" + parts.joined(separator: "/")
    return shown.terminalWidth <= width ? shown : "…" + String(path.suffix(width - 1))
  }

  /// Items joined by " · " into lines of at most `width` cells.
  static func flow(_ items: [String], width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for item in items {
      let candidate = line.isEmpty ? item : line + " · " + item
      if candidate.terminalWidth <= width || line.isEmpty {
        line = candidate
      } else {
        lines.append(line)
        line = item
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }

  /// The first path whole, the others by what differs: `…-gradcam.png · …-guided.png`.
  static func abbreviated(_ paths: [String]) -> [String] {
    guard let first = paths.first else { return [] }
    let stem = first.hasSuffix("-overlay.png") ? String(first.dropLast("overlay.png".count)) : nil
    let rest = paths.dropFirst().map { path in
      stem.flatMap { path.hasPrefix($0) ? "…-" + path.dropFirst($0.count) : nil } ?? path
    }
    return rest.isEmpty ? [first] : [first, rest.joined(separator: " · ")]
  }
}
