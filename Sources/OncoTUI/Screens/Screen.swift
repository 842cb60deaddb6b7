/// The six screens, in tab order; number keys 1–6 select them.
public enum ScreenID: Int, CaseIterable, Sendable {
  case data, train, roc, mistakes, faces, sessions

  public var title: String {
    switch self {
    case .data: "Data"
    case .train: "Train"
    case .roc: "ROC"
    case .mistakes: "Mistakes"
    case .faces: "Faces"
    case .sessions: "Sessions"
    }
  }

  /// The key that selects the screen ("1"…"6").
  public var key: Character { Character(String(rawValue + 1)) }
}

/// What a screen needs the workbench to do after a key: work that is not drawing.
public enum WorkbenchAction: Equatable, Sendable {
  /// Start a training run with the form's values (by field name).
  case startTraining([String: String])
  /// Stop the running job cleanly.
  case stopTraining
  /// Detect, align and mask the faces of the data set.
  case prepareData
  /// Sample sex/age-matched controls with the cohort form's values (by field name) and write the
  /// cohort with its balance files.
  case buildCohort([String: String])
  /// Open a data set (a manifest, a prepared folder) in place of the current one.
  case openDataSet(String)
  /// The Data screen's selection moved: load that face's chip, mask and landmarks.
  case loadPreview(id: String)
  /// Open a session (its folder) as the current one.
  case openSession(String)
  /// Overlay the curves of two sessions.
  case compareSessions(String, String)
  /// Compute the Grad-CAM of one test face; `asked` when the user pressed the key (not merely
  /// stepped onto a face without one).
  case computeCAM(id: String, asked: Bool)
  /// Average the faces of each group of the open data set and compare their landmark measures.
  case computeFaces
  /// Show a message on the status line.
  case message(StatusMessage)
}

/// A screen of the workbench: draws itself from its model and handles its own keys.
///
/// Screens are plain values: the workbench owns them, feeds their models, asks them to draw into a
/// surface and passes them the keys the global key map does not take.
public protocol WorkbenchScreen {
  static var id: ScreenID { get }
  /// The keys of this screen, for the key bar (the first few) and the help overlay (all).
  var keys: [KeyBinding] { get }
  /// While true (typing a filter or a value), every printable key goes to the screen, even `q` and
  /// the digits.
  var isCapturingText: Bool { get }
  /// The note at the right end of the tab bar.
  var context: String { get }
  mutating func draw(on surface: Surface)
  /// Handles a key; nil when the key means nothing here.
  mutating func handle(_ key: Key) -> [WorkbenchAction]?
  /// Background work the screen needs while it is shown (the Grad-CAM of the selected mistake);
  /// asked after every key and background change, so it must mark what it asked for and ask once.
  mutating func wants() -> [WorkbenchAction]
}

extension WorkbenchScreen {
  public var isCapturingText: Bool { false }
  public var context: String { "" }
  public func wants() -> [WorkbenchAction] { [] }
}
