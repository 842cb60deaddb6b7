/// Scratch memory that layers borrow during a pass; it grows to the largest request and stays.
///
/// Each slot is one region split into equal parts, one per thread of a parallel loop, so no part
/// is ever shared. A network owns one workspace; layers run one after another, so a slot is free
/// again when the next layer starts.
final class Workspace {
  private var slots: [Int: TensorStorage] = [:]

  /// `parts` regions of at least `count` floats each, 64-byte aligned; returns the first region and
  /// the distance between regions (in floats). Contents are undefined.
  func scratch(_ slot: Int, count: Int, parts: Int = 1) -> (
    base: UnsafeMutablePointer<Float>, stride: Int
  ) {
    let stride = (max(count, 1) + 15) & ~15
    let needed = stride * max(parts, 1)
    if let s = slots[slot], s.capacity >= needed { return (s.pointer, stride) }
    let s = TensorStorage(capacity: needed)
    slots[slot] = s
    return (s.pointer, stride)
  }

  /// Bytes held, for diagnostics.
  var byteCount: Int { slots.values.reduce(0) { $0 + $1.capacity * 4 } }
}

/// Workspace slots; a layer uses distinct slots for buffers it needs at the same time.
enum ScratchSlot {
  static let columns = 0
  static let transformedInput = 1
  static let transformedOutput = 2
  static let weightGradient = 3
  static let transformedWeights = 4
  static let rows = 5
  static let reduction = 6
  static let extra = 7
  static let epilogue = 8
}
