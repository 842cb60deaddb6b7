/// The im2col and pointwise paths of `Conv2d`: one GEMM per image (or per band of output rows when
/// the batch is smaller than the thread count).
extension Conv2d {
  /// How a convolution's work is cut: whole images per part, or bands of output rows of each image.
  struct Units {
    let images: Int
    let rows: Int
    let bands: Int
    var count: Int { images * bands }

    init(images: Int, rows: Int) {
      self.images = images
      self.rows = rows
      bands = images >= Engine.threads ? 1 : max(1, min(rows, Engine.threads))
    }

    /// Image and output-row range of unit `u`.
    func unit(_ u: Int) -> (n: Int, rows: Range<Int>) {
      let n = u / bands
      let b = u % bands
      return (n, (rows * b / bands)..<(rows * (b + 1) / bands))
    }

    var maxBandRows: Int { (rows + bands - 1) / bands }
  }

  func gemmForward(_ x: TensorRef, _ y: TensorRef, _ workspace: Workspace) {
    let xs = x.shape
    let ys = y.shape
    let units = Units(images: xs.n, rows: ys.h)
    let k = columnRows
    let p = ys.planeCount
    let w = weight.pointer
    let pointwise = isPointwise
    let scratch = workspace.scratch(
      ScratchSlot.columns, count: pointwise ? 1 : k * units.maxBandRows * ys.w,
      parts: Engine.threads)
    Engine.parallelRanges(units.count) { range, part in
      let col = scratch.base + part * scratch.stride
      for u in range {
        let (n, rows) = units.unit(u)
        let cols = rows.count * ys.w
        let (b, ldb) = columns(x.pointer + n * xs.sampleCount, xs, ys, rows, scratch: col)
        gemm(
          m: outputChannels, n: cols, k: k, a: w, lda: k, b: b, ldb: ldb,
          c: y.pointer + n * ys.sampleCount + rows.lowerBound * ys.w, ldc: p)
      }
    }
  }

  func gemmBackward(
    _ x: TensorRef, _ dy: TensorRef, _ dx: TensorRef?, _ accumulate: Bool,
    _ parameterGradients: Bool,
    _ workspace: Workspace
  ) {
    let xs = x.shape
    let ys = dy.shape
    let units = Units(images: xs.n, rows: ys.h)
    let k = columnRows
    let p = ys.planeCount
    let w = weight.pointer
    let pointwise = isPointwise
    let parts = min(Engine.threads, units.count)
    let wantWeights = parameterGradients
    let cols = workspace.scratch(
      ScratchSlot.columns, count: pointwise ? 1 : k * units.maxBandRows * ys.w, parts: parts)
    let partial = workspace.scratch(
      ScratchSlot.weightGradient, count: wantWeights ? outputChannels * k : 1, parts: parts)
    // With whole images per part, each part also scatters its own images' input gradient.
    let imagesPerPart = units.bands == 1 && !pointwise
    let dcols = workspace.scratch(
      ScratchSlot.rows, count: (dx != nil && !pointwise) ? k * p : 1,
      parts: imagesPerPart ? parts : 1)

    Engine.parallelRanges(units.count) { range, part in
      let col = cols.base + part * cols.stride
      let dw = partial.base + part * partial.stride
      var first = true
      for u in range {
        let (n, rows) = units.unit(u)
        let width = rows.count * ys.w
        let xn = x.pointer + n * xs.sampleCount
        let dyn = UnsafePointer(dy.pointer + n * ys.sampleCount + rows.lowerBound * ys.w)
        if wantWeights {
          let (b, ldb) = columns(xn, xs, ys, rows, scratch: col)
          gemm(
            transposeB: true, m: outputChannels, n: k, k: width, a: dyn, lda: p, b: b, ldb: ldb,
            beta: first ? 0 : 1, c: dw, ldc: k)
          first = false
        }
        guard let dx else { continue }
        if pointwise {
          gemm(
            transposeA: true, m: inputChannels, n: width, k: outputChannels, a: w, lda: k, b: dyn,
            ldb: p, beta: accumulate ? 1 : 0,
            c: dx.pointer + n * xs.sampleCount + rows.lowerBound * ys.w, ldc: p)
        } else if imagesPerPart {
          let dcol = dcols.base + part * dcols.stride
          gemm(
            transposeA: true, m: k, n: p, k: outputChannels, a: w, lda: k, b: dyn, ldb: p, c: dcol,
            ldc: p)
          let dxn = dx.pointer + n * xs.sampleCount
          if !accumulate { dxn.update(repeating: 0, count: xs.sampleCount) }
          col2im(dcol, xs, ys, channels: 0..<inputChannels, into: dxn)
        }
      }
      if wantWeights, first { dw.update(repeating: 0, count: outputChannels * k) }
    }

    if let dx, !pointwise, !imagesPerPart {
      // Bands of one image overlap in the input: form the whole column gradient first (split by
      // columns), then scatter it split by channels.
      let dcol = dcols.base
      for n in 0..<xs.n {
        let dyn = UnsafePointer(dy.pointer + n * ys.sampleCount)
        Engine.parallelRanges(p, minimumPerPart: 64) { c, _ in
          gemm(
            transposeA: true, m: k, n: c.count, k: outputChannels, a: w, lda: k,
            b: dyn + c.lowerBound,
            ldb: p, c: dcol + c.lowerBound, ldc: p)
        }
        let dxn = dx.pointer + n * xs.sampleCount
        Engine.parallelRanges(inputChannels) { channels, _ in
          if !accumulate {
            (dxn + channels.lowerBound * xs.planeCount).update(
              repeating: 0, count: channels.count * xs.planeCount)
          }
          col2im(dcol, xs, ys, channels: channels, into: dxn)
        }
      }
    }

    if wantWeights {
      let g = weight.gradientPointer
      let count = outputChannels * k
      g.update(from: partial.base, count: count)
      for part in 1..<max(parts, 1) {
        Vector.add(partial.base + part * partial.stride, into: g, count)
      }
    }
  }

  /// The im2col matrix of output rows `rows` of one image and its row stride: the input itself for
  /// a pointwise convolution, else `scratch` filled by im2col.
  @inline(__always)
  func columns(
    _ xn: UnsafeMutablePointer<Float>, _ xs: Shape, _ ys: Shape, _ rows: Range<Int>,
    scratch: UnsafeMutablePointer<Float>
  ) -> (UnsafePointer<Float>, Int) {
    if isPointwise { return (UnsafePointer(xn + rows.lowerBound * ys.w), ys.planeCount) }
    im2col(xn, xs, ys, rows, into: scratch)
    return (UnsafePointer(scratch), rows.count * ys.w)
  }

  /// The valid output-column range for kernel column `j`: where `ox·stride − padding + j` is inside
  /// the input row.
  @inline(__always)
  func columnRange(_ j: Int, inputWidth: Int, outputWidth: Int) -> Range<Int> {
    let a = padding - j
    let lo = a <= 0 ? 0 : (a + stride - 1) / stride
    let top = inputWidth - 1 + padding - j
    let hi = top < 0 ? 0 : min(outputWidth, top / stride + 1)
    return lo..<max(lo, hi)
  }

  /// Rows `(c, i, j)` × columns `(oy, ox)` for output rows `rows` of one image.
  func im2col(
    _ x: UnsafePointer<Float>, _ xs: Shape, _ ys: Shape, _ rows: Range<Int>,
    into col: UnsafeMutablePointer<Float>
  ) {
    let width = rows.count * ys.w
    for c in 0..<inputChannels {
      let plane = x + c * xs.planeCount
      for i in 0..<kernel {
        for j in 0..<kernel {
          let dst = col + ((c * kernel + i) * kernel + j) * width
          let valid = columnRange(j, inputWidth: xs.w, outputWidth: ys.w)
          for oy in rows {
            let d = dst + (oy - rows.lowerBound) * ys.w
            let iy = oy * stride - padding + i
            if iy < 0 || iy >= xs.h || valid.isEmpty {
              d.update(repeating: 0, count: ys.w)
              continue
            }
            if valid.lowerBound > 0 { d.update(repeating: 0, count: valid.lowerBound) }
            if valid.upperBound < ys.w {
              (d + valid.upperBound).update(repeating: 0, count: ys.w - valid.upperBound)
            }
            let src = plane + iy * xs.w - padding + j
            if stride == 1 {
              (d + valid.lowerBound).update(from: src + valid.lowerBound, count: valid.count)
            } else {
              for ox in valid { d[ox] = src[ox * stride] }
            }
          }
        }
      }
    }
  }

  /// Adds the column gradient of one whole image (`in·k·k` × `oh·ow`) into its input gradient, for
  /// the given input channels.
  func col2im(
    _ dcol: UnsafePointer<Float>, _ xs: Shape, _ ys: Shape, channels: Range<Int>,
    into dx: UnsafeMutablePointer<Float>
  ) {
    let width = ys.planeCount
    for c in channels {
      let plane = dx + c * xs.planeCount
      for i in 0..<kernel {
        for j in 0..<kernel {
          let src = dcol + ((c * kernel + i) * kernel + j) * width
          let valid = columnRange(j, inputWidth: xs.w, outputWidth: ys.w)
          if valid.isEmpty { continue }
          for oy in 0..<ys.h {
            let iy = oy * stride - padding + i
            if iy < 0 || iy >= xs.h { continue }
            let s = src + oy * ys.w
            let d = plane + iy * xs.w - padding + j
            if stride == 1 {
              Vector.add(s + valid.lowerBound, into: d + valid.lowerBound, valid.count)
            } else {
              for ox in valid { d[ox * stride] += s[ox] }
            }
          }
        }
      }
    }
  }
}
