import Foundation
import OncoNN

/// The learning-rate groups of a run: discriminative rates for pretrained layers, each scaled to
/// its own weights, and a warm-up while pretrained layers train.
///
/// AdamW moves every weight by about the learning rate per step whatever its gradient's size, so
/// a layer's relative change per step is about rate / RMS(weights). The usual fine-tuning rule
/// (the head at the full rate, the last stage at a tenth, earlier stages at a hundredth; Howard &
/// Ruder 2018) assumes weights of He-initialisation size, √(2 / fan-in). dlib's face ResNet keeps
/// its scale in the affine layers and its convolution weights are 7–15 times smaller than that,
/// so at those rates its stages changed by 0.5–3% per step, all in the same direction, and the
/// run diverged (train loss 1.9 in the first epoch at lr 1e-3, 14.8 at 1e-2). Each pretrained
/// layer's rate is therefore also multiplied by min(1, RMS(weights) / √(2 / fan-in)), which keeps
/// its relative step at what the rule intends (layer-wise scaling as in LARS, You et al. 2017).
/// Layers of ordinary size keep the plain rule. Affine and batch-norm parameters keep their
/// stage's factor (their values are of order 1).
struct FineTuningRates {
  /// Factors of the head's rate for the last residual stage and for everything before it.
  static let lastStage: Float = 0.1
  static let earlier: Float = 0.01

  /// The groups for `trainable` parameters of `network`: the head (everything after
  /// `features`) at the full rate; with `pretrained`, the last residual stage and the earlier
  /// layers at their discriminative, weight-scaled rates; else one rate for everything. Weight
  /// decay on weights only.
  static func groups(
    network: Network, trainable: [Parameter], pretrained: Bool
  ) throws -> [ParameterGroup] {
    let head = try network.parameters(after: "features")
    let headNames = Set(head.map(\.name))
    var groups = ParameterGroup.standard(head, prefix: "head.")
    let body = trainable.filter { !headNames.contains($0.name) }
    guard pretrained else { return groups + ParameterGroup.standard(body) }
    let stages = network.boundaries.filter { $0.hasPrefix("stage") }
    let lastNames = Set(
      try stages.dropLast().last.map { try network.parameters(after: $0) }?.map(\.name) ?? [])
    for (layer, parameters) in byLayer(body) {
      let last = lastNames.contains(parameters[0].name)
      let factor = (last ? lastStage : earlier) * weightScale(parameters)
      let prefix = (last ? "last-stage." : "early.") + layer + "."
      for var group in ParameterGroup.standard(parameters, prefix: prefix) {
        group.learningRateScale = factor
        groups.append(group)
      }
    }
    return groups
  }

  /// min(1, RMS(weight) / √(2 / fan-in)) for a layer's parameters; 1 without a weight.
  static func weightScale(_ parameters: [Parameter]) -> Float {
    guard let weight = parameters.first(where: { $0.role == .weight }) else { return 1 }
    let value = weight.value
    let outputs = max(1, value.shape.n)
    let fanIn = max(1, value.count / outputs)
    let rms = value.withUnsafeBufferPointer { w in
      (w.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, w.count))).squareRoot()
    }
    let he = (2 / Double(fanIn)).squareRoot()
    return Float(min(1, max(rms / he, 1e-3)))
  }

  /// Parameters grouped by layer (the name before the last dot), in network order.
  private static func byLayer(_ parameters: [Parameter]) -> [(String, [Parameter])] {
    var order: [String] = []
    var table: [String: [Parameter]] = [:]
    for p in parameters {
      let layer = p.name.lastIndex(of: ".").map { String(p.name[..<$0]) } ?? p.name
      if table[layer] == nil { order.append(layer) }
      table[layer, default: []].append(p)
    }
    return order.map { ($0, table[$0]!) }
  }

  /// Steps of linear warm-up when pretrained layers train: one epoch, at most half of the
  /// run. Adam's first steps, with little gradient history, are the largest relative to what
  /// follows; a warm-up lets the fresh head settle before the pretrained layers move much.
  static func warmUpSteps(stepsPerEpoch: Int, totalSteps: Int) -> Int {
    max(1, min(stepsPerEpoch, totalSteps / 2))
  }
}
