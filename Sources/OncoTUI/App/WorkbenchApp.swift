import Dispatch
import Foundation

/// The event loop around a `Workbench`, as SwiftTUI does it: stdin, SIGWINCH, SIGINT, SIGHUP and
/// SIGTERM are DispatchSources on the main queue; every change schedules one coalesced redraw with
/// `DispatchQueue.main.async`; background work posts its results through `post(_:)`.
///
///     let app = try WorkbenchApp(workbench: Workbench())
///     app.onAction = { action, app in … }   // start jobs, load images
///     app.onQuit = { mode, finish in … }     // stop or hand over a job, then finish(farewell)
///     app.run()                              // never returns; quitting exits the process
///
/// The main queue only decodes keys, updates the state and draws, so keys stay quick however busy
/// the background queues are. A closed terminal (end of input, SIGHUP) exits cleanly.
@MainActor
public final class WorkbenchApp: WorkbenchSink {
  public private(set) var workbench: Workbench
  /// Carries out what a screen asks for (start a run, load a preview…); set by the command that
  /// opens the workbench. Without it the action only shows its message, if any.
  public var onAction: ((WorkbenchAction, WorkbenchApp) -> Void)?
  /// Called when the workbench is to quit; `mode` says what to do with a running job. It calls
  /// `finish` when it is done (at once, or when the job has saved and stopped), with a line to
  /// print once the terminal is restored (where a headless run went on) or nil; without it the
  /// process exits at once.
  public var onQuit:
    (
      (_ mode: Workbench.QuitMode, _ finish: @escaping @MainActor (_ farewell: String?) -> Void)
        -> Void
    )?
  /// Writes the screen's name as the window title after every frame where it changed (used by
  /// `oncoface bench ui` to see when a screen is on the terminal).
  public var showsTitle = false

  private let terminal: CursesTerminal
  private var decoder = KeyDecoder()
  private var sources: [any DispatchSourceProtocol] = []
  private var redrawScheduled = false
  private var lastFrame = DispatchTime(uptimeNanoseconds: 0)
  private let inbox = EventInbox<Workbench>()
  private var quitting = false
  private var terminalGone = false

  /// Takes over the terminal. Throws when stdin/stdout is not a terminal or TERM is unknown.
  public init(
    workbench: Workbench, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws {
    // Ignore the signals the sources handle, before ncurses looks at their dispositions.
    for signal in [SIGWINCH, SIGINT, SIGHUP, SIGTERM, SIGPIPE] {
      Foundation.signal(signal, SIG_IGN)
    }
    self.workbench = workbench
    terminal = try CursesTerminal(environment: environment)
  }

  public var capabilities: Capabilities { terminal.capabilities }

  /// Starts the sources, draws the first frame and serves the main queue until the workbench quits.
  public func run() -> Never {
    let input = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
    input.setEventHandler { MainActor.assumeIsolated { self.readInput() } }
    add(input)
    onSignal(SIGWINCH) {
      $0.terminal.resize()
      $0.render()
    }
    onSignal(SIGINT) { $0.perform($0.workbench.interrupt()) }
    onSignal(SIGHUP) { $0.terminalClosed() }
    onSignal(SIGTERM) { $0.quit(.stopJob) }
    render()
    dispatchMain()
  }

  /// Applies a change from any queue; changes arriving together are applied together and drawn once.
  public nonisolated func post(_ update: @escaping @Sendable (inout Workbench) -> Void) {
    guard inbox.add(update) else { return }
    DispatchQueue.main.async {
      MainActor.assumeIsolated { self.drain() }
    }
  }

  /// Changes the workbench on the main queue and schedules a redraw.
  public func update(_ change: (inout Workbench) -> Void) {
    change(&workbench)
    scheduleRedraw()
  }

  /// Schedules one redraw for everything that changed in this turn of the main queue.
  public func scheduleRedraw() {
    guard !redrawScheduled else { return }
    redrawScheduled = true
    DispatchQueue.main.async {
      MainActor.assumeIsolated {
        self.redrawScheduled = false
        self.render()
      }
    }
  }

  private func drain() {
    for update in inbox.takeAll() { update(&workbench) }
    let wants = workbench.screenWants()
    if !wants.isEmpty { perform(wants) }
    // Background events redraw at most ~30 times a second; keys redraw at once.
    let elapsed = DispatchTime.now().uptimeNanoseconds &- lastFrame.uptimeNanoseconds
    if elapsed >= 33_000_000 {
      scheduleRedraw()
    } else if !redrawScheduled {
      redrawScheduled = true
      DispatchQueue.main.asyncAfter(deadline: lastFrame + .nanoseconds(33_000_000)) {
        MainActor.assumeIsolated {
          self.redrawScheduled = false
          self.render()
        }
      }
    }
  }

  private func render() {
    guard !terminalGone else { return }
    workbench.draw(on: terminal)
    terminal.present()
    if showsTitle { terminal.setTitle(workbench.title) }
    lastFrame = .now()
  }

  private func readInput() {
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
    if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) {
      terminalClosed()
      return
    }
    guard count > 0 else { return }
    let keys = decoder.decode(Array(buffer[0..<count]))
    for key in keys { perform(workbench.handle(key)) }
    if !decoder.pending.isEmpty {
      let waiting = decoder.pending
      DispatchQueue.main.asyncAfter(deadline: .now() + .milliseconds(30)) {
        MainActor.assumeIsolated {
          guard self.decoder.pending == waiting else { return }
          for key in self.decoder.flush() { self.perform(self.workbench.handle(key)) }
          self.render()
        }
      }
    }
    if !keys.isEmpty { render() }
  }

  private func perform(_ effects: [Workbench.Effect]) {
    for effect in effects {
      switch effect {
      case .quit(let mode): quit(mode)
      case .repaint: terminal.invalidate()
      case .action(let action):
        if case .message = action { continue }
        onAction?(action, self)
      }
    }
    scheduleRedraw()
  }

  /// Quits: lets `onQuit` stop or hand over a running job (the screen stays live meanwhile),
  /// then exits.
  public func quit(_ mode: Workbench.QuitMode) {
    guard !quitting else { return }
    quitting = true
    guard let onQuit else { exit(code: 0) }
    onQuit(mode) { farewell in self.exit(code: 0, farewell: farewell) }
  }

  /// The terminal closed (end of input, SIGHUP): stop drawing, stop any job cleanly, exit.
  private func terminalClosed() {
    terminalGone = true
    for source in sources { source.cancel() }
    quit(.stopJob)
  }

  /// Gives the terminal back, prints `farewell` (if any) and ends the process.
  ///
  /// Any job has stopped by then, so the process ends with `_exit`: no atexit handlers or static
  /// destructors run while background threads may still be computing.
  public func exit(code: Int32, farewell: String? = nil) -> Never {
    if !terminalGone {
      terminal.close()
      // After a blank line: the first line written after leaving the alternate screen can be lost
      // (tmux restores the cursor over it).
      if let farewell { print("\n" + farewell) }
    }
    fflush(nil)
    _exit(code)
  }

  private func onSignal(_ signal: Int32, _ handler: @escaping @MainActor (WorkbenchApp) -> Void) {
    let source = DispatchSource.makeSignalSource(signal: signal, queue: .main)
    source.setEventHandler { MainActor.assumeIsolated { handler(self) } }
    add(source)
  }

  private func add(_ source: any DispatchSourceProtocol) {
    source.resume()
    sources.append(source)
  }
}

/// Where background work sends its results: a change to the workbench, applied on the main queue
/// and drawn with the next frame. `WorkbenchApp` is one; tests use a plain collector.
public protocol WorkbenchSink: AnyObject, Sendable {
  func post(_ update: @escaping @Sendable (inout Workbench) -> Void)
}
