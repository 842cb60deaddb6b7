import Foundation

/// What a running job's work sees: event delivery, the cancel flag, the session log.
///
/// Progress is throttled here (at most ten events a second per phase, plus each phase's last step),
/// so the trainer can report every minibatch without flooding the consumer's queue.
final class TrainingContext: @unchecked Sendable {
  private let queue: DispatchQueue
  private let deliver: @Sendable (TrainingEvent) -> Void
  private let lock = NSLock()
  private var cancelled = false
  private var folder: SessionFolder?
  private var sessionLog: SessionLog?
  private var lastProgress: (phase: TrainingPhase, epoch: Int, at: Date)?

  /// Called on the training thread right after an epoch is committed (tests use it to cancel or
  /// fill the disk at a known point).
  var afterEpochCommit: (@Sendable (Int) -> Void)?

  init(queue: DispatchQueue, deliver: @escaping @Sendable (TrainingEvent) -> Void) {
    self.queue = queue
    self.deliver = deliver
  }

  /// Sends `event` to the consumer's queue (in order: the queue is serial or the consumer's own).
  func emit(_ event: TrainingEvent) {
    let deliver = self.deliver
    queue.async { deliver(event) }
  }

  func cancel() { lock.withLock { cancelled = true } }

  var isCancelled: Bool { lock.withLock { cancelled } }

  /// Throws `StopRequested` once `cancel()` was called (checked between minibatches).
  func checkCancelled() throws {
    if isCancelled { throw StopRequested() }
  }

  var session: SessionFolder? { lock.withLock { folder } }

  /// Sets the session the job writes, and the log that `log(_:)` appends to.
  func attach(session: SessionFolder, log: SessionLog) {
    lock.withLock {
      folder = session
      sessionLog = log
    }
  }

  /// Writes `text` to log.txt (when a session is attached) and sends it as a `log` event.
  /// A log line that cannot be written is still sent; the next real write reports the disk.
  func log(_ text: String, at date: Date = Date()) {
    _ = try? lock.withLock { sessionLog }?.write(text, at: date)
    emit(.log(TrainingLogLine(date: date, text: text)))
  }

  /// Sends `progress` unless one for the same phase went out less than 0.1 s ago; the phase's last
  /// step (`done == total`) always goes out.
  func report(_ progress: TrainingProgress, now: Date = Date()) {
    let due = lock.withLock { () -> Bool in
      if progress.done < progress.total, let last = lastProgress, last.phase == progress.phase,
        last.epoch == progress.epoch, now.timeIntervalSince(last.at) < 0.1
      {
        return false
      }
      lastProgress = (progress.phase, progress.epoch, now)
      return true
    }
    if due { emit(.progress(progress)) }
  }
}

/// Thrown inside a run when the job was cancelled; the run saves and ends as `stopped`.
struct StopRequested: Error {}
