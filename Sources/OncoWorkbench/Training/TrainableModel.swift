import Foundation
import OncoImage
import OncoNN

/// The network of a run with its frozen part, optimizer and schedule, built from a
/// `TrainingConfig`.
///
/// dlib-face starts from dlib's pretrained weights with a new head on the 256 pooled features:
/// `head.norm` (a fixed standardisation measured on the training images, so that the linear
/// layer starts on well-scaled inputs and a few epochs suffice), `head.dropout` and
/// `head.fc` (linear to 2 classes). `freeze` fixes everything through `features` (backbone),
/// through the second-to-last residual stage (stage: the last stage and the head train), or
/// nothing. ResNets 10/18/34 start from random weights (seeded) and train whole (their batch norm
/// already standardises). Class 1 is the positive label.
final class TrainableModel {
  let network: Network
  /// The boundary through which parameters are frozen; nil when everything trains.
  let frozenThrough: String?
  let optimizer: any Optimizer
  /// Chips to input tensors, normalised as the model expects.
  let loader: ChipLoader
  private let dropout: Dropout?
  /// The fixed standardisation of the pooled features (dlib-face only).
  private let normalization: Affine?
  private let seed: UInt64

  init(config: TrainingConfig, stepsPerEpoch: Int) throws {
    if config.model != .dlibFace, config.freeze != .none {
      throw TrainingError.freezeNeedsPretrained(model: config.model.rawValue)
    }
    network = try ModelArchitecture.network(for: config, pretrainedWeights: true)
    switch config.freeze {
    case .backbone: frozenThrough = "features"
    case .stage:
      let stages = network.boundaries.filter { $0.hasPrefix("stage") }
      frozenThrough = stages.dropLast().last
    case .none: frozenThrough = nil
    }
    if let frozenThrough {
      try network.freeze(through: frozenThrough)
    } else {
      network.unfreezeAll()
    }
    normalization = try? network.layer(named: "head.norm") as? Affine
    for p in normalization?.parameters ?? [] { p.isFrozen = true }
    let net = network
    let trainable = try frozenThrough.map { try net.parameters(after: $0) } ?? net.parameters
    // Discriminative rates: the head at the full rate, the last residual stage at a tenth, earlier
    // stages at a hundredth. At the full rate the first steps of a fresh head's large gradients
    // would wreck what dlib's layers learned (Howard & Ruder 2018 fine-tune the same way).
    let head = try net.parameters(after: "features")
    var groups = ParameterGroup.standard(head, prefix: "head.")
    if config.pretrained {
      let names = Set(trainable.map(\.name))
      let stages = net.boundaries.filter { $0.hasPrefix("stage") }
      let lastStage = try stages.dropLast().last.map { try net.parameters(after: $0) } ?? []
      let headNames = Set(head.map(\.name)), lastNames = Set(lastStage.map(\.name))
      let parts: [(String, [Parameter], Float)] = [
        ("last-stage.", lastStage.filter { !headNames.contains($0.name) }, 0.1),
        ("early.", trainable.filter { !lastNames.contains($0.name) }, 0.01),
      ]
      for (prefix, parameters, scale) in parts {
        for var group in ParameterGroup.standard(parameters.filter { names.contains($0.name) },
                                                 prefix: prefix) {
          group.learningRateScale = scale
          groups.append(group)
        }
      }
    } else {
      let headNames = Set(head.map(\.name))
      groups += ParameterGroup.standard(trainable.filter { !headNames.contains($0.name) })
    }
    let total = max(1, stepsPerEpoch * config.epochs)
    let schedule: LearningRateSchedule
    switch config.schedule {
    case .constant: schedule = .constant
    case .cosine: schedule = .cosine(total: total, minimumFactor: 0.01)
    case .step:
      schedule = .step(every: max(1, stepsPerEpoch * max(1, config.epochs / 3)), factor: 0.1)
    case .oneCycle: schedule = .oneCycle(total: total)
    }
    let rate = Float(config.resolvedLearningRate)
    switch config.optimizer {
    case .adamw:
      optimizer = AdamW(
        groups: groups, learningRate: rate, weightDecay: Float(config.weightDecay),
        schedule: schedule)
    case .sgd:
      optimizer = SGD(
        groups: groups, learningRate: rate, momentum: Float(config.momentum),
        weightDecay: Float(config.weightDecay), schedule: schedule)
    }
    dropout = try? network.layer(named: "head.dropout") as? Dropout
    seed = config.seed
    loader = ChipLoader(
      size: DlibFaceResNet.inputSize,
      mean: [DlibFaceResNet.meanRGB.0, DlibFaceResNet.meanRGB.1, DlibFaceResNet.meanRGB.2],
      scale: 256, threads: max(1, Engine.threads))
  }

  /// Restarts the dropout masks for `epoch`, so an epoch draws the same masks whether the run was
  /// resumed before it or not.
  func prepareEpoch(_ epoch: Int) {
    var rng = RandomSource(seed: seed &* 0x9E37_79B9 &+ UInt64(epoch))
    dropout?.reseed(rng.next())
  }

  /// True when the head's standardisation has to be measured (a new dlib-face run).
  var hasNormalization: Bool { normalization != nil }

  /// Sets `head.norm` so that `features` (`[n, 256, 1, 1]` pooled features of training images)
  /// have mean 0 per feature and a mean variance of 1.
  func standardize(using features: Tensor) throws {
    guard let normalization else { return }
    let n = features.shape.n, c = features.shape.sampleCount
    var mean = [Double](repeating: 0, count: c), square = [Double](repeating: 0, count: c)
    features.withUnsafeBufferPointer { f in
      for i in 0..<n {
        for j in 0..<c {
          let v = Double(f[i * c + j])
          mean[j] += v
          square[j] += v * v
        }
      }
    }
    // One overall scale (the root mean square of the per-feature deviations) keeps the features'
    // relative sizes as dlib made them; a per-feature scale would blow up near-constant features,
    // which hurts once the last stage trains and those features start to move.
    var variance = 0.0
    for j in 0..<c {
      let m = mean[j] / Double(n)
      variance += max(0, square[j] / Double(n) - m * m)
    }
    let inverse = 1 / max((variance / Double(c)).squareRoot(), 1e-6)
    let scale = [Float](repeating: Float(inverse), count: c)
    let shift = (0..<c).map { Float(-mean[$0] / Double(n) * inverse) }
    let p = normalization.parameters
    try p[0].assign(Tensor(shape: p[0].value.shape, scalars: scale))
    try p[1].assign(Tensor(shape: p[1].value.shape, scalars: shift))
  }

  /// The rate the last optimizer step used.
  var lastLearningRate: Double {
    Double(optimizer.learningRate * optimizer.schedule.factor(at: max(0, optimizer.stepCount - 1)))
  }

  /// The input tensor for `items` (chips read from disk); `change` augments each decoded chip.
  func input(
    _ items: [TrainingItem], change: (@Sendable (inout RGBImage, Int) -> Void)? = nil
  ) throws -> Tensor {
    let side = loader.size
    return try Tensor(
      shape: Shape(items.count, 3, side, side),
      scalars: loader.load(items, change: change))
  }

  /// Copies of every parameter and running statistic, by name.
  func weights() -> [String: Tensor] {
    Dictionary(network.stateParameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
  }

  /// Sets every parameter and running statistic from `weights` (by name).
  func load(_ weights: [String: Tensor], path: String) throws {
    try Checkpoint(tensors: weights).restore(into: network, path: path)
  }

  /// Bytes a checkpoint of this model takes on disk (best + last weights, optimizer moments),
  /// roughly.
  var checkpointBytes: Int64 {
    let state = network.stateParameters.reduce(0) { $0 + $1.value.count }
    let trainable = network.parameters.filter { !$0.isFrozen }.reduce(0) { $0 + $1.value.count }
    return Int64(4 * (2 * state + 2 * trainable)) + 1 << 20
  }
}
