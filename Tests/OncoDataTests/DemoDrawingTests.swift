import Foundation
import OncoImage
import XCTest

/// The generic rasterisation helpers the demo renderer stands on (OncoImage/Drawing), checked
/// against areas and moments known in closed form.
final class DemoDrawingTests: XCTestCase {
  func testPolygonCoverageSumsToTheArea() {
    // An axis-aligned rectangle at fractional coordinates, a triangle, and a rotated square.
    let shapes: [([SIMD2<Double>], Double)] = [
      ([[3.3, 2.6], [13.6, 2.6], [13.6, 10.3], [3.3, 10.3]], 10.3 * 7.7),
      ([[5, 5], [35, 8.5], [12.25, 30]], 0.5 * abs(30 * 25 - 7.25 * 3.5)),
      (
        (0..<4).map { k in
          let a = Double(k) * .pi / 2 + 0.3
          return SIMD2(20 + 10 * cos(a), 20 + 10 * sin(a))
        }, 200
      ),
    ]
    for (points, area) in shapes {
      let plane = FloatPlane.coverage(ofPolygon: points, width: 40, height: 40)
      // Exact across x; along y in eighths of a pixel, so at most one eighth-row of the width off.
      let extent = points.map(\.x).max()! - points.map(\.x).min()!
      XCTAssertEqual(Double(plane.values.reduce(0, +)), area, accuracy: extent / 8)
      XCTAssertTrue(plane.values.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
    // A pixel fully inside is 1, one fully outside 0, one half covered about ½.
    let half = FloatPlane.coverage(
      ofPolygon: [[0, 0], [10.5, 0], [10.5, 10], [0, 10]], width: 12,
      height: 12)
    XCTAssertEqual(half[5, 5], 1, accuracy: 1e-6)
    XCTAssertEqual(half[11, 5], 0)
    XCTAssertEqual(half[10, 5], 0.5, accuracy: 1e-6)  // exact across x
  }

  func testEllipseAndStrokeCoverTheirAreas() {
    var ellipse = FloatPlane(width: 60, height: 60)
    ellipse.fill(ellipseAt: [30.2, 29.7], radii: [20, 9], angle: 0.7)
    XCTAssertEqual(Double(ellipse.values.reduce(0, +)), .pi * 20 * 9, accuracy: .pi * 180 * 0.015)

    // A stroke of width 4 and length 30 with round ends: 4·30 + π·2².
    var line = FloatPlane(width: 60, height: 20)
    line.stroke(polyline: [[10, 10], [40, 10]], widths: [4])
    XCTAssertEqual(Double(line.values.reduce(0, +)), 120 + .pi * 4, accuracy: 2)
  }

  func testBlurKeepsTheMassAndHasTheRequestedSpread() {
    for sigma in [0.8, 3.0, 6.0] {
      var plane = FloatPlane(width: 81, height: 81)
      plane[40, 40] = 1
      plane.blur(sigma: sigma)
      let total = plane.values.reduce(0, +)
      XCTAssertEqual(total, 1, accuracy: 1e-4, "sigma \(sigma)")
      var variance = 0.0
      for x in 0..<81 {
        for y in 0..<81 { variance += Double(plane[x, y]) * Double((x - 40) * (x - 40)) }
      }
      XCTAssertEqual(variance.squareRoot(), sigma, accuracy: sigma * 0.05 + 0.05, "sigma \(sigma)")
      XCTAssertEqual(
        plane[40, 30], plane[30, 40], accuracy: 1e-6, "blur must be the same along x and y")
    }
  }

  func testNoiseIsSeededSmoothAndCentred() {
    let a = GradientNoise(seed: 7)
    let b = GradientNoise(seed: 7)
    let c = GradientNoise(seed: 8)
    var sum = 0.0
    var differ = 0
    for k in 0..<2000 {
      let x = Double(k % 50) * 0.37 - 3
      let y = Double(k / 50) * 0.41 + 2
      XCTAssertEqual(a.value(x, y), b.value(x, y))
      if a.value(x, y) != c.value(x, y) { differ += 1 }
      XCTAssertLessThanOrEqual(abs(a.value(x, y)), 1.5)
      sum += a.fractal(x, y, octaves: 3)
      // Continuous: a tiny step changes the value only a little.
      XCTAssertEqual(a.value(x, y), a.value(x + 1e-4, y), accuracy: 1e-3)
    }
    XCTAssertGreaterThan(differ, 1900)
    XCTAssertEqual(sum / 2000, 0, accuracy: 0.1)
    // Noise is zero on the lattice, and the coarse-grid plane agrees with the fine one on its nodes.
    XCTAssertEqual(a.value(3, -4), 0, accuracy: 1e-12)
    let fine = a.plane(width: 20, height: 20, scale: 8, octaves: 2)
    let coarse = a.plane(width: 20, height: 20, scale: 8, octaves: 2, step: 4)
    for (x, y) in [(0, 0), (4, 8), (16, 12)] {
      XCTAssertEqual(fine[x, y], coarse[x, y], accuracy: 1e-6)
    }
  }

  func testSmoothCurvesPassThroughTheirPoints() {
    let points: [SIMD2<Double>] = [[0, 0], [10, 2], [20, 10], [12, 20]]
    let open = SmoothCurve.open(points, samplesPerSegment: 5)
    XCTAssertEqual(open.count, 16)
    for (k, p) in points.enumerated() { XCTAssertEqual(open[k * 5], p) }
    let closed = SmoothCurve.closed(points, samplesPerSegment: 3)
    XCTAssertEqual(closed.count, 12)
    for (k, p) in points.enumerated() { XCTAssertEqual(closed[k * 3], p) }
  }

  func testCanvasPaintsOverWithCoverageAndQuantises() {
    var canvas = Canvas(width: 2, height: 1, fill: [0.2, 0.4, 0.6])
    var cover = FloatPlane(width: 2, height: 1)
    cover[1, 0] = 0.5
    canvas.paint([1, 0, 0], coverage: cover)
    XCTAssertEqual(canvas[0, 0], [0.2, 0.4, 0.6])
    XCTAssertEqual(canvas[1, 0], [0.6, 0.2, 0.3])
    let image = canvas.rgbImage()
    XCTAssertTrue(image[1, 0] == (153, 51, 77))
  }
}
