/// Parameters that share learning-rate and weight-decay multipliers, and can be frozen together.
///
///     let groups = [
///       ParameterGroup(
///         name: "backbone", parameters: try net.parameters(through: "stage3"),
///         learningRateScale: 0.1),
///       ParameterGroup(name: "head", parameters: try net.parameters(after: "stage3")),
///     ]
///     groups[0].isFrozen = true   // transfer learning: train only the head
public struct ParameterGroup: @unchecked Sendable {
  public var name: String
  public var parameters: [Parameter]
  /// Multiplies the optimizer's learning rate for this group.
  public var learningRateScale: Float
  /// Multiplies the optimizer's weight decay for this group (0: no decay).
  public var weightDecayScale: Float

  public init(
    name: String, parameters: [Parameter], learningRateScale: Float = 1, weightDecayScale: Float = 1
  ) {
    self.name = name
    self.parameters = parameters.filter { $0.role.isTrainable }
    self.learningRateScale = learningRateScale
    self.weightDecayScale = weightDecayScale
  }

  /// True when every parameter is frozen; setting it freezes or unfreezes them all (the network
  /// then computes no gradients for them either).
  public var isFrozen: Bool {
    get { parameters.allSatisfy(\.isFrozen) }
    nonmutating set { for p in parameters { p.isFrozen = newValue } }
  }

  /// The usual split: weights decay, biases and normalisation scales/shifts do not.
  public static func standard(_ parameters: [Parameter], prefix: String = "") -> [ParameterGroup] {
    let decay = parameters.filter { $0.role == .weight }
    let rest = parameters.filter { $0.role != .weight && $0.role.isTrainable }
    return [
      ParameterGroup(name: prefix + "weights", parameters: decay),
      ParameterGroup(name: prefix + "biases", parameters: rest, weightDecayScale: 0),
    ].filter { !$0.parameters.isEmpty }
  }
}
