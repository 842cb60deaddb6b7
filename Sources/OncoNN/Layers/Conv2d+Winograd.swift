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

  func winogradForward(_ x: TensorRef, _ y: TensorRef, _ workspace: Workspace) {
    let plan = Winograd.Plan(input: x.shape, output: y.shape, padding: padding)
    Winograd.convolve(
      x, y, plan: plan, weights: winogradWeights(), transposed: false, accumulate: false,
      workspace: workspace)
  }

  func winogradBackward(
    _ x: TensorRef, _ dy: TensorRef, _ dx: TensorRef?, _ accumulate: Bool,
    _ parameterGradients: Bool,
    _ workspace: Workspace
  ) {
    if parameterGradients {
      let plan = Winograd.Plan(
        input: x.shape, output: dy.shape, padding: padding, weightGradient: true)
      Winograd.weightGradient(x, dy, plan: plan, into: weight.gradientPointer, workspace: workspace)
    }
    guard let dx else { return }
    // The input gradient is a 3×3 convolution of dy with the rotated, transposed kernel.
    let plan = Winograd.Plan(input: dy.shape, output: dx.shape, padding: 2 - padding)
    Winograd.convolve(
      dy, dx, plan: plan, weights: winogradWeights(), transposed: true, accumulate: accumulate,
      workspace: workspace)
  }
}
