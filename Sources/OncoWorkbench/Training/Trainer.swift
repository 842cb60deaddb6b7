import Foundation
import OncoData
import OncoNN

/// Starts and resumes training runs for a `TrainingJob`.
///
/// Everything that can be checked is checked before the session folder exists or changes: the data
/// set (prepared, labelled, two classes, each split with both), the model file, the folder's
/// writability and free space; on resume, the checkpoint (read and fitted to the network) before
/// anything in the session is rewritten.
enum Trainer {
  static func train(
    config: TrainingConfig, name: String, store: SessionStore, context: TrainingContext
  ) throws -> TrainingSummary {
    Engine.threads = config.threads > 0 ? config.threads : Engine.availableCores
    var config = config
    config.pretrained = config.model == .dlibFace  // only dlib-face has pretrained weights
    let start = Date()
    let prepared = try DataSetInput.preparedFolder(
      for: URL(fileURLWithPath: config.input), store: store, config: config,
      log: { context.log($0) },
      progress: { done, total in
        context.report(TrainingRun.progress(
          .preparing, epoch: 0, epochs: 0, done: done, total: total, since: start))
      })
    try context.checkCancelled()
    config.prepared = prepared.path
    let set = try TrainingSet(prepared: prepared, config: config)
    config.positiveLabel = set.positiveLabel
    config.negativeLabel = set.negativeLabel
    let steps = TrainingRun.batches(set.counts.train, size: config.batchSize).count
    let model = try TrainableModel(config: config, stepsPerEpoch: steps)
    // While a checkpoint is replaced, the old file and the new one are both on disk.
    let recorder = try SessionRecorder.begin(
      store: store, name: name, config: config,
      requiredBytes: 2 * model.checkpointBytes + 16 << 20)
    context.attach(session: recorder.folder, log: recorder.log)
    try AtomicFile.write(Data(set.cohortText.utf8), to: recorder.folder.cohortFile)
    try recorder.recordCounts(set.counts)
    return try TrainingRun(
      config: config, set: set, model: model, recorder: recorder, context: context
    ).run(intro: describe(config, set: set, model: model))
  }

  static func resume(session: SessionFolder, context: TrainingContext) throws -> TrainingSummary {
    let record = try session.readRecord()
    guard record.status != .finished else {
      throw TrainingError.alreadyFinished(path: session.url.path)
    }
    if record.status == .running, let writer = record.writer, writer.pid != getpid(), writer.isAlive
    {
      throw SessionError.inUse(path: session.url.path, pid: writer.pid)
    }
    let config = record.config
    Engine.threads = config.threads > 0 ? config.threads : Engine.availableCores
    let checkpoint: SessionCheckpoint?
    if FileManager.default.fileExists(atPath: session.modelFile.path) || record.epochsDone > 0 {
      checkpoint = try SessionCheckpoint.read(from: session.modelFile)
    } else {
      checkpoint = nil  // killed before the first epoch was saved: start over in the same session
    }
    guard let prepared = config.prepared else {
      throw SessionError.cannotResume(
        path: session.recordFile.path,
        reason: "session.json does not name its prepared folder")
    }
    let set = try TrainingSet(
      prepared: URL(fileURLWithPath: prepared), config: config,
      savedSplits: TrainingSet.savedSplits(in: session.cohortFile))
    let steps = TrainingRun.batches(set.counts.train, size: config.batchSize).count
    let model = try TrainableModel(config: config, stepsPerEpoch: steps)
    if let checkpoint {
      try TrainingRun.restore(checkpoint, into: model, path: session.modelFile.path)
    }
    let saved = checkpoint?.epoch ?? 0
    let recorder = try SessionRecorder.reopen(
      session, savedEpoch: saved,
      requiredBytes: model.checkpointBytes + 16 << 20)
    context.attach(session: session, log: recorder.log)
    let previous = try session.readMetrics().epochs
    return try TrainingRun(
      config: config, set: set, model: model, recorder: recorder, context: context,
      checkpoint: checkpoint, previous: previous
    ).run(intro: "resuming after epoch \(saved) of \(config.epochs)")
  }

  /// The first log line of a run: what it trains on and how.
  static func describe(_ config: TrainingConfig, set: TrainingSet, model: TrainableModel) -> String
  {
    let c = set.counts
    let architecture = model.network.architecture
    var text =
      config.model.rawValue
      + (architecture == config.model.rawValue ? "" : " (\(architecture))")
      + ", freeze \(config.freeze.rawValue)"
      + (model.frozenThrough.map { " (through \($0))" } ?? "")
      + "; \(config.labelColumn) = \(set.positiveLabel) is positive; "
      + "\(c.train) train / \(c.validation) val / \(c.test) test images; "
      + "\(config.optimizer.rawValue) lr \(config.resolvedLearningRate) "
      + "\(config.schedule.rawValue) schedule, "
      + "weight decay \(config.weightDecay), dropout \(config.dropout), batch \(config.batchSize), "
      + "seed \(config.seed), \(Engine.threads) thread\(Engine.threads == 1 ? "" : "s")"
      + (config.augment ? ", augmented" : "")
    if !set.leftOut.isEmpty {
      text +=
        "\nleft out: "
        + set.leftOut.sorted { $0.key < $1.key }
        .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
    return text
  }
}
