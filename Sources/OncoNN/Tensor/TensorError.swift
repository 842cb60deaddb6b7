/// Errors of tensor operations and of the engine's layers; each names the operation and the shapes.
public enum TensorError: Error, CustomStringConvertible, Equatable {
  /// An operation got a tensor of the wrong shape.
  case shapeMismatch(operation: String, expected: Shape, got: Shape)
  /// Two operands that must agree do not.
  case incompatibleShapes(operation: String, Shape, Shape)
  /// A shape or argument makes no sense for the operation (e.g. an input smaller than the kernel).
  case invalidArgument(operation: String, reason: String)
  /// A value list has the wrong length for its shape.
  case countMismatch(operation: String, shape: Shape, count: Int)

  public var description: String {
    switch self {
    case let .shapeMismatch(op, expected, got):
      return "\(op): expected a tensor of shape \(expected), got \(got)"
    case let .incompatibleShapes(op, a, b):
      return "\(op): shapes \(a) and \(b) do not fit together"
    case let .invalidArgument(op, reason):
      return "\(op): \(reason)"
    case let .countMismatch(op, shape, count):
      return "\(op): shape \(shape) holds \(shape.count) values, got \(count)"
    }
  }
}
