import Foundation

/// What a `TrainingJob` tells its consumer, in order, on the consumer's queue.
///
/// Every payload is a plain `Sendable` struct of numbers and strings, ready to render. A job sends
/// `started` once (unless it fails first), then `progress`, `log` and `epochFinished` as the run
/// goes, and exactly one of `finished`, `stopped` or `failed` last.
///
///     switch event {
///     case .progress(let p): bar.show(p.fraction, rate: p.imagesPerSecond, eta: p.etaSeconds)
///     case .epochFinished(let m): chart.append(m.validationAUC)
///     case .finished(let s): status = "best val AUC \(s.bestValidationAUC ?? 0)"
///     default: break
///     }
public enum TrainingEvent: Sendable, Equatable {
  /// The session exists and training is about to begin (or to continue, for a resumed run).
  case started(TrainingStart)
  /// Position within the current phase; sent at most ten times a second per phase, plus its end.
  case progress(TrainingProgress)
  /// An epoch was trained, validated and saved.
  case epochFinished(EpochMetrics)
  /// A line that was also written to the session's log.txt.
  case log(TrainingLogLine)
  /// All epochs ran (or patience ran out) and the best epoch was evaluated on the test set.
  case finished(TrainingSummary)
  /// `cancel()` was called: the run stopped after saving; `oncoface resume` continues it.
  case stopped(TrainingSummary)
  /// The run ended with an error; nothing already saved was lost.
  case failed(TrainingFailure)

  /// True for the last event of a job (finished, stopped or failed).
  public var isTerminal: Bool {
    switch self {
    case .finished, .stopped, .failed: return true
    default: return false
    }
  }
}

/// The `started` event: where the run writes, what it trains on, and the history of a resumed run.
public struct TrainingStart: Sendable, Equatable {
  public var session: SessionFolder
  public var config: TrainingConfig
  public var counts: SplitCounts
  /// The first epoch this job trains (1, or the epoch after the last saved one when resuming).
  public var firstEpoch: Int
  /// Epochs finished before this job started (a resumed run's history, for the charts).
  public var previousEpochs: [EpochMetrics]
  /// Minibatches per training epoch.
  public var batchesPerEpoch: Int

  public init(
    session: SessionFolder, config: TrainingConfig, counts: SplitCounts, firstEpoch: Int,
    previousEpochs: [EpochMetrics], batchesPerEpoch: Int
  ) {
    self.session = session
    self.config = config
    self.counts = counts
    self.firstEpoch = firstEpoch
    self.previousEpochs = previousEpochs
    self.batchesPerEpoch = batchesPerEpoch
  }
}

/// What the job is doing right now.
public enum TrainingPhase: String, Sendable, Equatable, CaseIterable {
  /// Aligning and masking photos (when the input is a manifest of photos).
  case preparing
  /// Running the frozen layers once over every image (frozen backbone without augmentation).
  case caching
  case training
  case validating
  case testing
}

/// The `progress` event: a position within a phase with its rate and time left.
public struct TrainingProgress: Sendable, Equatable {
  public var phase: TrainingPhase
  /// The epoch (0 for phases outside the epochs: preparing, caching, testing).
  public var epoch: Int
  public var epochs: Int
  /// Items done and in total in this phase (images; minibatches are counted in images).
  public var done: Int
  public var total: Int
  public var imagesPerSecond: Double
  /// Estimated seconds left in this phase, nil until a rate is known.
  public var etaSeconds: Double?
  /// Mean training loss over the epoch so far (training phase only).
  public var runningLoss: Double?

  public init(
    phase: TrainingPhase, epoch: Int, epochs: Int, done: Int, total: Int,
    imagesPerSecond: Double, etaSeconds: Double?, runningLoss: Double? = nil
  ) {
    self.phase = phase
    self.epoch = epoch
    self.epochs = epochs
    self.done = done
    self.total = total
    self.imagesPerSecond = imagesPerSecond
    self.etaSeconds = etaSeconds
    self.runningLoss = runningLoss
  }

  /// `done / total` in [0, 1].
  public var fraction: Double { total > 0 ? min(1, Double(done) / Double(total)) : 0 }
}

/// The `log` event: a line with its time, as log.txt has it.
public struct TrainingLogLine: Sendable, Equatable {
  public var date: Date
  public var text: String

  public init(date: Date, text: String) {
    self.date = date
    self.text = text
  }
}

/// The `finished` and `stopped` events: where the run got to.
public struct TrainingSummary: Sendable, Equatable {
  public var session: SessionFolder
  public var status: SessionStatus
  public var epochsDone: Int
  public var bestEpoch: Int?
  public var bestValidationAUC: Double?
  /// The test evaluation of the best epoch (nil when stopped before it).
  public var test: TestMetrics?
  /// Wall-clock seconds of this job (not of earlier jobs of a resumed session).
  public var seconds: Double

  public init(
    session: SessionFolder, status: SessionStatus, epochsDone: Int, bestEpoch: Int?,
    bestValidationAUC: Double?, test: TestMetrics?, seconds: Double
  ) {
    self.session = session
    self.status = status
    self.epochsDone = epochsDone
    self.bestEpoch = bestEpoch
    self.bestValidationAUC = bestValidationAUC
    self.test = test
    self.seconds = seconds
  }
}

/// The `failed` event: the reason in words (it names the file and the fix), and the session when
/// one had been created (its status is then `failed` and its saved epochs are intact).
public struct TrainingFailure: Sendable, Equatable {
  public var reason: String
  public var session: SessionFolder?

  public init(reason: String, session: SessionFolder?) {
    self.reason = reason
    self.session = session
  }
}
