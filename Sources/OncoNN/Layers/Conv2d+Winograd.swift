/// The Winograd path of `Conv2d` (3×3, stride 1): forward, weight gradient, input gradient.
extension Conv2d {
  func winogradForward(_ x: TensorRef, _ y: TensorRef, _ workspace: Workspace) {
    let u = workspace.scratch(
      ScratchSlot.transformedWeights, count: 16 * outputChannels * inputChannels
    ).base
    Winograd.transformWeights(
      weight.pointer, outputs: outputChannels, inputs: inputChannels, flipped: false, into: u)
    Winograd.convolve(x, y, padding: padding, weights: u, accumulate: false, workspace: workspace)
  }

  func winogradBackward(
    _ x: TensorRef, _ dy: TensorRef, _ dx: TensorRef?, _ accumulate: Bool,
    _ parameterGradients: Bool,
    _ workspace: Workspace
  ) {
    if parameterGradients {
      Winograd.weightGradient(
        x, dy, padding: padding, into: weight.gradientPointer, workspace: workspace)
    }
    guard let dx else { return }
    let u = workspace.scratch(
      ScratchSlot.transformedWeights, count: 16 * outputChannels * inputChannels
    ).base
    Winograd.transformWeights(
      weight.pointer, outputs: outputChannels, inputs: inputChannels, flipped: true, into: u)
    Winograd.convolve(
      dy, dx, padding: 2 - padding, weights: u, accumulate: accumulate, workspace: workspace)
  }
}
