/// Winograd F(2×2, 3×3) convolution for 3×3 stride-1 kernels.
///
/// Each 2×2 output tile comes from a 4×4 input tile: `Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A`. The
/// transformed weights `U = G g Gᵀ` and inputs `V = Bᵀ d B` have 16 positions ξ; for each ξ one
/// GEMM `M[ξ] = U[ξ]·V[ξ]` sums over input channels, so a 3×3 convolution costs 16 instead of 36
/// multiplications per tile (2.25× fewer). Tiles are processed in blocks that fit in cache, one
/// block per thread at a time; transforms run 8 tiles at once in SIMD registers.
///
/// The weight gradient stays in the transformed domain, `dU[ξ] = Σ dM[ξ]·V[ξ]ᵀ` with
/// `dM = A dY Aᵀ`, and returns through `dg = Gᵀ dU G`. The input gradient is the forward algorithm
/// applied to the output gradient with 180°-rotated, transposed weights.
enum Winograd {
  /// Tiles along one axis for an output of `size`.
  @inline(__always) static func tiles(_ size: Int) -> Int { (size + 1) / 2 }

  /// Tile rows of the whole batch, cut into blocks of about `target` tiles, at least `parts`
  /// blocks when there are enough rows.
  struct Blocks {
    let tileRows: Int
    let tilesPerRow: Int
    let count: Int
    let maxRows: Int

    init(images: Int, outputHeight: Int, outputWidth: Int, channels: Int, parts: Int) {
      tilesPerRow = Winograd.tiles(outputWidth)
      tileRows = images * Winograd.tiles(outputHeight)
      let target = min(512, max(64, 32768 / max(channels, 1)))
      let rowsPerBlock = max(1, target / tilesPerRow)
      count = max(min(parts, tileRows), (tileRows + rowsPerBlock - 1) / rowsPerBlock)
      maxRows = (tileRows + count - 1) / count
    }

    /// Calls `body(channel, image, tile row in the image, index of its first tile in the block)`
    /// for every channel and tile row of the block `tileRows`.
    @inline(__always)
    func forEachRow(
      channels: Int, tileRows: Range<Int>, outputHeight: Int, _ body: (Int, Int, Int, Int) -> Void
    ) {
      let th = Winograd.tiles(outputHeight)
      for ch in 0..<channels {
        for r in tileRows { body(ch, r / th, r % th, (r - tileRows.lowerBound) * tilesPerRow) }
      }
    }

    func rows(_ b: Int) -> Range<Int> { (tileRows * b / count)..<(tileRows * (b + 1) / count) }
    var maxTiles: Int { maxRows * tilesPerRow }
    /// Floats of a padded scratch row (8-tile multiples, plus the 2 extra input columns).
    var rowLength: Int { 2 * ((tilesPerRow + 7) & ~7) + 2 }
  }

  // MARK: - Weights

  /// `U[ξ][o][i] = (G g Gᵀ)[ξ]` for weights `[outputs, inputs, 3, 3]`. With `flipped`, the weights
  /// of the input-gradient convolution: `U[ξ][i][o]` from `g[o][i]` rotated by 180°.
  static func transformWeights(
    _ w: UnsafePointer<Float>, outputs: Int, inputs: Int, flipped: Bool,
    into u: UnsafeMutablePointer<Float>
  ) {
    let plane = outputs * inputs
    Engine.parallelRanges(outputs, minimumPerPart: 8) { range, _ in
      for o in range {
        for i in 0..<inputs {
          let g = w + (o * inputs + i) * 9
          @inline(__always) func at(_ r: Int) -> Float { flipped ? g[8 - r] : g[r] }
          let dst = flipped ? (i * outputs + o) : (o * inputs + i)
          // Row r of G·g, then that row times Gᵀ.
          @inline(__always) func emit(_ r: Int, _ a: Float, _ b: Float, _ d: Float) {
            u[(4 * r) * plane + dst] = a
            u[(4 * r + 1) * plane + dst] = 0.5 * (a + b + d)
            u[(4 * r + 2) * plane + dst] = 0.5 * (a - b + d)
            u[(4 * r + 3) * plane + dst] = d
          }
          let (a0, a1, a2) = (at(0), at(1), at(2))
          let (b0, b1, b2) = (at(3), at(4), at(5))
          let (d0, d1, d2) = (at(6), at(7), at(8))
          emit(0, a0, a1, a2)
          emit(1, 0.5 * (a0 + b0 + d0), 0.5 * (a1 + b1 + d1), 0.5 * (a2 + b2 + d2))
          emit(2, 0.5 * (a0 - b0 + d0), 0.5 * (a1 - b1 + d1), 0.5 * (a2 - b2 + d2))
          emit(3, d0, d1, d2)
        }
      }
    }
  }

  /// `dg = Gᵀ dU G` for every (output, input) pair, written (not added) as `[outputs, inputs, 3,
  /// 3]`.
  static func weightGradient(
    _ du: UnsafePointer<Float>, outputs: Int, inputs: Int, into dw: UnsafeMutablePointer<Float>
  ) {
    let plane = outputs * inputs
    Engine.parallelRanges(plane, minimumPerPart: 256) { range, _ in
      for p in range {
        @inline(__always) func d(_ x: Int, _ c: Int) -> Float { du[(4 * x + c) * plane + p] }
        let g = dw + p * 9
        // Row `row` of Gᵀ·D is (a, b, c, e); times G gives three values.
        @inline(__always) func emit(_ row: Int, _ a: Float, _ b: Float, _ c: Float, _ e: Float) {
          g[3 * row] = a + 0.5 * (b + c)
          g[3 * row + 1] = 0.5 * (b - c)
          g[3 * row + 2] = 0.5 * (b + c) + e
        }
        var r0 = (Float(0), Float(0), Float(0), Float(0))
        var r1 = r0
        var r2 = r0
        r0 = (
          d(0, 0) + 0.5 * (d(1, 0) + d(2, 0)), d(0, 1) + 0.5 * (d(1, 1) + d(2, 1)),
          d(0, 2) + 0.5 * (d(1, 2) + d(2, 2)), d(0, 3) + 0.5 * (d(1, 3) + d(2, 3))
        )
        r1 = (
          0.5 * (d(1, 0) - d(2, 0)), 0.5 * (d(1, 1) - d(2, 1)),
          0.5 * (d(1, 2) - d(2, 2)), 0.5 * (d(1, 3) - d(2, 3))
        )
        r2 = (
          0.5 * (d(1, 0) + d(2, 0)) + d(3, 0), 0.5 * (d(1, 1) + d(2, 1)) + d(3, 1),
          0.5 * (d(1, 2) + d(2, 2)) + d(3, 2), 0.5 * (d(1, 3) + d(2, 3)) + d(3, 3)
        )
        emit(0, r0.0, r0.1, r0.2, r0.3)
        emit(1, r1.0, r1.1, r1.2, r1.3)
        emit(2, r2.0, r2.1, r2.2, r2.3)
      }
    }
  }

  // MARK: - Forward

  /// `y = conv3×3(x)` with stride 1 and `padding`, from transformed weights `u` (`[16][K][C]`).
  /// Adds into `y` when `accumulate`.
  static func convolve(
    _ x: TensorRef, _ y: TensorRef, padding: Int, weights u: UnsafePointer<Float>, accumulate: Bool,
    workspace: Workspace
  ) {
    let c = x.shape.c
    let k = y.shape.c
    let plan = Plan(input: x.shape, output: y.shape, workspace: workspace)
    plan.run { blocks, part in
      let (v, m, rows) = plan.buffers(part)
      for b in blocks {
        let tileRows = plan.blocks.rows(b)
        let count = tileRows.count * plan.blocks.tilesPerRow
        inputTransform(
          x, padding: padding, tileRows: tileRows, outputShape: y.shape, blocks: plan.blocks,
          ldv: count, into: v, rows: rows)
        for xi in 0..<16 {
          gemm(
            m: k, n: count, k: c, a: u + xi * k * c, lda: c, b: v + xi * c * count, ldb: count,
            c: m + xi * k * count, ldc: count)
        }
        outputTransform(
          m, ldm: count, tileRows: tileRows, blocks: plan.blocks, into: y, accumulate: accumulate,
          rows: rows)
      }
    }
  }

  /// Tile blocks of one convolution and each thread's scratch: transformed inputs V, transformed
  /// outputs M and padded rows.
  struct Plan {
    let blocks: Blocks
    let parts: Int
    let v: (base: UnsafeMutablePointer<Float>, stride: Int)
    let m: (base: UnsafeMutablePointer<Float>, stride: Int)
    let rows: (base: UnsafeMutablePointer<Float>, stride: Int)

    init(input xs: Shape, output ys: Shape, workspace: Workspace) {
      blocks = Blocks(
        images: xs.n, outputHeight: ys.h, outputWidth: ys.w, channels: xs.c + ys.c,
        parts: Engine.threads)
      parts = min(Engine.threads, blocks.count)
      let tiles = blocks.maxTiles
      // 16 floats of slack: SIMD reads of the last tiles run past the block.
      v = workspace.scratch(
        ScratchSlot.transformedInput, count: 16 * xs.c * tiles + 16, parts: parts)
      m = workspace.scratch(
        ScratchSlot.transformedOutput, count: 16 * ys.c * tiles + 16, parts: parts)
      rows = workspace.scratch(ScratchSlot.rows, count: 4 * blocks.rowLength + 64, parts: parts)
    }

    /// The scratch of thread part `part`.
    func buffers(_ part: Int) -> (
      UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>
    ) {
      (v.base + part * v.stride, m.base + part * m.stride, rows.base + part * rows.stride)
    }

    /// Splits the blocks into `parts` ranges and runs `body(range, part)` concurrently.
    func run(_ body: (Range<Int>, Int) -> Void) {
      Engine.parallelRanges(blocks.count, body)
    }
  }

  /// `V[ξ][c][t]` for the tiles of `tileRows` (t counts tiles within the block).
  static func inputTransform(
    _ x: TensorRef, padding: Int, tileRows: Range<Int>, outputShape ys: Shape, blocks: Blocks,
    ldv: Int,
    into v: UnsafeMutablePointer<Float>, rows: UnsafeMutablePointer<Float>
  ) {
    let xs = x.shape
    let tw = blocks.tilesPerRow
    let rl = blocks.rowLength
    let plane16 = xs.c * ldv
    blocks.forEachRow(channels: xs.c, tileRows: tileRows, outputHeight: ys.h) { ch, n, ty, t0 in
      let src = x.pointer + (n * xs.c + ch) * xs.planeCount
      // Four zero-padded input rows; column q holds input column q − padding.
      for i in 0..<4 {
        let row = rows + i * rl
        let iy = 2 * ty - padding + i
        row.update(repeating: 0, count: rl)
        if iy >= 0, iy < xs.h {
          (row + padding).update(from: src + iy * xs.w, count: min(xs.w, rl - padding))
        }
      }
      var k0 = 0
      while k0 < tw {
        let lanes = min(8, tw - k0)
        let dst = v + ch * ldv + t0 + k0
        // Columns j = 0…3 of input row i for 8 tiles.
        @inline(__always) func load(_ i: Int) -> (
          SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>
        ) {
          let p = rows + i * rl + 2 * k0
          let a = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
          let b = UnsafeRawPointer(p + 2).loadUnaligned(as: SIMD16<Float>.self)
          return (a.evenHalf, a.oddHalf, b.evenHalf, b.oddHalf)
        }
        // Row i of Bᵀ·d is (p, q, r, s); times B gives V[4i…4i+3].
        @inline(__always) func emit(
          _ i: Int, _ p: SIMD8<Float>, _ q: SIMD8<Float>, _ r: SIMD8<Float>, _ s: SIMD8<Float>
        ) {
          store(p - r, dst + (4 * i) * plane16, lanes)
          store(q + r, dst + (4 * i + 1) * plane16, lanes)
          store(r - q, dst + (4 * i + 2) * plane16, lanes)
          store(q - s, dst + (4 * i + 3) * plane16, lanes)
        }
        let d0 = load(0)
        let d1 = load(1)
        let d2 = load(2)
        let d3 = load(3)
        emit(0, d0.0 - d2.0, d0.1 - d2.1, d0.2 - d2.2, d0.3 - d2.3)
        emit(1, d1.0 + d2.0, d1.1 + d2.1, d1.2 + d2.2, d1.3 + d2.3)
        emit(2, d2.0 - d1.0, d2.1 - d1.1, d2.2 - d1.2, d2.3 - d1.3)
        emit(3, d1.0 - d3.0, d1.1 - d3.1, d1.2 - d3.2, d1.3 - d3.3)
        k0 += 8
      }
    }
  }

  /// Writes (or adds) `y = Aᵀ M A` for the tiles of `tileRows`.
  static func outputTransform(
    _ m: UnsafePointer<Float>, ldm: Int, tileRows: Range<Int>, blocks: Blocks, into y: TensorRef,
    accumulate: Bool, rows: UnsafeMutablePointer<Float>
  ) {
    let ys = y.shape
    let tw = blocks.tilesPerRow
    let rl = blocks.rowLength
    let plane16 = ys.c * ldm
    let top = rows
    let bottom = rows + rl
    blocks.forEachRow(channels: ys.c, tileRows: tileRows, outputHeight: ys.h) { ch, n, ty, t0 in
      var k0 = 0
      while k0 < tw {
        let src = m + ch * ldm + t0 + k0
        // Column j of Aᵀ·M: (top, bottom).
        @inline(__always) func column(_ j: Int) -> (SIMD8<Float>, SIMD8<Float>) {
          let m0 = SIMD8<Float>.load(src + j * plane16)
          let m1 = SIMD8<Float>.load(src + (4 + j) * plane16)
          let m2 = SIMD8<Float>.load(src + (8 + j) * plane16)
          let m3 = SIMD8<Float>.load(src + (12 + j) * plane16)
          return (m0 + m1 + m2, m1 - m2 - m3)
        }
        let c0 = column(0)
        let c1 = column(1)
        let c2 = column(2)
        let c3 = column(3)
        let y00 = c0.0 + c1.0 + c2.0
        let y01 = c1.0 - c2.0 - c3.0
        let y10 = c0.1 + c1.1 + c2.1
        let y11 = c1.1 - c2.1 - c3.1
        let o = 2 * k0
        for lane in 0..<8 {
          top[o + 2 * lane] = y00[lane]
          top[o + 2 * lane + 1] = y01[lane]
          bottom[o + 2 * lane] = y10[lane]
          bottom[o + 2 * lane + 1] = y11[lane]
        }
        k0 += 8
      }
      let out = y.pointer + (n * ys.c + ch) * ys.planeCount + 2 * ty * ys.w
      Vector.store(top, into: out, ys.w, accumulate: accumulate)
      if 2 * ty + 1 < ys.h {
        Vector.store(bottom, into: out + ys.w, ys.w, accumulate: accumulate)
      }
    }
  }

  // MARK: - Weight gradient

  /// `dU[ξ] = Σ_tiles dM[ξ]·V[ξ]ᵀ` over the whole batch, then `dw = Gᵀ dU G` (written).
  static func weightGradient(
    _ x: TensorRef, _ dy: TensorRef, padding: Int, into dw: UnsafeMutablePointer<Float>,
    workspace: Workspace
  ) {
    let c = x.shape.c
    let k = dy.shape.c
    let plan = Plan(input: x.shape, output: dy.shape, workspace: workspace)
    let duBuf = workspace.scratch(ScratchSlot.weightGradient, count: 16 * k * c, parts: plan.parts)
    plan.run { blocks, part in
      let (v, m, rows) = plan.buffers(part)
      let du = duBuf.base + part * duBuf.stride
      var first = true
      for b in blocks {
        let tileRows = plan.blocks.rows(b)
        let count = tileRows.count * plan.blocks.tilesPerRow
        inputTransform(
          x, padding: padding, tileRows: tileRows, outputShape: dy.shape, blocks: plan.blocks,
          ldv: count, into: v, rows: rows)
        gradientTransform(
          dy, tileRows: tileRows, blocks: plan.blocks, ldm: count, into: m, rows: rows)
        for xi in 0..<16 {
          gemm(
            transposeB: true, m: k, n: c, k: count, a: m + xi * k * count, lda: count,
            b: v + xi * c * count, ldb: count, beta: first ? 0 : 1, c: du + xi * k * c, ldc: c)
        }
        first = false
      }
      if first { du.update(repeating: 0, count: 16 * k * c) }
    }
    let total = duBuf.base
    for part in 1..<max(plan.parts, 1) {
      Vector.add(duBuf.base + part * duBuf.stride, into: total, 16 * k * c)
    }
    weightGradient(total, outputs: k, inputs: c, into: dw)
  }

  /// `dM[ξ][k][t] = (A g Aᵀ)[ξ]` for the 2×2 output-gradient tile g of each tile.
  static func gradientTransform(
    _ dy: TensorRef, tileRows: Range<Int>, blocks: Blocks, ldm: Int,
    into m: UnsafeMutablePointer<Float>,
    rows: UnsafeMutablePointer<Float>
  ) {
    let ys = dy.shape
    let tw = blocks.tilesPerRow
    let rl = blocks.rowLength
    let plane16 = ys.c * ldm
    let top = rows
    let bottom = rows + rl
    blocks.forEachRow(channels: ys.c, tileRows: tileRows, outputHeight: ys.h) { ch, n, ty, t0 in
      let src = dy.pointer + (n * ys.c + ch) * ys.planeCount + 2 * ty * ys.w
      top.update(repeating: 0, count: rl)
      bottom.update(repeating: 0, count: rl)
      top.update(from: src, count: ys.w)
      if 2 * ty + 1 < ys.h { bottom.update(from: src + ys.w, count: ys.w) }
      var k0 = 0
      while k0 < tw {
        let a = UnsafeRawPointer(top + 2 * k0).loadUnaligned(as: SIMD16<Float>.self)
        let b = UnsafeRawPointer(bottom + 2 * k0).loadUnaligned(as: SIMD16<Float>.self)
        let g00 = a.evenHalf
        let g01 = a.oddHalf
        let g10 = b.evenHalf
        let g11 = b.oddHalf
        let lanes = min(8, tw - k0)
        let dst = m + ch * ldm + t0 + k0
        // Row i of A·g is (p, q); times Aᵀ gives dM[4i…4i+3].
        @inline(__always) func emit(_ i: Int, _ p: SIMD8<Float>, _ q: SIMD8<Float>) {
          store(p, dst + (4 * i) * plane16, lanes)
          store(p + q, dst + (4 * i + 1) * plane16, lanes)
          store(p - q, dst + (4 * i + 2) * plane16, lanes)
          store(-q, dst + (4 * i + 3) * plane16, lanes)
        }
        emit(0, g00, g01)
        emit(1, g00 + g10, g01 + g11)
        emit(2, g00 - g10, g01 - g11)
        emit(3, -g10, -g11)
        k0 += 8
      }
    }
  }

  @inline(__always)
  static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ lanes: Int) {
    if lanes == 8 {
      v.store(p)
    } else {
      for l in 0..<lanes { p[l] = v[l] }
    }
  }
}
