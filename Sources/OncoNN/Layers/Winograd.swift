/// Winograd F(2×2, 3×3) convolution for 3×3 stride-1 kernels.
///
/// Each 2×2 output tile comes from a 4×4 input tile: `Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A`. The
/// transformed weights `U = G g Gᵀ` and inputs `V = Bᵀ d B` have 16 positions ξ; for each ξ one
/// GEMM `M[ξ] = U[ξ]·V[ξ]` sums over input channels, so a 3×3 convolution costs 16 instead of 36
/// multiplications per tile (2.25× fewer). Transforms run 8 tiles at once in SIMD registers.
///
/// The weight gradient stays in the transformed domain, `dU[ξ] = Σ dM[ξ]·V[ξ]ᵀ` with
/// `dM = A dY Aᵀ`, and returns through `dg = Gᵀ dU G`. The input gradient is the forward algorithm
/// applied to the output gradient with the 180°-rotated, transposed kernel, whose transform is the
/// forward one read transposed with rows and columns 0 and 3 of ξ swapped (`G·J = P·G`), so the
/// forward's `U` serves both passes.
enum Winograd {
  /// Tiles along one axis for an output of `size`.
  @inline(__always) static func tiles(_ size: Int) -> Int { (size + 1) / 2 }

  /// ξ of the input-gradient kernel's transform in the forward `U`: rows and columns 0 ↔ 3.
  @inline(__always) static func rotated(_ xi: Int) -> Int {
    @inline(__always) func p(_ a: Int) -> Int { a == 0 ? 3 : a == 3 ? 0 : a }
    return 4 * p(xi / 4) + p(xi % 4)
  }

  /// How one convolution's tiles are cut into work.
  ///
  /// Tile rows of the whole batch (image, tile row) are the unit. Either the tiles are cut into
  /// blocks that each thread transforms, multiplies and transforms back in its own buffers (layers
  /// with many tiles and few channels), or all tiles are transformed at once and the 16 GEMMs are
  /// shared out by ξ (deep layers, where re-reading the weights per block would cost more).
  struct Plan {
    let input: Shape
    let output: Shape
    let padding: Int
    let tilesPerRow: Int
    let tileRowsPerImage: Int
    let tileRows: Int
    /// Blocks of tile rows; 1 with `byPosition`.
    let blockCount: Int
    /// All tiles at once, GEMMs split by ξ.
    let byPosition: Bool
    let parts: Int

    /// `weightGradient` plans the dU accumulation (larger blocks) instead of the forward GEMMs.
    init(input: Shape, output: Shape, padding: Int, weightGradient: Bool = false) {
      self.input = input
      self.output = output
      self.padding = padding
      tilesPerRow = Winograd.tiles(output.w)
      tileRowsPerImage = Winograd.tiles(output.h)
      tileRows = input.n * tileRowsPerImage
      let tiles = tileRows * tilesPerRow
      let channels = input.c + output.c
      let target =
        weightGradient
        ? min(2048, max(128, 131_072 / channels)) : min(512, max(32, 32768 / channels))
      let rowsPerBlock = max(1, target / tilesPerRow)
      let blocks = max(1, (tileRows + rowsPerBlock - 1) / rowsPerBlock)
      // Memory traffic of the two ways (floats): weights re-read per block (or dU re-written),
      // against writing and reading all transformed tiles once.
      let perBlock = blocks * 16 * input.c * output.c * (weightGradient ? 2 : 1)
      let allAtOnce = 2 * 16 * channels * tiles
      let threads = Engine.threads
      byPosition = allAtOnce <= perBlock || (blocks < threads && tileRows >= 1)
      // A multiple of the thread count, so that every thread gets as many blocks.
      let even = (max(blocks, threads) + threads - 1) / threads * threads
      blockCount = byPosition ? 1 : min(even, tileRows)
      parts = byPosition ? threads : min(threads, blockCount)
    }

    func block(_ b: Int) -> Range<Int> {
      (tileRows * b / blockCount)..<(tileRows * (b + 1) / blockCount)
    }
    var maxBlockRows: Int { (tileRows + blockCount - 1) / blockCount }
    /// Row stride of a transformed buffer holding `rows` tile rows: 8 spare floats take the
    /// spill of full-width SIMD stores.
    func stride(rows: Int) -> Int { rows * tilesPerRow + 8 }
    /// Floats of a padded scratch row (8-tile multiples, plus the 2 extra input columns).
    var rowLength: Int { 2 * ((tilesPerRow + 7) & ~7) + 2 }

    /// Calls `body(channel, image, tile row in the image, first tile of the row in the buffer)`
    /// for every channel and the tile rows `rows` of a buffer starting at tile row `base`.
    @inline(__always)
    func forEachRow(
      channels: Int, rows: Range<Int>, base: Int, _ body: (Int, Int, Int, Int) -> Void
    ) {
      for ch in 0..<channels {
        for r in rows {
          body(ch, r / tileRowsPerImage, r % tileRowsPerImage, (r - base) * tilesPerRow)
        }
      }
    }
  }

  // MARK: - Weights

  /// `U[ξ][o][i] = (G g Gᵀ)[ξ]` for weights `[outputs, inputs, 3, 3]`.
  static func transformWeights(
    _ w: UnsafePointer<Float>, outputs: Int, inputs: Int, into u: UnsafeMutablePointer<Float>
  ) {
    let plane = outputs * inputs
    Engine.parallelRanges(outputs, minimumPerPart: 8) { range, _ in
      for o in range {
        var i = 0
        while i < inputs {
          let lanes = min(8, inputs - i)
          let base = w + (o * inputs + i) * 9
          // Kernel value r of 8 neighbouring input channels.
          @inline(__always) func g(_ r: Int) -> SIMD8<Float> {
            if lanes == 8 {
              let p = base + r
              return SIMD8(p[0], p[9], p[18], p[27], p[36], p[45], p[54], p[63])
            }
            var v = SIMD8<Float>()
            for l in 0..<lanes { v[l] = base[l * 9 + r] }
            return v
          }
          let dst = u + o * inputs + i
          // Row r of G·g is (a, b, d); times Gᵀ it gives U[4r…4r+3].
          @inline(__always) func emit(
            _ r: Int, _ a: SIMD8<Float>, _ b: SIMD8<Float>, _ d: SIMD8<Float>
          ) {
            store(a, dst + (4 * r) * plane, lanes)
            store(0.5 * (a + b + d), dst + (4 * r + 1) * plane, lanes)
            store(0.5 * (a - b + d), dst + (4 * r + 2) * plane, lanes)
            store(d, dst + (4 * r + 3) * plane, lanes)
          }
          let (a0, a1, a2) = (g(0), g(1), g(2))
          let (b0, b1, b2) = (g(3), g(4), g(5))
          let (d0, d1, d2) = (g(6), g(7), g(8))
          emit(0, a0, a1, a2)
          emit(1, 0.5 * (a0 + b0 + d0), 0.5 * (a1 + b1 + d1), 0.5 * (a2 + b2 + d2))
          emit(2, 0.5 * (a0 - b0 + d0), 0.5 * (a1 - b1 + d1), 0.5 * (a2 - b2 + d2))
          emit(3, d0, d1, d2)
          i += 8
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

  // MARK: - Convolution

  /// `y = conv3×3(x)` (stride 1, `plan.padding`) from transformed weights `u` (`[16][K][C]`), or,
  /// with `transposed`, from the forward transform `u` of the kernel being rotated and transposed
  /// (`[16][C][K]` read as `U[rotated(ξ)]ᵀ`). Adds into `y` when `accumulate`. With `keep`, the
  /// transformed inputs of all tiles are left there (`[16][C][plan.stride(rows: plan.tileRows)]`)
  /// for the weight gradient.
  static func convolve(
    _ x: TensorRef, _ y: TensorRef, plan: Plan, weights u: UnsafePointer<Float>, transposed: Bool,
    accumulate: Bool, epilogue: Epilogue? = nil, keep: UnsafeMutablePointer<Float>? = nil,
    workspace: Workspace
  ) {
    let c = x.shape.c
    let k = y.shape.c
    let all = plan.stride(rows: plan.tileRows)
    let rowScratch = workspace.scratch(
      ScratchSlot.rows, count: 4 * plan.rowLength + 64, parts: plan.parts)
    // M[ξ] = U[ξ]·V[ξ] for `tiles` tiles.
    @inline(__always) func multiply(
      _ xi: Int, _ v: UnsafePointer<Float>, _ ldv: Int, _ m: UnsafeMutablePointer<Float>,
      _ ldm: Int, _ tiles: Int
    ) {
      if transposed {
        gemm(
          transposeA: true, m: k, n: tiles, k: c, a: u + rotated(xi) * k * c, lda: k,
          b: v + xi * c * ldv, ldb: ldv, c: m + xi * k * ldm, ldc: ldm)
      } else {
        gemm(
          m: k, n: tiles, k: c, a: u + xi * k * c, lda: c, b: v + xi * c * ldv, ldb: ldv,
          c: m + xi * k * ldm, ldc: ldm)
      }
    }
    if plan.byPosition {
      let v = keep ?? workspace.scratch(ScratchSlot.transformedInput, count: 16 * c * all).base
      let m = workspace.scratch(ScratchSlot.transformedOutput, count: 16 * k * all).base
      Engine.parallelRanges(plan.tileRows) { rows, part in
        inputTransform(
          x, plan: plan, rows: rows, base: 0, ld: all, into: v,
          scratch: rowScratch.base + part * rowScratch.stride)
      }
      Engine.parallelRanges(16) { positions, _ in
        for xi in positions { multiply(xi, v, all, m, all, plan.tileRows * plan.tilesPerRow) }
      }
      Engine.parallelRanges(plan.tileRows) { rows, part in
        outputTransform(
          m, plan: plan, rows: rows, base: 0, ld: all, into: y, accumulate: accumulate,
          epilogue: epilogue, scratch: rowScratch.base + part * rowScratch.stride)
      }
      return
    }
    let ld = plan.stride(rows: plan.maxBlockRows)
    let vBuf = workspace.scratch(
      ScratchSlot.transformedInput, count: keep == nil ? 16 * c * ld : 1, parts: plan.parts)
    let mBuf = workspace.scratch(
      ScratchSlot.transformedOutput, count: 16 * k * ld, parts: plan.parts)
    Engine.parallelRanges(plan.blockCount) { blocks, part in
      let m = mBuf.base + part * mBuf.stride
      let rows = rowScratch.base + part * rowScratch.stride
      for b in blocks {
        let block = plan.block(b)
        let ld = plan.stride(rows: block.count)
        let tiles = block.count * plan.tilesPerRow
        if let keep {
          inputTransform(x, plan: plan, rows: block, base: 0, ld: all, into: keep, scratch: rows)
          for xi in 0..<16 {
            multiply(xi, keep + block.lowerBound * plan.tilesPerRow, all, m, ld, tiles)
          }
        } else {
          let v = vBuf.base + part * vBuf.stride
          inputTransform(
            x, plan: plan, rows: block, base: block.lowerBound, ld: ld, into: v, scratch: rows)
          for xi in 0..<16 { multiply(xi, v, ld, m, ld, tiles) }
        }
        outputTransform(
          m, plan: plan, rows: block, base: block.lowerBound, ld: ld, into: y,
          accumulate: accumulate, epilogue: epilogue, scratch: rows)
      }
    }
  }

  // MARK: - Weight gradient

  /// `dU[ξ] = Σ_tiles dM[ξ]·V[ξ]ᵀ` over the whole batch, then `dw = Gᵀ dU G` (written).
  /// `transformed` holds the inputs' transforms when the forward pass kept them (see `convolve`).
  static func weightGradient(
    _ x: TensorRef, _ dy: TensorRef, plan: Plan, transformed: UnsafePointer<Float>? = nil,
    into dw: UnsafeMutablePointer<Float>, workspace: Workspace
  ) {
    let c = x.shape.c
    let k = dy.shape.c
    let all = plan.stride(rows: plan.tileRows)
    let rowScratch = workspace.scratch(
      ScratchSlot.rows, count: 4 * plan.rowLength + 64, parts: plan.parts)
    // dU[ξ] (+)= dM[ξ]·V[ξ]ᵀ over `tiles` tiles.
    @inline(__always) func multiply(
      _ xi: Int, _ m: UnsafePointer<Float>, _ ldm: Int, _ v: UnsafePointer<Float>, _ ldv: Int,
      _ tiles: Int, _ du: UnsafeMutablePointer<Float>, add: Bool
    ) {
      gemm(
        transposeB: true, m: k, n: c, k: tiles, a: m + xi * k * ldm, lda: ldm, b: v + xi * c * ldv,
        ldb: ldv, beta: add ? 1 : 0, c: du + xi * k * c, ldc: c)
    }
    if plan.byPosition {
      let tiles = plan.tileRows * plan.tilesPerRow
      let own =
        transformed == nil
        ? workspace.scratch(ScratchSlot.transformedInput, count: 16 * c * all).base : nil
      let v = transformed ?? UnsafePointer(own!)
      let m = workspace.scratch(ScratchSlot.transformedOutput, count: 16 * k * all).base
      let du = workspace.scratch(ScratchSlot.weightGradient, count: 16 * k * c).base
      Engine.parallelRanges(plan.tileRows) { rows, part in
        let scratch = rowScratch.base + part * rowScratch.stride
        if transformed == nil {
          inputTransform(x, plan: plan, rows: rows, base: 0, ld: all, into: own!, scratch: scratch)
        }
        gradientTransform(dy, plan: plan, rows: rows, base: 0, ld: all, into: m, scratch: scratch)
      }
      Engine.parallelRanges(16) { positions, _ in
        for xi in positions { multiply(xi, m, all, v, all, tiles, du, add: false) }
      }
      weightGradient(du, outputs: k, inputs: c, into: dw)
      return
    }
    let ld = plan.stride(rows: plan.maxBlockRows)
    let vBuf = workspace.scratch(
      ScratchSlot.transformedInput, count: transformed == nil ? 16 * c * ld : 1, parts: plan.parts)
    let mBuf = workspace.scratch(
      ScratchSlot.transformedOutput, count: 16 * k * ld, parts: plan.parts)
    let duBuf = workspace.scratch(ScratchSlot.weightGradient, count: 16 * k * c, parts: plan.parts)
    Engine.parallelRanges(plan.blockCount) { blocks, part in
      let m = mBuf.base + part * mBuf.stride
      let rows = rowScratch.base + part * rowScratch.stride
      let du = duBuf.base + part * duBuf.stride
      var first = true
      for b in blocks {
        let block = plan.block(b)
        let ld = plan.stride(rows: block.count)
        let tiles = block.count * plan.tilesPerRow
        gradientTransform(
          dy, plan: plan, rows: block, base: block.lowerBound, ld: ld, into: m, scratch: rows)
        if let transformed {
          let v = transformed + block.lowerBound * plan.tilesPerRow
          for xi in 0..<16 { multiply(xi, m, ld, v, all, tiles, du, add: !first) }
        } else {
          let v = vBuf.base + part * vBuf.stride
          inputTransform(
            x, plan: plan, rows: block, base: block.lowerBound, ld: ld, into: v, scratch: rows)
          for xi in 0..<16 { multiply(xi, m, ld, v, ld, tiles, du, add: !first) }
        }
        first = false
      }
      if first { du.update(repeating: 0, count: 16 * k * c) }
    }
    let parts = min(plan.parts, plan.blockCount)
    Vector.sumParts(duBuf.base, stride: duBuf.stride, parts: parts, count: 16 * k * c)
    weightGradient(duBuf.base, outputs: k, inputs: c, into: dw)
  }
}
