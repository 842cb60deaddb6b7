import Dispatch
import Foundation
import OncoData
import OncoFace
import OncoNN
import OncoWorkbench

/// The session list, opening a session, following one a headless run writes, its results.
extension WorkbenchBackend {
  func refreshSessions() {
    let store = self.store
    let open = openSession?.url.path
    background(
      { SessionReader.sessions(in: store, open: open) },
      then: { [self] result in
        if case .success(let model) = result { sink.post { $0.sessions.model = model } }
      })
  }

  func open(_ folder: SessionFolder) {
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
  func follow(_ folder: SessionFolder) {
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

  func loadResults(_ folder: SessionFolder) {
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
}
