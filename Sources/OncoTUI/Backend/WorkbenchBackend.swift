import Dispatch
import Foundation
import OncoData
import OncoFace
import OncoNN
import OncoWorkbench

/// The work behind the screens: opens the data set (the demo cohort when none is given), loads
/// previews, runs training jobs, lists, opens and follows sessions, prepares photos. Everything slow
/// runs on background queues and reports through the sink, so the main queue only draws.
///
///     let backend = WorkbenchBackend(options: .init(data: nil, sessions: sessionsURL), sink: app)
///     app.onAction = { action, _ in backend.perform(action) }
///     app.onQuit = { mode, finish in backend.quit(mode, finish: finish) }
///     backend.start()
@MainActor
public final class WorkbenchBackend {
  public struct Options: Sendable {
    /// The data set to open; nil opens the demo cohort (written on first use).
    public var data: URL?
    public var sessions: URL
    /// Options of the demo cohort written when `data` is nil.
    public var demo = DemoOptions()
    /// Starts a detached process that continues a stopped training session (the executable runs
    /// `oncoface resume` in a new session, immune to the terminal closing); nil: quitting can
    /// only stop a run.
    public var continueHeadless: (@Sendable (_ session: URL) throws -> HeadlessRun)?

    public init(data: URL?, sessions: URL) {
      self.data = data
      self.sessions = sessions
    }

    /// Where the demo cohort lives: `<sessions>/demo-cohort`.
    public var demoFolder: URL { sessions.appendingPathComponent("demo-cohort") }
  }

  /// A training run handed over to a process of its own.
  public struct HeadlessRun: Sendable {
    public var pid: Int32
    /// Where its output goes.
    public var log: URL

    public init(pid: Int32, log: URL) {
      self.pid = pid
      self.log = log
    }

    /// Waits until `run` writes `session` (its record names it and says running, or the run has
    /// already finished); nil then, else what went wrong: the process ended first (the last line
    /// of its log) or 30 s passed. Blocks: call it off the main queue.
    static func waitUntilWriting(_ session: SessionFolder, run: HeadlessRun, timeout: Double = 30)
      -> String?
    {
      let deadline = Date().addingTimeInterval(timeout)
      while Date() < deadline {
        if let record = try? session.readRecord() {
          if record.status == .finished
            || (record.status == .running && record.writer?.pid == run.pid)
          {
            return nil
          }
        }
        var status: Int32 = 0
        if waitpid(run.pid, &status, WNOHANG) == run.pid {
          let log = (try? String(contentsOf: run.log, encoding: .utf8)) ?? ""
          return log.split(separator: "\n").last.map(String.init) ?? "it ended at once"
        }
        Thread.sleep(forTimeInterval: 0.1)
      }
      return "it did not start writing the session within \(Int(timeout)) s"
    }
  }

  let options: Options
  let store: SessionStore
  let sink: any WorkbenchSink
  let io = DispatchQueue(label: "oncoface.workbench.io", qos: .userInitiated)
  var dataSet: DataSet?
  var job: TrainingJob?
  var preparing: PreparationStop?
  var follower: SessionFollower?
  var openSession: SessionFolder?
  var latestPreview: String?
  let cams: CamRequests
  /// Set while quitting waits for a job to end: called with the job's last event (nil for a
  /// preparation).
  var pendingQuit: (@MainActor (TrainingEvent?) -> Void)?

  public init(options: Options, sink: any WorkbenchSink) {
    self.options = options
    store = SessionStore(root: options.sessions)
    self.sink = sink
    cams = CamRequests(sink: sink)
  }

  /// Opens the data set and lists the sessions, in the background.
  public func start() {
    // The form starts from `oncoface train`'s defaults.
    sink.post { $0.train.model.form.setValues(of: TrainingConfig(input: "")) }
    refreshSessions()
    if let data = options.data {
      load(data)
    } else {
      openDemo()
    }
  }

  public func perform(_ action: WorkbenchAction) {
    switch action {
    case .loadPreview(let id): loadPreview(id)
    case .startTraining(let values): startTraining(values)
    case .stopTraining:
      job?.cancel()
      preparing?.stop()
      sink.post {
        $0.train.model.state = $0.train.model.state.isActive ? .stopping : $0.train.model.state
      }
    case .openSession(let path): open(SessionFolder(url: URL(fileURLWithPath: path)))
    case .compareSessions:
      say("both sessions' validation AUC curves are overlaid below the list", .text)
    case .prepareData: prepare()
    case .buildCohort(let values): buildCohort(values)
    case .openDataSet(let path): load(URL(fileURLWithPath: path))
    case .computeCAM(let id, let asked): cams.request(id, recompute: asked)
    case .computeFaces: computeFaces()
    case .message: break
    }
  }

  /// Stops a running job cleanly (it saves first) before calling `finish`; at once without one.
  /// With `.continueHeadless` a stopped training run is then handed to a detached
  /// `oncoface resume`, and `finish` gets the line that says where it went on.
  public func quit(
    _ mode: Workbench.QuitMode, finish: @escaping @MainActor (_ farewell: String?) -> Void
  ) {
    follower?.stop()
    guard job != nil || preparing != nil else { return finish(nil) }
    let headless = mode == .continueHeadless && job != nil && options.continueHeadless != nil
    pendingQuit = { [self] last in
      pendingQuit = nil
      guard headless else { return finish(nil) }
      handOver(after: last, then: finish)
    }
    job?.cancel()
    preparing?.stop()
    sink.post { w in
      w.overlay = nil
      w.message = StatusMessage(
        headless
          ? "handing the run over: it saves its last epoch, continues headless, and the workbench closes"
          : "stopping the run: it saves, then the workbench closes", role: .warn)
    }
    // A run that does not stop (stuck in a long batch) must not keep the terminal forever.
    DispatchQueue.main.asyncAfter(deadline: .now() + 60) { [self] in
      MainActor.assumeIsolated { pendingQuit?(nil) }
    }
  }

  /// Starts the headless continuation of the run that ended with `last` and waits (in the
  /// background, at most 30 s) until it has taken the session, so a workbench opened next finds
  /// it running; then calls `then` with what to tell the person once the terminal is theirs again.
  func handOver(after last: TrainingEvent?, then: @escaping @MainActor (String) -> Void) {
    switch last {
    case .stopped(let summary)?:
      let session = summary.session
      let shown = SessionReader.displayPath(session.url)
      let run: HeadlessRun
      do {
        run = try options.continueHeadless!(session.url)
      } catch {
        return then(
          "Could not continue the run headless (\(error)); it is saved: `oncoface resume \(shown)` "
            + "continues it.")
      }
      say("handing over to a headless run (pid \(run.pid))…", .warn)
      background(
        { HeadlessRun.waitUntilWriting(session, run: run) },
        then: { result in
          let log = SessionReader.displayPath(run.log)
          if case .success(let problem?) = result {
            return then(
              "The headless run (pid \(run.pid)) did not take over: \(problem)\n  see \(log); "
                + "`oncoface resume \(shown)` continues the saved run.")
          }
          then(
            "Training continues headless (pid \(run.pid)): \(shown)\n  output: \(log)\n"
              + "  `oncoface` follows it live; `kill \(run.pid)` stops it cleanly (it saves first)."
          )
        })
    case .finished(let summary)?:
      then(
        "The run finished before it could be handed over: \(SessionReader.displayPath(summary.session.url))"
      )
    case .failed(let failure)?:
      then("The run failed: \(failure.reason)")
    default:
      then(
        "The run did not stop within a minute; it was cut off. `oncoface resume` continues it from its last "
          + "saved epoch.")
    }
  }

  // MARK: Helpers

  func say(_ text: String, _ role: Role) {
    sink.post { $0.message = StatusMessage(text, role: role) }
  }

  /// Runs `work` on the I/O queue and `then` with its result on the main queue.
  func background<T: Sendable>(
    _ work: @escaping @Sendable () throws -> T,
    then: @escaping @MainActor (Result<T, Error>) -> Void
  ) {
    io.async {
      let result = Result { try work() }
      DispatchQueue.main.async { MainActor.assumeIsolated { then(result) } }
    }
  }
}
