import Foundation
import OncoStats
import XCTest

/// Special functions and distributions against scipy (Tests/Fixtures/stats/distributions.json).
final class DistributionTests: XCTestCase {
  private func rows(_ key: String) throws -> [[String: Any]] {
    try StatsFixtures.list("distributions.json", key)
  }

  func testRegularizedIncompleteGamma() throws {
    for r in try rows("regularized_gamma") {
      let a = r.double("a")
      let x = r.double("x")
      assertClose(SpecialFunctions.regularizedGammaP(a, x), r.double("p"), "P(\(a), \(x))")
      assertClose(SpecialFunctions.regularizedGammaQ(a, x), r.double("q"), "Q(\(a), \(x))")
      if r.double("q") > 1e-290 {  // the upper tail keeps its relative precision
        assertClose(
          SpecialFunctions.regularizedGammaQ(a, x) / r.double("q"), 1, tolerance: 1e-8,
          "relative Q(\(a), \(x))")
      }
    }
  }

  func testRegularizedIncompleteBetaAndItsInverse() throws {
    for r in try rows("regularized_beta") {
      let a = r.double("a")
      let b = r.double("b")
      let x = r.double("x")
      assertClose(SpecialFunctions.regularizedBeta(x, a, b), r.double("i"), "I_\(x)(\(a), \(b))")
    }
    for r in try rows("inverse_regularized_beta") {
      let a = r.double("a")
      let b = r.double("b")
      let p = r.double("p")
      assertClose(
        SpecialFunctions.inverseRegularizedBeta(p, a, b), r.double("x"),
        "I⁻¹_\(p)(\(a), \(b))")
    }
  }

  func testChiSquaredAndStudentT() throws {
    for r in try rows("chi_squared") {
      let chi = ChiSquared(degreesOfFreedom: r.double("df"))
      let x = r.double("x")
      assertClose(chi.cdf(x), r.double("cdf"), "chi2 cdf(\(x); \(chi.degreesOfFreedom))")
      assertClose(chi.survival(x), r.double("sf"), "chi2 sf(\(x); \(chi.degreesOfFreedom))")
      assertClose(chi.survival(x) / r.double("sf"), 1, tolerance: 1e-8, "relative chi2 sf")
    }
    for r in try rows("student_t") {
      let t = StudentT(degreesOfFreedom: r.double("df"))
      let x = r.double("t")
      assertClose(t.cdf(x), r.double("cdf"), "t cdf(\(x); \(t.degreesOfFreedom))")
      assertClose(t.survival(x), r.double("sf"), "t sf(\(x); \(t.degreesOfFreedom))")
      assertClose(t.survival(x) / r.double("sf"), 1, tolerance: 1e-8, "relative t sf")
    }
  }

  /// Quantiles of Student's t against SciPy 1.x `stats.t.ppf(p, df)`, whole and fractional df.
  func testStudentTQuantile() {
    let cases: [(p: Double, df: Double, t: Double)] = [
      (0.975, 1, 12.706204736174694), (0.975, 2, 4.302652729749462),
      (0.025, 10, -2.2281388519862753), (0.995, 30, 2.7499956535672254),
      (0.975, 1.684211, 5.176229878313379), (0.5, 7, 0), (0.6, 7, 0.2631668613520229),
      (0.975, 1e6, 1.959966356814107),
    ]
    for c in cases {
      let t = StudentT(degreesOfFreedom: c.df).quantile(c.p)
      XCTAssertEqual(t, c.t, accuracy: 1e-7 * max(1, abs(c.t)), "t⁻¹(\(c.p); \(c.df))")
    }
  }

  func testNormalQuantileAndCDF() throws {
    for r in try rows("normal_quantile") {
      assertClose(Normal.quantile(r.double("p")), r.double("quantile"), "Φ⁻¹(\(r.double("p")))")
    }
    for r in try rows("normal_cdf") {
      assertClose(Normal.cdf(r.double("x")), r.double("cdf"), "Φ(\(r.double("x")))")
    }
  }
}
