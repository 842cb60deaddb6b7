import Foundation

/// A float32 tensor in NCHW order, contiguous, with value semantics (copy on write).
///
///     var x = Tensor(shape: Shape(1, 3, 2, 2))
///     x[0, 1, 0, 1] = 0.5
///     let y = try x.reshaped(to: Shape(dimensions: [1, 12]))
///
/// Engine buffers are tensors too; what a network hands back to a caller is always a copy or a
/// value the caller may keep.
public struct Tensor: @unchecked Sendable, CustomStringConvertible {
  public private(set) var shape: Shape
  var storage: TensorStorage

  /// A tensor filled with `value`.
  public init(shape: Shape, repeating value: Float = 0) {
    self.shape = shape
    storage = TensorStorage(capacity: shape.count)
    if value != 0 { storage.pointer.update(repeating: value, count: shape.count) }
  }

  /// A tensor holding `scalars` in NCHW order.
  public init(shape: Shape, scalars: [Float]) throws {
    guard scalars.count == shape.count else {
      throw TensorError.countMismatch(
        operation: "Tensor(shape:scalars:)", shape: shape, count: scalars.count)
    }
    self.init(shape: shape)
    scalars.withUnsafeBufferPointer {
      storage.pointer.update(from: $0.baseAddress!, count: $0.count)
    }
  }

  /// A tensor over existing storage (engine internal; no copy).
  init(shape: Shape, storage: TensorStorage) {
    precondition(storage.capacity >= shape.count)
    self.shape = shape
    self.storage = storage
  }

  /// Number of elements.
  public var count: Int { shape.count }

  /// All values in NCHW order.
  public var scalars: [Float] {
    Array(UnsafeBufferPointer(start: storage.pointer, count: shape.count))
  }

  /// One element.
  public subscript(n: Int, c: Int, h: Int, w: Int) -> Float {
    get { storage.pointer[offset(n, c, h, w)] }
    set {
      makeUnique()
      storage.pointer[offset(n, c, h, w)] = newValue
    }
  }

  /// One element by flat NCHW index.
  public subscript(flat index: Int) -> Float {
    get {
      precondition(index >= 0 && index < count, "Tensor: index \(index) out of range for \(shape)")
      return storage.pointer[index]
    }
    set {
      precondition(index >= 0 && index < count, "Tensor: index \(index) out of range for \(shape)")
      makeUnique()
      storage.pointer[index] = newValue
    }
  }

  /// Read access to the values in NCHW order.
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows
    -> R
  {
    try body(UnsafeBufferPointer(start: storage.pointer, count: shape.count))
  }

  /// Write access to the values in NCHW order (copies first if the storage is shared).
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    makeUnique()
    return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: shape.count))
  }

  /// The same values under another shape with the same element count.
  public func reshaped(to newShape: Shape) throws -> Tensor {
    guard newShape.count == shape.count else {
      throw TensorError.incompatibleShapes(operation: "reshape", shape, newShape)
    }
    return Tensor(shape: newShape, storage: storage)
  }

  /// Samples `range` of the batch (a copy).
  public func samples(_ range: Range<Int>) throws -> Tensor {
    guard range.lowerBound >= 0, range.upperBound <= shape.n, !range.isEmpty else {
      throw TensorError.invalidArgument(
        operation: "samples", reason: "range \(range) outside a batch of \(shape.n) in \(shape)")
    }
    let out = Tensor(shape: shape.with(n: range.count))
    let per = shape.sampleCount
    out.storage.pointer.update(from: storage.pointer + range.lowerBound * per, count: out.count)
    return out
  }

  /// Several tensors of equal per-sample shape stacked along the batch.
  public static func concatenating(_ parts: [Tensor]) throws -> Tensor {
    guard let first = parts.first else {
      throw TensorError.invalidArgument(operation: "concatenating", reason: "no tensors given")
    }
    var total = 0
    for p in parts {
      guard p.shape.c == first.shape.c, p.shape.h == first.shape.h, p.shape.w == first.shape.w
      else {
        throw TensorError.incompatibleShapes(operation: "concatenating", first.shape, p.shape)
      }
      total += p.shape.n
    }
    let out = Tensor(shape: first.shape.with(n: total))
    var at = out.storage.pointer
    for p in parts {
      at.update(from: p.storage.pointer, count: p.count)
      at += p.count
    }
    return out
  }

  /// The largest absolute difference to another tensor of the same shape.
  public func maximumDifference(to other: Tensor) throws -> Float {
    guard shape.matches(other.shape) else {
      throw TensorError.incompatibleShapes(operation: "maximumDifference", shape, other.shape)
    }
    var m: Float = 0
    for i in 0..<count { m = max(m, abs(storage.pointer[i] - other.storage.pointer[i])) }
    return m
  }

  public var description: String {
    let shown = scalars.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
    return "Tensor\(shape) [\(shown)\(count > 8 ? ", …" : "")]"
  }

  // MARK: - Internals

  @inline(__always) func offset(_ n: Int, _ c: Int, _ h: Int, _ w: Int) -> Int {
    precondition(
      n >= 0 && n < shape.n && c >= 0 && c < shape.c && h >= 0 && h < shape.h && w >= 0
        && w < shape.w,
      "Tensor: index [\(n), \(c), \(h), \(w)] out of range for \(shape)")
    return ((n * shape.c + c) * shape.h + h) * shape.w + w
  }

  mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(count: shape.count) }
  }

  /// Engine use: the raw pointer without a uniqueness check (the caller owns the storage).
  var pointer: UnsafeMutablePointer<Float> { storage.pointer }

  /// Engine use: reshape in place, growing the storage only when its capacity is too small.
  mutating func resize(to newShape: Shape) {
    if storage.capacity < newShape.count { storage = TensorStorage(capacity: newShape.count) }
    shape = newShape
  }
}
