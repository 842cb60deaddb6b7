import Foundation
import OncoData
import OncoFace
import OncoStats

/// The share of Grad-CAM mass per face region, per class: the mean over the faces of each class
/// with a 95% t-interval, and the difference between the two classes with a Welch interval.
///
/// Each face's map explains its own class (`SessionExplainer.Target.label`), so "case" reads as
/// "where the evidence for case lies in case faces". A paper's "facial skin drives the cancer
/// class" becomes the skin row: its share in the positive class and how much larger it is than in
/// the other class.
///
///     region      case (n=45)          control (n=45)       case − control
///     skin        0.512 [0.47–0.55]    0.301 [0.27–0.33]    +0.211 [+0.16–+0.26]
public struct RegionTable: Sendable {
  /// One class's faces: their count and per-region mean share with its interval.
  public struct Column: Sendable {
    public let label: String
    public let count: Int
    public let cells: [FaceRegion: Estimate]
  }

  /// A mean (or difference of means) with its 95% confidence interval; NaN bounds when a class has
  /// fewer than two faces.
  public struct Estimate: Sendable, Equatable {
    public let value: Double
    public let lower: Double
    public let upper: Double
  }

  /// Positive class first.
  public let columns: [Column]
  /// Positive minus negative class, per region (nil unless there are exactly two classes).
  public let difference: [FaceRegion: Estimate]?

  /// The table of `shares` (one dictionary per face) grouped by `labels` (same order); `order`
  /// gives the column order (the positive label first).
  public init(shares: [[FaceRegion: Double]], labels: [String], order: [String]) {
    let columns = order.compactMap { label -> Column? in
      let rows = zip(shares, labels).filter { $0.1 == label }.map(\.0)
      guard !rows.isEmpty else { return nil }
      var cells: [FaceRegion: Estimate] = [:]
      for region in FaceRegion.allCases {
        cells[region] = RegionTable.meanInterval(rows.map { $0[region] ?? 0 })
      }
      return Column(label: label, count: rows.count, cells: cells)
    }
    self.columns = columns
    if columns.count == 2 {
      var difference: [FaceRegion: Estimate] = [:]
      for region in FaceRegion.allCases {
        let a = zip(shares, labels).filter { $0.1 == columns[0].label }.map { $0.0[region] ?? 0 }
        let b = zip(shares, labels).filter { $0.1 == columns[1].label }.map { $0.0[region] ?? 0 }
        difference[region] = RegionTable.welchInterval(a, b)
      }
      self.difference = difference
    } else {
      difference = nil
    }
  }

  /// The table as printed: one row per region.
  public var text: String {
    func cell(_ e: Estimate, signed: Bool = false) -> String {
      let f = { (x: Double) in
        x.isNaN ? "–" : String(format: signed ? "%+.3f" : "%.3f", x)
      }
      return "\(f(e.value)) [\(f(e.lower))–\(f(e.upper))]"
    }
    func pad(_ s: String, _ n: Int) -> String {
      s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
    }
    var header = pad("region", 10)
    for c in columns { header += pad("\(c.label) (n=\(c.count))", 24) }
    if difference != nil { header += "\(columns[0].label) − \(columns[1].label)" }
    var lines = [header.trimmingCharacters(in: .whitespaces)]
    for region in FaceRegion.allCases {
      var line = pad(region.name, 10)
      for c in columns { line += pad(cell(c.cells[region]!), 24) }
      if let d = difference?[region] { line += cell(d, signed: true) }
      lines.append(line.trimmingCharacters(in: .whitespaces))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// regions.csv: `class,faces,region,mean,lower,upper`, then the difference rows with class
  /// `<positive> - <negative>`.
  public var csv: String {
    var out = CSVWriter(header: ["class", "faces", "region", "mean", "lower", "upper"])
    func add(_ label: String, _ count: Int, _ region: FaceRegion, _ e: Estimate) {
      out.append(
        [label, "\(count)", region.name] + [e.value, e.lower, e.upper].map(RegionTable.number))
    }
    for c in columns {
      for region in FaceRegion.allCases { add(c.label, c.count, region, c.cells[region]!) }
    }
    if let difference {
      let label = "\(columns[0].label) - \(columns[1].label)"
      for region in FaceRegion.allCases {
        add(label, columns[0].count + columns[1].count, region, difference[region]!)
      }
    }
    return out.text
  }

  static func number(_ x: Double) -> String { x.isNaN ? "" : String(format: "%.6g", x) }

  /// Mean ± t(0.975, n−1)·s/√n.
  static func meanInterval(_ values: [Double]) -> Estimate {
    let s = SampleSummary(values)
    guard s.count >= 2 else { return Estimate(value: s.mean, lower: .nan, upper: .nan) }
    let half =
      StudentT(degreesOfFreedom: Double(s.count - 1)).quantile(0.975)
      * s.standardDeviation / Double(s.count).squareRoot()
    return Estimate(value: s.mean, lower: s.mean - half, upper: s.mean + half)
  }

  /// Difference of means with Welch's standard error and Welch–Satterthwaite degrees of freedom.
  static func welchInterval(_ a: [Double], _ b: [Double]) -> Estimate {
    let x = SampleSummary(a)
    let y = SampleSummary(b)
    let difference = x.mean - y.mean
    guard x.count >= 2, y.count >= 2 else {
      return Estimate(value: difference, lower: .nan, upper: .nan)
    }
    let va = x.variance / Double(x.count)
    let vb = y.variance / Double(y.count)
    let se = (va + vb).squareRoot()
    guard se > 0 else { return Estimate(value: difference, lower: difference, upper: difference) }
    let df =
      (va + vb) * (va + vb)
      / (va * va / Double(x.count - 1) + vb * vb / Double(y.count - 1))
    let half = StudentT(degreesOfFreedom: df).quantile(0.975) * se
    return Estimate(value: difference, lower: difference - half, upper: difference + half)
  }
}
