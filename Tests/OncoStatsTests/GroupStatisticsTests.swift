import Foundation
import OncoStats
import XCTest

/// Group comparisons against scipy (Tests/Fixtures/stats/group_tests.json): chi-square tables,
/// Welch's t-test, Cohen's d, standardised mean difference, mean/SD, proportion intervals.
final class GroupStatisticsTests: XCTestCase {
  private func rows(_ key: String) throws -> [[String: Any]] {
    try StatsFixtures.list("group_tests.json", key)
  }

  func testChiSquareTablesWithAndWithoutYatesCorrection() throws {
    let tables = try rows("chi_square")
    XCTAssertGreaterThanOrEqual(tables.count, 12)
    for r in tables {
      let table = try XCTUnwrap(r["table"] as? [[Int]])
      let corrected = r["correction"] as? Bool ?? false
      let test = try ChiSquareTest(table, continuityCorrection: corrected)
      let label = "\(table) correction \(corrected)"
      assertClose(test.statistic, r.double("statistic"), "\(label) statistic")
      assertClose(test.p, r.double("p"), "\(label) p")
      XCTAssertEqual(test.degreesOfFreedom, r.int("df"), label)
    }
  }

  func testChiSquareLeavesOutEmptyRowsAndColumns() throws {
    let plain = try ChiSquareTest([[5, 7], [6, 3]])
    let padded = try ChiSquareTest([[5, 0, 7], [6, 0, 3], [0, 0, 0]])
    XCTAssertEqual(padded, plain)
    let oneColumn = try ChiSquareTest([[40, 0], [40, 0]])  // e.g. only women in both groups
    XCTAssertEqual(oneColumn.p, 1)
    XCTAssertEqual(oneColumn.degreesOfFreedom, 0)
    XCTAssertThrowsError(try ChiSquareTest([[1, 2], [3]]))
    XCTAssertThrowsError(try ChiSquareTest([[1, -2], [3, 4]]))
  }

  func testWelchCohenSMDAndSummaries() throws {
    for r in try rows("samples") {
      let a = r.doubles("a")
      let b = r.doubles("b")
      let label = "n = \(a.count)/\(b.count)"
      let x = SampleSummary(a)
      let y = SampleSummary(b)
      assertClose(x.mean, r.double("mean_a"), "\(label) mean a")
      assertClose(x.standardDeviation, r.double("sd_a"), "\(label) SD a")
      assertClose(y.mean, r.double("mean_b"), "\(label) mean b")
      assertClose(y.standardDeviation, r.double("sd_b"), "\(label) SD b")
      let welch = try WelchTTest(a, b)
      assertClose(welch.statistic, r.double("welch_t"), "\(label) Welch t")
      assertClose(welch.degreesOfFreedom, r.double("welch_df"), "\(label) Welch df")
      assertClose(welch.p, r.double("welch_p"), "\(label) Welch p")
      let d = try CohenD(a, b)
      assertClose(d.value, r.double("cohen_d"), "\(label) d")
      assertClose(d.lower, r.double("cohen_d_lower"), "\(label) d lower")
      assertClose(d.upper, r.double("cohen_d_upper"), "\(label) d upper")
      assertClose(standardizedMeanDifference(a, b), r.double("smd"), "\(label) SMD")
    }
  }

  func testDegenerateSamples() {
    XCTAssertThrowsError(try WelchTTest([1], [1, 2])) {
      XCTAssertEqual(
        $0 as? StatsError, .tooFewValues(what: "A Welch t-test (per group)", needed: 2, got: 1))
    }
    XCTAssertThrowsError(try WelchTTest([3, 3], [3, 3, 3])) {
      XCTAssertEqual($0 as? StatsError, .noVariation("Welch t-test"))
    }
    XCTAssertEqual(standardizedMeanDifference([40, 40], [40, 40, 40]), 0)
    XCTAssertEqual(standardizedMeanDifference([41, 41], [40, 40]), .infinity)
    XCTAssertTrue(standardizedMeanDifference([41], [40, 42]).isNaN)
    let summary = SampleSummary([1e9 + 1, 1e9 + 2, 1e9 + 3])
    XCTAssertEqual(summary.variance, 1, "a large offset must not cost precision")
    XCTAssertEqual(summary.minimum, 1e9 + 1)
    XCTAssertEqual(summary.maximum, 1e9 + 3)
  }

  func testProportionIntervals() throws {
    for r in try rows("proportions") {
      let k = r.int("successes")
      let n = r.int("count")
      let wilson = try ProportionInterval.wilson(successes: k, count: n)
      assertClose(wilson.lower, r.double("wilson_lower"), "\(k)/\(n) Wilson lower")
      assertClose(wilson.upper, r.double("wilson_upper"), "\(k)/\(n) Wilson upper")
      let exact = try ProportionInterval.exact(successes: k, count: n)
      assertClose(exact.lower, r.double("exact_lower"), "\(k)/\(n) exact lower")
      assertClose(exact.upper, r.double("exact_upper"), "\(k)/\(n) exact upper")
    }
    XCTAssertThrowsError(try ProportionInterval.wilson(successes: 3, count: 2))
    XCTAssertThrowsError(try ProportionInterval.exact(successes: 0, count: 0))
  }

  func testHistogramBins() {
    let h = Histogram([0, 4.9, 5, 12, 99.5, 100, -1], binWidth: 5, origin: 0, binCount: 20)
    XCTAssertEqual(h.counts[0], 2)
    XCTAssertEqual(h.counts[1], 1)
    XCTAssertEqual(h.counts[2], 1)
    XCTAssertEqual(h.counts[19], 1)
    XCTAssertEqual(h.outside, 2, "-1 and 100 fall outside 0..<100")
    XCTAssertEqual(h.counts.reduce(0, +), 5)
    XCTAssertEqual(h.lowerEdge(8), 40)
    XCTAssertEqual(Histogram([3, 7], binWidth: 5).counts, [1, 1], "bins reach the largest value")
  }
}
