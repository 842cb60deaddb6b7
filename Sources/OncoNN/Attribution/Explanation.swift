/// What `GradCAM.explain` finds for one image: the class scores and the three maps of Selvaraju
/// et al. (2017).
public struct Explanation: Sendable {
  /// The layer or boundary whose activations the Grad-CAM map weights.
  public let layer: String
  /// The class explained (the predicted one unless another was asked for).
  public let targetClass: Int
  /// The pre-softmax class scores (logits).
  public let scores: [Float]
  /// Probability per class: softmax of the scores, or for a one-logit head [1 − σ, σ].
  public let probabilities: [Float]
  /// Grad-CAM's channel weights: the spatial mean of ∂score/∂activation per channel.
  public let channelWeights: [Float]
  /// ReLU of the channel-weighted sum of the layer's activations, at the layer's resolution and
  /// in the score's units (not normalised).
  public let layerMap: HeatMap
  /// `layerMap` resampled bilinearly to the input, each cell on the centre of its receptive field
  /// (`CellGeometry`), and divided by its maximum: values in [0, 1]; zero everywhere when nothing
  /// in the layer supports the class.
  public let gradCAM: HeatMap
  /// Where the map points: the input pixel (x, y) at the centre of the hottest cell of
  /// `layerMap`, clamped to the image (the pointing game's "maximum").
  public let peak: SIMD2<Double>
  /// Guided backpropagation at the input: per pixel, the largest |∂score/∂x| over the colour
  /// channels, with every ReLU passing a gradient only where its input and the gradient are both
  /// positive. nil when the guided pass was not asked for.
  public let guidedBackpropagation: HeatMap?
  /// Guided Grad-CAM: `guidedBackpropagation` times `gradCAM` pixel by pixel, scaled so that its
  /// 99th percentile is 1 and clipped to [0, 1] (a few extreme pixels would otherwise leave the
  /// picture black). nil when the guided pass was not asked for.
  public let guidedGradCAM: HeatMap?

  /// The class with the highest probability.
  public var predictedClass: Int {
    probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
  }
}
