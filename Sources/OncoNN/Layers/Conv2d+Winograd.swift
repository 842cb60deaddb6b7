/// The Winograd path of `Conv2d` (3×3, stride 1): forward, weight gradient, input gradient.
extension Conv2d {
  /// The transformed weights `U` (`[16][out][in]`), recomputed only when the weights changed.
  func winogradWeights() -> UnsafePointer<Float> {
    let count = 16 * outputChannels * inputChannels
    if transformedVersion != weight.version || transformed.count != count {
      if transformed.count != count { transformed = Tensor(shape: Shape(dimensions: [count])) }
      Winograd.transformWeights(
        weight.pointer, outputs: outputChannels, inputs: inputChannels, into: transformed.pointer)
      transformedVersion = weight.version
    }
    return UnsafePointer(transformed.pointer)
  }

  /// In training (when the weights will get a gradient) the transformed inputs are kept for the
  /// backward pass, which then skips transforming them again.
  func winogradForward(
    _ x: TensorRef, _ y: TensorRef, _ mode: Mode, _ epilogue: Epilogue?, _ workspace: Workspace
  ) {
    let plan = Winograd.Plan(input: x.shape, output: y.shape, padding: padding)
    var keep: UnsafeMutablePointer<Float>? = nil
    keptInputShape = nil
    if mode == .training, !weight.isFrozen {
      let count = 16 * inputChannels * plan.stride(rows: plan.tileRows)
      if keptInput.count < count { keptInput = Tensor(shape: Shape(dimensions: [count])) }
      keep = keptInput.pointer
      keptInputShape = x.shape
    }
    Winograd.convolve(
      x, y, plan: plan, weights: winogradWeights(), transposed: false, accumulate: false,
      epilogue: epilogue, keep: keep, workspace: workspace)
  }

  func winogradBackward(
    _ x: TensorRef, _ dy: TensorRef, _ dx: TensorRef?, _ accumulate: Bool,
    _ parameterGradients: Bool,
    _ workspace: Workspace
  ) {
    if parameterGradients {
      let plan = Winograd.Plan(
        input: x.shape, output: dy.shape, padding: padding, weightGradient: true)
      let kept = keptInputShape == x.shape ? UnsafePointer(keptInput.pointer) : nil
      Winograd.weightGradient(
        x, dy, plan: plan, transformed: kept, into: weight.gradientPointer, workspace: workspace)
    }
    guard let dx else { return }
    // The input gradient is a 3×3 convolution of dy with the rotated, transposed kernel.
    let plan = Winograd.Plan(input: dy.shape, output: dx.shape, padding: 2 - padding)
    Winograd.convolve(
      dy, dx, plan: plan, weights: winogradWeights(), transposed: true, accumulate: accumulate,
      workspace: workspace)
  }
}
