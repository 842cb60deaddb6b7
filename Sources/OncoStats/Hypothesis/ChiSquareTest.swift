/// Pearson's chi-square test of independence for an r × k table of counts (e.g. group × sex).
///
/// Rows or columns that are all zero are left out first (they carry no information and would divide
/// by zero); a table left with fewer than two rows or columns has statistic 0, 0 degrees of freedom and
/// p = 1. With `continuityCorrection`, Yates' correction is applied when there is one degree of freedom,
/// exactly as scipy's `chi2_contingency` does (each |observed − expected| shrunk by at most ½).
///
///     let test = try ChiSquareTest([[90, 60], [88, 62]])   // cases vs controls, women/men
///     test.p                                               // 0.81…
public struct ChiSquareTest: Sendable, Hashable {
  public let statistic: Double
  public let degreesOfFreedom: Int
  public let p: Double

  public init(_ table: [[Int]], continuityCorrection: Bool = false) throws {
    guard let width = table.first?.count, table.allSatisfy({ $0.count == width }) else {
      throw StatsError.invalidArgument("a contingency table needs rows of equal length")
    }
    guard table.allSatisfy({ $0.allSatisfy { $0 >= 0 } }) else {
      throw StatsError.invalidArgument(
        "a contingency table holds counts, and counts are never negative")
    }
    let rows = table.filter { $0.contains { $0 > 0 } }
    let columns = (0..<width).filter { j in rows.contains { $0[j] > 0 } }
    let observed = rows.map { row in columns.map { Double(row[$0]) } }
    guard observed.count >= 2, columns.count >= 2 else {
      statistic = 0
      degreesOfFreedom = 0
      p = 1
      return
    }
    let rowTotals = observed.map { $0.reduce(0, +) }
    let columnTotals = columns.indices.map { j in observed.reduce(0) { $0 + $1[j] } }
    let total = rowTotals.reduce(0, +)
    let df = (observed.count - 1) * (columns.count - 1)
    var chi2 = 0.0
    for i in observed.indices {
      for j in columns.indices {
        let expected = rowTotals[i] * columnTotals[j] / total
        var difference = observed[i][j] - expected
        if continuityCorrection, df == 1 {
          difference -= (difference > 0 ? 1 : -1) * min(0.5, abs(difference))
        }
        chi2 += difference * difference / expected
      }
    }
    statistic = chi2
    degreesOfFreedom = df
    p = ChiSquared(degreesOfFreedom: Double(df)).survival(chi2)
  }
}
