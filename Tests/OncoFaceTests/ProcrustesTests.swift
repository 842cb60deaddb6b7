import OncoStats
import XCTest

@testable import OncoFace

final class ProcrustesTests: XCTestCase {
  let face = MeasuresTestFace.points

  /// The least-squares fit between a shape and a transformed copy recovers the transform.
  func testFitRecoversAKnownSimilarity() {
    let known = SimilarityTransform(scale: 1.7, angle: 0.4, translation: SIMD2(12, -5))
    let fitted = SimilarityTransform.fit(from: face, to: face.map(known.apply))
    XCTAssertEqual(fitted.scale, 1.7, accuracy: 1e-12)
    XCTAssertEqual(fitted.angle, 0.4, accuracy: 1e-12)
    XCTAssertEqual(fitted.translation.x, 12, accuracy: 1e-9)
    XCTAssertEqual(fitted.translation.y, -5, accuracy: 1e-9)
    let back = try! XCTUnwrap(fitted.inverse)
    for p in face { XCTAssertEqual(back.apply(fitted.apply(p)).x, p.x, accuracy: 1e-9) }
  }

  /// With noisy targets, the fit is the least-squares one: nudging any parameter makes it worse.
  func testFitIsTheLeastSquaresSimilarity() {
    var rng = SeededGenerator(seed: 11)
    let known = SimilarityTransform(scale: 0.8, angle: -1.1, translation: SIMD2(3, 4))
    let target = face.map { known.apply($0) + SIMD2(rng.nextGaussian(), rng.nextGaussian()) }
    let fitted = SimilarityTransform.fit(from: face, to: target)
    func cost(_ t: SimilarityTransform) -> Double {
      Shape.squaredDistance(face.map(t.apply), target)
    }
    let best = cost(fitted)
    for (da, db, dx, dy) in [
      (1e-4, 0.0, 0.0, 0.0), (0, 1e-4, 0, 0), (0, 0, 1e-3, 0), (0, 0, 0, 1e-3),
      (-1e-4, 0, 0, 0), (0, -1e-4, 0, 0),
    ] {
      let nudged = SimilarityTransform(
        a: fitted.a + da, b: fitted.b + db,
        translation: fitted.translation + SIMD2(dx, dy))
      XCTAssertGreaterThan(cost(nudged), best)
    }
  }

  /// Shapes that differ only by similarity transforms all superimpose exactly on the mean, which
  /// is the common shape; placed back in the inputs' frame it has their average size.
  func testSimilarCopiesAlignOntoOneMean() throws {
    let transforms = [
      SimilarityTransform.identity,
      SimilarityTransform(scale: 1.3, angle: 0.25, translation: SIMD2(5, -8)),
      SimilarityTransform(scale: 0.7, angle: -0.4, translation: SIMD2(-20, 30)),
    ]
    let gpa = try ProcrustesAlignment(shapes: transforms.map { t in face.map(t.apply) })
    let unit = Shape.normalised(face)
    for shape in gpa.alignedShapes {
      XCTAssertLessThan(Shape.squaredDistance(shape, gpa.meanShape), 1e-20)
    }
    // The mean is the face itself, up to a rotation.
    let onto = SimilarityTransform.fit(from: gpa.meanShape, to: unit)
    XCTAssertEqual(onto.scale, 1, accuracy: 1e-12)
    XCTAssertLessThan(Shape.squaredDistance(gpa.meanShape.map(onto.apply), unit), 1e-20)
    XCTAssertEqual(
      Shape.centroidSize(gpa.meanInInputFrame),
      Shape.centroidSize(face) * (1 + 1.3 + 0.7) / 3, accuracy: 1e-9)
  }

  /// The Procrustes mean of a noisy sample does not depend on where, how large or how turned
  /// each face was given.
  func testMeanIgnoresEachShapesPositionSizeAndRotation() throws {
    var rng = SeededGenerator(seed: 5)
    let shapes = (0..<30).map { _ in MeasuresTestFace.varied(&rng, sigma: 2, widening: 0) }
    let moved = shapes.map { shape in
      let t = SimilarityTransform(
        scale: 0.5 + rng.nextDouble(), angle: rng.nextGaussian(),
        translation: SIMD2(100 * rng.nextDouble(), 100 * rng.nextDouble()))
      return shape.map(t.apply)
    }
    let a = try ProcrustesAlignment(shapes: shapes)
    let b = try ProcrustesAlignment(shapes: moved)
    let onto = SimilarityTransform.fit(from: b.meanShape, to: a.meanShape)
    XCTAssertLessThan(Shape.squaredDistance(b.meanShape.map(onto.apply), a.meanShape), 1e-18)
    XCTAssertLessThan(a.iterations, 20)
  }

  /// A single face (or identical faces) has itself as the mean, in its own chip coordinates.
  func testMeanOfIdenticalFacesIsThatFace() throws {
    let gpa = try ProcrustesAlignment(shapes: [face, face, face])
    XCTAssertLessThan(Shape.squaredDistance(gpa.meanInInputFrame, face), 1e-18)
  }

  func testInconsistentShapesAreRejected() {
    XCTAssertThrowsError(try ProcrustesAlignment(shapes: [])) {
      XCTAssertEqual($0 as? AverageFaceError, .noShapes)
    }
    XCTAssertThrowsError(try ProcrustesAlignment(shapes: [face, Array(face.prefix(60))])) {
      XCTAssertEqual($0 as? AverageFaceError, .pointCountMismatch(expected: 68, got: 60, shape: 1))
    }
    let collapsed = [SIMD2<Double>](repeating: SIMD2(3, 3), count: 68)
    XCTAssertThrowsError(try ProcrustesAlignment(shapes: [face, collapsed]))
  }
}
