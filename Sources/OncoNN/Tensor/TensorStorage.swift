/// Aligned float32 memory owned by one or more `Tensor` values (copy on write).
///
/// The capacity may exceed what a tensor uses: engine buffers keep their largest size so that a
/// smaller last batch does not reallocate.
final class TensorStorage: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<Float>
  let capacity: Int

  /// Zero-filled memory for `capacity` floats, 64-byte aligned.
  init(capacity: Int) {
    self.capacity = max(capacity, 1)
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: self.capacity * MemoryLayout<Float>.stride, alignment: 64)
    pointer = raw.bindMemory(to: Float.self, capacity: self.capacity)
    pointer.initialize(repeating: 0, count: self.capacity)
  }

  /// A copy of the first `count` floats.
  func copy(count: Int) -> TensorStorage {
    let s = TensorStorage(capacity: count)
    s.pointer.update(from: pointer, count: count)
    return s
  }

  deinit { UnsafeMutableRawPointer(pointer).deallocate() }
}
