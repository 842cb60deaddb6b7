extension Network {
  /// Replaces the weights of every convolution and linear layer after boundary `boundary` (all of
  /// them when nil) by Gaussian noise with the mean and standard deviation each weight tensor had,
  /// for the model-randomisation check of saliency maps (Adebayo et al., 2018: "cascading
  /// randomisation" from the top when called with later boundaries first).
  ///
  /// Keeping each tensor's scale keeps activations in range, so a map that no longer depends on
  /// the training shows up as a different map rather than as a blank one. Biases, normalisation
  /// parameters and running statistics stay as they are. Deterministic given `seed`.
  public func randomizeWeights(after boundary: String? = nil, seed: UInt64) throws {
    let chosen = try boundary.map { try parameters(after: $0) } ?? parameters
    var random = RandomSource(seed: seed)
    for p in chosen where p.role == .weight {
      let count = p.value.count
      let values = p.value.scalars
      let mean = values.reduce(0, +) / Float(count)
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(max(1, count - 1))
      let std = variance.squareRoot()
      let pointer = p.pointer
      for i in 0..<count { pointer[i] = mean + std * random.nextGaussian() }
    }
  }
}
