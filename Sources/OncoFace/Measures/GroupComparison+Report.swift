import Foundation
import OncoStats

extension GroupComparison {
  /// The printed report: per-group mean ± SD of every measure, then each group against the
  /// reference (difference, Welch t, degrees of freedom, two-sided p, Cohen's d with 95% CI).
  ///
  /// ```
  /// Landmark measures, mean ± SD
  /// measure  control (n=300)  case (n=300)
  /// fWHR     1.937 ± 0.102    1.941 ± 0.098
  /// …
  /// case vs control (Welch t-test; Cohen's d, 95% CI; p not adjusted for multiple comparisons)
  /// measure  difference  t       df     p        d [95% CI]
  /// CJWR     -0.0853     -17.94  596.9  4.1e-56  -1.46 [-1.64, -1.28]
  /// ```
  public var report: String {
    var summary = [["measure"] + groups.map { "\($0.name) (n=\($0.measures.count))" }]
    for m in FaceMeasure.allCases {
      summary.append(
        [m.title]
          + groups.map { g in
            let s = g.summaries[m]!
            guard s.count > 0 else { return "-" }
            return s.count < 2
              ? GroupComparison.fixed(s.mean, 3)
              : "\(GroupComparison.fixed(s.mean, 3)) ± \(GroupComparison.fixed(s.standardDeviation, 3))"
          })
    }
    var text = "Landmark measures, mean ± SD\n" + GroupComparison.columns(summary)
    for group in groups.dropFirst() {
      text +=
        "\n\(group.name) vs \(reference) (Welch t-test; Cohen's d, 95% CI; "
        + "p not adjusted for multiple comparisons)\n"
      var rows = [["measure", "difference", "t", "df", "p", "d [95% CI]"]]
      for c in comparisons where c.group == group.name {
        let diff = c.difference.isFinite ? String(format: "%+.4f", c.difference) : "-"
        if let t = c.test, let d = c.effect {
          rows.append([
            c.measure.title, diff, String(format: "%.2f", t.statistic),
            String(format: "%.1f", t.degreesOfFreedom), GroupComparison.pValue(t.p),
            String(format: "%.2f [%.2f, %.2f]", d.value, d.lower, d.upper),
          ])
        } else {
          rows.append([c.measure.title, diff, "-", "-", "-", c.note ?? "-"])
        }
      }
      text += GroupComparison.columns(rows)
    }
    return text
  }

  /// The columns of group-comparison.csv.
  public static let tableHeader = [
    "measure", "group", "n", "mean", "sd", "reference", "difference",
    "t", "df", "p", "d", "d_lower", "d_upper", "note",
  ]

  /// One row per measure and group: the summary, and for non-reference groups the comparison
  /// with the reference (empty cells where a value does not exist).
  public var tableRows: [[String]] {
    var rows: [[String]] = []
    for m in FaceMeasure.allCases {
      for group in groups {
        let s = group.summaries[m]!
        var row = [
          m.rawValue, group.name, String(s.count), GroupComparison.plain(s.mean),
          GroupComparison.plain(s.standardDeviation),
        ]
        if let c = comparisons.first(where: { $0.measure == m && $0.group == group.name }) {
          row += [
            c.reference, GroupComparison.plain(c.difference),
            GroupComparison.plain(c.test?.statistic),
            GroupComparison.plain(c.test?.degreesOfFreedom),
            GroupComparison.plain(c.test?.p), GroupComparison.plain(c.effect?.value),
            GroupComparison.plain(c.effect?.lower), GroupComparison.plain(c.effect?.upper),
            c.note ?? "",
          ]
        } else {
          row += Array(repeating: "", count: 9)
        }
        rows.append(row)
      }
    }
    return rows
  }

  /// A number as CSV wants it: shortest round-trip text; empty for nil, NaN or infinity.
  static func plain(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "" }
    return "\(value)"
  }

  static func fixed(_ value: Double, _ digits: Int) -> String {
    value.isFinite ? String(format: "%.\(digits)f", value) : "-"
  }

  /// p with three significant digits, in exponent form below 0.001.
  static func pValue(_ p: Double) -> String {
    guard p.isFinite else { return "-" }
    return p < 0.001 ? String(format: "%.2g", p) : String(format: "%.3f", p)
  }

  /// Left-aligned columns, two spaces apart.
  static func columns(_ rows: [[String]]) -> String {
    let widths = (0..<(rows.map(\.count).max() ?? 0)).map { i in
      rows.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0
    }
    return rows.map { row in
      row.enumerated().map { i, cell in
        i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
      }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
  }
}
