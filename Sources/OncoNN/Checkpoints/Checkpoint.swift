import Foundation

/// A training checkpoint: a network's parameters and running statistics, optionally an optimizer's
/// state, and free-form metadata strings, stored as one safetensors file.
///
///     try Checkpoint(network: net, optimizer: sgd, metadata: ["epoch": "3"]).write(to: url)
///     let saved = try Checkpoint.read(from: url)
///     try saved.restore(into: net)
///     try saved.restore(into: sgd)          // resume exactly where training stopped
///
/// Network tensors are named like the parameters (`stage1.block1.conv1.weight`), optimizer buffers
/// `optimizer.<parameter>.<buffer>`. The file opens in any safetensors reader (PyTorch, NumPy).
public struct Checkpoint: Sendable {
  public var tensors: [String: Tensor]
  public var metadata: [String: String]

  /// Metadata key holding `Network.architecture`.
  public static let architectureKey = "oncoface.architecture"

  public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  /// The state of `network` (and `optimizer`), plus `metadata`.
  public init(network: Network, optimizer: (any Optimizer)? = nil, metadata: [String: String] = [:])
  {
    var tensors: [String: Tensor] = [:]
    for p in network.stateParameters { tensors[p.name] = p.value }
    var meta = metadata
    meta[Checkpoint.architectureKey] = network.architecture
    if let state = optimizer?.state() {
      tensors.merge(state.tensors) { a, _ in a }
      meta.merge(state.metadata) { a, _ in a }
    }
    self.init(tensors: tensors, metadata: meta)
  }

  public static func read(from url: URL) throws -> Checkpoint {
    let c = try SafeTensors.read(from: url)
    return Checkpoint(tensors: c.tensors, metadata: c.metadata)
  }

  /// Writes the checkpoint atomically: a crash leaves the old file or the new one, never a torn
  /// one.
  public func write(to url: URL) throws {
    try SafeTensors.write(SafeTensors.Contents(tensors: tensors, metadata: metadata), to: url)
  }

  /// Copies every parameter and running statistic of `network` from the checkpoint. Throws (and
  /// changes nothing) when a tensor is missing or has another shape.
  public func restore(into network: Network, path: String = "checkpoint") throws {
    let targets = network.stateParameters
    for p in targets {
      guard let t = tensors[p.name] else {
        throw CheckpointError.mismatch(
          path, reason: "no tensor \"\(p.name)\" (\(network.architecture))")
      }
      guard t.shape.matches(p.value.shape) else {
        throw CheckpointError.mismatch(
          path, reason: "\"\(p.name)\" is \(t.shape), the network has \(p.value.shape)")
      }
    }
    for p in targets { try p.assign(tensors[p.name]!) }
  }

  /// Restores an optimizer's buffers and step count.
  public func restore(into optimizer: any Optimizer) throws {
    try optimizer.load(
      OptimizerState(tensors: tensors.filter { $0.key.hasPrefix("optimizer.") }, metadata: metadata)
    )
  }
}
