import Foundation
import OncoWorkbench

/// Runs a `TrainingJob` for a headless command: progress bars and log lines on stderr, Ctrl-C to
/// stop cleanly, the `--json` summary line on stdout. Shared by `train` and `resume`.
///
/// A first Ctrl-C (or SIGTERM) asks the job to stop after the current minibatch (saved epochs are
/// kept and the session is marked `stopped`); a second one exits at once, which is safe because
/// every session file is written atomically.
final class TrainingConsole: @unchecked Sendable {
  private let json: Bool
  private let queue = DispatchQueue(label: "oncoface.console")
  private var bar: ProgressBar?
  private var phase: (key: PhaseKey, started: Date, drawn: Bool)?

  init(json: Bool) { self.json = json }

  /// Runs the job made by `makeJob` (given the handler to pass it) to its end and returns the exit
  /// code: 0 finished, 130 stopped by Ctrl-C or SIGTERM, 1 failed.
  func run(_ makeJob: (@escaping @Sendable (TrainingEvent) -> Void) -> TrainingJob) -> Int32 {
    let job = makeJob { [self] event in handle(event) }
    // SIGTERM (a batch system ending the job, a plain `kill`) stops as cleanly as Ctrl-C.
    let sources = [SIGINT, SIGTERM].map { number in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler { [self] in
        if job.isCancelRequested {
          say("second signal: exiting now (saved epochs are safe; `oncoface resume` continues)")
          exit(130)
        }
        finishBar()
        say("stopping after the current minibatch… (Ctrl-C again to exit at once)")
        job.cancel()
      }
      source.resume()
      return source
    }
    job.start()
    let last = job.waitUntilDone()
    for source in sources { source.cancel() }
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
    switch last {
    case .finished: return 0
    case .stopped: return 130
    default: return 1
    }
  }

  /// The delivery queue of the job's events.
  var deliveryQueue: DispatchQueue { queue }

  private func handle(_ event: TrainingEvent) {
    switch event {
    case .started(let start):
      say("session \(start.session.url.path)")
    case .progress(let p):
      // A bar is drawn only for a phase that lasts: cached epochs take milliseconds, and a bar
      // per blink would bury the epoch lines. It is made when the phase starts, so its rate and
      // ETA count from there.
      let key = PhaseKey(phase: p.phase, epoch: p.epoch)
      if phase?.key != key {
        finishBar()
        let label =
          p.epoch > 0 ? "epoch \(p.epoch)/\(p.epochs) \(p.phase.rawValue)" : p.phase.rawValue
        bar = ProgressBar(label: label, total: p.total, unit: "img")
        phase = (key, Date(), false)
      }
      if let started = phase?.started,
        phase?.drawn == true || Date().timeIntervalSince(started) >= 0.5
      {
        phase?.drawn = true
        bar?.update(
          done: p.done, total: p.total, note: p.runningLoss.map { String(format: "loss %.4f", $0) })
      }
      if p.done >= p.total { finishBar() }
    case .epochFinished:
      finishBar()
    case .log(let line):
      finishBar()
      say(line.text)
    case .finished(let summary), .stopped(let summary):
      finishBar()
      if json { TrainingConsole.summaryLine(summary).print() }
    case .failed(let failure):
      finishBar()
      say("error: " + failure.reason)
      if let session = failure.session { say("session kept: \(session.url.path)") }
    }
  }

  /// The `--json` line: `{"session":…,"best_epoch":…,"val_auc":…,"test_auc":…,"test_accuracy":…,
  /// "seconds":…}` (test figures null when the run stopped before the test evaluation).
  static func summaryLine(_ summary: TrainingSummary) -> JSONLine {
    var line = JSONLine()
    line["session"] = .string(summary.session.url.path)
    line["best_epoch"] = summary.bestEpoch.map { .int($0) } ?? .null
    line["val_auc"] = summary.bestValidationAUC.map { .double($0) } ?? .null
    line["test_auc"] = summary.test.map { .double($0.auc) } ?? .null
    line["test_accuracy"] = summary.test.map { .double($0.accuracy) } ?? .null
    line["seconds"] = .double((summary.seconds * 10).rounded() / 10)
    line["status"] = .string(summary.status.rawValue)
    line["epochs_done"] = .int(summary.epochsDone)
    return line
  }

  private func finishBar() {
    if phase?.drawn == true { bar?.finish() }
    phase = nil
    bar = nil
  }

  private struct PhaseKey: Equatable {
    var phase: TrainingPhase
    var epoch: Int
  }

  private func say(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}
