import OncoStats
import XCTest

@testable import OncoFace

final class DelaunayTests: XCTestCase {
  /// Checks what makes a triangulation Delaunay and complete: every triangle has positive area,
  /// no point lies strictly inside any triangle's circumcircle, the triangles' areas add up to the
  /// convex hull's area, and every (non-duplicate) point is a vertex.
  func assertValidDelaunay(
    _ points: [SIMD2<Double>], file: StaticString = #filePath,
    line: UInt = #line
  ) throws {
    let mesh = try DelaunayTriangulation(points: points)
    var area = 0.0
    let scale = points.map { max(abs($0.x), abs($0.y)) }.max()!
    for t in mesh.triangles {
      let a = points[t.a]
      let b = points[t.b]
      let c = points[t.c]
      let twice = DelaunayTriangulation.orientation(a, b, c)
      XCTAssertGreaterThan(twice, 0, "flat or reversed triangle \(t)", file: file, line: line)
      area += twice / 2
      // Circumcircle by the textbook formula, independent of the in-circle determinant.
      let d = 2 * (a.x * (b.y - c.y) + b.x * (c.y - a.y) + c.x * (a.y - b.y))
      let a2 = a.x * a.x + a.y * a.y
      let b2 = b.x * b.x + b.y * b.y
      let c2 = c.x * c.x + c.y * c.y
      let centre = SIMD2(
        (a2 * (b.y - c.y) + b2 * (c.y - a.y) + c2 * (a.y - b.y)) / d,
        (a2 * (c.x - b.x) + b2 * (a.x - c.x) + c2 * (b.x - a.x)) / d)
      let r = ((a - centre) * (a - centre)).sum().squareRoot()
      for (i, p) in points.enumerated() where !t.indices.contains(i) {
        let distance = ((p - centre) * (p - centre)).sum().squareRoot()
        XCTAssertGreaterThanOrEqual(
          distance, r - 1e-9 * scale,
          "point \(i) inside the circumcircle of \(t)", file: file, line: line)
      }
    }
    XCTAssertEqual(
      area, Shape.signedArea(convexHull(points)), accuracy: 1e-9 * scale * scale,
      "triangles do not tile the hull", file: file, line: line)
    let used = Set(mesh.triangles.flatMap(\.indices))
    XCTAssertEqual(used, Set(points.indices).subtracting(mesh.duplicates), file: file, line: line)
  }

  func testRandomPointsGiveAValidTriangulation() throws {
    var rng = SeededGenerator(seed: 42)
    for n in [3, 4, 10, 100, 300] {
      let points = (0..<n).map { _ in SIMD2(150 * rng.nextDouble(), 150 * rng.nextDouble()) }
      try assertValidDelaunay(points)
      // In general position a triangulation of n points, h on the hull, has 2n − 2 − h triangles.
      let mesh = try DelaunayTriangulation(points: points)
      XCTAssertEqual(mesh.triangles.count, 2 * n - 2 - convexHull(points).count)
    }
  }

  /// A grid is the degenerate case: four points on every small circle, many on each hull edge.
  func testGridPointsGiveAValidTriangulation() throws {
    var grid: [SIMD2<Double>] = []
    for y in 0..<6 { for x in 0..<5 { grid.append(SIMD2(Double(x) * 10, Double(y) * 10)) } }
    try assertValidDelaunay(grid)
    XCTAssertEqual(try DelaunayTriangulation(points: grid).triangles.count, 2 * 4 * 5)
  }

  /// The mesh an average face uses: a face's 68 landmarks plus the eight chip-border points.
  func testFaceWithBorderPointsIsValidAndCoversTheChip() throws {
    let points = MeasuresTestFace.points + AverageFace.borderPoints(width: 150, height: 150)
    try assertValidDelaunay(points)
  }

  /// Coincident points (a closed mouth's inner lips) are kept out, not a reason to fail.
  func testDuplicatePointsAreLeftOut() throws {
    var points = MeasuresTestFace.points
    points[66] = points[62]
    let mesh = try DelaunayTriangulation(points: points)
    XCTAssertEqual(mesh.duplicates, [66])
    try assertValidDelaunay(points)
  }

  func testDegenerateInputIsRejected() {
    XCTAssertThrowsError(try DelaunayTriangulation(points: [SIMD2(0, 0), SIMD2(1, 1)]))
    XCTAssertThrowsError(
      try DelaunayTriangulation(points: (0..<5).map { SIMD2(Double($0), 2 * Double($0)) }))
    XCTAssertThrowsError(
      try DelaunayTriangulation(points: [SIMD2(0, 0), SIMD2(.nan, 1), SIMD2(1, 0)]))
  }

  /// The convex hull (Andrew's monotone chain), collinear points left out, in positive orientation.
  func convexHull(_ points: [SIMD2<Double>]) -> [SIMD2<Double>] {
    let unique: [SIMD2<Double>] = Array(Set(points))
    let sorted = unique.sorted { (p: SIMD2<Double>, q: SIMD2<Double>) -> Bool in
      p.x < q.x || (p.x == q.x && p.y < q.y)
    }
    guard sorted.count >= 3 else { return sorted }
    func half(_ pts: [SIMD2<Double>]) -> [SIMD2<Double>] {
      var hull: [SIMD2<Double>] = []
      for p in pts {
        while hull.count >= 2,
          DelaunayTriangulation.orientation(hull[hull.count - 2], hull[hull.count - 1], p) <= 0
        {
          hull.removeLast()
        }
        hull.append(p)
      }
      return hull
    }
    let lower = half(sorted)
    let upper = half(sorted.reversed())
    return Array(lower.dropLast() + upper.dropLast())
  }
}
