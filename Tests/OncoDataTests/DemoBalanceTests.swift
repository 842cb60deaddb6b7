import OncoFace
import OncoImage
import OncoTestSupport
import XCTest

@testable import OncoData

/// The demo groups differ only where the signal is planted: same sex and age distribution, no
/// trivial colour cue, and the planted regions carry the signal.
final class DemoBalanceTests: XCTestCase {
  func testStatisticsHelpersGiveKnownValues() {
    // One of four case–control pairs is ordered wrongly: AUC 3/4.
    XCTAssertEqual(
      DemoStatistics.auc(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true]),
      0.75, accuracy: 1e-12)
    XCTAssertEqual(DemoStatistics.cohensD([2, 4, 6], [1, 3, 5]), 0.5, accuracy: 1e-12)
    // A separable feature gives a perfect cross-validated AUC, whichever its sign.
    let labels = (0..<40).map { $0 % 3 == 0 }
    let clean = labels.map { [$0 ? 1.0 : 0.0] }
    XCTAssertEqual(
      DemoStatistics.crossValidatedAUC(features: clean, labels: labels), 1, accuracy: 1e-9)
    let flipped = labels.map { [$0 ? -2.0 : 3.0] }
    XCTAssertEqual(
      DemoStatistics.crossValidatedAUC(features: flipped, labels: labels), 1, accuracy: 1e-9)
  }

  func testSexAndAgeAreTheSameInBothGroupsAndLikeThePapers() {
    let subjects = (0..<2000).map { DemoSubject.make(index: $0, seed: 1) }
    let cases = subjects.filter(\.isCase)
    let controls = subjects.filter { !$0.isCase }
    XCTAssertEqual(cases.count, controls.count)
    XCTAssertEqual(cases.filter(\.isMale).count, controls.filter(\.isMale).count)
    XCTAssertEqual(cases.map(\.age).sorted(), controls.map(\.age).sorted())
    let ages = subjects.map(\.age).sorted()
    XCTAssertEqual(ages.first, 1)
    XCTAssertEqual(ages.last, 70)
    XCTAssertEqual(Double(ages[999] + ages[1000]) / 2, 52, accuracy: 2, "median age")
    let men = Double(subjects.filter(\.isMale).count) / 2000
    XCTAssertEqual(men, 0.474, accuracy: 0.035, "share of men")
    // The label is not predictable from the index: cases sit at both positions of a pair.
    XCTAssertGreaterThan(cases.filter { $0.index % 2 == 0 }.count, 400)
    XCTAssertGreaterThan(cases.filter { $0.index % 2 == 1 }.count, 400)
  }

  func testMeanColourAloneStaysNearChance() {
    let faces = DemoTestCohort.faces(count: 160, effect: 1)
    let labels = faces.map(\.isCase)
    for (name, images) in [("chips", faces.map(\.chip)), ("masked", faces.map(\.masked))] {
      let auc = DemoStatistics.crossValidatedAUC(
        features: images.map(DemoFaceMeasures.meanRGB),
        labels: labels)
      XCTAssertLessThan(auc, 0.6, "mean RGB of the \(name) separates the groups (AUC \(auc))")
      XCTAssertGreaterThan(auc, 0.35, "mean RGB of the \(name) anti-separates (AUC \(auc))")
    }
  }

  func testPlantedRegionsSeparateTheGroupsOnlyWhenPlanted() throws {
    // The same faces with and without the planted signal (the seed fixes everything else).
    var aucs: [Double] = []
    for effect in [1.0, 0.0] {
      let faces = DemoTestCohort.faces(count: 160, effect: effect)
      let features = try faces.map { face in
        DemoFaceMeasures.cheekFeatures(face)
          + [try LandmarkMeasures(landmarks: face.landmarks).cheekToJaw]
      }
      aucs.append(DemoStatistics.crossValidatedAUC(features: features, labels: faces.map(\.isCase)))
    }
    XCTAssertGreaterThan(aucs[0], 0.85, "planted regions at effect 1 give AUC \(aucs[0])")
    XCTAssertLessThan(aucs[1], 0.7, "nothing planted, yet the cheek features give AUC \(aucs[1])")
    XCTAssertGreaterThan(aucs[0] - aucs[1], 0.25, "planting adds too little: \(aucs)")
  }

  func testCheekToJawWidthRatioIsLargerInCases() throws {
    // Coetzee's CJWR (cheek width 0–16 over jaw width 4–12) rises with facial adiposity, as does
    // the lower-face width over face height; the perimeter-to-area ratio of the outline falls.
    for (effect, minimum, maximum) in [(1.0, 0.5, 4.0), (0.0, -0.35, 0.35)] {
      let faces = DemoTestCohort.faces(count: 160, effect: effect)
      let measures = try faces.map { try LandmarkMeasures(landmarks: $0.landmarks) }
      func d(_ measure: FaceMeasure) -> Double {
        let pairs = zip(measures.map { $0[measure] }, faces.map(\.isCase))
        return DemoStatistics.cohensD(pairs.filter(\.1).map(\.0), pairs.filter { !$0.1 }.map(\.0))
      }
      let cjwr = d(.cheekToJaw)
      let lower = d(.lowerFaceWidthToHeight)
      let par = d(.perimeterToArea)
      XCTAssertGreaterThan(cjwr, minimum, "effect \(effect): Cohen's d of CJWR is \(cjwr)")
      XCTAssertLessThan(cjwr, maximum, "effect \(effect): Cohen's d of CJWR is \(cjwr)")
      if effect > 0 {
        XCTAssertGreaterThan(lower, 0.3, "effect \(effect): Cohen's d of LFW/FH is \(lower)")
        XCTAssertLessThan(par, 0, "effect \(effect): Cohen's d of PAR is \(par)")
      } else {
        XCTAssertLessThan(abs(lower), 0.35, "effect 0: Cohen's d of LFW/FH is \(lower)")
      }
    }
  }
}
