import OncoImage

/// Screen 1: the data set as a table (id, label, sex, age, preparation outcome) with filter and
/// sort, the selected face as an image (chip, masked chip, landmarks), and the balance of the
/// groups (age histogram per group, sex proportions).
public struct DataScreen: WorkbenchScreen {
  public static let id = ScreenID.data

  /// One face of the data set as the table lists it.
  public struct Face: Equatable, Sendable {
    public var id: String
    public var label: String
    /// "F", "M" or "" when unknown.
    public var sex: String
    public var age: Int?
    /// The preparation outcome: "ok", "not prepared", or why it failed ("no face", …).
    public var outcome: String
    public var prepared: Bool

    public init(id: String, label: String, sex: String, age: Int?, outcome: String, prepared: Bool)
    {
      self.id = id
      self.label = label
      self.sex = sex
      self.age = age
      self.outcome = outcome
      self.prepared = prepared
    }
  }

  /// The images of the selected face.
  public struct Preview: Sendable {
    public var id: String
    public var chip: RGBImage?
    public var maskedChip: RGBImage?
    /// The 68 landmarks in chip pixels.
    public var landmarks: [(x: Double, y: Double)]
    /// Why there is no image (e.g. "no face found"), if there is none.
    public var note: String

    public init(
      id: String, chip: RGBImage?, maskedChip: RGBImage? = nil,
      landmarks: [(x: Double, y: Double)] = [], note: String = ""
    ) {
      self.id = id
      self.chip = chip
      self.maskedChip = maskedChip
      self.landmarks = landmarks
      self.note = note
    }
  }

  /// A data set as the screen shows it.
  public struct Model: Sendable {
    /// A short name: the folder's or the manifest's.
    public var name: String
    /// Where it was read from.
    public var source: String
    public var faces: [Face]
    /// Rows of the manifest that could not be used, as "line 12: age is not a number".
    public var problems: [String]

    public init(name: String, source: String, faces: [Face], problems: [String] = []) {
      self.name = name
      self.source = source
      self.faces = faces
      self.problems = problems
    }
  }

  /// What the screen says while a data set is on its way.
  public struct Loading: Equatable, Sendable {
    public var title: String
    public var lines: [String]

    public init(title: String, lines: [String]) {
      self.title = title
      self.lines = lines
    }
  }

  /// nil until a data set is open.
  public var model: Model? {
    didSet { rows = model.map { DataScreen.rows(for: $0.faces) } ?? [] }
  }
  public var preview: Preview?
  /// Set while the data set is being opened or written (the demo cohort on first start).
  public var loading: Loading?
  public var table = TableState()
  /// The matched-cohort panel (`c`), over the screen while open.
  public var cohort = CohortPanel()
  public var showMasked = false
  public var showLandmarks = false
  /// The table rows made from the model's faces.
  private(set) var rows: [TableRow] = []

  public init(model: Model? = nil) {
    self.model = model
    rows = model.map { DataScreen.rows(for: $0.faces) } ?? []
  }

  /// The id column as wide as the longest id (within reason); the outcome takes the rest.
  var columns: [Table.Column] {
    let idWidth = min(18, max(6, (model?.faces.map(\.id.terminalWidth).max() ?? 6) + 1))
    return [
      Table.Column("id", width: idWidth), Table.Column("label", width: 9),
      Table.Column("sex", width: 3),
      Table.Column("age", width: 4, alignment: .right), Table.Column("outcome"),
    ]
  }

  static func rows(for faces: [Face]) -> [TableRow] {
    faces.map { face in
      TableRow(
        [face.id, face.label, face.sex, face.age.map(String.init) ?? "–", face.outcome],
        roles: [
          .text, .text, .text, .text,
          face.prepared ? .good : (face.outcome == "not prepared" ? .dim : .bad),
        ])
    }
  }

  public var keys: [KeyBinding] {
    if cohort.isOpen { return cohort.keys }
    return TableState.keys() + [
      KeyBinding("m", "masked", help: "show the masked chip / the chip"),
      KeyBinding("l", "landmarks", help: "show / hide the 68 landmarks"),
      KeyBinding("p", "prepare", help: "prepare the data set: detect, align and mask every face"),
      KeyBinding(
        "c", "cohort", help: "build a sex/age-matched cohort: sample controls from a pool"),
    ]
  }

  public var isCapturingText: Bool { table.isEditingFilter || cohort.isCapturingText }

  public var context: String {
    guard let model else { return "no data set" }
    return "\(model.name) · \(model.faces.count) faces"
  }

  /// The face under the selection.
  public var selectedFace: Face? {
    guard let model, let row = table.selectedRow(of: rows) else { return nil }
    return model.faces[row]
  }

  public mutating func handle(_ key: Key) -> [WorkbenchAction]? {
    if cohort.isOpen { return cohort.handle(key) }
    let before = selectedFace?.id
    if table.handle(key, rows: rows, columnCount: columns.count) {
      if let id = selectedFace?.id, id != before { return [.loadPreview(id: id)] }
      return []
    }
    switch key {
    case .character("m"): showMasked.toggle()
    case .character("l"): showLandmarks.toggle()
    case .character("p"):
      return model == nil ? [.message(DataScreen.noDataMessage)] : [.prepareData]
    case .character("c"):
      guard model != nil else { return [.message(DataScreen.noDataMessage)] }
      cohort.isOpen = true
    default: return nil
    }
    return []
  }

  static let noDataMessage = StatusMessage(
    "no data set is open: start with `oncoface ui --data PATH`",
    role: .warn)

  public mutating func draw(on surface: Surface) {
    guard model != nil else {
      if let loading {
        return Notice(loading.title, loading.lines).draw(inBox: "Data set", on: surface)
      }
      Notice(
        "No data set open",
        [
          "Open a manifest (a CSV with path, label, sex, age) or a prepared folder:",
          "    oncoface ui --data PATH",
          "or start without --data to open the built-in demo cohort.",
        ]
      ).draw(inBox: "Data set", on: surface)
      return
    }
    let rightWidth = max(26, min(44, surface.width * 3 / 8))
    let (left, right) = surface.bounds.splitLeft(surface.width - rightWidth)
    let balanceHeight = left.height >= 24 ? 11 : min(7, left.height / 2)
    let (tableArea, balanceArea) = left.splitBottom(balanceHeight)
    drawTable(on: surface.sub(tableArea))
    drawBalance(on: surface.sub(balanceArea))
    drawPreview(on: surface.sub(right))
    if cohort.isOpen { cohort.draw(on: surface) }
  }

  private mutating func drawTable(on surface: Surface) {
    guard let model else { return }
    let inner = Box("Data set · \(model.name)", info: table.position(of: rows), focused: true).draw(
      on: surface)
    Table(columns: columns, rows: rows, emptyText: "the data set has no faces")
      .draw(on: inner, state: &table)
  }

  private func drawBalance(on surface: Surface) {
    guard surface.height >= 4 else { return }
    let inner = Box("Balance").draw(on: surface)
    guard let model, !model.faces.isEmpty else {
      inner.text("age and sex per group appear here", x: 1, y: 0, role: .dim)
      return
    }
    let balance = Balance(faces: model.faces)
    let bins =
      inner.height >= Balance.decadeBins.count + 2 ? Balance.decadeBins : Balance.coarseBins
    let barsHeight = min(inner.height - 1, bins.count + 1)
    GroupedBars(
      binTitle: "age", bins: bins.map(\.name),
      groups: balance.groups.map { ($0.name, balance.counts(of: $0, in: bins)) }
    )
    .draw(on: inner.sub(Rect(x: 0, y: 0, width: inner.width, height: barsHeight)))
    var spans = [Span(" sex", .heading)]
    for (i, group) in balance.groups.enumerated() {
      spans.append(Span("  \(group.name) ", Role.series(i)))
      spans.append(Span(group.sexSummary, .text))
    }
    inner.spans(spans, x: 0, y: barsHeight)
  }

  private func drawPreview(on surface: Surface) {
    let face = selectedFace
    let inner = Box(face.map { "Face · \($0.id)" } ?? "Face").draw(on: surface)
    guard let face else {
      Notice("No face selected").draw(on: inner)
      return
    }
    let captionHeight = 2
    let imageArea = inner.sub(
      Rect(x: 0, y: 0, width: inner.width, height: inner.height - captionHeight))
    let shown = preview?.id == face.id ? preview : nil
    let image = showMasked ? shown?.maskedChip : shown?.chip
    if let image {
      ImageView(image, points: showLandmarks ? shown?.landmarks ?? [] : []).draw(on: imageArea)
    } else {
      let note = shown?.note ?? ""
      Notice(
        note.isEmpty ? (face.prepared ? "loading…" : "not prepared yet") : note,
        face.prepared || !note.isEmpty ? [] : ["press p to prepare the data set"]
      ).draw(on: imageArea)
    }
    let y = inner.height - captionHeight
    let sex = face.sex.isEmpty ? "sex ?" : face.sex
    let age = face.age.map { "\($0) y" } ?? "age ?"
    inner.spans(
      [
        Span(" \(face.label)", .heading), Span(" · \(sex) · \(age) · "),
        Span(face.outcome, face.prepared ? .good : .dim),
      ], x: 0, y: y)
    inner.spans(
      [
        Span(" m", .key), Span(showMasked ? " masked" : " chip", .dim),
        Span("  l", .key), Span(showLandmarks ? " landmarks on" : " landmarks off", .dim),
      ],
      x: 0, y: y + 1)
  }
}
