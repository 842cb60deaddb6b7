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
      let a = r.double("a"), x = r.double("x")
      assertClose(SpecialFunctions.regularizedGammaP(a, x), r.double("p"), "P(\(a), \(x))")
      assertClose(SpecialFunctions.regularizedGammaQ(a, x), r.double("q"), "Q(\(a), \(x))")
      if r.double("q") > 1e-290 {  // the upper tail keeps its relative precision
        assertClose(SpecialFunctions.regularizedGammaQ(a, x) / r.double("q"), 1, tolerance: 1e-8,
                    "relative Q(\(a), \(x))")
      }
    }
  }

  func testRegularizedIncompleteBetaAndItsInverse() throws {
    for r in try rows("regularized_beta") {
      let a = r.double("a"), b = r.double("b"), x = r.double("x")
      assertClose(SpecialFunctions.regularizedBeta(x, a, b), r.double("i"), "I_\(x)(\(a), \(b))")
    }
    for r in try rows("inverse_regularized_beta") {
      let a = r.double("a"), b = r.double("b"), p = r.double("p")
      assertClose(SpecialFunctions.inverseRegularizedBeta(p, a, b), r.double("x"),
                  "I⁻¹_\(p)(\(a), \(b))")
    }
  }

  func testChiSquaredAndStudentT() throws {
    for r in try rows("chi_squared") {
      let chi = ChiSquared(degreesOfFreedom: r.double("df")), x = r.double("x")
      assertClose(chi.cdf(x), r.double("cdf"), "chi2 cdf(\(x); \(chi.degreesOfFreedom))")
      assertClose(chi.survival(x), r.double("sf"), "chi2 sf(\(x); \(chi.degreesOfFreedom))")
      assertClose(chi.survival(x) / r.double("sf"), 1, tolerance: 1e-8, "relative chi2 sf")
    }
    for r in try rows("student_t") {
      let t = StudentT(degreesOfFreedom: r.double("df")), x = r.double("t")
      assertClose(t.cdf(x), r.double("cdf"), "t cdf(\(x); \(t.degreesOfFreedom))")
      assertClose(t.survival(x), r.double("sf"), "t sf(\(x); \(t.degreesOfFreedom))")
      assertClose(t.survival(x) / r.double("sf"), 1, tolerance: 1e-8, "relative t sf")
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
