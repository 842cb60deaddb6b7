/// The im2col and pointwise paths of `Conv2d`: a GEMM per group of images, or per band of output
/// rows when the batch is smaller than the thread count.
///
/// Small output planes (deep stride-2 layers) put several images side by side in one GEMM, so that
/// each call has a few hundred columns and the weights are packed once per group, not per image.
extension Conv2d {
  /// How a convolution's work is cut into units: groups of whole images, or bands of output rows
  /// of one image.
  struct Units {
    let images: Int
    let rows: Int
    let width: Int
    let bands: Int
    let group: Int
    /// Threads, and groups per thread (each thread gets an equal share of the images).
    let parts: Int
    let groupsPerPart: Int
    let count: Int

    init(images: Int, outputHeight: Int, outputWidth: Int, columnRows: Int, pointwise: Bool) {
      self.images = images
      rows = outputHeight
      width = outputWidth
      let threads = Engine.threads
      if images < threads {
        bands = max(1, min(outputHeight, threads))
        group = 1
        parts = 1
        groupsPerPart = images * bands
        count = images * bands
      } else {
        bands = 1
        let plane = outputHeight * outputWidth
        parts = threads
        let perPart = (images + threads - 1) / threads
        let wanted = pointwise ? 1 : (512 + plane - 1) / plane
        let affordable = max(1, (4 << 20) / max(1, columnRows * plane))
        let most = max(1, min(wanted, perPart, affordable))
        groupsPerPart = (perPart + most - 1) / most
        group = (perPart + groupsPerPart - 1) / groupsPerPart
        count = parts * groupsPerPart
      }
    }

    /// Images and output rows of unit `u` (possibly no images at the end of a thread's share).
    func unit(_ u: Int) -> (images: Range<Int>, rows: Range<Int>) {
      if bands > 1 {
        let b = u % bands
        return ((u / bands)..<(u / bands + 1), (rows * b / bands)..<(rows * (b + 1) / bands))
      }
      let part = u / groupsPerPart
      let share = (images * part / parts)..<(images * (part + 1) / parts)
      let first = share.lowerBound + (u % groupsPerPart) * group
      return (min(first, share.upperBound)..<min(first + group, share.upperBound), 0..<rows)
    }

    /// The most GEMM columns a unit has.
    var maxColumns: Int { bands > 1 ? (rows + bands - 1) / bands * width : group * rows * width }
  }

  func units(_ xs: Shape, _ ys: Shape) -> Units {
    Units(
      images: xs.n, outputHeight: ys.h, outputWidth: ys.w, columnRows: columnRows,
      pointwise: isPointwise)
  }

  func gemmForward(_ x: TensorRef, _ y: TensorRef, _ epilogue: Epilogue?, _ workspace: Workspace) {
    let xs = x.shape
    let ys = y.shape
    let units = units(xs, ys)
    let k = columnRows
    let p = ys.planeCount
    let w = weight.pointer
    let parts = min(Engine.threads, units.count)
    let colBuf = workspace.scratch(ScratchSlot.columns, count: k * units.maxColumns, parts: parts)
    let outBuf = workspace.scratch(
      ScratchSlot.extra, count: units.group > 1 ? outputChannels * units.maxColumns : 1,
      parts: parts)
    Engine.parallelRanges(units.count) { range, part in
      let col = colBuf.base + part * colBuf.stride
      let out = outBuf.base + part * outBuf.stride
      for u in range {
        let (images, rows) = units.unit(u)
        if images.isEmpty { continue }
        let columns = images.count * rows.count * ys.w
        let (b, ldb) = self.columns(x, images: images, rows: rows, ys, scratch: col)
        if images.count == 1 {
          let yn = y.pointer + images.lowerBound * ys.sampleCount + rows.lowerBound * ys.w
          gemm(m: outputChannels, n: columns, k: k, a: w, lda: k, b: b, ldb: ldb, c: yn, ldc: p)
          if let epilogue {
            for c in 0..<outputChannels { epilogue.apply(yn + c * p, channel: c, count: columns) }
          }
        } else {
          gemm(
            m: outputChannels, n: columns, k: k, a: w, lda: k, b: b, ldb: ldb, c: out, ldc: columns)
          if let epilogue {
            for c in 0..<outputChannels {
              epilogue.apply(out + c * columns, channel: c, count: columns)
            }
          }
          Conv2d.scatter(out, columns: columns, into: y, images: images)
        }
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
    let units = units(xs, ys)
    let k = columnRows
    let p = ys.planeCount
    let w = weight.pointer
    let pointwise = isPointwise
    let parts = min(Engine.threads, units.count)
    let wantWeights = parameterGradients
    let banded = units.bands > 1
    let colBuf = workspace.scratch(ScratchSlot.columns, count: k * units.maxColumns, parts: parts)
    let gradBuf = workspace.scratch(
      ScratchSlot.extra, count: units.group > 1 ? outputChannels * units.maxColumns : 1,
      parts: parts)
    let partial = workspace.scratch(
      ScratchSlot.weightGradient, count: wantWeights ? outputChannels * k : 1, parts: parts)
    let dcolBuf = workspace.scratch(
      ScratchSlot.rows, count: (dx != nil && !pointwise) ? k * (banded ? p : units.maxColumns) : 1,
      parts: banded ? 1 : parts)

    Engine.parallelRanges(units.count) { range, part in
      let col = colBuf.base + part * colBuf.stride
      let dw = partial.base + part * partial.stride
      var first = true
      for u in range {
        let (images, rows) = units.unit(u)
        if images.isEmpty { continue }
        let columns = images.count * rows.count * ys.w
        // The unit's output gradient as a (out × columns) matrix.
        let g: UnsafePointer<Float>
        let ldg: Int
        if images.count == 1 {
          g = UnsafePointer(
            dy.pointer + images.lowerBound * ys.sampleCount + rows.lowerBound * ys.w)
          ldg = p
        } else {
          let gathered = gradBuf.base + part * gradBuf.stride
          Conv2d.gather(dy, images: images, into: gathered, columns: columns)
          g = UnsafePointer(gathered)
          ldg = columns
        }
        if wantWeights {
          let (b, ldb) = self.columns(x, images: images, rows: rows, ys, scratch: col)
          gemm(
            transposeB: true, m: outputChannels, n: k, k: columns, a: g, lda: ldg, b: b, ldb: ldb,
            beta: first ? 0 : 1, c: dw, ldc: k)
          first = false
        }
        guard let dx else { continue }
        if pointwise {
          gemm(
            transposeA: true, m: inputChannels, n: columns, k: outputChannels, a: w, lda: k, b: g,
            ldb: ldg, beta: accumulate ? 1 : 0,
            c: dx.pointer + images.lowerBound * xs.sampleCount + rows.lowerBound * ys.w, ldc: p)
        } else if !banded {
          let dcol = dcolBuf.base + part * dcolBuf.stride
          gemm(
            transposeA: true, m: k, n: columns, k: outputChannels, a: w, lda: k, b: g, ldb: ldg,
            c: dcol, ldc: columns)
          for (j, n) in images.enumerated() {
            let dxn = dx.pointer + n * xs.sampleCount
            if !accumulate { dxn.update(repeating: 0, count: xs.sampleCount) }
            col2im(dcol + j * p, ld: columns, xs, ys, channels: 0..<inputChannels, into: dxn)
          }
        }
      }
      if wantWeights, first { dw.update(repeating: 0, count: outputChannels * k) }
    }

    if let dx, !pointwise, banded {
      // Bands of one image overlap in the input: form the whole column gradient first (split by
      // columns), then scatter it split by channels.
      let dcol = dcolBuf.base
      for n in 0..<xs.n {
        let dyn = UnsafePointer(dy.pointer + n * ys.sampleCount)
        Engine.parallelRanges(p, minimumPerPart: 64) { c, _ in
          gemm(
            transposeA: true, m: k, n: c.count, k: outputChannels, a: w, lda: k,
            b: dyn + c.lowerBound, ldb: p, c: dcol + c.lowerBound, ldc: p)
        }
        let dxn = dx.pointer + n * xs.sampleCount
        Engine.parallelRanges(inputChannels) { channels, _ in
          if !accumulate {
            (dxn + channels.lowerBound * xs.planeCount).update(
              repeating: 0, count: channels.count * xs.planeCount)
          }
          col2im(dcol, ld: p, xs, ys, channels: channels, into: dxn)
        }
      }
    }

    if wantWeights {
      Vector.sumParts(partial.base, stride: partial.stride, parts: parts, count: outputChannels * k)
      weight.gradientPointer.update(from: partial.base, count: outputChannels * k)
    }
  }

  /// The im2col matrix of a unit and its row stride: the input itself for one image of a pointwise
  /// convolution, else `scratch` filled by im2col (images side by side).
  @inline(__always)
  func columns(
    _ x: TensorRef, images: Range<Int>, rows: Range<Int>, _ ys: Shape,
    scratch: UnsafeMutablePointer<Float>
  ) -> (UnsafePointer<Float>, Int) {
    let xs = x.shape
    if isPointwise, images.count == 1 {
      return (
        UnsafePointer(x.pointer + images.lowerBound * xs.sampleCount + rows.lowerBound * ys.w),
        ys.planeCount
      )
    }
    let ld = images.count * rows.count * ys.w
    for (j, n) in images.enumerated() {
      im2col(
        x.pointer + n * xs.sampleCount, xs, ys, rows, into: scratch + j * rows.count * ys.w, ld: ld)
    }
    return (UnsafePointer(scratch), ld)
  }

  /// Copies a (out × images·plane) GEMM result into the NCHW output.
  static func scatter(
    _ src: UnsafePointer<Float>, columns: Int, into y: TensorRef, images: Range<Int>
  ) {
    let s = y.shape
    for (j, n) in images.enumerated() {
      for c in 0..<s.c {
        (y.pointer + (n * s.c + c) * s.planeCount).update(
          from: src + c * columns + j * s.planeCount, count: s.planeCount)
      }
    }
  }

  /// Copies NCHW gradients of `images` into a (out × images·plane) matrix.
  static func gather(
    _ dy: TensorRef, images: Range<Int>, into dst: UnsafeMutablePointer<Float>, columns: Int
  ) {
    let s = dy.shape
    for (j, n) in images.enumerated() {
      for c in 0..<s.c {
        (dst + c * columns + j * s.planeCount).update(
          from: dy.pointer + (n * s.c + c) * s.planeCount, count: s.planeCount)
      }
    }
  }

  /// The valid output-column range for kernel column `j`: where `ox·stride − padding + j` is
  /// inside the input row.
  @inline(__always)
  func columnRange(_ j: Int, inputWidth: Int, outputWidth: Int) -> Range<Int> {
    let a = padding - j
    let lo = a <= 0 ? 0 : (a + stride - 1) / stride
    let top = inputWidth - 1 + padding - j
    let hi = top < 0 ? 0 : min(outputWidth, top / stride + 1)
    return lo..<max(lo, hi)
  }

  /// Rows `(c, i, j)` (stride `ld`) × columns `(oy, ox)` for output rows `rows` of one image.
  func im2col(
    _ x: UnsafePointer<Float>, _ xs: Shape, _ ys: Shape, _ rows: Range<Int>,
    into col: UnsafeMutablePointer<Float>, ld: Int
  ) {
    for c in 0..<inputChannels {
      let plane = x + c * xs.planeCount
      for i in 0..<kernel {
        for j in 0..<kernel {
          let dst = col + ((c * kernel + i) * kernel + j) * ld
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
              Conv2d.gatherStrided(src, stride: stride, into: d, valid)
            }
          }
        }
      }
    }
  }

  /// `d[o] = src[o·stride]` for `o` in `range`, 8 at a time for stride 2.
  @inline(__always)
  static func gatherStrided(
    _ src: UnsafePointer<Float>, stride: Int, into d: UnsafeMutablePointer<Float>,
    _ range: Range<Int>
  ) {
    var o = range.lowerBound
    if stride == 2 {
      while o + 8 <= range.upperBound {
        UnsafeRawPointer(src + 2 * o).loadUnaligned(as: SIMD16<Float>.self).evenHalf.store(d + o)
        o += 8
      }
    }
    while o < range.upperBound {
      d[o] = src[o * stride]
      o += 1
    }
  }

  /// Adds the column gradient of one whole image (rows `in·k·k` of stride `ld`, `oh·ow` columns)
  /// into its input gradient, for the given input channels.
  func col2im(
    _ dcol: UnsafePointer<Float>, ld: Int, _ xs: Shape, _ ys: Shape, channels: Range<Int>,
    into dx: UnsafeMutablePointer<Float>
  ) {
    for c in channels {
      let plane = dx + c * xs.planeCount
      for i in 0..<kernel {
        for j in 0..<kernel {
          let src = dcol + ((c * kernel + i) * kernel + j) * ld
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
