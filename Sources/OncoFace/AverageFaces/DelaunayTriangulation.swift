/// The Delaunay triangulation of a point set (Bowyer–Watson): no point lies inside the
/// circumcircle of any triangle, and the triangles tile the convex hull.
///
/// Points are inserted in order into a triangle that encloses them all, far away; each insertion
/// removes the triangles whose circumcircle holds the new point and fans the hole from it. The
/// in-circle test is the usual 3×3 determinant. Points on a common circle (a square's corners)
/// get one of the valid triangulations. A point closer than 10⁻⁹ of the extent to an earlier one
/// is a duplicate: it is left out (`duplicates`), so a closed mouth whose inner lip points
/// coincide still triangulates. O(n²), meant for tens to hundreds of points (a face is 68).
///
///     let mesh = try DelaunayTriangulation(points: meanShape + borderPoints)
///     for t in mesh.triangles { print(t.a, t.b, t.c) }
public struct DelaunayTriangulation: Sendable {
  /// Three indices into `points`, ordered so that the triangle's signed area is positive
  /// (clockwise on screen, where y points down).
  public struct Triangle: Sendable, Hashable {
    public let a: Int
    public let b: Int
    public let c: Int

    public init(_ a: Int, _ b: Int, _ c: Int) {
      self.a = a
      self.b = b
      self.c = c
    }

    public var indices: [Int] { [a, b, c] }
  }

  /// The points, as given.
  public let points: [SIMD2<Double>]
  /// The triangles.
  public let triangles: [Triangle]
  /// Indices of points left out because they repeat an earlier point.
  public let duplicates: [Int]

  /// Triangulates `points`; throws when fewer than three distinct points are given, a coordinate
  /// is not finite, or all points lie on one line.
  public init(points: [SIMD2<Double>]) throws {
    self.points = points
    guard points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
      throw AverageFaceError.cannotTriangulate(reason: "a coordinate is not a number")
    }
    guard points.count >= 3 else {
      throw AverageFaceError.cannotTriangulate(reason: "\(points.count) points (needs 3)")
    }
    var low = points[0]
    var high = points[0]
    for p in points {
      low = SIMD2(min(low.x, p.x), min(low.y, p.y))
      high = SIMD2(max(high.x, p.x), max(high.y, p.y))
    }
    let extent = max(high.x - low.x, high.y - low.y)
    guard extent > 0 else {
      throw AverageFaceError.cannotTriangulate(reason: "all points coincide")
    }

    // Keep the first of any group of (near-)coincident points.
    let tolerance = extent * 1e-9
    var kept: [Int] = []
    var duplicates: [Int] = []
    for (i, p) in points.enumerated() {
      let repeated = kept.contains { j in
        let d = points[j] - p
        return abs(d.x) <= tolerance && abs(d.y) <= tolerance
      }
      if repeated { duplicates.append(i) } else { kept.append(i) }
    }
    self.duplicates = duplicates
    let collinear =
      kept.count < 3
      || kept.dropFirst(2).allSatisfy { k in
        abs(DelaunayTriangulation.orientation(points[kept[0]], points[kept[1]], points[k]))
          <= tolerance * extent
      }
    guard !collinear else {
      throw AverageFaceError.cannotTriangulate(reason: "the points lie on one line")
    }

    // Working vertex list: the points, then the enclosing triangle's three corners.
    let centre = (low + high) / 2
    let far = 1000 * extent
    var vertices = points
    let s0 = points.count
    vertices.append(centre + SIMD2(-far, -far))
    vertices.append(centre + SIMD2(far, -far))
    vertices.append(centre + SIMD2(0, far))
    var mesh = [DelaunayTriangulation.oriented(s0, s0 + 1, s0 + 2, in: vertices)]

    for i in kept {
      let p = vertices[i]
      var bad: [Triangle] = []
      var good: [Triangle] = []
      for t in mesh {
        if DelaunayTriangulation.inCircle(vertices[t.a], vertices[t.b], vertices[t.c], p) > 0 {
          bad.append(t)
        } else {
          good.append(t)
        }
      }
      // The hole's boundary: edges of exactly one bad triangle.
      var edgeCount: [Edge: Int] = [:]
      for t in bad {
        for e in [Edge(t.a, t.b), Edge(t.b, t.c), Edge(t.c, t.a)] { edgeCount[e, default: 0] += 1 }
      }
      mesh = good
      for t in bad {
        for (u, v) in [(t.a, t.b), (t.b, t.c), (t.c, t.a)] where edgeCount[Edge(u, v)] == 1 {
          mesh.append(DelaunayTriangulation.oriented(u, v, i, in: vertices))
        }
      }
    }
    triangles = mesh.filter { $0.a < s0 && $0.b < s0 && $0.c < s0 }
  }

  /// (b − a) × (c − a): twice the signed area of the triangle a, b, c.
  static func orientation(_ a: SIMD2<Double>, _ b: SIMD2<Double>, _ c: SIMD2<Double>) -> Double {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
  }

  /// Positive when `d` lies inside the circle through a, b, c (which must have positive
  /// orientation), zero on it, negative outside.
  static func inCircle(
    _ a: SIMD2<Double>, _ b: SIMD2<Double>, _ c: SIMD2<Double>,
    _ d: SIMD2<Double>
  ) -> Double {
    let ax = a.x - d.x
    let ay = a.y - d.y
    let bx = b.x - d.x
    let by = b.y - d.y
    let cx = c.x - d.x
    let cy = c.y - d.y
    let a2 = ax * ax + ay * ay
    let b2 = bx * bx + by * by
    let c2 = cx * cx + cy * cy
    return ax * (by * c2 - b2 * cy) - ay * (bx * c2 - b2 * cx) + a2 * (bx * cy - by * cx)
  }

  /// The triangle u, v, w with its vertices ordered for positive orientation.
  static func oriented(_ u: Int, _ v: Int, _ w: Int, in vertices: [SIMD2<Double>]) -> Triangle {
    orientation(vertices[u], vertices[v], vertices[w]) >= 0 ? Triangle(u, v, w) : Triangle(v, u, w)
  }

  /// An undirected edge.
  private struct Edge: Hashable {
    let low: Int, high: Int
    init(_ u: Int, _ v: Int) {
      low = min(u, v)
      high = max(u, v)
    }
  }
}
