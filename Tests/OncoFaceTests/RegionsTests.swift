import OncoFace
import OncoImage
import XCTest

/// Face regions from hand-built landmarks (dlib's chip template with a drawn jaw line).
final class RegionsTests: XCTestCase {
  private let face = FaceChipTemplateTests.templateLandmarks(FaceChipTemplate())

  func testEveryChipPixelIsInExactlyOneRegion() {
    let map = FaceRegionMap(landmarks: face, width: 150, height: 150)
    var cover = [Int](repeating: 0, count: 150 * 150)
    for region in FaceRegion.allCases {
      let mask = map.mask(of: region)
      let count = mask.pixels.filter { $0 == 255 }.count
      XCTAssertGreaterThan(count, 20, "\(region) is empty or nearly so")
      for i in 0..<cover.count where mask.pixels[i] == 255 { cover[i] += 1 }
      XCTAssertEqual(map.areas[region], count)
    }
    XCTAssertEqual(Set(cover), [1], "some pixel is in no region or in several")
  }

  func testOutsideIsExactlyWhereTheBackgroundMaskIsZero() {
    let map = FaceRegionMap(landmarks: face, width: 150, height: 150)
    let background = FaceMask.mask(for: face, width: 150, height: 150)
    XCTAssertEqual(map.mask(of: .outside).pixels, background.pixels.map { 255 - $0 })
  }

  func testLandmarksFallInTheirRegions() {
    let map = FaceRegionMap(landmarks: face, width: 150, height: 150)
    let p = face.points
    func region(_ q: Point) -> FaceRegion { map[Int(q.x.rounded()), Int(q.y.rounded())] }
    XCTAssertEqual(region(face.leftEyeCentre), .eyes)
    XCTAssertEqual(region(face.rightEyeCentre), .eyes)
    XCTAssertEqual(region(p[19]), .brows)
    XCTAssertEqual(region(p[24]), .brows)
    XCTAssertEqual(region(p[30]), .nose)
    XCTAssertEqual(region(p[33]), .nose)
    XCTAssertEqual(region(p[28]), .nose)
    XCTAssertEqual(region(Point.centroid(of: [p[62], p[66]])), .mouth)
    XCTAssertEqual(region(p[48]), .mouth)
    // The forehead: 12 px above the middle of the brows; the glabella between the brows is skin.
    let browTop = Point.centroid(of: p[17...26])
    XCTAssertEqual(region(Point(x: 74, y: browTop.y - 12)), .forehead)
    XCTAssertEqual(region(Point(x: 74, y: Point.centroid(of: [p[21], p[22]]).y + 2)), .skin)
    // Cheeks (between the jaw at 3/13 and the nose wings) and the chin are skin.
    XCTAssertEqual(region(Point.centroid(of: [p[3], p[31]])), .skin)
    XCTAssertEqual(region(Point.centroid(of: [p[13], p[35]])), .skin)
    XCTAssertEqual(region(Point(x: p[8].x, y: p[8].y - 4)), .skin)
    for corner in [
      Point(x: 0, y: 0), Point(x: 149, y: 0), Point(x: 0, y: 149), Point(x: 149, y: 149),
    ] {
      XCTAssertEqual(region(corner), .outside)
    }
    // Sizes a face has: skin is the largest face part; eyes, brows, mouth smaller than the nose's
    // double; the forehead a real band.
    let a = map.areas
    let face = a.filter { $0.key != .outside }.values.reduce(0, +)
    XCTAssertEqual(a.filter { $0.key != .outside }.max { $0.value < $1.value }?.key, .skin)
    XCTAssertGreaterThan(Double(a[.forehead]!) / Double(face), 0.1)
    XCTAssertLessThan(Double(a[.eyes]!) / Double(face), 0.1)
  }

  func testRegionsTurnWithATiltedFace() {
    let centre = Point(x: 75, y: 75)
    let turn = AffineMap.rotation(.pi / 6, about: centre)
    let back = AffineMap.rotation(-.pi / 6, about: centre)
    let upright = FaceRegionMap(landmarks: face, width: 150, height: 150)
    let tilted = FaceRegionMap(landmarks: face.mapped(by: turn), width: 150, height: 150)
    var same = 0
    var total = 0
    for y in 0..<150 {
      for x in 0..<150 where tilted[x, y] != .outside {
        let q = back.apply(Point(x: Double(x), y: Double(y)))
        let (ux, uy) = (Int(q.x.rounded()), Int(q.y.rounded()))
        guard (0..<150).contains(ux), (0..<150).contains(uy) else { continue }
        total += 1
        if upright[ux, uy] == tilted[x, y] { same += 1 }
      }
    }
    XCTAssertGreaterThan(total, 8000)
    // Only pixels on a border may differ by the rounding of the turn.
    XCTAssertGreaterThan(Double(same) / Double(total), 0.97)
  }

  func testSharesOfAHeatMap() {
    let map = FaceRegionMap(landmarks: face, width: 150, height: 150)
    let nose = map.mask(of: .nose).pixels.map { Float($0) / 255 }
    let onNose = map.shares(of: nose)
    XCTAssertEqual(onNose[.nose]!, 1, accuracy: 1e-12)
    XCTAssertEqual(onNose.values.reduce(0, +), 1, accuracy: 1e-12)
    // A uniform map: each region's share is its share of the area.
    let uniform = map.shares(of: [Float](repeating: 0.3, count: 150 * 150))
    for region in FaceRegion.allCases {
      XCTAssertEqual(uniform[region]!, Double(map.areas[region]!) / 22500, accuracy: 1e-9)
    }
    // Mass split 3:1 between the two halves of a single left and right pixel.
    var two = [Float](repeating: 0, count: 150 * 150)
    two[75 * 150 + 0] = 3  // outside
    two[Int(face.points[30].y.rounded()) * 150 + Int(face.points[30].x.rounded())] = 1  // nose
    let split = map.shares(of: two)
    XCTAssertEqual(split[.outside]!, 0.75, accuracy: 1e-12)
    XCTAssertEqual(split[.nose]!, 0.25, accuracy: 1e-12)
    XCTAssertEqual(map.shares(of: [Float](repeating: 0, count: 22500)).values.reduce(0, +), 0)
  }
}
