/// Smooth curves through control points (Catmull–Rom), sampled into polylines and polygons.
public enum SmoothCurve {
  /// A closed curve through `points`, with `samplesPerSegment` vertices between neighbours.
  public static func closed(_ points: [SIMD2<Double>], samplesPerSegment: Int = 6) -> [SIMD2<
    Double
  >] {
    let n = points.count
    guard n >= 3 else { return points }
    var out: [SIMD2<Double>] = []
    out.reserveCapacity(n * samplesPerSegment)
    for i in 0..<n {
      let p0 = points[(i + n - 1) % n]
      let p1 = points[i]
      let p2 = points[(i + 1) % n]
      let p3 = points[(i + 2) % n]
      for s in 0..<samplesPerSegment {
        out.append(interpolate(p0, p1, p2, p3, Double(s) / Double(samplesPerSegment)))
      }
    }
    return out
  }

  /// An open curve through `points` (ends included), with `samplesPerSegment` vertices per span.
  public static func open(_ points: [SIMD2<Double>], samplesPerSegment: Int = 6) -> [SIMD2<Double>]
  {
    let n = points.count
    guard n >= 3 else { return points }
    var out: [SIMD2<Double>] = []
    out.reserveCapacity((n - 1) * samplesPerSegment + 1)
    for i in 0..<(n - 1) {
      // The missing neighbours at the ends are reflections, so the curve leaves the end straight.
      let p1 = points[i]
      let p2 = points[i + 1]
      let p0 = i > 0 ? points[i - 1] : 2 * p1 - p2
      let p3 = i + 2 < n ? points[i + 2] : 2 * p2 - p1
      for s in 0..<samplesPerSegment {
        out.append(interpolate(p0, p1, p2, p3, Double(s) / Double(samplesPerSegment)))
      }
    }
    out.append(points[n - 1])
    return out
  }

  @inline(__always)
  static func interpolate(
    _ p0: SIMD2<Double>, _ p1: SIMD2<Double>, _ p2: SIMD2<Double>,
    _ p3: SIMD2<Double>, _ t: Double
  ) -> SIMD2<Double> {
    let t2 = t * t
    let t3 = t2 * t
    let a = -0.5 * t3 + t2 - 0.5 * t
    let b = 1.5 * t3 - 2.5 * t2 + 1
    let c = -1.5 * t3 + 2 * t2 + 0.5 * t
    let d = 0.5 * t3 - 0.5 * t2
    return a * p0 + b * p1 + c * p2 + d * p3
  }
}
