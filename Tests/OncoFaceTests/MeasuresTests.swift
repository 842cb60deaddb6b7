import OncoImage
import OncoStats
import XCTest

@testable import OncoFace

final class MeasuresTests: XCTestCase {
  /// Every measure of the hand-built face equals the value worked out by hand from its points.
  func testHandBuiltFaceMeasures() throws {
    let m = try LandmarkMeasures(landmarks: MeasuresTestFace.points)
    // Width 0–16 = 140 − 10 = 130; eyelids top out at 46, the upper lip at 100: height 54.
    XCTAssertEqual(m.widthToHeight, 130.0 / 54.0, accuracy: 1e-12)
    // Jaw width 4–12 = 130 − 20 = 110.
    XCTAssertEqual(m.cheekToJaw, 130.0 / 110.0, accuracy: 1e-12)
    // Outline: two sides of √(10² + 40²), two of √(55² + 40²), the closing 130; area: the
    // trapezoid (130 + 110)/2 · 40 = 4800 plus the triangle 110 · 40 / 2 = 2200. Eye centres
    // (40, 50) and (110, 50): interocular distance 70.
    let perimeter = 130 + 2 * 1700.0.squareRoot() + 2 * 4625.0.squareRoot()
    XCTAssertEqual(m.perimeterToArea, perimeter / 7000 * 70, accuracy: 1e-12)
    XCTAssertEqual(m.perimeterToArea, 3.4847676, accuracy: 1e-6)
    // Lower-face widths 3–13: 115, 4–12: 110, 5–11: 82.5; face height 130 − 48 = 82.
    XCTAssertEqual(m.lowerFaceWidthToHeight, (115 + 110 + 82.5) / 3 / 82, accuracy: 1e-12)
  }

  /// Rolling, scaling and moving the face changes none of the measures.
  func testMeasuresIgnoreRollScaleAndPosition() throws {
    let plain = try LandmarkMeasures(landmarks: MeasuresTestFace.points)
    let moved = SimilarityTransform(scale: 2.5, angle: 0.3, translation: SIMD2(-40, 17))
    let rolled = try LandmarkMeasures(landmarks: MeasuresTestFace.points.map(moved.apply))
    for measure in FaceMeasure.allCases {
      XCTAssertEqual(rolled[measure], plain[measure], accuracy: 1e-10, measure.title)
    }
  }

  /// Widening the jaw at points 4 and 12 lowers CJWR and raises LFW/FH by exactly the amounts the
  /// definitions give, and leaves fWHR alone.
  func testJawPointsDriveCheekToJaw() throws {
    var wide = MeasuresTestFace.points
    wide[4].x -= 5
    wide[12].x += 5
    let m = try LandmarkMeasures(landmarks: wide)
    XCTAssertEqual(m.cheekToJaw, 130.0 / 120.0, accuracy: 1e-12)
    XCTAssertEqual(m.lowerFaceWidthToHeight, (115 + 120 + 82.5) / 3 / 82, accuracy: 1e-12)
    XCTAssertEqual(m.widthToHeight, 130.0 / 54.0, accuracy: 1e-12)
  }

  func testBadLandmarksAreRejectedWithTheReason() {
    XCTAssertThrowsError(try LandmarkMeasures(landmarks: Array(MeasuresTestFace.points.prefix(67))))
    {
      XCTAssertEqual($0 as? MeasureError, .wrongPointCount(67))
    }
    var nan = MeasuresTestFace.points
    nan[30].y = .nan
    XCTAssertThrowsError(try LandmarkMeasures(landmarks: nan)) {
      XCTAssertEqual($0 as? MeasureError, .notFinite)
    }
    var upsideDown = MeasuresTestFace.points
    for i in 50...52 { upsideDown[i].y = 40 }
    XCTAssertThrowsError(try LandmarkMeasures(landmarks: upsideDown)) {
      guard case .degenerate = $0 as? MeasureError else { return XCTFail("\($0)") }
    }
  }

  /// Two synthetic groups, one with a planted wider lower face: the comparison finds the planted
  /// effect (CJWR and PAR down, LFW/FH up, large |d|, tiny p) and no effect where none was planted.
  func testGroupComparisonFindsAPlantedWiderLowerFace() throws {
    var rng = SeededGenerator(seed: 7)
    let controls = try (0..<150).map { _ in
      try LandmarkMeasures(landmarks: MeasuresTestFace.varied(&rng, sigma: 1.5, widening: 0))
    }
    let cases = try (0..<150).map { _ in
      try LandmarkMeasures(landmarks: MeasuresTestFace.varied(&rng, sigma: 1.5, widening: 3))
    }
    let comparison = try GroupComparison(groups: [("case", cases), ("control", controls)])
    XCTAssertEqual(comparison.reference, "control")
    XCTAssertEqual(comparison.groups.map(\.name), ["control", "case"])
    func result(_ m: FaceMeasure) throws -> GroupComparison.Comparison {
      try XCTUnwrap(comparison.comparisons.first { $0.measure == m && $0.group == "case" })
    }
    let cjwr = try result(.cheekToJaw)
    let lower = try result(.lowerFaceWidthToHeight)
    let par = try result(.perimeterToArea)
    let fwhr = try result(.widthToHeight)
    XCTAssertLessThan(try XCTUnwrap(cjwr.effect).upper, -0.5)
    XCTAssertGreaterThan(try XCTUnwrap(lower.effect).lower, 0.5)
    XCTAssertLessThan(try XCTUnwrap(par.effect).value, -0.5)
    XCTAssertLessThan(try XCTUnwrap(cjwr.test).p, 1e-6)
    // No effect on fWHR was planted: its interval covers zero.
    let fwhrEffect = try XCTUnwrap(fwhr.effect)
    XCTAssertLessThan(fwhrEffect.lower, 0)
    XCTAssertGreaterThan(fwhrEffect.upper, 0)
    // The difference is case − control, and the table carries the same numbers.
    let caseMean = cases.map(\.cheekToJaw).reduce(0, +) / 150
    let controlMean = controls.map(\.cheekToJaw).reduce(0, +) / 150
    XCTAssertEqual(cjwr.difference, caseMean - controlMean, accuracy: 1e-12)
    let row = try XCTUnwrap(comparison.tableRows.first { $0[0] == "cjwr" && $0[1] == "case" })
    XCTAssertEqual(Double(row[10]) ?? .nan, try XCTUnwrap(cjwr.effect).value, accuracy: 1e-12)
    XCTAssertTrue(comparison.report.contains("case vs control"))
  }

  /// With more than two groups, each other group is compared with the reference; a group of one
  /// face gets its summary but no test, with the reason.
  func testSeveralGroupsAreComparedWithTheReference() throws {
    var rng = SeededGenerator(seed: 3)
    func group(_ n: Int) throws -> [LandmarkMeasures] {
      try (0..<n).map { _ in
        try LandmarkMeasures(landmarks: MeasuresTestFace.varied(&rng, sigma: 1, widening: 0))
      }
    }
    let groups = [
      ("case/F", try group(20)), ("case/M", try group(1)),
      ("control/F", try group(20)), ("control/M", try group(20)),
    ]
    let comparison = try GroupComparison(groups: groups)
    XCTAssertEqual(comparison.reference, "control/F")
    XCTAssertEqual(comparison.comparisons.count, 4 * 3)
    XCTAssertEqual(Set(comparison.comparisons.map(\.group)), ["case/F", "case/M", "control/M"])
    let lone = try XCTUnwrap(comparison.comparisons.first { $0.group == "case/M" })
    XCTAssertNil(lone.test)
    XCTAssertEqual(lone.note, "needs at least 2 faces per group")
    XCTAssertThrowsError(try GroupComparison(groups: groups, reference: "nobody")) {
      guard case .unknownReference = $0 as? MeasureError else { return XCTFail("\($0)") }
    }
    XCTAssertEqual(try GroupComparison(groups: groups, reference: "case/F").reference, "case/F")
    XCTAssertEqual(GroupComparison.defaultReference(among: ["a", "b"]), "a")
  }
}

extension MeasuresTests {
  /// The FaceLandmarks the aligner produces give the same measures as plain vectors.
  func testFaceLandmarksGiveTheSameMeasures() throws {
    let landmarks = FaceLandmarks(points: MeasuresTestFace.points.map { Point(x: $0.x, y: $0.y) })
    XCTAssertEqual(
      try LandmarkMeasures(landmarks), try LandmarkMeasures(landmarks: MeasuresTestFace.points))
  }
}
