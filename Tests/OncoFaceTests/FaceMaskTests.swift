import OncoFace
import OncoImage
import XCTest

final class FaceMaskTests: XCTestCase {
  private let template = FaceChipTemplate()

  func testMaskKeepsTheFaceAndForeheadAndDropsTheCorners() {
    let face = FaceChipTemplateTests.templateLandmarks(template)
    let mask = FaceMask.mask(for: face, width: 150, height: 150)
    let eyes = template.eyeCentres
    let browY = Point.centroid(of: face.points[17...26]).y
    let inside = [eyes.left, eyes.right, face.points[30], face.points[62],
                  Point(x: 74, y: browY - 15)]  // the forehead above the eyebrows
    for p in inside { XCTAssertEqual(mask[Int(p.x), Int(p.y)], 255, "\(p)") }
    for p in [(0, 0), (149, 0), (0, 149), (149, 149), (3, 75), (146, 75)] {
      XCTAssertEqual(mask[p.0, p.1], 0, "\(p)")
    }
    let kept = Double(mask.pixels.filter { $0 == 255 }.count) / Double(150 * 150)
    XCTAssertGreaterThan(kept, 0.3)
    XCTAssertLessThan(kept, 0.75)
  }

  func testForeheadFollowsATiltedFace() {
    let face = FaceChipTemplateTests.templateLandmarks(template)
    let tilt = AffineMap.rotation(.pi / 6, about: Point(x: 75, y: 75))
    let upright = FaceMask.outline(of: face)
    let tilted = FaceMask.outline(of: face.mapped(by: tilt))
    // The tilted outline is the upright outline turned (same area, same hull up to rounding).
    XCTAssertEqual(area(tilted), area(upright), accuracy: area(upright) * 1e-6)
    let top = upright.min { $0.y < $1.y }!
    XCTAssertTrue(tilted.contains { $0.distance(to: tilt.apply(top)) < 1e-6 })
  }

  private func area(_ polygon: [Point]) -> Double {
    var sum = 0.0
    for i in 0..<polygon.count {
      let a = polygon[i], b = polygon[(i + 1) % polygon.count]
      sum += a.x * b.y - b.x * a.y
    }
    return abs(sum) / 2
  }
}
