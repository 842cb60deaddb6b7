/// The tile transforms of `Winograd`, 8 neighbouring tiles per SIMD register.
///
/// Transformed buffers are `[16][channels][ld]` with tiles along the row. Stores are full 8-lane
/// vectors: lanes past a tile row spill into the following rows of the same channel, which are
/// written after it, or into the 8 spare floats at the end of the buffer row. Only stores that
/// would reach past the range of tile rows being processed (which another thread may own) are
/// made lane by lane.
extension Winograd {
  /// `V[ξ][c][t] = (Bᵀ d B)[ξ]` for the 4×4 input tile d of each tile in `rows`.
  static func inputTransform(
    _ x: TensorRef, plan: Plan, rows: Range<Int>, base: Int, ld: Int,
    into v: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
  ) {
    let xs = x.shape
    let tw = plan.tilesPerRow
    let rl = plan.rowLength
    let padding = plan.padding
    let plane16 = xs.c * ld
    let limit = (rows.upperBound - base) * tw
    plan.forEachRow(channels: xs.c, rows: rows, base: base) { ch, n, ty, t0 in
      let src = x.pointer + (n * xs.c + ch) * xs.planeCount
      // Four zero-padded input rows; column q holds input column q − padding.
      for i in 0..<4 {
        let row = scratch + i * rl
        let iy = 2 * ty - padding + i
        if iy >= 0, iy < xs.h {
          if padding > 0 { row.update(repeating: 0, count: padding) }
          (row + padding).update(from: src + iy * xs.w, count: xs.w)
          (row + padding + xs.w).update(repeating: 0, count: rl - padding - xs.w)
        } else {
          row.update(repeating: 0, count: rl)
        }
      }
      var k0 = 0
      while k0 < tw {
        let lanes = min(8, limit - t0 - k0)
        let dst = v + ch * ld + t0 + k0
        // Columns 0…3 of input row i for 8 tiles.
        @inline(__always) func load(_ i: Int) -> (
          SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>
        ) {
          let p = scratch + i * rl + 2 * k0
          let a = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
          let b = UnsafeRawPointer(p + 2).loadUnaligned(as: SIMD16<Float>.self)
          return (a.evenHalf, a.oddHalf, b.evenHalf, b.oddHalf)
        }
        // Row i of Bᵀ·d is (p, q, r, s); times B it gives V[4i…4i+3].
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

  /// Writes (or adds) `y = Aᵀ M A` for the tiles of `rows`, through `epilogue` when given.
  static func outputTransform(
    _ m: UnsafePointer<Float>, plan: Plan, rows: Range<Int>, base: Int, ld: Int, into y: TensorRef,
    accumulate: Bool, epilogue: Epilogue? = nil, scratch: UnsafeMutablePointer<Float>
  ) {
    let ys = y.shape
    let tw = plan.tilesPerRow
    let rl = plan.rowLength
    let plane16 = ys.c * ld
    let top = scratch
    let bottom = scratch + rl
    plan.forEachRow(channels: ys.c, rows: rows, base: base) { ch, n, ty, t0 in
      var k0 = 0
      while k0 < tw {
        let src = m + ch * ld + t0 + k0
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
        interleave(c0.0 + c1.0 + c2.0, c1.0 - c2.0 - c3.0).store(top + 2 * k0)
        interleave(c0.1 + c1.1 + c2.1, c1.1 - c2.1 - c3.1).store(bottom + 2 * k0)
        k0 += 8
      }
      let out = y.pointer + (n * ys.c + ch) * ys.planeCount + 2 * ty * ys.w
      let height = 2 * ty + 1 < ys.h ? 2 : 1
      if let epilogue {
        let (a, b) = (epilogue.scale[ch], epilogue.shift[ch])
        Vector.scaleShift(top, out, ys.w, a, b, relu: epilogue.relu)
        if height == 2 { Vector.scaleShift(bottom, out + ys.w, ys.w, a, b, relu: epilogue.relu) }
      } else {
        Vector.store(top, into: out, ys.w, accumulate: accumulate)
        if height == 2 { Vector.store(bottom, into: out + ys.w, ys.w, accumulate: accumulate) }
      }
    }
  }

  /// `dM[ξ][k][t] = (A g Aᵀ)[ξ]` for the 2×2 output-gradient tile g of each tile in `rows`.
  static func gradientTransform(
    _ dy: TensorRef, plan: Plan, rows: Range<Int>, base: Int, ld: Int,
    into m: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
  ) {
    let ys = dy.shape
    let tw = plan.tilesPerRow
    let rl = plan.rowLength
    let plane16 = ys.c * ld
    let top = scratch
    let bottom = scratch + rl
    let limit = (rows.upperBound - base) * tw
    plan.forEachRow(channels: ys.c, rows: rows, base: base) { ch, n, ty, t0 in
      let src = dy.pointer + (n * ys.c + ch) * ys.planeCount + 2 * ty * ys.w
      top.update(from: src, count: ys.w)
      (top + ys.w).update(repeating: 0, count: rl - ys.w)
      if 2 * ty + 1 < ys.h {
        bottom.update(from: src + ys.w, count: ys.w)
        (bottom + ys.w).update(repeating: 0, count: rl - ys.w)
      } else {
        bottom.update(repeating: 0, count: rl)
      }
      var k0 = 0
      while k0 < tw {
        let lanes = min(8, limit - t0 - k0)
        let a = UnsafeRawPointer(top + 2 * k0).loadUnaligned(as: SIMD16<Float>.self)
        let b = UnsafeRawPointer(bottom + 2 * k0).loadUnaligned(as: SIMD16<Float>.self)
        let (g00, g01, g10, g11) = (a.evenHalf, a.oddHalf, b.evenHalf, b.oddHalf)
        let dst = m + ch * ld + t0 + k0
        // Row i of A·g is (p, q); times Aᵀ it gives dM[4i…4i+3].
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

  /// `(a₀, b₀, a₁, b₁, …, a₇, b₇)`.
  @inline(__always)
  static func interleave(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD16<Float> {
    SIMD16(
      a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7]
    )
  }

  /// Stores the first `lanes` lanes (all 8 with one vector store).
  @inline(__always)
  static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ lanes: Int) {
    if lanes == 8 {
      v.store(p)
    } else {
      for l in 0..<lanes { p[l] = v[l] }
    }
  }
}

extension SIMD16 where Scalar == Float {
  @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: self, as: SIMD16<Float>.self)
  }
}
