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

  private let options: Options
  private let store: SessionStore
  private let sink: any WorkbenchSink
  private let io = DispatchQueue(label: "oncoface.workbench.io", qos: .userInitiated)
  private var dataSet: DataSet?
  private var job: TrainingJob?
  private var preparing: PreparationStop?
  private var follower: SessionFollower?
  private var openSession: SessionFolder?
  private var latestPreview: String?
  private let cams: CamRequests
  /// Set while quitting waits for a job to end: called with the job's last event (nil for a
  /// preparation).
  private var pendingQuit: (@MainActor (TrainingEvent?) -> Void)?

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
  private func handOver(after last: TrainingEvent?, then: @escaping @MainActor (String) -> Void) {
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

  // MARK: Data

  private func openDemo() {
    let folder = options.demoFolder
    let demo = options.demo
    if DemoCohort.isComplete(at: folder, options: demo) { return load(folder) }
    sink.post { w in
      w.job = JobProgress(
        title: "writing the demo cohort", fraction: 0, detail: SessionReader.displayPath(folder))
      w.data.loading = DataScreen.Loading(
        title: "Writing the demo cohort",
        lines: [
          "\(demo.count) synthetic faces into \(SessionReader.displayPath(folder)); this happens once.",
          "The other screens work meanwhile.",
        ])
    }
    let sink = self.sink
    let throttle = Throttle(interval: 0.1)
    background(
      {
        try DemoCohort.ensure(at: folder, options: demo) { done, total in
          guard throttle.ready() || done == total else { return }
          sink.post { $0.job?.fraction = Double(done) / Double(max(1, total)) }
        }
      },
      then: { [self] result in
        sink.post { $0.job = nil }
        switch result {
        case .success(let folder): load(folder)
        case .failure(let error):
          sink.post { $0.data.loading = nil }
          say("cannot write the demo cohort: \(error)", .bad)
        }
      })
  }

  private func load(_ url: URL) {
    background(
      { try DataSet.read(url) },
      then: { [self] result in
        switch result {
        case .success(let set):
          dataSet = set
          let first = set.model.faces.first?.id
          let cohortForm = CohortPanel.form(
            dataSet: set.model.name, labels: set.labels,
            output: SessionReader.displayPath(cohortFile(for: set)))
          sink.post { w in
            w.data.model = set.model
            w.data.table = TableState()
            w.data.cohort = CohortPanel(form: cohortForm)
            w.data.preview = nil
            w.data.loading = nil
            w.message = StatusMessage(
              "opened \(set.model.name): \(set.model.faces.count) faces", role: .good)
            w.train.model.hasData = true
            w.train.model.form.setChoices(set.labels, of: "positive")
            if !set.model.problems.isEmpty {
              w.message = StatusMessage(
                "\(set.model.problems.count) rows left out, e.g. \(set.model.problems[0])",
                role: .warn)
            }
          }
          if let first { loadPreview(first) }
          loadFaces(for: set)
          openNewestSession(of: set)
        case .failure(let error):
          say("cannot open \(url.path): \(error)", .bad)
        }
      })
  }

  private func loadPreview(_ id: String) {
    guard let set = dataSet else { return }
    latestPreview = id
    background(
      { set.preview(id: id) },
      then: { [self] result in
        guard latestPreview == id, case .success(let preview) = result else { return }
        sink.post { $0.data.preview = preview }
      })
  }

  private func prepare() {
    guard let set = dataSet else { return say("no data set is open", .warn) }
    guard !set.isPrepared else {
      return say("this data set is prepared already (chips, masks, landmarks)", .dim)
    }
    guard job == nil, preparing == nil else {
      return say("a job is running; wait for it or stop it (2, x)", .warn)
    }
    let output = options.sessions.appendingPathComponent(".prepared")
      .appendingPathComponent(SessionReader.safeName(set.model.name))
    let stop = PreparationStop()
    preparing = stop
    let sink = self.sink
    let throttle = Throttle(interval: 0.1)
    sink.post {
      $0.job = JobProgress(
        title: "preparing", fraction: 0, detail: SessionReader.displayPath(output))
    }
    background(
      { () throws -> PreparationSummary in
        let input = try PreparationInput.load(set.url, excluding: output)
        var options = PreparationOptions()
        options.jobs = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return try PreparationJob(input: input, output: output, options: options).run(
          progress: { p in
            guard throttle.ready() || p.done == p.total else { return }
            sink.post { w in
              w.job = JobProgress(
                title: "preparing \(p.done)/\(p.total)",
                fraction: Double(p.done) / Double(max(1, p.total)),
                detail: w.job?.detail ?? "")
            }
          }, shouldStop: { stop.isStopped })
      },
      then: { [self] result in
        preparing = nil
        sink.post { $0.job = nil }
        switch result {
        case .success(let summary):
          say("prepared \(summary.total) photos: \(summary.ok) ok, \(summary.failed) failed", .good)
          load(output)
        case .failure(let error):
          say("preparation stopped: \(error)", .warn)
        }
        if let pendingQuit { pendingQuit(nil) }
      })
  }

  /// Where the Faces screen keeps the averages of a data set: `<sessions>/.faces/<name>`.
  private func facesFolder(for set: DataSet) -> URL {
    options.sessions.appendingPathComponent(".faces").appendingPathComponent(
      SessionReader.safeName(set.model.name))
  }

  private func loadFaces(for set: DataSet) {
    let folders = [set.url.appendingPathComponent("faces"), facesFolder(for: set)]
    background(
      { try folders.first(where: FacesReader.exists).map(FacesReader.read) },
      then: { [self] result in
        if case .success(let found) = result, let model = found {
          sink.post { $0.faces.model = model }
        }
      })
  }

  private func computeFaces() {
    guard let set = dataSet else { return say("open a data set first (screen 1)", .warn) }
    guard set.isPrepared else { return say("prepare the data set first (1, then p)", .warn) }
    let out = facesFolder(for: set)
    let prepared = set.url
    let sink = self.sink
    let throttle = Throttle(interval: 0.1)
    sink.post { w in
      w.job = JobProgress(
        title: "averaging faces", fraction: 0, detail: SessionReader.displayPath(out))
      w.message = StatusMessage(
        "averaging the faces of each group of \(set.model.name)…", role: .dim)
    }
    background(
      { () throws -> FacesScreen.Model in
        // Per-face problems are in the folder's group-comparison.txt summary; they never stop it.
        _ = try FaceAveraging(input: prepared, out: out).run(progress: { done, total, group in
          guard throttle.ready() || done == total else { return }
          sink.post { w in
            w.job = JobProgress(
              title: "averaging \(group) \(done)/\(total)",
              fraction: Double(done) / Double(max(1, total)), detail: w.job?.detail ?? "")
          }
        })
        return try FacesReader.read(out)
      },
      then: { [self] result in
        sink.post { $0.job = nil }
        switch result {
        case .success(let model):
          sink.post { w in
            w.faces.model = model
            w.message = StatusMessage("average faces of \(model.groups.count) groups", role: .good)
          }
        case .failure(let error): say("averaging failed: \(error)", .bad)
        }
      })
  }

  /// Opens the newest session trained on `set` that a headless run is still writing (it is
  /// followed live), else the newest finished one (so ROC and Mistakes show its results at once).
  private func openNewestSession(of set: DataSet) {
    let store = self.store
    let path = set.url.standardizedFileURL.path
    background(
      { () -> SessionFolder? in
        let mine = store.list().sessions.filter { summary in
          guard let record = try? summary.folder.readRecord() else { return false }
          return URL(fileURLWithPath: record.config.input).standardizedFileURL.path == path
        }
        let live = mine.first { $0.status == .running && !$0.isInterrupted }
        return (live ?? mine.first { $0.status == .finished })?.folder
      },
      then: { [self] result in
        guard case .success(let found) = result, let folder = found, job == nil, openSession == nil
        else { return }
        open(folder)
      })
  }

  // MARK: Training

  private func startTraining(_ values: [String: String]) {
    guard let set = dataSet else { return say("open a data set first", .warn) }
    guard job == nil, preparing == nil else { return say("a job is running already", .warn) }
    var config = TrainingConfig(input: set.url.path)
    config.model = values["model"].flatMap(ModelKind.init(rawValue:)) ?? config.model
    config.freeze = values["freeze"].flatMap(FreezeMode.init(rawValue:)) ?? config.freeze
    config.epochs = values["epochs"].flatMap(Int.init) ?? config.epochs
    config.batchSize = values["batch"].flatMap(Int.init) ?? config.batchSize
    config.learningRate = values["lr"].flatMap(Double.init)
    config.weightDecay = values["weight-decay"].flatMap(Double.init) ?? config.weightDecay
    config.dropout = values["dropout"].flatMap(Double.init) ?? config.dropout
    config.seed = values["seed"].flatMap(UInt64.init) ?? config.seed
    config.positiveLabel = values["positive"]
    follower?.stop()
    follower = nil
    let sink = self.sink
    let job = TrainingJob(config: config, name: set.model.name, store: store, deliverOn: .main) {
      [weak self] event in
      sink.post { $0.apply(event) }
      MainActor.assumeIsolated { self?.handle(event) }
    }
    self.job = job
    let epochs = config.epochs
    sink.post { w in
      w.train.model.epochs = []
      w.train.model.log = []
      w.train.model.state = .running(epoch: 1, of: epochs)
      w.job = JobProgress(title: "starting", fraction: 0)
    }
    job.start()
  }

  private func handle(_ event: TrainingEvent) {
    switch event {
    case .started(let start):
      openSession = start.session
      refreshSessions()
    case .epochFinished:
      refreshSessions()
      return
    case .finished(let summary), .stopped(let summary):
      job = nil
      refreshSessions()
      loadResults(summary.session)
    case .failed:
      job = nil
      refreshSessions()
    default:
      return
    }
    if event.isTerminal, let pendingQuit { pendingQuit(event) }
  }

  // MARK: Sessions

  private func refreshSessions() {
    let store = self.store
    let open = openSession?.url.path
    background(
      { SessionReader.sessions(in: store, open: open) },
      then: { [self] result in
        if case .success(let model) = result { sink.post { $0.sessions.model = model } }
      })
  }

  private func open(_ folder: SessionFolder) {
    follower?.stop()
    follower = nil
    openSession = folder
    let ownJob = job != nil
    background(
      { () throws -> (SessionRecord, MetricsLog) in
        (try folder.readRecord(), try folder.readMetrics())
      },
      then: { [self] result in
        guard case .success(let (record, metrics)) = result else {
          if case .failure(let error) = result { say("cannot open \(folder.id): \(error)", .bad) }
          return
        }
        if !ownJob {
          sink.post { w in
            w.train.model = SessionReader.trainModel(
              folder, record: record, metrics: metrics, base: w.train.model)
            w.message = StatusMessage("opened \(folder.id)", role: .good)
          }
        }
        refreshSessions()
        loadResults(folder)
        let writerAlive = record.writer.map { $0.isAlive && $0.pid != getpid() } ?? false
        if record.status == .running && writerAlive && !ownJob { follow(folder) }
      })
  }

  /// Follows a session another process is writing: epochs, log lines and status as they come.
  private func follow(_ folder: SessionFolder) {
    let follower = SessionFollower(folder: folder)
    self.follower = follower
    _ = try? follower.poll()  // what is there already is shown; only news from now on
    say("following \(folder.id): a headless run is writing it", .accent)
    follower.start(deliverOn: .main) { [weak self] result in
      guard case .success(let update) = result else { return }
      self?.sink.post { w in
        if update.restarted { w.train.model.epochs = [] }
        for m in update.epochs {
          w.train.model.epochs.removeAll { $0.epoch == m.epoch }
          w.train.model.epochs.append(TrainScreen.Epoch(m))
        }
        w.train.model.appendLog(update.logLines.map(SessionReader.logLine))
        if let record = update.record {
          switch record.status {
          case .running:
            w.train.model.state = .following(epoch: record.epochsDone + 1, of: record.config.epochs)
          case .finished: w.train.model.state = .finished
          case .stopped: w.train.model.state = .stopped
          case .failed: w.train.model.state = .failed(record.reason ?? "failed")
          }
        }
      }
      if let record = update.record, record.status != .running {
        MainActor.assumeIsolated {
          self?.follower?.stop()
          self?.loadResults(folder)
          self?.refreshSessions()
        }
      }
    }
  }

  private func loadResults(_ folder: SessionFolder) {
    background(
      { () throws -> SessionReader.Results? in
        let record = try folder.readRecord()
        return SessionReader.results(folder, record: record, metrics: try folder.readMetrics())
      },
      then: { [self] result in
        guard case .success(let loaded) = result, let results = loaded else { return }
        cams.show(
          folder, predictions: results.predictions,
          landmarks: Dictionary(
            results.mistakes.mistakes.map { ($0.id, $0.landmarks) },
            uniquingKeysWith: { first, _ in first }))
        sink.post { w in
          w.roc.model = results.roc
          w.mistakes.model = results.mistakes
        }
      })
  }

  // MARK: Cohort

  /// Where the cohort panel writes a cohort of `set` by default: `<sessions>/cohorts/<name>/cohort.csv`.
  private func cohortFile(for set: DataSet) -> URL {
    options.sessions.appendingPathComponent("cohorts").appendingPathComponent(
      SessionReader.safeName(set.model.name)
    )
    .appendingPathComponent(SessionReader.safeName(set.model.name) + "-matched.csv")
  }

  private func buildCohort(_ values: [String: String]) {
    guard let set = dataSet else {
      sink.post { $0.data.cohort.stage = .form }
      return say("open a data set first", .warn)
    }
    let url = set.url
    background(
      { () throws -> CohortReport in
        try CohortBuilder(values: values, dataSet: set.model.name, labels: set.labels).build(
          dataSet: url)
      },
      then: { [self] result in
        switch result {
        case .success(let report):
          sink.post { w in
            w.data.cohort.stage = .report(report)
            w.data.cohort.scroll = 0
            w.message = StatusMessage(
              "wrote \(report.cohort.display): \(report.title.dropFirst("Matched cohort · ".count))"
                + (w.data.cohort.isOpen ? "" : " · c shows the report"),
              role: report.balanced ? .good : .warn)
          }
        case .failure(let error):
          sink.post { w in
            w.data.cohort.stage = .form
            w.data.cohort.error = "\(error)"
            w.message = StatusMessage("no cohort: \(error)", role: .bad)
          }
        }
      })
  }

  // MARK: Helpers

  private func say(_ text: String, _ role: Role) {
    sink.post { $0.message = StatusMessage(text, role: role) }
  }

  /// Runs `work` on the I/O queue and `then` with its result on the main queue.
  private func background<T: Sendable>(
    _ work: @escaping @Sendable () throws -> T,
    then: @escaping @MainActor (Result<T, Error>) -> Void
  ) {
    io.async {
      let result = Result { try work() }
      DispatchQueue.main.async { MainActor.assumeIsolated { then(result) } }
    }
  }
}

/// A stop flag a preparation checks before each photo.
final class PreparationStop: @unchecked Sendable {
  private let lock = NSLock()
  private var stopped = false
  var isStopped: Bool { lock.withLock { stopped } }
  func stop() { lock.withLock { stopped = true } }
}

/// Lets through at most one call per `interval` seconds (progress reports from many threads).
final class Throttle: @unchecked Sendable {
  private let lock = NSLock()
  private let interval: Double
  private var last = Date.distantPast

  init(interval: Double) { self.interval = interval }

  func ready() -> Bool {
    lock.withLock {
      let now = Date()
      guard now.timeIntervalSince(last) >= interval else { return false }
      last = now
      return true
    }
  }
}
