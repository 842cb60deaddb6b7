/// The whole workbench as a value: the six screens, which one is shown, the overlay, the running
/// job and the last message; it maps keys to changes and effects, and draws a frame.
///
/// It does no input/output: `WorkbenchApp` feeds it keys and background events on the main queue
/// and carries out its effects, and tests drive it directly and read the frame from a `MemoryCanvas`.
public struct Workbench {
  public var data = DataScreen()
  public var train = TrainScreen()
  public var roc = RocScreen()
  public var mistakes = MistakesScreen()
  public var faces = FacesScreen()
  public var sessions = SessionsScreen()
  public var current = ScreenID.data
  public var overlay: Overlay?
  /// The running job (training, preparation), shown on the status line of every screen.
  public var job: JobProgress?
  public var message: StatusMessage?

  /// Below this the workbench shows only a "terminal too small" message.
  public static let minimumSize = Size(width: 60, height: 16)

  public enum Overlay: Equatable, Sendable {
    case help
    case confirmQuit(ConfirmDialog)
  }

  /// What the workbench must do besides drawing.
  public enum Effect: Equatable, Sendable {
    case action(WorkbenchAction)
    /// Leave, doing what `QuitMode` says with a running job first.
    case quit(QuitMode)
    /// Repaint the whole terminal (Ctrl-L).
    case repaint
  }

  public init() {}

  /// What quitting does with a running job.
  public enum QuitMode: Equatable, Sendable {
    /// No job runs: leave at once.
    case immediately
    /// Stop the job cleanly (a training run saves first), then leave.
    case stopJob
    /// Stop the training run cleanly, hand it to a detached `oncoface resume`, then leave.
    case continueHeadless
  }

  /// Whether a job is running (quitting then asks first).
  public var isJobRunning: Bool { job != nil || train.model.state.isActive }

  /// The window title: the program, the screen and the running job (so a background window says
  /// what it is doing).
  public var title: String {
    "OncoFace · \(current.title)" + (job.map { " · \($0.title)" } ?? "")
  }

  public static let globalKeys = [
    KeyBinding("1-6", "screens", help: "switch to a screen (Tab / Shift-Tab: next / previous)"),
    KeyBinding("?", "help", help: "show / hide this list of keys"),
    KeyBinding("q", "quit", help: "quit (asks first while a job runs)"),
    KeyBinding("Ctrl-L", "repaint", help: "repaint the whole terminal"),
  ]

  // MARK: Keys

  public mutating func handle(_ key: Key) -> [Effect] {
    switch overlay {
    case .help:
      overlay = nil
      return []
    case .confirmQuit:
      switch key {
      // y: the answer the question invited before the headless choice existed.
      case .character("s"), .character("S"), .character("y"), .character("Y"):
        return [.quit(.stopJob)]
      case .character("h"), .character("H"):
        return isTrainingRunning ? [.quit(.continueHeadless)] : []
      case .character("n"), .character("N"), .escape, .character("q"): overlay = nil
      default: break
      }
      return []
    case nil:
      break
    }
    if !screen.isCapturingText {
      switch key {
      case .character(let ch) where ("1"..."6").contains(ch):
        select(ScreenID(rawValue: Int(String(ch))! - 1)!)
        return screenWants()
      case .tab:
        select(ScreenID(rawValue: (current.rawValue + 1) % ScreenID.allCases.count)!)
        return screenWants()
      case .backTab:
        let count = ScreenID.allCases.count
        select(ScreenID(rawValue: (current.rawValue + count - 1) % count)!)
        return screenWants()
      case .character("?"):
        overlay = .help
        return []
      case .character("q"): return requestQuit()
      case .control("l"): return [.repaint]
      case .control("c"): return interrupt()
      default: break
      }
    }
    var screen = self.screen
    let actions = screen.handle(key)
    self.screen = screen
    guard let actions else {
      message = StatusMessage(
        "\(key.name) does nothing on this screen · ? lists every key", role: .dim)
      return screenWants()
    }
    if !actions.isEmpty || key != .escape { message = nil }
    return actions.map { action in
      if case .message(let text) = action { message = text }
      return .action(action)
    } + screenWants()
  }

  /// The background work the shown screen needs now (the Grad-CAM of the selected mistake); asked
  /// after every key and every background change, and empty once asked for.
  public mutating func screenWants() -> [Effect] {
    var screen = self.screen
    let actions = screen.wants()
    guard !actions.isEmpty else { return [] }
    self.screen = screen
    return actions.map(Effect.action)
  }

  /// Whether a training run of this workbench is going (it can then continue headless).
  public var isTrainingRunning: Bool {
    if case .running = train.model.state { return true }
    return false
  }

  /// `q`: quits at once, or asks while a job runs: a training run can stop or go on headless.
  public mutating func requestQuit() -> [Effect] {
    guard isJobRunning else { return [.quit(.immediately)] }
    let what = job?.title ?? "training"
    let dialog: ConfirmDialog
    if isTrainingRunning {
      dialog = ConfirmDialog(
        title: "Quit while training?",
        message: ["Training is running (\(what))."],
        choices: [
          KeyBinding(
            "h", "keep training headless",
            help: "it goes on in the background after the workbench "
              + "closes (oncoface resume); `oncoface` follows it live"),
          KeyBinding(
            "s", "stop the run and quit", help: "saved epochs stay; oncoface resume continues it"),
          KeyBinding("Esc", "stay"),
        ])
    } else {
      dialog = ConfirmDialog(
        title: "Quit?",
        message: ["A job is running (\(what)).", "Quitting stops it cleanly first."],
        choices: [KeyBinding("s", "stop it and quit"), KeyBinding("Esc", "stay")])
    }
    overlay = .confirmQuit(dialog)
    return []
  }

  /// Ctrl-C (SIGINT): like `q`, and a second one while the question is open stops and quits.
  public mutating func interrupt() -> [Effect] {
    if case .confirmQuit = overlay { return [.quit(.stopJob)] }
    return requestQuit()
  }

  public mutating func select(_ id: ScreenID) {
    current = id
    message = nil
  }

  /// The current screen, as the protocol sees it.
  public var screen: any WorkbenchScreen {
    get {
      switch current {
      case .data: data
      case .train: train
      case .roc: roc
      case .mistakes: mistakes
      case .faces: faces
      case .sessions: sessions
      }
    }
    set {
      switch newValue {
      case let s as DataScreen: data = s
      case let s as TrainScreen: train = s
      case let s as RocScreen: roc = s
      case let s as MistakesScreen: mistakes = s
      case let s as FacesScreen: faces = s
      case let s as SessionsScreen: sessions = s
      default: break
      }
    }
  }

  // MARK: Drawing

  /// Draws the whole frame: tab bar, screen, status line, key bar and any overlay.
  public mutating func draw(on canvas: any Canvas) {
    canvas.clear()
    let surface = canvas.surface
    guard canvas.size.width >= Workbench.minimumSize.width,
      canvas.size.height >= Workbench.minimumSize.height
    else {
      TooSmall(size: canvas.size, minimum: Workbench.minimumSize).draw(on: surface)
      return
    }
    let bounds = surface.bounds
    let (tabRow, rest) = bounds.splitTop(1)
    let (content, bottom) = rest.splitBottom(2)
    var screen = self.screen
    TabBar(
      titles: ScreenID.allCases.map(\.title), selected: current.rawValue, context: screen.context
    )
    .draw(on: surface.sub(tabRow))
    screen.draw(on: surface.sub(content))
    self.screen = screen
    StatusLine(job: job, message: message).draw(
      on: surface.sub(Rect(x: 0, y: bottom.y, width: bounds.width, height: 1)))
    let bar =
      [Workbench.globalKeys[1]] + screen.keys.prefix(5) + [
        Workbench.globalKeys[0], Workbench.globalKeys[2],
      ]
    KeyBar(bar).draw(on: surface.sub(Rect(x: 0, y: bottom.y + 1, width: bounds.width, height: 1)))
    switch overlay {
    case .help:
      HelpOverlay(sections: [
        HelpOverlay.Section("Everywhere", Workbench.globalKeys),
        HelpOverlay.Section("\(current.rawValue + 1) · \(current.title)", screen.keys),
      ]).draw(on: surface.sub(content))
    case .confirmQuit(let dialog):
      dialog.draw(on: surface.sub(content))
    case nil:
      break
    }
  }
}

/// The message shown instead of the workbench when the terminal is smaller than it needs.
struct TooSmall {
  var size: Size
  var minimum: Size

  func draw(on surface: Surface) {
    let lines: [(String, Role)] = [
      ("Terminal too small", .bad),
      ("\(size.width)×\(size.height) · needs \(minimum.width)×\(minimum.height)", .text),
      ("enlarge, or q quits", .dim),
    ]
    let shown = lines.prefix(max(1, surface.height))
    let top = max(0, (surface.height - shown.count) / 2)
    for (i, line) in shown.enumerated() {
      surface.text(line.0, x: 0, y: top + i, role: line.1, alignment: .centre)
    }
  }
}
