import Dispatch
import Foundation
import OncoData
import OncoFace
import OncoNN
import OncoWorkbench

/// Starting a training run and turning its events into the Train screen.
extension WorkbenchBackend {
  func startTraining(_ values: [String: String]) {
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

  func handle(_ event: TrainingEvent) {
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
}
