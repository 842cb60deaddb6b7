import Foundation
import OncoStats
import XCTest

/// ROC curves, AUC, DeLong intervals and confusion matrices against scikit-learn (and Sun & Xu's
/// fast DeLong) on the cases in Tests/Fixtures/stats/roc.json.
final class RocCurveTests: XCTestCase {
  private func cases() throws -> [[String: Any]] { try StatsFixtures.list("roc.json", "cases") }

  private func inputs(_ c: [String: Any]) -> (scores: [Double], labels: [Bool]) {
    (c.doubles("scores"), c.doubles("labels").map { $0 == 1 })
  }

  func testPointsAndAreaMatchScikitLearn() throws {
    let all = try cases()
    XCTAssertGreaterThanOrEqual(all.count, 7)
    for c in all {
      let name = c["name"] as? String ?? "?"
      let (scores, labels) = inputs(c)
      let curve = try RocCurve(scores: scores, labels: labels)
      let fpr = c.doubles("fpr")
      let tpr = c.doubles("tpr")
      let thresholds = c.doubles("thresholds_after_infinity")
      XCTAssertEqual(curve.points.count, fpr.count, name)
      guard curve.points.count == fpr.count else { continue }
      XCTAssertEqual(curve.points[0].threshold, .infinity, name)
      for (k, point) in curve.points.enumerated() {
        assertClose(point.falsePositiveRate, fpr[k], "\(name) fpr[\(k)]")
        assertClose(point.truePositiveRate, tpr[k], "\(name) tpr[\(k)]")
        if k > 0 { XCTAssertEqual(point.threshold, thresholds[k - 1], "\(name) threshold[\(k)]") }
      }
      assertClose(curve.area, c.double("auc"), "\(name) AUC")
    }
  }

  func testDeLongIntervalMatchesTheFastDeLongReference() throws {
    for c in try cases() {
      let name = c["name"] as? String ?? "?"
      let (scores, labels) = inputs(c)
      let interval = try RocCurve(scores: scores, labels: labels).delongInterval()
      assertClose(interval.variance, c.double("delong_variance"), "\(name) DeLong variance")
      assertClose(interval.lower, c.double("ci_lower"), "\(name) CI lower")
      assertClose(interval.upper, c.double("ci_upper"), "\(name) CI upper")
      XCTAssertEqual(interval.level, 0.95)
    }
  }

  func testConfusionMatricesAtHalfAndAtTheYoudenThreshold() throws {
    for c in try cases() {
      let name = c["name"] as? String ?? "?"
      let (scores, labels) = inputs(c)
      let evaluation = try BinaryEvaluation(scores: scores, labels: labels)
      for (key, matrix) in [("at_half", evaluation.atHalf), ("at_youden", evaluation.atYouden)] {
        let expected = try XCTUnwrap(c[key] as? [String: Any])
        let label = "\(name) \(key)"
        let threshold =
          expected["threshold"] is NSNull ? Double.infinity : expected.double("threshold")
        XCTAssertEqual(matrix.threshold, threshold, label)
        XCTAssertEqual(matrix.truePositives, expected.int("tp"), label)
        XCTAssertEqual(matrix.falsePositives, expected.int("fp"), label)
        XCTAssertEqual(matrix.trueNegatives, expected.int("tn"), label)
        XCTAssertEqual(matrix.falseNegatives, expected.int("fn"), label)
        assertClose(matrix.accuracy, expected.double("accuracy"), "\(label) accuracy")
        assertClose(matrix.sensitivity, expected.double("sensitivity"), "\(label) sensitivity")
        assertClose(matrix.specificity, expected.double("specificity"), "\(label) specificity")
      }
      assertClose(evaluation.auc, c.double("auc"), "\(name) AUC")
    }
  }

  func testAreaIsTheMannWhitneyStatisticWithTiesAsOneHalf() throws {
    // Pairs (positive, negative): 0.9>0.2, 0.9>0.5, 0.5=0.5 (½), 0.5>0.2 → 3.5 of 4.
    let curve = try RocCurve(scores: [0.9, 0.5, 0.5, 0.2], labels: [true, true, false, false])
    XCTAssertEqual(curve.area, 3.5 / 4)
    XCTAssertEqual(curve.positives, 2)
    XCTAssertEqual(curve.negatives, 2)
  }

  func testBadInputIsAClearError() {
    XCTAssertThrowsError(try RocCurve(scores: [0.1, 0.2], labels: [true])) {
      XCTAssertEqual($0 as? StatsError, .lengthMismatch(scores: 2, labels: 1))
    }
    XCTAssertThrowsError(try RocCurve(scores: [0.1, 0.2], labels: [true, true])) {
      XCTAssertEqual($0 as? StatsError, .needsBothClasses(positives: 2, negatives: 0))
    }
    XCTAssertThrowsError(try RocCurve(scores: [0.1, .nan], labels: [true, false])) {
      XCTAssertEqual($0 as? StatsError, .nonFiniteScore(index: 1))
    }
    XCTAssertThrowsError(
      try RocCurve(scores: [0.1, 0.2, 0.3], labels: [true, false, false])
        .delongInterval()
    ) {
      guard case StatsError.tooFewValues = $0 else { return XCTFail("\($0)") }
    }
    // With one positive the curve and calls still exist; only the interval is missing.
    let evaluation = try? BinaryEvaluation(scores: [0.1, 0.2, 0.9], labels: [false, false, true])
    XCTAssertEqual(evaluation?.auc, 1)
    XCTAssertNil(evaluation?.interval)
  }
}
