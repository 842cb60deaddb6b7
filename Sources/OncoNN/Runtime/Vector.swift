/// Small vectorised loops over float buffers, used by the layers' element-wise work.
enum Vector {
  /// `y[i] = x[i]` for `count` elements.
  @inline(__always)
  static func copy(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
    y.update(from: x, count: count)
  }

  /// `y[i] += x[i]`.
  @inline(__always)
  static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ count: Int) {
    var i = 0
    while i + 8 <= count {
      let a = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
      let b = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(y + i).storeBytes(of: a + b, as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      y[i] += x[i]
      i += 1
    }
  }

  /// `y += Σ parts`: adds `count` floats at `first + p·stride` for p in 1..<parts into `first`,
  /// split across threads (the reduction of per-thread partial sums, in a fixed order).
  static func sumParts(_ first: UnsafeMutablePointer<Float>, stride: Int, parts: Int, count: Int) {
    guard parts > 1 else { return }
    Engine.parallelRanges(count, minimumPerPart: 1 << 14) { r, _ in
      for p in 1..<parts {
        add(first + p * stride + r.lowerBound, into: first + r.lowerBound, r.count)
      }
    }
  }

  /// `y[i] = x[i]` or `y[i] += x[i]`.
  @inline(__always)
  static func store(
    _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ count: Int, accumulate: Bool
  ) {
    if accumulate { add(x, into: y, count) } else { copy(x, y, count) }
  }

  /// Sum of `count` elements, in double precision across 8 float lanes.
  @inline(__always)
  static func sum(_ x: UnsafePointer<Float>, _ count: Int) -> Double {
    var acc = SIMD8<Float>()
    var total = 0.0
    var i = 0
    while i + 8 <= count {
      acc += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
      i += 8
      if i & 1023 == 0 {
        total += Double(acc.sum())
        acc = SIMD8<Float>()
      }
    }
    total += Double(acc.sum())
    while i < count {
      total += Double(x[i])
      i += 1
    }
    return total
  }

  /// `y[i] = a·x[i] + b`, then `max(0, ·)` when `relu`.
  @inline(__always)
  static func scaleShift(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int, _ a: Float,
    _ b: Float,
    relu: Bool
  ) {
    let va = SIMD8<Float>(repeating: a)
    let vb = SIMD8<Float>(repeating: b)
    let zero = SIMD8<Float>()
    var i = 0
    if relu {
      while i + 8 <= count {
        let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
        let r = (v * va + vb).replacing(with: zero, where: v * va + vb .< zero)
        UnsafeMutableRawPointer(y + i).storeBytes(of: r, as: SIMD8<Float>.self)
        i += 8
      }
      while i < count {
        y[i] = max(0, a * x[i] + b)
        i += 1
      }
    } else {
      while i + 8 <= count {
        let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(y + i).storeBytes(of: v * va + vb, as: SIMD8<Float>.self)
        i += 8
      }
      while i < count {
        y[i] = a * x[i] + b
        i += 1
      }
    }
  }
}

extension SIMD8 where Scalar == Float {
  @inline(__always) static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }
  @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: self, as: SIMD8<Float>.self)
  }
}
