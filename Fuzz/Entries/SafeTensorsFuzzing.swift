import Foundation
import OncoNN

/// Checkpoints: `SafeTensors.decode`, the reader behind `Checkpoint.read` and session models.
///
/// Promises: errors are `CheckpointError` naming the file; what decodes encodes and decodes again
/// to the same names, shapes, bits and metadata.
enum SafeTensorsFuzzing {
  static let file = "/fuzz/model.safetensors"

  static func run(_ data: Data) -> FuzzOutcome {
    let contents: SafeTensors.Contents
    do { contents = try SafeTensors.decode(data, path: file) } catch {
      return .rejection(error, as: CheckpointError.self, naming: file)
    }
    for (name, tensor) in contents.tensors {
      // Each value took at least 2 bytes of the file, and the shape multiplies out to the count.
      var product = 1, overflow = false
      for d in tensor.shape.dimensions where !overflow {
        (product, overflow) = product.multipliedReportingOverflow(by: d)
      }
      guard !overflow, product >= 0, product == tensor.count, 2 * product <= data.count else {
        return .broken("tensor \(name) has shape \(tensor.shape) from \(data.count) bytes")
      }
    }
    let again: SafeTensors.Contents
    do { again = try SafeTensors.decode(try SafeTensors.encode(contents), path: file) } catch {
      return .broken("encoded contents do not decode: \(error)")
    }
    guard again.metadata == contents.metadata,
      Set(again.tensors.keys) == Set(contents.tensors.keys)
    else {
      return .broken("names or metadata change in a round trip")
    }
    for (name, tensor) in contents.tensors {
      let other = again.tensors[name]!
      guard other.shape == tensor.shape, bits(other) == bits(tensor) else {
        return .broken("tensor \(name) changes in a round trip")
      }
    }
    return .accepted
  }

  private static func bits(_ t: Tensor) -> [UInt32] {
    t.withUnsafeBufferPointer { $0.map(\.bitPattern) }
  }
}
