import Foundation

/// A training run on a background Dispatch queue that reports `TrainingEvent`s to a queue of the
/// consumer's choice (the TUI's main queue; a private serial queue for the headless commands).
///
/// The job owns the session on disk: it creates the folder, writes every file as the run goes, and
/// records the final status (`finished`, `stopped`, `failed` with the reason). The consumer needs
/// only plain types: `TrainingConfig`, `SessionStore`, `SessionFolder` and the events.
///
///     let job = TrainingJob(config: config, name: "sex-proxy",
///                           store: SessionStore(root: sessionsURL), deliverOn: .main) { event in
///       screen.apply(event)          // runs on the main queue
///     }
///     job.start()
///     …
///     job.cancel()                   // stops after the current minibatch; saved epochs are kept
///     let again = TrainingJob(resuming: job.session!, deliverOn: .main) { screen.apply($0) }
///     again.start()
public final class TrainingJob: @unchecked Sendable {
  /// The work a job runs; internal so tests can drive the event machinery without a network.
  typealias Work = @Sendable (TrainingContext) throws -> TrainingSummary

  private let work: Work
  private let context: TrainingContext
  private let lock = NSLock()
  private var started = false
  private let done = DispatchSemaphore(value: 0)
  private var terminal: TrainingEvent?

  /// A new session named `name` under `store`, trained with `config`.
  public convenience init(
    config: TrainingConfig, name: String, store: SessionStore,
    deliverOn queue: DispatchQueue = .main,
    handler: @escaping @Sendable (TrainingEvent) -> Void
  ) {
    self.init(deliverOn: queue, handler: handler) { context in
      try Trainer.train(config: config, name: name, store: store, context: context)
    }
  }

  /// Continues `session` from its last saved epoch (a stopped, interrupted or failed run).
  public convenience init(
    resuming session: SessionFolder, deliverOn queue: DispatchQueue = .main,
    handler: @escaping @Sendable (TrainingEvent) -> Void
  ) {
    self.init(deliverOn: queue, handler: handler) { context in
      try Trainer.resume(session: session, context: context)
    }
  }

  init(
    deliverOn queue: DispatchQueue, handler: @escaping @Sendable (TrainingEvent) -> Void,
    work: @escaping Work
  ) {
    self.work = work
    let done = self.done
    context = TrainingContext(queue: queue) { event in
      handler(event)
      if event.isTerminal { done.signal() }
    }
  }

  /// Starts the run on a background queue; calling it again does nothing.
  public func start() {
    let first = lock.withLock { () -> Bool in
      defer { started = true }
      return !started
    }
    guard first else { return }
    DispatchQueue(label: "oncoface.training-job", qos: .userInitiated).async { [self] in
      let event = run()
      lock.withLock { terminal = event }
      context.emit(event)
    }
  }

  /// Asks the run to stop after the current minibatch. Epochs already finished stay saved; the
  /// session's status becomes `stopped` and the job ends with `.stopped`.
  public func cancel() { context.cancel() }

  /// The context the work reports to (tests set its `afterEpochCommit`).
  var testContext: TrainingContext { context }

  /// True once `cancel()` was called.
  public var isCancelRequested: Bool { context.isCancelled }

  /// The session folder, once the job has created (or opened) it.
  public var session: SessionFolder? { context.session }

  /// Blocks until the last event has been handled and returns it. Never call it on the delivery
  /// queue.
  @discardableResult
  public func waitUntilDone() -> TrainingEvent {
    done.wait()
    done.signal()  // later callers return at once
    return lock.withLock { terminal! }
  }

  private func run() -> TrainingEvent {
    do {
      let summary = try work(context)
      return summary.status == .finished ? .finished(summary) : .stopped(summary)
    } catch {
      let reason = "\(error)"
      if let session = context.session {
        context.log("failed: \(reason)")
        try? TrainingJob.record(failure: reason, in: session)
      }
      return .failed(TrainingFailure(reason: reason, session: context.session))
    }
  }

  /// Marks the session failed with `reason`, keeping everything else in session.json.
  static func record(failure reason: String, in session: SessionFolder) throws {
    var record = try session.readRecord()
    record.status = .failed
    record.reason = reason
    try session.writeRecord(record)
  }
}
