import Foundation
import OncoData
import OncoImage
import OncoNN
import OncoStats

/// One training run, new or resumed: the epoch loop, validation, early stopping, checkpoints, the
/// test evaluation and the session files, reporting to a `TrainingContext`.
///
/// Everything random is drawn from the seed per epoch (minibatch order, dropout masks) or per image
/// and epoch (augmentation), never from a generator that runs across epochs: a run resumed after
/// epoch k draws exactly what an uninterrupted run draws, and two runs with one thread agree to the
/// bit.
final class TrainingRun {
  let config: TrainingConfig
  let set: TrainingSet
  let model: TrainableModel
  let recorder: SessionRecorder
  let context: TrainingContext
  private let firstEpoch: Int
  private var stopping: EarlyStopping
  private var best: [String: Tensor]
  private var cache: FeatureCache?
  private let augmentation: Augmentation?
  private let previous: [EpochMetrics]
  private let start = Date()
  private let train: [TrainingItem]

  /// A run starting at epoch 1, or continuing from `checkpoint` (already restored into `model` with
  /// `restore(_:into:path:)`) with the epochs `previous` saved.
  init(
    config: TrainingConfig, set: TrainingSet, model: TrainableModel, recorder: SessionRecorder,
    context: TrainingContext, checkpoint: SessionCheckpoint? = nil,
    previous: [EpochMetrics] = []
  ) throws {
    self.config = config
    self.set = set
    self.model = model
    self.recorder = recorder
    self.context = context
    self.previous = previous
    train = set.items(.train)
    stopping = EarlyStopping(patience: config.patience, replaying: previous)
    best = checkpoint?.best ?? [:]
    firstEpoch = (checkpoint?.epoch ?? 0) + 1
    augmentation = config.augment ? Augmentation(seed: config.seed, masked: config.masked) : nil
  }

  /// Sets `model`'s weights and optimizer state from `checkpoint`; a checkpoint that does not fit
  /// is `SessionError.cannotResume`.
  static func restore(
    _ checkpoint: SessionCheckpoint, into model: TrainableModel, path: String
  ) throws {
    do {
      try model.load(checkpoint.last, path: path)
      try Checkpoint(tensors: checkpoint.optimizer.tensors, metadata: checkpoint.optimizer.metadata)
        .restore(into: model.optimizer)
    } catch {
      throw SessionError.cannotResume(path: path, reason: "\(error)")
    }
  }

  /// Trains the remaining epochs, evaluates the best on test, writes everything; returns the
  /// summary. A cancel ends it as `stopped` after the last saved epoch.
  func run(intro: String) throws -> TrainingSummary {
    context.emit(
      .started(
        TrainingStart(
          session: recorder.folder, config: config, counts: set.counts, firstEpoch: firstEpoch,
          previousEpochs: previous,
          batchesPerEpoch: TrainingRun.batches(train.count, size: config.batchSize).count)))
    context.log(intro)
    do {
      if let boundary = model.frozenThrough, augmentation == nil {
        context.log(
          "caching the frozen layers' outputs (through \(boundary)) for \(set.items.count) images")
        cache = try FeatureCache(
          model: model, set: set, boundary: boundary,
          batchSize: max(32, config.batchSize), context: context)
      }
      if firstEpoch == 1, model.hasNormalization {
        try model.standardize(using: try trainingFeatures())
      }
      var epoch = firstEpoch
      while epoch <= config.epochs, !stopping.shouldStop {
        try runEpoch(epoch)
        epoch += 1
      }
      if stopping.shouldStop, recorder.record.epochsDone < config.epochs {
        context.log(
          "early stop after epoch \(recorder.record.epochsDone): no better validation AUC "
            + "for \(config.patience) epoch\(config.patience == 1 ? "" : "s")")
      }
      let test = try evaluateBest()
      try recorder.close(status: .finished)
      context.log(
        String(
          format: "finished: best epoch %d, val AUC %.4f, test AUC %.4f (%.3f–%.3f), "
            + "test accuracy %.3f, %.1f s", test.epoch, stopping.bestAUC ?? .nan, test.auc,
          test.aucLow, test.aucHigh, test.accuracy, Date().timeIntervalSince(start)))
      return summary(.finished, test: test)
    } catch is StopRequested {
      let done = recorder.record.epochsDone
      let reason = "stopped on request after epoch \(done); `oncoface resume` continues"
      try recorder.close(status: .stopped, reason: reason)
      context.log(reason)
      return summary(.stopped, test: nil)
    }
  }

  private func summary(_ status: SessionStatus, test: TestMetrics?) -> TrainingSummary {
    TrainingSummary(
      session: recorder.folder, status: status, epochsDone: recorder.record.epochsDone,
      bestEpoch: stopping.bestEpoch, bestValidationAUC: stopping.bestAUC, test: test,
      seconds: Date().timeIntervalSince(start))
  }

  // MARK: - One epoch

  private func runEpoch(_ epoch: Int) throws {
    let epochStart = Date()
    model.prepareEpoch(epoch)
    var order = Array(train.indices)
    var rng = SeededGenerator(seed: config.seed, stream: "order-\(epoch)")
    rng.shuffle(&order)
    var lossSum = 0.0
    var correct = 0
    var seen = 0
    let loss = SoftmaxCrossEntropy()
    for range in TrainingRun.batches(order.count, size: config.batchSize) {
      try context.checkCancelled()
      let indices = Array(order[range])
      let labels = indices.map { train[$0].isPositive ? 1 : 0 }
      let logits: Tensor
      if let cache {
        logits = try model.network.forward(
          from: cache.boundary, cache.batch(.train, indices),
          mode: .training)
      } else {
        let items = indices.map { train[$0] }
        let change = augmentation.map { a in
          { @Sendable (image: inout RGBImage, k: Int) in
            a.apply(to: &image, epoch: epoch, item: indices[k])
          }
        }
        logits = try model.network.forward(try model.input(items, change: change), mode: .training)
      }
      let result = try loss.evaluate(logits: logits, labels: labels)
      guard result.value.isFinite else {
        throw TrainingError.diverged(epoch: epoch, learningRate: model.lastLearningRate)
      }
      try model.network.backward(result.gradient)
      model.optimizer.step()
      lossSum += result.value * Double(indices.count)
      for (k, label) in labels.enumerated()
      where (result.probabilities[flat: 2 * k + 1] >= 0.5) == (label == 1) {
        correct += 1
      }
      seen += indices.count
      var progress = TrainingRun.progress(
        .training, epoch: epoch, epochs: config.epochs, done: seen,
        total: order.count, since: epochStart)
      progress.runningLoss = lossSum / Double(seen)
      context.report(progress)
    }
    let trainSeconds = Date().timeIntervalSince(epochStart)
    let validation = try scores(.validation, phase: .validating, epoch: epoch)
    let evaluation = try BinaryEvaluation(
      scores: validation.probabilities,
      labels: set.items(.validation).map(\.isPositive))
    let isBest = stopping.record(epoch: epoch, auc: evaluation.auc, loss: validation.loss)
    if isBest { best = model.weights() }
    let metrics = EpochMetrics(
      epoch: epoch, trainLoss: lossSum / Double(seen),
      trainAccuracy: Double(correct) / Double(seen),
      validationLoss: validation.loss, validationAccuracy: evaluation.atHalf.accuracy,
      validationAUC: evaluation.auc, learningRate: model.lastLearningRate, isBest: isBest,
      seconds: Date().timeIntervalSince(epochStart),
      imagesPerSecond: Double(seen) / max(trainSeconds, 1e-9))
    let checkpoint = SessionCheckpoint(
      epoch: epoch, bestEpoch: stopping.bestEpoch, last: model.weights(), best: best,
      optimizer: model.optimizer.state(), architecture: model.network.architecture)
    try recorder.commitEpoch(metrics) { try checkpoint.write(to: recorder.folder.modelFile) }
    context.emit(.epochFinished(metrics))
    context.afterEpochCommit?(epoch)
    context.log(
      String(
        format: "epoch %d/%d  train loss %.4f acc %.3f  val loss %.4f acc %.3f AUC %.4f%@  %.1f s  "
          + "%.0f img/s%@", epoch, config.epochs, metrics.trainLoss, metrics.trainAccuracy,
        metrics.validationLoss, metrics.validationAccuracy, metrics.validationAUC,
        isBest ? " (best)" : "", metrics.seconds, metrics.imagesPerSecond,
        cache.map { " (on the cached outputs of \($0.boundary))" } ?? ""))
  }

  // MARK: - Evaluation

  /// P(positive) for every image of `split` (inference mode) and the mean cross-entropy.
  private func scores(
    _ split: Split, phase: TrainingPhase, epoch: Int
  ) throws
    -> (probabilities: [Double], loss: Double)
  {
    let items = set.items(split)
    var probabilities: [Double] = []
    probabilities.reserveCapacity(items.count)
    var lossSum = 0.0
    let start = Date()
    let loss = SoftmaxCrossEntropy()
    for range in TrainingRun.batches(items.count, size: max(32, config.batchSize)) {
      try context.checkCancelled()
      let logits: Tensor
      if let cache {
        logits = try model.network.forward(
          from: cache.boundary, cache.batch(split, range),
          mode: .inference)
      } else {
        logits = try model.network.forward(try model.input(Array(items[range])), mode: .inference)
      }
      let result = try loss.evaluate(
        logits: logits, labels: items[range].map { $0.isPositive ? 1 : 0 })
      lossSum += result.value * Double(range.count)
      for k in 0..<range.count {
        probabilities.append(Double(result.probabilities[flat: 2 * k + 1]))
      }
      context.report(
        TrainingRun.progress(
          phase, epoch: epoch, epochs: config.epochs,
          done: range.upperBound, total: items.count, since: start))
    }
    guard probabilities.allSatisfy(\.isFinite) else {
      throw TrainingError.diverged(epoch: epoch, learningRate: model.lastLearningRate)
    }
    return (probabilities, lossSum / Double(max(1, items.count)))
  }

  /// Loads the best epoch's weights, evaluates validation and test, writes roc.csv, predictions.csv
  /// and the test line of metrics.jsonl.
  private func evaluateBest() throws -> TestMetrics {
    guard let bestEpoch = stopping.bestEpoch, !best.isEmpty else {
      throw TrainingError.noBestEpoch
    }
    try model.load(best, path: recorder.folder.modelFile.path)
    let testStart = Date()
    let validation = try scores(.validation, phase: .testing, epoch: 0)
    let test = try scores(.test, phase: .testing, epoch: 0)
    let valItems = set.items(.validation)
    let testItems = set.items(.test)
    let valEvaluation = try BinaryEvaluation(
      scores: validation.probabilities,
      labels: valItems.map(\.isPositive))
    let evaluation = try BinaryEvaluation(
      scores: test.probabilities, labels: testItems.map(\.isPositive))
    try RocTable(curves: [.validation: valEvaluation.curve.points, .test: evaluation.curve.points])
      .write(to: recorder.folder.rocFile)
    var predictions: [Prediction] = []
    for (items, probabilities) in [
      (valItems, validation.probabilities),
      (testItems, test.probabilities),
    ] {
      for (item, p) in zip(items, probabilities) {
        predictions.append(
          Prediction(
            path: item.path, label: item.label, probability: p, split: item.split,
            correct: (p >= 0.5) == item.isPositive, id: item.id, chip: item.chip.path))
      }
    }
    try Prediction.write(predictions, to: recorder.folder.predictionsFile)
    let metrics = TestMetrics(
      epoch: bestEpoch, count: testItems.count, loss: test.loss,
      accuracy: evaluation.atHalf.accuracy, sensitivity: evaluation.atHalf.sensitivity,
      specificity: evaluation.atHalf.specificity, auc: evaluation.auc,
      aucLow: evaluation.interval?.lower ?? .nan, aucHigh: evaluation.interval?.upper ?? .nan,
      youdenThreshold: evaluation.curve.youdenPoint.threshold,
      youdenAccuracy: evaluation.atYouden.accuracy, seconds: Date().timeIntervalSince(testStart))
    try recorder.commitTest(metrics)
    return metrics
  }

  /// Pooled features of the training images (of at most 1,000 of them, drawn with the seed) for
  /// the head's standardisation: from the cache when it holds them, else one inference pass.
  private func trainingFeatures() throws -> Tensor {
    if let cache, cache.boundary == "features" { return try cache.batch(.train, 0..<train.count) }
    var order = Array(train.indices)
    var rng = SeededGenerator(seed: config.seed, stream: "standardise")
    rng.shuffle(&order)
    let sample = order.prefix(1_000).sorted().map { train[$0] }
    var parts: [Tensor] = []
    let start = Date()
    for range in TrainingRun.batches(sample.count, size: max(32, config.batchSize)) {
      try context.checkCancelled()
      let x = try model.input(Array(sample[range]))
      parts.append(try model.network.forward(x, mode: .inference, to: "features"))
      context.report(TrainingRun.progress(
        .caching, epoch: 0, epochs: 0, done: range.upperBound, total: sample.count, since: start))
    }
    return try Tensor.concatenating(parts)
  }

  // MARK: - Helpers

  /// `0..<count` cut into consecutive ranges of `size` (the last may be shorter).
  static func batches(_ count: Int, size: Int) -> [Range<Int>] {
    stride(from: 0, to: count, by: max(1, size)).map { $0..<min(count, $0 + max(1, size)) }
  }

  /// A progress report with the rate since `since` and the time left at that rate.
  static func progress(
    _ phase: TrainingPhase, epoch: Int, epochs: Int, done: Int, total: Int,
    since: Date
  ) -> TrainingProgress {
    let elapsed = Date().timeIntervalSince(since)
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    return TrainingProgress(
      phase: phase, epoch: epoch, epochs: epochs, done: done, total: total, imagesPerSecond: rate,
      etaSeconds: rate > 0 ? Double(total - done) / rate : nil)
  }
}
