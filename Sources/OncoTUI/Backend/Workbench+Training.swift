import Foundation
import OncoWorkbench

extension Workbench {
  /// Shows a training event: the run's state, the status line's progress, epochs, log lines, and
  /// the outcome as a message.
  public mutating func apply(_ event: TrainingEvent) {
    switch event {
    case .started(let start):
      train.model.state = .running(epoch: start.firstEpoch, of: start.config.epochs)
      train.model.session = start.session.url.path
      train.model.epochs = start.previousEpochs.map(TrainScreen.Epoch.init)
      train.model.form.setValues(of: start.config)
      job = JobProgress(
        title: "starting", fraction: 0, detail: SessionReader.displayPath(start.session.url))
    case .progress(let p):
      let title: String
      switch p.phase {
      case .training: title = "epoch \(p.epoch)/\(p.epochs)"
      case .validating: title = "validating \(p.epoch)/\(p.epochs)"
      case .preparing: title = "preparing"
      case .caching: title = "caching features"
      case .testing: title = "testing"
      }
      if p.epoch > 0 { train.model.state = .running(epoch: p.epoch, of: p.epochs) }
      job = JobProgress(
        title: title, fraction: p.fraction, imagesPerSecond: p.imagesPerSecond,
        secondsRemaining: p.etaSeconds, detail: job?.detail ?? "")
    case .epochFinished(let metrics):
      train.model.epochs.removeAll { $0.epoch == metrics.epoch }
      train.model.epochs.append(TrainScreen.Epoch(metrics))
    case .log(let line):
      train.model.appendLog([line.text.withClock(line.date)])
    case .finished(let summary):
      train.model.state = .finished
      job = nil
      var text = "finished \(StatusLine.clock(summary.seconds))"
      if let best = summary.bestEpoch, let auc = summary.bestValidationAUC {
        text += String(format: " · best val AUC %.3f @%d", auc, best)
      }
      if let test = summary.test { text += String(format: " · test AUC %.3f", test.auc) }
      message = StatusMessage(text + " · 3 ROC · 4 Mistakes", role: .good)
    case .stopped(let summary):
      train.model.state = .stopped
      job = nil
      message = StatusMessage(
        "stopped after \(summary.epochsDone) epochs; saved in \(summary.session.id) "
          + "(`oncoface resume` continues it)", role: .warn)
    case .failed(let failure):
      train.model.state = .failed(failure.reason)
      job = nil
      // With a session the job logged the reason itself; before one, the log says it here.
      if failure.session == nil {
        train.model.appendLog(["failed: " + failure.reason].map { $0.withClock(Date()) })
      }
      message = StatusMessage("training failed: \(failure.reason)", role: .bad)
    }
  }
}

extension String {
  /// "HH:mm:ss text".
  func withClock(_ date: Date) -> String {
    let c = Calendar.current.dateComponents([.hour, .minute, .second], from: date)
    return String(format: "%02d:%02d:%02d ", c.hour ?? 0, c.minute ?? 0, c.second ?? 0) + self
  }
}
