import Foundation
import OncoImage

/// Screen 4: the misclassified test faces, one at a time: the chip beside its Grad-CAM overlay,
/// label, probability, sex, age, region shares and the paths of the saved PNGs; filter false
/// negatives / false positives, sort by confidence.
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
    /// Shares of the attribution per face region ("skin", 0.58).
    public var regionShares: [(String, Double)]
    /// Saved PNGs (overlay, guided).
    public var paths: [String]

    public init(id: String, label: String, predicted: String, probability: Double, isPositive: Bool,
                sex: String, age: Int?, chip: RGBImage? = nil, maskedChip: RGBImage? = nil,
                landmarks: [(x: Double, y: Double)] = [], cam: RGBImage? = nil,
                regionShares: [(String, Double)] = [], paths: [String] = []) {
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
      self.regionShares = regionShares
      self.paths = paths
    }

    /// How sure the model was of its wrong answer: the distance of p from 0.5, doubled (0…1).
    public var confidence: Double { abs(probability - 0.5) * 2 }
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

  public var model: Model? { didSet { selected = 0 } }
  public var filter = Filter.all
  /// Most confident mistakes first (true), or in the order given (false).
  public var sortByConfidence = false
  public var selected = 0
  public var showMasked = false
  public var showLandmarks = false

  public init(model: Model? = nil) { self.model = model }

  public var keys: [KeyBinding] {
    [KeyBinding("j/k", "step", help: "next / previous mistake (n/p, ↓/↑)"),
     KeyBinding("f", "FN/FP", help: "show all mistakes, false negatives, false positives"),
     KeyBinding("o", "sort", help: "sort by confidence (most confident mistakes first) / by order"),
     KeyBinding("m", "masked", help: "show the masked chip / the chip"),
     KeyBinding("l", "landmarks", help: "show / hide the landmarks"),
     KeyBinding("c", "CAM", help: "compute the Grad-CAM of this face again")]
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
    case .character("o"): sortByConfidence.toggle(); selected = 0
    case .character("m"): showMasked.toggle()
    case .character("l"): showLandmarks.toggle()
    case .character("c"):
      guard let current else { return [.message(StatusMessage("no mistake selected", role: .dim))] }
      return [.computeCAM(id: current.id, asked: true)]
    default: return nil
    }
    if let current, current.cam == nil { return [.computeCAM(id: current.id, asked: false)] }
    return []
  }

  public mutating func draw(on surface: Surface) {
    guard let model else {
      Notice("No test predictions yet", [
        "The misclassified test faces appear here when a run finishes (screen 2)",
        "or a finished session is opened (screen 6).",
      ]).draw(inBox: "Mistakes", on: surface)
      return
    }
    let list = visible
    selected = min(selected, max(0, list.count - 1))
    let listWidth = max(30, min(40, surface.width / 3))
    let (left, right) = surface.bounds.splitLeft(listWidth)
    drawList(model, list, on: surface.sub(left))
    let detailsHeight = min(5, right.height / 3)
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
    let inner = Box(title, info: filter == .all ? "" : filter.title, focused: true).draw(on: surface)
    guard !list.isEmpty else {
      inner.text(model.mistakes.isEmpty ? " no mistakes: every test face is right" : " none of this kind",
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
    inner.spans([Span(" f", .key), Span(" \(filter.title)", .dim), Span("  o", .key), Span(" \(hint)", .dim)],
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
    let inner = Box("Grad-CAM", info: "class: \(model?.positiveLabel ?? "case")").draw(on: surface)
    guard let item else { return }
    if let cam = item.cam {
      ImageView(cam).draw(on: inner)
    } else {
      Notice("no Grad-CAM saved", ["`oncoface cam SESSION` writes the maps"]).draw(on: inner)
    }
  }

  private func drawDetails(_ item: Mistake?, on surface: Surface) {
    surface.fill()
    guard let item else { return }
    let sex = item.sex.isEmpty ? "sex ?" : item.sex
    let age = item.age.map { "\($0) y" } ?? "age ?"
    surface.spans([Span(" label "), Span(item.label, .heading), Span(" · predicted "), Span(item.predicted, .bad)],
                  x: 0, y: 0)
    surface.text(String(format: " p(%@) %.2f · %@ · %@", model?.positiveLabel ?? "case", item.probability, sex, age),
                 x: 0, y: 1)
    var y = 2
    if !item.regionShares.isEmpty {
      let shares = item.regionShares.map { String(format: "%@ %.2f", $0.0, $0.1) }.joined(separator: " · ")
      surface.text(" region shares: " + shares, x: 0, y: y, role: .dim)
      y += 1
    }
    for (i, path) in item.paths.enumerated() where y + i < surface.height {
      surface.text((i == 0 ? " saved: " : "        ") + path, x: 0, y: y + i, role: .dim)
    }
  }
}
