/// Window geometry shared by the pooling layers.
///
/// Output size is `1 + (size + 2·padding − kernel) / stride` (floor). A window that reaches into
/// the padding uses only its in-image elements: the maximum of those, or their mean (dlib's rule;
/// for unpadded pooling it is the ordinary mean).
struct PoolGeometry {
  let kernel: Int
  let stride: Int
  let padding: Int

  func check(_ kind: String) throws {
    guard kernel >= 1, stride >= 1, padding >= 0, padding < kernel else {
      throw TensorError.invalidArgument(
        operation: kind,
        reason:
          "kernel \(kernel), stride \(stride), padding \(padding): "
          + "need kernel ≥ 1, stride ≥ 1 and 0 ≤ padding < kernel"
      )
    }
  }

  func outputShape(_ kind: String, _ s: Shape) throws -> Shape {
    guard s.h + 2 * padding >= kernel, s.w + 2 * padding >= kernel else {
      throw TensorError.invalidArgument(
        operation: kind,
        reason: "input \(s) is smaller than the \(kernel)×\(kernel) window (padding \(padding))")
    }
    return Shape(
      s.n, s.c, 1 + (s.h + 2 * padding - kernel) / stride, 1 + (s.w + 2 * padding - kernel) / stride
    )
  }

  /// The in-image window `[lo, hi)` along one axis for output index `o`.
  @inline(__always) func window(_ o: Int, size: Int) -> Range<Int> {
    let start = o * stride - padding
    return max(start, 0)..<min(start + kernel, size)
  }

  /// Calls `body(output index, window rows, window columns)` for every output of one plane.
  @inline(__always)
  func forEachWindow(
    input xs: Shape, output ys: Shape, _ body: (Int, Range<Int>, Range<Int>) -> Void
  ) {
    for oy in 0..<ys.h {
      let rows = window(oy, size: xs.h)
      for ox in 0..<ys.w { body(oy * ys.w + ox, rows, window(ox, size: xs.w)) }
    }
  }
}

/// A pooling layer: its output shape follows from its window geometry.
protocol PoolingLayer: LayerKernel {
  var geometry: PoolGeometry { get }
}

extension PoolingLayer {
  func outputShape(for inputs: [Shape]) throws -> Shape {
    try geometry.outputShape(kind, try singleInput(inputs))
  }
}

/// Max pooling over `kernel×kernel` windows (PyTorch's MaxPool2d, or dlib's max_pool).
public final class MaxPool2d: PoolingLayer {
  public let kind = "maxpool2d"
  public var parameters: [Parameter] { [] }
  let geometry: PoolGeometry
  /// Training passes record where each maximum came from (the flat in-plane index) for backward.
  private var argmax: [Int32] = []
  private var argmaxValid = false

  /// - Parameters: kernel size, stride (default: the kernel size) and zero-based padding.
  public init(kernel: Int, stride: Int? = nil, padding: Int = 0) throws {
    geometry = PoolGeometry(kernel: kernel, stride: stride ?? kernel, padding: padding)
    try geometry.check("maxpool2d")
  }

  func forward(_ inputs: [TensorRef], _ output: TensorRef, _ context: ForwardContext) {
    let xs = inputs[0].shape
    let ys = output.shape
    let g = geometry
    argmaxValid = context.mode == .training
    if argmaxValid {
      if argmax.count < ys.count { argmax = [Int32](repeating: 0, count: ys.count) }
      argmax.withUnsafeMutableBufferPointer { am in
        let amp = am.baseAddress!
        Engine.parallelRanges(ys.n * ys.c, minimumPerPart: 8) { planes, _ in
          for plane in planes {
            let x = inputs[0].pointer + plane * xs.planeCount
            let y = output.pointer + plane * ys.planeCount
            let a = amp + plane * ys.planeCount
            g.forEachWindow(input: xs, output: ys) { o, rows, columns in
              var best = -Float.infinity
              var at = rows.lowerBound * xs.w + columns.lowerBound
              for iy in rows {
                for ix in columns where x[iy * xs.w + ix] > best {
                  best = x[iy * xs.w + ix]
                  at = iy * xs.w + ix
                }
              }
              y[o] = best
              a[o] = Int32(at)
            }
          }
        }
      }
    } else if g.kernel == 3, g.stride == 2 {
      let rowLength = 2 * ((ys.w + 7) & ~7) + 18
      let scratch = context.workspace.scratch(
        ScratchSlot.rows, count: rowLength + 4 * ((ys.w + 7) & ~7), parts: Engine.threads)
      Engine.parallelRanges(ys.n * ys.c, minimumPerPart: 8) { planes, part in
        for plane in planes {
          MaxPool2d.pool3x3Stride2(
            inputs[0].pointer + plane * xs.planeCount, xs, output.pointer + plane * ys.planeCount,
            ys, padding: g.padding, scratch: scratch.base + part * scratch.stride,
            rowLength: rowLength)
        }
      }
    } else {
      Engine.parallelRanges(ys.n * ys.c, minimumPerPart: 8) { planes, _ in
        for plane in planes {
          let x = inputs[0].pointer + plane * xs.planeCount
          let y = output.pointer + plane * ys.planeCount
          g.forEachWindow(input: xs, output: ys) { o, rows, columns in
            var best = -Float.infinity
            for iy in rows {
              for ix in columns { best = max(best, x[iy * xs.w + ix]) }
            }
            y[o] = best
          }
        }
      }
    }
  }

  /// The backward pass routes each output's gradient to the first element of its window that
  /// holds the maximum: recorded by a training pass, searched for after an inference pass.
  func backward(
    _ inputs: [TensorRef], _ output: TensorRef, _ outputGradient: TensorRef,
    _ inputGradients: [TensorRef?], _ accumulate: [Bool], _ context: BackwardContext
  ) {
    guard let dx = inputGradients[0] else { return }
    let xs = dx.shape
    let ys = output.shape
    let accumulate = accumulate[0]
    let g = geometry
    let recorded = argmaxValid
    argmax.withUnsafeBufferPointer { am in
      let amp = am.baseAddress
      Engine.parallelRanges(ys.n * ys.c, minimumPerPart: 8) { planes, _ in
        for plane in planes {
          let gx = dx.pointer + plane * xs.planeCount
          if !accumulate { gx.update(repeating: 0, count: xs.planeCount) }
          let dy = outputGradient.pointer + plane * ys.planeCount
          if recorded, let amp {
            let a = amp + plane * ys.planeCount
            for i in 0..<ys.planeCount { gx[Int(a[i])] += dy[i] }
            continue
          }
          let x = inputs[0].pointer + plane * xs.planeCount
          let y = output.pointer + plane * ys.planeCount
          g.forEachWindow(input: xs, output: ys) { o, rows, columns in
            var at = rows.lowerBound * xs.w + columns.lowerBound
            search: for iy in rows {
              for ix in columns where x[iy * xs.w + ix] == y[o] {
                at = iy * xs.w + ix
                break search
              }
            }
            gx[at] += dy[o]
          }
        }
      }
    }
  }

  /// 3×3 windows with stride 2 over one plane, 8 outputs at a time: each input row's maxima of
  /// column triples (from even/odd lanes), then the maximum of three such rows.
  static func pool3x3Stride2(
    _ x: UnsafePointer<Float>, _ xs: Shape, _ y: UnsafeMutablePointer<Float>, _ ys: Shape,
    padding: Int, scratch: UnsafeMutablePointer<Float>, rowLength: Int
  ) {
    let width8 = (ys.w + 7) & ~7
    let row = scratch
    let triples = scratch + rowLength
    let result = triples + 3 * width8
    for oy in 0..<ys.h {
      let first = oy * 2 - padding
      let rows = max(first, 0)..<min(first + 3, xs.h)
      var slot = 0
      for iy in rows {
        columnMaxima(
          x + iy * xs.w, width: xs.w, padding: padding, row: row, rowLength: rowLength,
          into: triples + slot * width8, count: width8)
        slot += 1
      }
      var o = 0
      while o < width8 {
        var m = SIMD8<Float>.load(triples + o)
        for s in 1..<slot { m = larger(m, SIMD8<Float>.load(triples + s * width8 + o)) }
        m.store(result + o)
        o += 8
      }
      (y + oy * ys.w).update(from: result, count: ys.w)
    }
  }

  /// `out[o] = max(x[2o − p], x[2o − p + 1], x[2o − p + 2])` over one input row (−∞ outside it).
  @inline(__always)
  static func columnMaxima(
    _ x: UnsafePointer<Float>, width: Int, padding: Int, row: UnsafeMutablePointer<Float>,
    rowLength: Int, into out: UnsafeMutablePointer<Float>, count: Int
  ) {
    row.update(repeating: -.infinity, count: rowLength)
    (row + padding).update(from: x, count: width)
    var o = 0
    while o < count {
      let a = UnsafeRawPointer(row + 2 * o).loadUnaligned(as: SIMD16<Float>.self)
      let b = UnsafeRawPointer(row + 2 * o + 2).loadUnaligned(as: SIMD16<Float>.self)
      larger(larger(a.evenHalf, a.oddHalf), b.evenHalf).store(out + o)
      o += 8
    }
  }

  @inline(__always)
  static func larger(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    a.replacing(with: b, where: b .> a)
  }
}

/// Average pooling over `kernel×kernel` windows; windows that reach into the padding average only
/// their in-image elements (dlib's avg_pool rule).
public final class AvgPool2d: PoolingLayer {
  public let kind = "avgpool2d"
  public var parameters: [Parameter] { [] }
  let geometry: PoolGeometry

  /// - Parameters: kernel size, stride (default: the kernel size) and padding.
  public init(kernel: Int, stride: Int? = nil, padding: Int = 0) throws {
    geometry = PoolGeometry(kernel: kernel, stride: stride ?? kernel, padding: padding)
    try geometry.check("avgpool2d")
  }

  func forward(_ inputs: [TensorRef], _ output: TensorRef, _ context: ForwardContext) {
    let xs = inputs[0].shape
    let ys = output.shape
    let g = geometry
    Engine.parallelRanges(ys.n * ys.c, minimumPerPart: 8) { planes, _ in
      for plane in planes {
        let x = inputs[0].pointer + plane * xs.planeCount
        let y = output.pointer + plane * ys.planeCount
        g.forEachWindow(input: xs, output: ys) { o, rows, columns in
          var s: Float = 0
          for iy in rows {
            for ix in columns { s += x[iy * xs.w + ix] }
          }
          y[o] = s / Float(rows.count * columns.count)
        }
      }
    }
  }

  func backward(
    _ inputs: [TensorRef], _ output: TensorRef, _ outputGradient: TensorRef,
    _ inputGradients: [TensorRef?], _ accumulate: [Bool], _ context: BackwardContext
  ) {
    guard let dx = inputGradients[0] else { return }
    let xs = dx.shape
    let ys = output.shape
    let g = geometry
    let accumulate = accumulate[0]
    Engine.parallelRanges(ys.n * ys.c, minimumPerPart: 8) { planes, _ in
      for plane in planes {
        let gx = dx.pointer + plane * xs.planeCount
        if !accumulate { gx.update(repeating: 0, count: xs.planeCount) }
        let dy = outputGradient.pointer + plane * ys.planeCount
        g.forEachWindow(input: xs, output: ys) { o, rows, columns in
          let share = dy[o] / Float(rows.count * columns.count)
          for iy in rows {
            for ix in columns { gx[iy * xs.w + ix] += share }
          }
        }
      }
    }
  }
}

/// Global average pooling: `[n, c, h, w]` → `[n, c, 1, 1]` (dlib's avg_pool_everything).
public final class GlobalAvgPool: LayerKernel {
  public let kind = "globalavgpool"
  public var parameters: [Parameter] { [] }

  public init() {}

  func outputShape(for inputs: [Shape]) throws -> Shape {
    let s = try singleInput(inputs)
    return Shape(s.n, s.c, 1, 1)
  }

  func forward(_ inputs: [TensorRef], _ output: TensorRef, _ context: ForwardContext) {
    let xs = inputs[0].shape
    let plane = xs.planeCount
    Engine.parallelRanges(xs.n * xs.c, minimumPerPart: 64) { planes, _ in
      for p in planes {
        output.pointer[p] = Float(Vector.sum(inputs[0].pointer + p * plane, plane) / Double(plane))
      }
    }
  }

  func backward(
    _ inputs: [TensorRef], _ output: TensorRef, _ outputGradient: TensorRef,
    _ inputGradients: [TensorRef?], _ accumulate: [Bool], _ context: BackwardContext
  ) {
    guard let dx = inputGradients[0] else { return }
    let plane = dx.shape.planeCount
    let accumulate = accumulate[0]
    Engine.parallelRanges(dx.shape.n * dx.shape.c, minimumPerPart: 64) { planes, _ in
      for p in planes {
        let v = outputGradient.pointer[p] / Float(plane)
        let g = dx.pointer + p * plane
        if accumulate {
          for i in 0..<plane { g[i] += v }
        } else {
          g.update(repeating: v, count: plane)
        }
      }
    }
  }
}
