import Dispatch

/// A network of named layers run forward and backward on float32 NCHW batches.
///
/// Layers form a graph in the order they were added: each takes the outputs of earlier layers
/// (by name) or the network input. Some layer outputs have short boundary names ("stem",
/// "stage1"…, "features", "logits"); a boundary is a cut: nothing after it reads anything before
/// it. That makes the three things transfer learning needs possible:
///
///     let net = try ResNet.make(depth: 18, classes: 2)
///     try net.freeze(through: "stage3")                      // train stage4 + head only
///     let cached = try net.forward(images, mode: .inference, to: "stage3")   // once per image
///     let logits = try net.forward(from: "stage3", cached, mode: .training)  // each epoch
///     let loss = try SoftmaxCrossEntropy().evaluate(logits: logits, labels: labels)
///     try net.backward(loss.gradient)                        // stops at stage3 by itself
///     optimizer.step()
///
/// A network keeps every layer's output of the last forward pass (Grad-CAM reads them with
/// `activation(at:)`) and reuses its buffers from step to step: once warm, a training step of the
/// same batch size allocates no tensor memory. Tensors handed to the caller are copies.
/// A network is not thread-safe: use it from one thread at a time (it may move between threads).
public final class Network: @unchecked Sendable {
  struct Node {
    let name: String
    let layer: any LayerKernel
    /// Indices of input nodes; -1 is the network input.
    var inputs: [Int]
    var output = Tensor(shape: Shape(dimensions: [1]))
    var gradient: Tensor? = nil
  }

  /// Where a backward pass must reach.
  public enum BackwardTarget: Sendable, Equatable {
    /// As far as unfrozen parameters need (the default for training).
    case parameters
    /// At least down to this layer's or boundary's output (Grad-CAM), plus unfrozen parameters.
    case layer(String)
    /// All the way to the tensor the forward pass started from (guided backpropagation).
    case input
  }

  /// Channels the network expects at its input.
  public let inputChannels: Int
  /// The smallest input height and width the network accepts.
  public let minimumInputSize: Int
  /// A description of the architecture, e.g. "resnet18 width 1.0, 2 classes".
  public internal(set) var architecture: String

  private(set) var nodes: [Node] = []
  private var index: [String: Int] = [:]
  /// Boundary names in network order, and the node each names.
  public private(set) var boundaries: [String] = []
  private var boundaryNode: [String: Int] = [:]
  let workspace = Workspace()
  /// When set, every layer's forward and backward time is recorded (see `LayerProfiler`).
  public var profiler: LayerProfiler?
  /// Inference passes fold each batch norm or affine layer that directly follows a convolution
  /// into the convolution's output (default true; results are the same up to rounding). Outputs
  /// of folded convolutions are recomputed when `activation(at:)` or `backward` needs them.
  public var foldsNormalization = true
  private var folded: [Bool] = []
  private var foldedAny = false

  // State of the last passes.
  private var input: Tensor?
  private var startNode = -1
  private var endNode = -1
  private var lastMode = Mode.inference
  private var inputGradientBuffer: Tensor?
  private var gradientWritten: [Bool] = []
  private var needsGradient: [Bool] = []

  /// An empty network; add layers with `add(_:_:inputs:)`.
  public init(inputChannels: Int, minimumInputSize: Int = 1, architecture: String = "custom") {
    self.inputChannels = inputChannels
    self.minimumInputSize = minimumInputSize
    self.architecture = architecture
    _ = Engine.configureBLAS
  }

  // MARK: - Building

  /// Appends a layer named `name` that reads `inputs` (layer or boundary names, or "input"); by
  /// default the previous layer (or the network input for the first one). Returns the name.
  @discardableResult
  public func add(_ name: String, _ layer: any Layer, inputs: [String]? = nil) throws -> String {
    guard let kernel = layer as? any LayerKernel else {
      throw NetworkError.wrongInput("layer \(name) is not an OncoNN layer type")
    }
    guard index[name] == nil, boundaryNode[name] == nil, name != "input" else {
      throw NetworkError.duplicateName(name)
    }
    let sources = try (inputs ?? [nodes.last?.name ?? "input"]).map { try resolveInput($0) }
    guard sources.count == kernel.inputCount else {
      throw NetworkError.wrongInput(
        "layer \(name) (\(kernel.kind)) takes \(kernel.inputCount) input(s), got \(sources.count)")
    }
    for p in kernel.parameters { p.name = name + "." + p.localName }
    index[name] = nodes.count
    nodes.append(Node(name: name, layer: kernel, inputs: sources))
    return name
  }

  /// Gives the output of layer `layer` the boundary name `name`; throws unless it is a cut (no
  /// later layer reads an earlier one).
  public func markBoundary(_ name: String, at layer: String) throws {
    guard let i = index[layer] else { throw NetworkError.unknownName(layer, known: names) }
    guard index[name] == nil || name == layer, boundaryNode[name] == nil else {
      throw NetworkError.duplicateName(name)
    }
    if let reason = cutViolation(at: i) { throw NetworkError.notABoundary(name, reason: reason) }
    boundaryNode[name] = i
    boundaries.append(name)
    boundaries.sort { boundaryNode[$0]! < boundaryNode[$1]! }
  }

  /// Removes every layer after `boundary` and appends `layers` in a chain from it (e.g. a new
  /// classifier head: dropout + linear). Boundaries after `boundary` are dropped.
  public func replaceLayers(after boundary: String, with layers: [(String, any Layer)]) throws {
    let b = try boundaryIndex(boundary)
    for node in nodes[(b + 1)...] { index[node.name] = nil }
    nodes.removeSubrange((b + 1)...)
    for (name, i) in boundaryNode where i > b {
      boundaryNode[name] = nil
      boundaries.removeAll { $0 == name }
    }
    var previous = nodes[b].name
    for (name, layer) in layers {
      previous = try add(name, layer, inputs: [previous])
    }
    startNode = -1
    endNode = -1
  }

  /// Layer names in network order.
  public var names: [String] { nodes.map(\.name) + boundaries }

  /// The layer called `name` (a layer name, not a boundary).
  public func layer(named name: String) throws -> any Layer {
    guard let i = index[name] else { throw NetworkError.unknownName(name, known: names) }
    return nodes[i].layer
  }

  // MARK: - Parameters

  /// Trainable parameters (weights, biases, scales, shifts) in network order, frozen ones included.
  public var parameters: [Parameter] {
    nodes.flatMap { $0.layer.parameters.filter { $0.role.isTrainable } }
  }

  /// Everything a checkpoint holds: trainable parameters and running statistics.
  public var stateParameters: [Parameter] { nodes.flatMap { $0.layer.parameters } }

  /// Trainable parameters of the layers up to and including boundary (or layer) `name`.
  public func parameters(through name: String) throws -> [Parameter] {
    let b = try boundaryIndex(name)
    return nodes[...b].flatMap { $0.layer.parameters.filter { $0.role.isTrainable } }
  }

  /// Trainable parameters of the layers after boundary (or layer) `name`.
  public func parameters(after name: String) throws -> [Parameter] {
    let b = try boundaryIndex(name)
    return nodes[(b + 1)...].flatMap { $0.layer.parameters.filter { $0.role.isTrainable } }
  }

  /// Freezes every parameter up to and including boundary `name` and unfreezes the rest.
  public func freeze(through name: String) throws {
    let b = try boundaryIndex(name)
    for (i, node) in nodes.enumerated() {
      for p in node.layer.parameters { p.isFrozen = i <= b }
    }
  }

  /// Unfreezes every parameter.
  public func unfreezeAll() {
    for p in stateParameters { p.isFrozen = false }
  }

  /// Number of trainable values (frozen ones included).
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

  // MARK: - Forward

  /// Runs the network on `input` (`[n, inputChannels, h, w]`) and returns a copy of the output of
  /// the last layer, or of boundary/layer `end`.
  public func forward(_ input: Tensor, mode: Mode = .inference, to end: String? = nil) throws
    -> Tensor
  {
    let s = input.shape
    guard s.c == inputChannels, s.h >= minimumInputSize, s.w >= minimumInputSize, s.n >= 1 else {
      throw NetworkError.wrongInput(
        "\(architecture) expects input [n, \(inputChannels), h, w] with h, w ≥ "
          + "\(minimumInputSize), got \(s)"
      )
    }
    let last = try end.map { try boundaryIndex($0) } ?? (nodes.count - 1)
    self.input = input
    try run(from: -1, to: last, mode: mode)
    return copy(nodes[last].output)
  }

  /// Runs the layers after boundary `start` on `activation`, a tensor that boundary's output had
  /// (e.g. cached from `forward(_:mode:to:)`), and returns a copy of the last layer's output.
  public func forward(from start: String, _ activation: Tensor, mode: Mode = .training) throws
    -> Tensor
  {
    let b = try boundaryIndex(start)
    guard boundaryNode[start] != nil || cutViolation(at: b) == nil else {
      throw NetworkError.notABoundary(start, reason: cutViolation(at: b)!)
    }
    guard b < nodes.count - 1 else {
      throw NetworkError.notABoundary(start, reason: "no layer follows it")
    }
    nodes[b].output = activation
    input = nil
    try run(from: b, to: nodes.count - 1, mode: mode)
    return copy(nodes[nodes.count - 1].output)
  }

  /// Computes nodes `start+1 … end` (start = -1: from the network input).
  private func run(from start: Int, to end: Int, mode: Mode) throws {
    _ = Engine.configureBLAS
    // Plan shapes first so that a bad shape throws before any work.
    var shapes = [Shape](repeating: Shape(1, 1, 1, 1), count: end + 1)
    if start >= 0 { shapes[start] = nodes[start].output.shape }
    for i in (start + 1)..<(end + 1) {
      var inputShapes: [Shape] = []
      for j in nodes[i].inputs {
        if j == -1 {
          guard let input else {
            throw NetworkError.notABoundary(
              nodes[start].name, reason: "layer \(nodes[i].name) reads the network input")
          }
          inputShapes.append(input.shape)
        } else {
          guard j >= start else {
            throw NetworkError.notABoundary(
              nodes[start].name, reason: "layer \(nodes[i].name) reads \(nodes[j].name) before it")
          }
          inputShapes.append(shapes[j])
        }
      }
      do {
        shapes[i] = try nodes[i].layer.outputShape(for: inputShapes)
      } catch let error as TensorError {
        throw NetworkError.wrongInput("layer \(nodes[i].name): \(error)")
      }
    }
    startNode = start
    endNode = end
    lastMode = mode
    let fold = mode == .inference && foldsNormalization
    if folded.count != nodes.count { folded = [Bool](repeating: false, count: nodes.count) }
    for i in folded.indices { folded[i] = false }
    foldedAny = false
    var context = ForwardContext(mode: mode, workspace: workspace)
    var i = start + 1
    while i <= end {
      Network.prepare(&nodes[i].output, shapes[i])
      // The node that receives the output: the next one when a normalisation is folded in.
      var target = i
      context.epilogue = nil
      if fold, let j = foldPartner(i), j <= end, let conv = nodes[i].layer as? Conv2d,
        let norm = nodes[j].layer as? any FoldableNormalization
      {
        Network.prepare(&nodes[j].output, shapes[j])
        let channels = shapes[j].c
        let buffer = workspace.scratch(ScratchSlot.epilogue, count: 2 * channels).base
        let relu = norm.fold(bias: conv.biasPointer, scale: buffer, shift: buffer + channels)
        context.epilogue = Epilogue(
          scale: UnsafePointer(buffer), shift: UnsafePointer(buffer + channels), relu: relu)
        target = j
        folded[i] = true
        foldedAny = true
      }
      let refs = nodes[i].inputs.map { j in
        j == -1 ? reference(input!) : reference(nodes[j].output)
      }
      let mark = profiler == nil ? (0, 0) : LayerProfiler.now()
      nodes[i].layer.forward(refs, reference(nodes[target].output), context)
      profiler?.record(
        nodes[i].layer.profileKey
          + (target == i ? " forward" : " + \(nodes[target].layer.kind) forward"),
        since: mark)
      i = target + 1
    }
  }

  /// The node a convolution's following normalisation could be folded into it from: the next node,
  /// when it reads only this one and nothing else reads this one.
  private func foldPartner(_ i: Int) -> Int? {
    let j = i + 1
    guard j < nodes.count, nodes[j].inputs == [i] else { return nil }
    for (k, node) in nodes.enumerated() where k != j && node.inputs.contains(i) { return nil }
    return j
  }

  /// Recomputes the last forward pass without folding, so that every layer's output is at hand.
  private func unfold() throws {
    guard foldedAny else { return }
    let saved = foldsNormalization
    foldsNormalization = false
    defer { foldsNormalization = saved }
    try run(from: startNode, to: endNode, mode: lastMode)
  }

  // MARK: - Backward

  /// Backpropagates `outputGradient` (shaped like the last forward output) through the layers the
  /// last forward pass ran, and replaces the gradient of every unfrozen parameter it reaches.
  ///
  /// - Parameters:
  ///   - target: how far the gradient must travel (see `BackwardTarget`).
  ///   - guided: guided backpropagation (ReLUs pass only positive gradients where their input is
  ///     positive), for guided Grad-CAM images.
  ///   - parameterGradients: false to compute only the gradients that `target` needs (Grad-CAM).
  /// Unfrozen parameters the pass does not reach (layers before its start boundary) get a zero
  /// gradient, so an optimizer step never applies a stale one.
  public func backward(
    _ outputGradient: Tensor, target: BackwardTarget = .parameters, guided: Bool = false,
    parameterGradients: Bool = true
  ) throws {
    guard endNode >= 0 else { throw NetworkError.noForwardPass("backward") }
    try unfold()
    let end = endNode
    let start = startNode
    guard outputGradient.shape.matches(nodes[end].output.shape) else {
      throw TensorError.shapeMismatch(
        operation: "backward from \(nodes[end].name)", expected: nodes[end].output.shape,
        got: outputGradient.shape)
    }
    var targetNode: Int? = nil
    if case .layer(let name) = target {
      let t = try boundaryIndex(name)
      guard t > start, t <= end else { throw NetworkError.layerNotRun(name) }
      targetNode = t
    }
    let toInput = target == .input

    // Which node outputs need a gradient: those with unfrozen parameters, the target, and every
    // node downstream of one of them.
    if needsGradient.count != nodes.count {
      needsGradient = [Bool](repeating: false, count: nodes.count)
      gradientWritten = [Bool](repeating: false, count: nodes.count)
    }
    for i in 0..<nodes.count {
      needsGradient[i] = false
      gradientWritten[i] = false
    }
    for i in (start + 1)...end {
      var needs = toInput || i == targetNode || (parameterGradients && hasUpdatableParameters(i))
      for j in nodes[i].inputs where j > start && needsGradient[j] { needs = true }
      needsGradient[i] = needs
    }
    if parameterGradients { zeroUnreachedGradients(start: start, end: end) }

    if toInput {
      let s = start == -1 ? input!.shape : nodes[start].output.shape
      if inputGradientBuffer == nil { inputGradientBuffer = Tensor(shape: s) }
      Network.prepare(&inputGradientBuffer!, s)
    }
    var inputGradientWritten = false
    let upstream = reference(outputGradient)
    for i in stride(from: end, through: start + 1, by: -1) where needsGradient[i] {
      let dy: TensorRef
      if i == end {
        dy = upstream
      } else {
        if !gradientWritten[i] {
          // Nothing downstream reached this layer: its gradient is zero.
          Network.prepare(&nodes[i].gradient, nodes[i].output.shape)
          nodes[i].gradient!.pointer.update(repeating: 0, count: nodes[i].output.count)
        }
        dy = reference(nodes[i].gradient!)
      }
      var targets: [TensorRef?] = []
      var accumulate: [Bool] = []
      for j in nodes[i].inputs {
        if j <= start {
          if toInput {
            targets.append(reference(inputGradientBuffer!))
            accumulate.append(inputGradientWritten)
            inputGradientWritten = true
          } else {
            targets.append(nil)
            accumulate.append(false)
          }
        } else if needsGradient[j] {
          Network.prepare(&nodes[j].gradient, nodes[j].output.shape)
          targets.append(reference(nodes[j].gradient!))
          accumulate.append(gradientWritten[j])
          gradientWritten[j] = true
        } else {
          targets.append(nil)
          accumulate.append(false)
        }
      }
      let refs = nodes[i].inputs.map { j in j == -1 ? reference(input!) : reference(nodes[j].output)
      }
      let context = BackwardContext(
        workspace: workspace, guided: guided,
        parameterGradients: parameterGradients && hasUpdatableParameters(i))
      let start = profiler == nil ? (0, 0) : LayerProfiler.now()
      nodes[i].layer.backward(refs, reference(nodes[i].output), dy, targets, accumulate, context)
      profiler?.record(nodes[i].layer.profileKey + " backward", since: start)
    }
    if toInput, !inputGradientWritten {
      inputGradientBuffer!.pointer.update(repeating: 0, count: inputGradientBuffer!.count)
    }
    gradientWritten[end] = true
    lastGradientTarget = targetNode
    lastOutputGradient = outputGradient
  }

  private var lastGradientTarget: Int?
  private var lastOutputGradient: Tensor?

  // MARK: - Reading results (Grad-CAM)

  /// A copy of the output of layer or boundary `name` from the last forward pass.
  public func activation(at name: String) throws -> Tensor {
    let i = try boundaryIndex(name)
    guard i >= startNode, i <= endNode, endNode >= 0 else { throw NetworkError.layerNotRun(name) }
    if i < folded.count, folded[i] { try unfold() }
    return copy(nodes[i].output)
  }

  /// A copy of the gradient of the loss with respect to the output of layer or boundary `name`,
  /// from the last backward pass (which must have reached it: use `target: .layer(name)`).
  public func gradient(at name: String) throws -> Tensor {
    let i = try boundaryIndex(name)
    guard i > startNode, i <= endNode, i < gradientWritten.count, gradientWritten[i] else {
      throw NetworkError.layerNotRun(name)
    }
    if i == endNode, let g = lastOutputGradient { return copy(g) }
    return copy(nodes[i].gradient!)
  }

  /// The gradient with respect to the tensor the last forward pass started from, after a backward
  /// pass with `target: .input`.
  public func inputGradient() throws -> Tensor {
    guard let g = inputGradientBuffer else {
      throw NetworkError.noForwardPass("inputGradient (backward with target .input)")
    }
    return copy(g)
  }

  /// The mode of the last forward pass.
  public var lastForwardMode: Mode { lastMode }

  // MARK: - Internals

  /// Node index for a layer or boundary name.
  func boundaryIndex(_ name: String) throws -> Int {
    if let b = boundaryNode[name] { return b }
    if let i = index[name] { return i }
    throw NetworkError.unknownName(name, known: names)
  }

  /// Why node `b` is not a cut, or nil when it is.
  private func cutViolation(at b: Int) -> String? {
    for i in (b + 1)..<nodes.count {
      for j in nodes[i].inputs where j < b {
        return
          "layer \(nodes[i].name) reads \(j == -1 ? "the network input" : nodes[j].name), "
          + "which lies before it"
      }
    }
    return nil
  }

  private func hasUpdatableParameters(_ i: Int) -> Bool {
    nodes[i].layer.parameters.contains { $0.isUpdated }
  }

  private func zeroUnreachedGradients(start: Int, end: Int) {
    for (i, node) in nodes.enumerated() where i <= start || i > end {
      for p in node.layer.parameters where p.isUpdated {
        p.gradientPointer.update(repeating: 0, count: p.gradient.count)
      }
    }
  }

  private func reference(_ t: Tensor) -> TensorRef { TensorRef(t.pointer, t.shape) }

  private func copy(_ t: Tensor) -> Tensor {
    let out = Tensor(shape: t.shape)
    out.pointer.update(from: t.pointer, count: t.count)
    return out
  }

  /// Makes `buffer` an engine-owned tensor of `shape`, reusing its memory when possible.
  static func prepare(_ buffer: inout Tensor?, _ shape: Shape) {
    if buffer == nil {
      buffer = Tensor(shape: shape)
      return
    }
    prepare(&buffer!, shape)
  }

  static func prepare(_ buffer: inout Tensor, _ shape: Shape) {
    if !isKnownUniquelyReferenced(&buffer.storage) || buffer.storage.capacity < shape.count {
      buffer = Tensor(shape: shape)
    } else {
      buffer.resize(to: shape)
    }
  }

  func resolveInput(_ name: String) throws -> Int {
    if name == "input" { return -1 }
    return try boundaryIndex(name)
  }
}
