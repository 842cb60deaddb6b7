/// Small geometry helpers on landmark configurations (`[SIMD2<Double>]`, one point per landmark).
enum Shape {
  /// The mean of the points (the origin for none).
  static func centroid(_ points: [SIMD2<Double>]) -> SIMD2<Double> {
    guard !points.isEmpty else { return .zero }
    return points.reduce(SIMD2<Double>.zero, +) / Double(points.count)
  }

  /// Centroid size: the square root of the summed squared distances to the centroid.
  static func centroidSize(_ points: [SIMD2<Double>]) -> Double {
    let c = centroid(points)
    return points.reduce(0.0) { sum, p in
      let d = p - c
      return sum + d.x * d.x + d.y * d.y
    }.squareRoot()
  }

  /// The points moved so that their centroid is the origin and scaled to unit centroid size.
  static func normalised(_ points: [SIMD2<Double>]) -> [SIMD2<Double>] {
    let c = centroid(points), size = centroidSize(points)
    return points.map { ($0 - c) / size }
  }

  /// Σ |pᵢ − qᵢ|².
  static func squaredDistance(_ p: [SIMD2<Double>], _ q: [SIMD2<Double>]) -> Double {
    zip(p, q).reduce(0.0) { sum, pair in
      let d = pair.0 - pair.1
      return sum + d.x * d.x + d.y * d.y
    }
  }

  /// The signed area of a polygon (shoelace): positive when its vertices run clockwise on screen
  /// (x to the right, y down), i.e. counter-clockwise in the usual y-up orientation.
  static func signedArea(_ polygon: [SIMD2<Double>]) -> Double {
    guard polygon.count >= 3 else { return 0 }
    var sum = 0.0
    for i in polygon.indices {
      let p = polygon[i], q = polygon[(i + 1) % polygon.count]
      sum += p.x * q.y - q.x * p.y
    }
    return sum / 2
  }

  /// The length of the closed polygon's boundary.
  static func perimeter(_ polygon: [SIMD2<Double>]) -> Double {
    guard polygon.count >= 2 else { return 0 }
    var sum = 0.0
    for i in polygon.indices {
      let d = polygon[(i + 1) % polygon.count] - polygon[i]
      sum += (d.x * d.x + d.y * d.y).squareRoot()
    }
    return sum
  }
}
