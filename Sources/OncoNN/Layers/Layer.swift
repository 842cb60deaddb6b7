/// A building block of a `Network`: convolution, normalisation, pooling, a linear map, ….
///
/// Layers are created with their hyper-parameters (e.g. `Conv2d(inputChannels: 3, outputChannels:
/// 64, kernel: 7, stride: 2, padding: 3)`) and then added to a network, which names them, plans
/// their buffers and runs their forward and backward passes. A layer object belongs to one network.
public protocol Layer: AnyObject {
  /// A short type name used in summaries and errors ("conv2d", "batchnorm2d", …).
  var kind: String { get }
  /// Trainable parameters and running statistics, with local names ("weight", "bias", …).
  var parameters: [Parameter] { get }
}

/// Whether a pass trains (batch statistics, dropout on) or infers (running statistics, no dropout).
public enum Mode: Sendable {
  case training, inference
}

/// An activation function fused into the layer that precedes it (saves a pass over memory).
public enum Activation: Sendable, Equatable {
  case identity, relu
}

/// A tensor inside a pass: a pointer into a network-owned buffer and its shape.
struct TensorRef {
  var pointer: UnsafeMutablePointer<Float>
  var shape: Shape

  init(_ pointer: UnsafeMutablePointer<Float>, _ shape: Shape) {
    self.pointer = pointer
    self.shape = shape
  }
}

/// What a forward pass tells each layer.
struct ForwardContext {
  var mode: Mode
  var workspace: Workspace
  /// For a convolution whose following normalisation is folded in (inference only).
  var epilogue: Epilogue? = nil
}

/// What a backward pass tells each layer.
struct BackwardContext {
  var workspace: Workspace
  /// Guided backpropagation: ReLUs pass a gradient only where input and gradient are both positive.
  var guided: Bool
  /// Compute parameter gradients (false for frozen layers or when only input gradients are wanted).
  var parameterGradients: Bool
}

/// The engine side of a layer. Every layer type of OncoNN conforms.
protocol LayerKernel: Layer {
  /// How many inputs the layer takes (1 for most, 2 for a residual add).
  var inputCount: Int { get }
  /// How the profiler groups this layer.
  var profileKey: String { get }
  /// The output shape for the given input shapes, or an error naming the layer and the shapes.
  func outputShape(for inputs: [Shape]) throws -> Shape
  /// Computes `output` from `inputs`; may keep what backward needs (masks, statistics).
  func forward(_ inputs: [TensorRef], _ output: TensorRef, _ context: ForwardContext)
  /// Gradients: for each input with a non-nil gradient buffer, writes (or adds, when
  /// `accumulate[i]`) the gradient with respect to that input; sets parameter gradients when
  /// `context.parameterGradients`. `inputs` and `output` are the tensors of the last forward pass.
  func backward(
    _ inputs: [TensorRef], _ output: TensorRef, _ outputGradient: TensorRef,
    _ inputGradients: [TensorRef?], _ accumulate: [Bool], _ context: BackwardContext)
}

extension LayerKernel {
  var inputCount: Int { 1 }

  /// How the profiler groups this layer (its kind; convolutions add their geometry).
  var profileKey: String { kind }

  /// Throws unless there is exactly one input with `channels` channels (when given).
  func singleInput(_ inputs: [Shape], channels: Int? = nil) throws -> Shape {
    guard inputs.count == 1 else {
      throw TensorError.invalidArgument(
        operation: kind, reason: "takes 1 input, got \(inputs.count)")
    }
    let s = inputs[0]
    if let channels, s.c != channels {
      throw TensorError.shapeMismatch(
        operation: kind, expected: Shape(s.n, channels, s.h, s.w), got: s)
    }
    return s
  }
}
