import Foundation
import OncoStats

/// The balance report of a matched cohort as text (printed, and saved as balance.txt) and as the
/// per-stratum table of balance.csv.
public struct BalanceReport: Sendable {
  public let cohort: MatchedCohort

  public init(_ cohort: MatchedCohort) {
    self.cohort = cohort
  }

  /// balance.csv: one row per stratum, then an `all` row.
  public var table: CSVWriter {
    var csv = CSVWriter(header: [
      "stratum", "sex", "age_from", "age_to", "cases", "wanted", "available",
      "same_stratum", "nearest_age", "controls", "short",
    ])
    for s in cohort.strata {
      csv.append([
        s.stratum.description, s.stratum.sex.rawValue, Stratum.format(s.stratum.lowerAge),
        Stratum.format(s.stratum.upperAge), String(s.cases), String(s.wanted),
        String(s.available), String(s.sameStratum), String(s.nearestAge), String(s.controls),
        String(s.short),
      ])
    }
    func total(_ value: (StratumBalance) -> Int) -> String {
      String(cohort.strata.reduce(0) { $0 + value($1) })
    }
    csv.append([
      "all", "", "", "", total(\.cases), total(\.wanted), total(\.available),
      total(\.sameStratum), total(\.nearestAge), total(\.controls), total(\.short),
    ])
    return csv
  }

  /// The report: strata, notes on short strata, age and sex balance, and age histograms (ASCII).
  public var text: String {
    let o = cohort.options
    let b = cohort.balance
    var lines = [
      "Matched cohort: \(cohort.cases.count) cases, \(cohort.controls.count) controls "
        + "(1:\(o.ratio), sex x \(Stratum.format(o.ageBinWidth))-year age bins, seed \(o.seed))",
      "Pool: \(cohort.poolSize) candidates, \(cohort.poolSize - cohort.controls.count) left unused"
        + (cohort.poolOverlap > 0
          ? ", \(cohort.poolOverlap) pool rows left out as they are cases" : ""),
      "",
      pad("stratum", 12) + pad("cases", 7, right: true) + pad("wanted", 8, right: true)
        + pad("in pool", 9, right: true) + pad("same bin", 10, right: true)
        + pad("nearest", 9, right: true) + pad("short", 7, right: true),
    ]
    for s in cohort.strata {
      lines.append(
        pad(s.stratum.description, 12) + pad(String(s.cases), 7, right: true)
          + pad(String(s.wanted), 8, right: true) + pad(String(s.available), 9, right: true)
          + pad(String(s.sameStratum), 10, right: true) + pad(String(s.nearestAge), 9, right: true)
          + pad(String(s.short), 7, right: true))
    }
    let short = cohort.shortStrata
    if !short.isEmpty {
      lines.append("")
      for s in short {
        var note = "\(s.stratum): only \(s.sameStratum) of \(s.wanted) controls in the bin"
        if s.nearestAge > 0 {
          note +=
            "; took \(s.nearestAge) of the nearest ages (\(s.stratum.sex)): "
            + s.nearestAges.map(Stratum.format).joined(separator: ", ")
        }
        if s.short > 0 { note += "; still \(s.short) short: no \(s.stratum.sex) controls left" }
        lines.append(note)
      }
    }
    lines += [
      "",
      String(
        format: "Age: cases %.1f ± %.1f, controls %.1f ± %.1f years; SMD %.3f",
        b.caseAges.mean, b.caseAges.standardDeviation, b.controlAges.mean,
        b.controlAges.standardDeviation, b.ageSMD)
        + (abs(b.ageSMD) < 0.1 ? " (balanced: |SMD| < 0.1)" : " (NOT balanced: |SMD| >= 0.1)"),
      String(
        format:
          "Sex: cases %.1f%% women (%d/%d), controls %.1f%% women (%d/%d); chi-square p = %.3g",
        100 * b.caseWomenShare, b.caseWomen, cohort.cases.count, 100 * b.controlWomenShare,
        b.controlWomen, cohort.controls.count, b.sexTest.p),
      "",
    ]
    lines += histogram()
    return lines.joined(separator: "\n") + "\n"
  }

  /// Age histograms of cases (#) and controls (=) side by side, one line per age bin.
  private func histogram() -> [String] {
    let width = cohort.options.ageBinWidth
    let caseAges = cohort.cases.compactMap(\.age)
    let controlAges = cohort.controls.compactMap(\.age)
    let all = caseAges + controlAges
    guard let low = all.min(), let high = all.max() else { return [] }
    let origin = (low / width).rounded(.down) * width
    let bins = Int(((high - origin) / width).rounded(.down)) + 1
    let cases = Histogram(caseAges, binWidth: width, origin: origin, binCount: bins)
    let controls = Histogram(controlAges, binWidth: width, origin: origin, binCount: bins)
    let most = max(cases.counts.max() ?? 1, controls.counts.max() ?? 1, 1)
    let barWidth = 28
    func bar(_ count: Int, _ symbol: String) -> String {
      let cells = Int((Double(count) / Double(most) * Double(barWidth)).rounded(.up))
      return String(repeating: symbol, count: cells)
    }
    var lines = [
      "Age histogram (# cases, = controls)",
      pad("age", 10) + pad("cases", 6, right: true) + " " + pad("", barWidth)
        + pad("controls", 9, right: true),
    ]
    for k in 0..<bins {
      let stratum = Stratum(sex: .female, age: cases.lowerEdge(k) + width / 2, binWidth: width)
      lines.append(
        pad(stratum.ageRange, 10) + pad(String(cases.counts[k]), 6, right: true) + " "
          + pad(bar(cases.counts[k], "#"), barWidth)
          + pad(String(controls.counts[k]), 9, right: true)
          + " " + bar(controls.counts[k], "="))
    }
    return lines
  }

  private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return right ? fill + text : text + fill
  }
}
