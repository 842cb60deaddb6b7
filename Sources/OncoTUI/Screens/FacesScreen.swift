import Foundation
import OncoImage

/// Screen 5: the average face of each group side by side, and the landmark measures (facial
/// adiposity) per group with their test.
public struct FacesScreen: WorkbenchScreen {
  public static let id = ScreenID.faces

  public struct Group: Sendable {
    public var name: String
    public var count: Int
    public var average: RGBImage?

    public init(name: String, count: Int, average: RGBImage?) {
      self.name = name
      self.count = count
      self.average = average
    }
  }

  /// One landmark measure: mean ± sd per group (in the order of the groups) and a p value.
  public struct Measure: Sendable {
    public var name: String
    public var means: [Double]
    public var deviations: [Double]
    public var p: Double?
    /// What the measure is, in words.
    public var meaning: String

    public init(
      name: String, means: [Double], deviations: [Double], p: Double?, meaning: String = ""
    ) {
      self.name = name
      self.means = means
      self.deviations = deviations
      self.p = p
      self.meaning = meaning
    }
  }

  public struct Model: Sendable {
    public var groups: [Group]
    public var measures: [Measure]
    /// Where the images and tables came from (the session's faces/ folder).
    public var source: String

    public init(groups: [Group], measures: [Measure], source: String = "") {
      self.groups = groups
      self.measures = measures
      self.source = source
    }
  }

  public var model: Model?
  public var table = TableState()

  public init(model: Model? = nil) { self.model = model }

  public var keys: [KeyBinding] {
    [
      KeyBinding(
        "r", "average", help: "average the faces of each group of the open data set (again)")
    ]
      + TableState.keys(filter: false)
  }

  public var context: String {
    model.map { $0.groups.map { "\($0.name) \($0.count)" }.joined(separator: " · ") } ?? ""
  }

  public var isCapturingText: Bool { table.isEditingFilter }

  private var rows: [TableRow] {
    guard let model else { return [] }
    return model.measures.map { m in
      var cells = [m.name]
      for i in model.groups.indices {
        let mean = i < m.means.count ? m.means[i] : .nan
        let sd = i < m.deviations.count ? m.deviations[i] : .nan
        cells.append(String(format: "%.3f ± %.3f", mean, sd))
      }
      let p = m.p.map { $0 < 0.001 ? "<0.001" : String(format: "%.3f", $0) } ?? "–"
      cells.append(p)
      cells.append(m.meaning)
      var roles = Array(repeating: Role.text, count: cells.count)
      if let value = m.p, value < 0.05 { roles[cells.count - 2] = .good }
      roles[cells.count - 1] = .dim
      return TableRow(cells, roles: roles)
    }
  }

  public mutating func handle(_ key: Key) -> [WorkbenchAction]? {
    if key == .character("r") { return [.computeFaces] }
    guard let model else { return nil }
    return table.handle(key, rows: rows, columnCount: model.groups.count + 3) ? [] : nil
  }

  public mutating func draw(on surface: Surface) {
    guard let model, !model.groups.isEmpty else {
      Notice(
        "No average faces yet",
        [
          "Press r to average the faces of each group of the open data set and compare their landmark "
            + "measures.",
          "(`oncoface faces PREPARED --out DIR` does the same headless.)",
        ]
      ).draw(inBox: "Average faces", on: surface)
      return
    }
    let imageHeight = max(6, min(surface.height - 8, surface.height * 3 / 5))
    let (top, bottom) = surface.bounds.splitTop(imageHeight)
    let columns = top.splitColumns(Array(repeating: 1, count: model.groups.count))
    for (group, area) in zip(model.groups, columns) {
      let inner = Box("\(group.name) · \(group.count) faces").draw(on: surface.sub(area))
      if let image = group.average {
        ImageView(image).draw(on: inner)
      } else {
        Notice("no average yet").draw(on: inner)
      }
    }
    let inner = Box("Landmark measures", info: model.source, focused: true).draw(
      on: surface.sub(bottom))
    let nameWidth = max(8, min(22, (model.measures.map(\.name.terminalWidth).max() ?? 8) + 1))
    var columnsSpec = [Table.Column("measure", width: nameWidth)]
    for group in model.groups {
      columnsSpec.append(Table.Column(group.name, width: 15, alignment: .right))
    }
    columnsSpec.append(Table.Column("p", width: 7, alignment: .right))
    columnsSpec.append(Table.Column("meaning"))
    Table(columns: columnsSpec, rows: rows, emptyText: "no measures").draw(on: inner, state: &table)
  }
}
