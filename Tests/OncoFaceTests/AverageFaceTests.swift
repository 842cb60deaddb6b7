import OncoImage
import OncoStats
import XCTest

@testable import OncoFace

final class AverageFaceTests: XCTestCase {
  let face = MeasuresTestFace.points

  /// A 150×150 test chip: smooth colour ramps plus a dark disc at each landmark, so that any
  /// misplaced pixel changes the picture.
  func chip(landmarks: [SIMD2<Double>]) -> RGBImage {
    var image = RGBImage(width: 150, height: 150)
    for y in 0..<150 {
      for x in 0..<150 { image[x, y] = (UInt8(x + 50), UInt8(y + 60), UInt8((x * y) % 200)) }
    }
    for p in landmarks {
      for y in Int(p.y) - 2...Int(p.y) + 2 where (0..<150).contains(y) {
        for x in Int(p.x) - 2...Int(p.x) + 2 where (0..<150).contains(x) {
          let d = SIMD2(Double(x), Double(y)) - p
          if (d * d).sum() <= 4 { image[x, y] = (20, 20, 30) }
        }
      }
    }
    return image
  }

  /// Each triangle's affine map takes the target (mean) vertices exactly onto the face's own
  /// vertices, and its inverse takes the face's vertices exactly onto the mean's; every pixel is
  /// fetched from where its triangle's map sends it.
  func testWarpMapsEachTriangleVertexOntoTheMeanShape() throws {
    var rng = SeededGenerator(seed: 9)
    let source = MeasuresTestFace.varied(&rng, sigma: 2.5, widening: 4)
    let border = AverageFace.borderPoints(width: 150, height: 150)
    let target = face + border
    let from = source + border
    let mesh = try DelaunayTriangulation(points: target)
    let warp = PiecewiseAffineWarp(
      target: target, triangles: mesh.triangles, width: 150, height: 150)
    for (k, t) in mesh.triangles.enumerated() {
      let map = try XCTUnwrap(warp.affineMap(triangle: k, source: from))
      let back = try XCTUnwrap(map.inverse)
      for i in t.indices {
        XCTAssertEqual(map.apply(target[i]).x, from[i].x, accuracy: 1e-9)
        XCTAssertEqual(map.apply(target[i]).y, from[i].y, accuracy: 1e-9)
        XCTAssertEqual(back.apply(from[i]).x, target[i].x, accuracy: 1e-9)
        XCTAssertEqual(back.apply(from[i]).y, target[i].y, accuracy: 1e-9)
      }
    }
    var covered = 0
    for y in stride(from: 0, to: 150, by: 3) {
      for x in stride(from: 0, to: 150, by: 3) {
        let p = SIMD2(Double(x), Double(y))
        let k = try XCTUnwrap(
          mesh.triangles.firstIndex { t in
            guard let w = PiecewiseAffineWarp.barycentric(p, target[t.a], target[t.b], target[t.c])
            else { return false }
            return w.x > 1e-6 && w.y > 1e-6 && 1 - w.x - w.y > 1e-6
          }
            ?? mesh.triangles.firstIndex { t in
              let w = PiecewiseAffineWarp.barycentric(p, target[t.a], target[t.b], target[t.c])!
              return min(w.x, w.y, 1 - w.x - w.y) >= -1e-9
            })
        let expected = try XCTUnwrap(warp.affineMap(triangle: k, source: from)).apply(p)
        let got = warp.sourcePoint(x: x, y: y, source: from)
        XCTAssertEqual(got.x, expected.x, accuracy: 1e-9)
        XCTAssertEqual(got.y, expected.y, accuracy: 1e-9)
        covered += 1
      }
    }
    XCTAssertEqual(covered, 50 * 50)
  }

  /// A bright spot at a face's nose tip lands on the mean shape's nose tip after the warp.
  func testWarpMovesImageContentWithTheLandmarks() throws {
    let move = SimilarityTransform(scale: 1.08, angle: 0.12, translation: SIMD2(-9, 4))
    let source = face.map(move.apply)
    let spot = SIMD2((source[30].x).rounded(), (source[30].y).rounded())
    var image = RGBImage(width: 150, height: 150)
    for dy in -1...1 {
      for dx in -1...1 { image[Int(spot.x) + dx, Int(spot.y) + dy] = (255, 255, 255) }
    }
    let average = try AverageFace(meanShape: face, width: 150, height: 150)
    let warped = average.warp.warp(image, source: source + average.borderPoints)
    var sum = SIMD2<Double>.zero
    var mass = 0.0
    for y in 0..<150 {
      for x in 0..<150 {
        let v = Double(warped[x, y].r)
        sum += v * SIMD2(Double(x), Double(y))
        mass += v
      }
    }
    let expected = try XCTUnwrap(move.inverse).apply(spot)
    XCTAssertGreaterThan(mass, 0)
    XCTAssertEqual(sum.x / mass, expected.x, accuracy: 0.25)
    XCTAssertEqual(sum.y / mass, expected.y, accuracy: 0.25)
  }

  /// Averaging copies of one chip gives that chip back, byte for byte.
  func testAverageOfIdenticalChipsIsTheChip() throws {
    let image = chip(landmarks: face)
    var average = try AverageFace(shapes: [face, face, face], width: 150, height: 150)
    for _ in 0..<3 { try average.add(image, landmarks: face) }
    XCTAssertEqual(average.count, 3)
    XCTAssertEqual(average.image, image)
  }

  /// A chip and its negative average to mid-grey everywhere: the average is of pixel values.
  func testAverageIsThePixelMean() throws {
    let image = chip(landmarks: face)
    let negative = RGBImage(width: 150, height: 150, pixels: image.pixels.map { 255 - $0 })
    var average = try AverageFace(shapes: [face, face], width: 150, height: 150)
    try average.add(image, landmarks: face)
    try average.add(negative, landmarks: face)
    XCTAssertTrue(average.image.pixels.allSatisfy { $0 == 127 || $0 == 128 })
  }

  /// Faces whose landmarks differ come out on the mean shape: the discs drawn at each face's
  /// landmarks all land on the mean's landmarks, so the average is dark exactly there.
  func testAverageAlignsFeaturesOfDifferentFaces() throws {
    var rng = SeededGenerator(seed: 21)
    let shapes = (0..<12).map { _ in
      let move = SimilarityTransform(
        scale: 0.95 + 0.1 * rng.nextDouble(), angle: 0.1 * rng.nextGaussian(),
        translation: SIMD2(4 * rng.nextGaussian(), 4 * rng.nextGaussian()))
      return MeasuresTestFace.varied(&rng, sigma: 1.5, widening: 0).map(move.apply)
    }
    var average = try AverageFace(shapes: shapes, width: 150, height: 150)
    for shape in shapes { try average.add(chip(landmarks: shape), landmarks: shape) }
    let image = average.image
    for i in [30, 36, 39, 42, 45, 48, 54] {
      let p = average.meanShape[i]
      let v = image[Int(p.x.rounded()), Int(p.y.rounded())]
      XCTAssertLessThan(Int(v.r), 60, "landmark \(i) is not dark in the average")
    }
  }

  func testChipOfAnotherSizeIsRejected() throws {
    var average = try AverageFace(meanShape: face, width: 150, height: 150)
    XCTAssertThrowsError(try average.add(RGBImage(width: 200, height: 200), landmarks: face)) {
      XCTAssertEqual(
        $0 as? AverageFaceError,
        .chipSizeMismatch(expected: "150×150", got: "200×200"))
    }
    XCTAssertEqual(average.count, 0)
  }

  /// The sheet puts every face in, side by side, with a caption under each.
  func testSheetHoldsEveryFaceWithACaption() {
    let a = RGBImage(width: 150, height: 150, fill: (200, 0, 0))
    let b = RGBImage(width: 150, height: 150, fill: (0, 0, 200))
    let sheet = AverageFaceSheet.render([("case", 300, a), ("control", 300, b)])
    XCTAssertEqual(sheet.width, 10 + 2 * 160)
    XCTAssertEqual(sheet[10 + 75, 10 + 75].r, 200)
    XCTAssertEqual(sheet[170 + 75, 10 + 75].b, 200)
    // Caption ink below each image.
    for left in [10, 170] {
      let inked = (160..<sheet.height).contains { y in
        (left..<left + 150).contains { sheet[$0, y].r > 200 }
      }
      XCTAssertTrue(inked)
    }
  }
}

extension AverageFaceTests {
  /// Many groups wrap onto several rows instead of one endless strip.
  func testSheetWrapsManyGroups() {
    let face = RGBImage(width: 40, height: 40, fill: (90, 90, 90))
    let panels = (0..<10).map { (name: "g\($0)", count: 1, image: face) }
    let sheet = AverageFaceSheet.render(panels, perRow: 4)
    XCTAssertEqual(sheet.width, 10 + 4 * 50)
    let oneRow = AverageFaceSheet.render(Array(panels.prefix(4)), perRow: 4)
    XCTAssertEqual(sheet.height - 10, 3 * (oneRow.height - 10))
    XCTAssertEqual(sheet[10 + 20, sheet.height - oneRow.height + 20].r, 90)
  }
}
