import Foundation
import OncoData
import OncoNN

/// Everything that defines a training run; stored in session.json so a run can be repeated or
/// resumed.
///
/// Keys on disk are snake_case (`label_column`, `learning_rate`…). `TrainingConfig()` gives the
/// defaults of `oncoface train`: dlib's face ResNet with the backbone frozen, 5 epochs, batch 32.
///
///     var config = TrainingConfig(input: "/data/faces-dev/manifest.csv")
///     config.labelColumn = "sex"
///     config.positiveLabel = "F"
public struct TrainingConfig: Codable, Sendable, Equatable {
  /// The data set as given: a manifest CSV or a folder written by `oncoface prepare` (absolute
  /// path).
  public var input: String
  /// The prepared folder the run reads its chips from: `input` itself, or where a manifest was
  /// prepared to. Set by the run.
  public var prepared: String?
  /// How the cohort was formed, in words (e.g. "as given" or the `oncoface cohort` command line).
  public var cohortRule: String
  /// The manifest column that holds the label.
  public var labelColumn: String
  /// The label value counted as positive; every other value is negative. Nil: "case" when present.
  public var positiveLabel: String?
  /// The other label value when the column has exactly two (set by the run; `predict` names its
  /// negative calls with it).
  public var negativeLabel: String?
  public var model: ModelKind
  public var freeze: FreezeMode
  /// Channel multiplier of a ResNet trained from scratch (stage widths 64…512 times it); nil: 1.
  public var width: Double?
  /// Whether the network starts from pretrained weights: set by the run from `model` (dlib-face
  /// does, the ResNets do not).
  public var pretrained: Bool
  /// Side of the square chips the network sees (150 for dlib-face).
  public var imageSize: Int
  /// Photos of a manifest input are already face chips: when dlib finds no face, a fixed face box
  /// is used (as `oncoface prepare --aligned`).
  public var aligned: Bool
  /// Train on the background-masked chips (as the paper does) rather than the plain chips.
  public var masked: Bool
  public var epochs: Int
  public var batchSize: Int
  /// The head's learning rate; pretrained layers that train use a tenth of it. Nil: 1e-3.
  public var learningRate: Double?
  /// Decoupled (AdamW) or L2 (SGD) weight decay; not applied to biases or affine/BN parameters.
  public var weightDecay: Double
  /// Dropout probability before the new linear head.
  public var dropout: Double
  /// Epochs without a better validation AUC before training stops early.
  public var patience: Int
  public var optimizer: OptimizerKind
  public var schedule: ScheduleKind
  /// Momentum for SGD (ignored by AdamW).
  public var momentum: Double
  /// Random horizontal flip, small rotation and scale, brightness and contrast on training images.
  public var augment: Bool
  /// Fractions of subjects (or images) in train, validation and test; they sum to 1.
  public var splitFractions: SplitFractions
  public var seed: UInt64
  /// Worker threads (OpenBLAS and Dispatch); 0 means all cores.
  public var threads: Int

  public init(input: String) {
    self.input = input
    prepared = nil
    cohortRule = "as given"
    labelColumn = "label"
    positiveLabel = nil
    negativeLabel = nil
    model = .dlibFace
    freeze = .backbone
    width = nil
    pretrained = true
    imageSize = 150
    aligned = false
    masked = true
    epochs = 5
    batchSize = 32
    learningRate = nil
    weightDecay = 1e-4
    dropout = 0.5
    patience = 2
    optimizer = .adamw
    schedule = .cosine
    momentum = 0.9
    augment = false
    splitFractions = .standard
    seed = 1
    threads = 0
  }

  /// The learning rate used: the explicit one, else 1e-3.
  public var resolvedLearningRate: Double { learningRate ?? 1e-3 }

  enum CodingKeys: String, CodingKey {
    case input, prepared, model, freeze, pretrained, aligned, masked, epochs, dropout, patience
    case optimizer, schedule, momentum, augment, seed, threads, width
    case cohortRule = "cohort_rule"
    case labelColumn = "label_column"
    case positiveLabel = "positive_label"
    case negativeLabel = "negative_label"
    case imageSize = "image_size"
    case batchSize = "batch_size"
    case learningRate = "learning_rate"
    case weightDecay = "weight_decay"
    case splitFractions = "split"
  }
}

/// Which pretrained layers stay fixed: all but the head, all but the last residual stage and the
/// head, or none.
public enum FreezeMode: String, Codable, Sendable, CaseIterable {
  case backbone, stage, none
}

public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
  case adamw, sgd
}

/// Learning-rate schedule over the whole run (per step).
public enum ScheduleKind: String, Codable, Sendable, CaseIterable {
  case constant, cosine, step
  case oneCycle = "one-cycle"
}
