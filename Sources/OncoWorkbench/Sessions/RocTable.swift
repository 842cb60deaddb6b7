import Foundation
import OncoData
import OncoStats

/// roc.csv: the ROC curves of a session, `set,fpr,tpr,threshold`, one row per point.
///
/// `set` is `val` (the best epoch on the validation set) or `test` (those weights on the test set).
/// The first point of each curve has threshold `inf` (nothing called positive).
///
///     set,fpr,tpr,threshold
///     val,0,0,inf
///     val,0,0.0714,0.9981
public struct RocTable: Sendable, Equatable {
  /// Curve points per set, thresholds descending.
  public var curves: [Split: [RocPoint]]

  public init(curves: [Split: [RocPoint]] = [:]) {
    self.curves = curves
  }

  /// Reads roc.csv; rows that do not parse are skipped.
  public init(contentsOf url: URL) throws {
    let csv = try CSVFile(contentsOf: url)
    let index = Dictionary(
      csv.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    guard let s = index["set"], let f = index["fpr"], let t = index["tpr"],
      let h = index["threshold"]
    else {
      throw SessionError.damaged(path: url.path, reason: "the header is not set,fpr,tpr,threshold")
    }
    var curves: [Split: [RocPoint]] = [:]
    for record in csv.records where record.problem == nil && record.fields.count == csv.header.count
    {
      guard let set = Split(spelling: record.fields[s]), let fpr = Double(record.fields[f]),
        let tpr = Double(record.fields[t]), let threshold = Double(record.fields[h])
      else { continue }
      curves[set, default: []].append(
        RocPoint(falsePositiveRate: fpr, truePositiveRate: tpr, threshold: threshold))
    }
    self.curves = curves
  }

  /// The file's text, validation curve first.
  public var csvText: String {
    var csv = CSVWriter(header: ["set", "fpr", "tpr", "threshold"])
    for set in Split.allCases {
      for p in curves[set] ?? [] {
        csv.append([
          set.rawValue, "\(p.falsePositiveRate)", "\(p.truePositiveRate)", "\(p.threshold)",
        ])
      }
    }
    return csv.text
  }

  /// Writes roc.csv atomically.
  public func write(to url: URL) throws(FileError) {
    try AtomicFile.write(Data(csvText.utf8), to: url)
  }
}
