import OncoImage

/// A piecewise-affine warp onto a fixed target shape: every triangle of the target mesh is filled
/// from the matching triangle of a face's own landmarks, by the affine map between the two.
///
/// The mesh and, for each output pixel, its triangle and barycentric coordinates are worked out
/// once (they depend only on the target); warping a face is then one bilinear sample per pixel.
/// A pixel centre on an edge belongs to the first triangle that claims it; one outside every
/// triangle (only when the mesh does not cover the canvas) uses the nearest triangle's map.
///
///     let mesh = try DelaunayTriangulation(points: target)
///     let warp = PiecewiseAffineWarp(target: target, triangles: mesh.triangles, width: 150, height: 150)
///     let onMean = warp.warp(chip, source: faceLandmarks)
public struct PiecewiseAffineWarp: Sendable {
  public let width: Int
  public let height: Int
  /// The target points (output pixel coordinates).
  public let target: [SIMD2<Double>]
  /// The mesh over `target`.
  public let triangles: [DelaunayTriangulation.Triangle]
  /// Per output pixel: its triangle, and the barycentric weights of the triangle's b and c.
  private let owner: [Int32]
  private let weights: [SIMD2<Double>]

  public init(
    target: [SIMD2<Double>], triangles: [DelaunayTriangulation.Triangle], width: Int,
    height: Int
  ) {
    precondition(width > 0 && height > 0, "PiecewiseAffineWarp: empty canvas \(width)×\(height)")
    precondition(!triangles.isEmpty, "PiecewiseAffineWarp: no triangles")
    precondition(
      triangles.allSatisfy { $0.indices.allSatisfy(target.indices.contains) },
      "PiecewiseAffineWarp: a triangle names a point that is not in the target")
    self.width = width
    self.height = height
    self.target = target
    self.triangles = triangles
    var owner = [Int32](repeating: -1, count: width * height)
    var weights = [SIMD2<Double>](repeating: .zero, count: width * height)
    let eps = 1e-9
    for (k, t) in triangles.enumerated() {
      let a = target[t.a]
      let b = target[t.b]
      let c = target[t.c]
      let x0 = max(0, Int((min(a.x, b.x, c.x) - eps).rounded(.up)))
      let x1 = min(width - 1, Int((max(a.x, b.x, c.x) + eps).rounded(.down)))
      let y0 = max(0, Int((min(a.y, b.y, c.y) - eps).rounded(.up)))
      let y1 = min(height - 1, Int((max(a.y, b.y, c.y) + eps).rounded(.down)))
      guard x0 <= x1, y0 <= y1 else { continue }
      for y in y0...y1 {
        for x in x0...x1 where owner[y * width + x] < 0 {
          guard let w = PiecewiseAffineWarp.barycentric(SIMD2(Double(x), Double(y)), a, b, c),
            w.x >= -eps, w.y >= -eps, 1 - w.x - w.y >= -eps
          else { continue }
          owner[y * width + x] = Int32(k)
          weights[y * width + x] = w
        }
      }
    }
    // Pixels outside the mesh: extrapolate from the triangle they are least outside of.
    for i in owner.indices where owner[i] < 0 {
      let p = SIMD2(Double(i % width), Double(i / width))
      var best = -Double.infinity
      for (k, t) in triangles.enumerated() {
        guard let w = PiecewiseAffineWarp.barycentric(p, target[t.a], target[t.b], target[t.c])
        else { continue }
        let worst = min(w.x, w.y, 1 - w.x - w.y)
        if worst > best {
          best = worst
          owner[i] = Int32(k)
          weights[i] = w
        }
      }
    }
    self.owner = owner
    self.weights = weights
  }

  /// Where output pixel (x, y) comes from in an image whose landmarks are `source`.
  public func sourcePoint(x: Int, y: Int, source: [SIMD2<Double>]) -> SIMD2<Double> {
    let i = y * width + x
    let t = triangles[Int(max(owner[i], 0))]
    let w = weights[i]
    let a = source[t.a]
    return a + w.x * (source[t.b] - a) + w.y * (source[t.c] - a)
  }

  /// `image` (whose landmarks are `source`, one per target point) warped onto the target shape.
  public func warp(_ image: RGBImage, source: [SIMD2<Double>]) -> RGBImage {
    var sums = [Double](repeating: 0, count: width * height * 3)
    accumulate(image, source: source, into: &sums)
    return RGBImage(
      width: width, height: height,
      pixels: sums.map { UInt8(min(255, max(0, $0 + 0.5))) })
  }

  /// Adds the warped `image`'s RGB values (0…255) to `sums` (`width * height * 3` values).
  public func accumulate(_ image: RGBImage, source: [SIMD2<Double>], into sums: inout [Double]) {
    precondition(
      source.count == target.count,
      "PiecewiseAffineWarp: \(source.count) source points for \(target.count) target points")
    precondition(sums.count == width * height * 3, "PiecewiseAffineWarp: wrong accumulator size")
    guard image.width > 0, image.height > 0 else { return }
    image.pixels.withUnsafeBufferPointer { src in
      sums.withUnsafeMutableBufferPointer { dst in
        for y in 0..<height {
          for x in 0..<width {
            let s = sourcePoint(x: x, y: y, source: source)
            let v = PiecewiseAffineWarp.bilinear(src, image.width, image.height, s)
            let d = (y * width + x) * 3
            dst[d] += v.x
            dst[d + 1] += v.y
            dst[d + 2] += v.z
          }
        }
      }
    }
  }

  /// The affine map that carries triangle `index` of the target onto the same triangle of
  /// `source` (output → source coordinates, as the warp uses it).
  func affineMap(triangle index: Int, source: [SIMD2<Double>]) -> TriangleAffineMap? {
    let t = triangles[index]
    return TriangleAffineMap(
      from: (target[t.a], target[t.b], target[t.c]),
      to: (source[t.a], source[t.b], source[t.c]))
  }

  /// The weights (λb, λc) of p in triangle a, b, c (λa = 1 − λb − λc); nil for a flat triangle.
  static func barycentric(
    _ p: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>,
    _ c: SIMD2<Double>
  ) -> SIMD2<Double>? {
    let ab = b - a
    let ac = c - a
    let ap = p - a
    let det = ab.x * ac.y - ab.y * ac.x
    guard det != 0 else { return nil }
    return SIMD2((ap.x * ac.y - ap.y * ac.x) / det, (ab.x * ap.y - ab.y * ap.x) / det)
  }

  /// The bilinear RGB value at `p` (pixel centres at integers); outside, the edge repeats.
  @inline(__always)
  static func bilinear(_ src: UnsafeBufferPointer<UInt8>, _ w: Int, _ h: Int, _ p: SIMD2<Double>)
    -> SIMD3<Double>
  {
    let sx = min(max(p.x.isFinite ? p.x : 0, 0), Double(w - 1))
    let sy = min(max(p.y.isFinite ? p.y : 0, 0), Double(h - 1))
    let fx = sx.rounded(.down)
    let fy = sy.rounded(.down)
    let x0 = Int(fx)
    let y0 = Int(fy)
    let x1 = min(x0 + 1, w - 1)
    let y1 = min(y0 + 1, h - 1)
    let ax = sx - fx
    let ay = sy - fy
    @inline(__always) func px(_ x: Int, _ y: Int) -> SIMD3<Double> {
      let i = (y * w + x) * 3
      return SIMD3(Double(src[i]), Double(src[i + 1]), Double(src[i + 2]))
    }
    let top = px(x0, y0) * (1 - ax) + px(x1, y0) * ax
    let bottom = px(x0, y1) * (1 - ax) + px(x1, y1) * ax
    return top * (1 - ay) + bottom * ay
  }
}

/// The affine map fixed by three point pairs: p ↦ M·p + t.
struct TriangleAffineMap: Sendable, Equatable {
  var m11, m12, m21, m22: Double
  var t: SIMD2<Double>

  /// The map taking triangle `from` onto triangle `to` vertex by vertex; nil when `from` is flat.
  init?(
    from: (SIMD2<Double>, SIMD2<Double>, SIMD2<Double>),
    to: (SIMD2<Double>, SIMD2<Double>, SIMD2<Double>)
  ) {
    let u1 = from.1 - from.0
    let u2 = from.2 - from.0
    let v1 = to.1 - to.0
    let v2 = to.2 - to.0
    let det = u1.x * u2.y - u1.y * u2.x
    guard det != 0 else { return nil }
    // M·[u1 u2] = [v1 v2]  ⇒  M = [v1 v2]·[u1 u2]⁻¹.
    let i11 = u2.y / det
    let i12 = -u2.x / det
    let i21 = -u1.y / det
    let i22 = u1.x / det
    m11 = v1.x * i11 + v2.x * i21
    m12 = v1.x * i12 + v2.x * i22
    m21 = v1.y * i11 + v2.y * i21
    m22 = v1.y * i12 + v2.y * i22
    t = to.0 - SIMD2(m11 * from.0.x + m12 * from.0.y, m21 * from.0.x + m22 * from.0.y)
  }

  func apply(_ p: SIMD2<Double>) -> SIMD2<Double> {
    SIMD2(m11 * p.x + m12 * p.y + t.x, m21 * p.x + m22 * p.y + t.y)
  }

  /// The map back (nil when it squashes the plane flat).
  var inverse: TriangleAffineMap? {
    let o = SIMD2<Double>.zero
    let e1 = SIMD2<Double>(1, 0)
    let e2 = SIMD2<Double>(0, 1)
    return TriangleAffineMap(from: (apply(o), apply(e1), apply(e2)), to: (o, e1, e2))
  }
}
