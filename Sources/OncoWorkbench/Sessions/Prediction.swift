import Foundation
import OncoData

/// One row of predictions.csv: an image, its label, the probability of the positive label under the
/// best epoch's weights, its split and whether the call at 0.5 was right.
///
///     path,label,probability,split,correct,id,chip
///     images/54_1_0_2017.jpg,F,0.9731,test,true,a1b2c3,/…/Prepared/chips/a1b2c3.png
public struct Prediction: Sendable, Equatable {
  /// The image as the input data set names it.
  public var path: String
  /// The label value as written in the data set (e.g. `case`, `F`).
  public var label: String
  /// P(positive label), in [0, 1].
  public var probability: Double
  public var split: Split
  /// True when `probability ≥ 0.5` agrees with the label.
  public var correct: Bool
  /// The prepared item's id (its chip is `chips/<id>.png` in the prepared folder).
  public var id: String
  /// The chip the network saw (absolute path).
  public var chip: String

  public init(
    path: String, label: String, probability: Double, split: Split, correct: Bool, id: String,
    chip: String
  ) {
    self.path = path
    self.label = label
    self.probability = probability
    self.split = split
    self.correct = correct
    self.id = id
    self.chip = chip
  }

  static let header = ["path", "label", "probability", "split", "correct", "id", "chip"]

  /// Writes predictions.csv atomically.
  public static func write(_ predictions: [Prediction], to url: URL) throws(FileError) {
    var csv = CSVWriter(header: header)
    for p in predictions {
      csv.append([
        p.path, p.label, "\(p.probability)", p.split.rawValue, p.correct ? "true" : "false",
        p.id, p.chip,
      ])
    }
    try AtomicFile.write(Data(csv.text.utf8), to: url)
  }

  /// Reads predictions.csv; rows that do not parse are skipped.
  public static func read(_ url: URL) throws -> [Prediction] {
    let csv = try CSVFile(contentsOf: url)
    guard csv.header == header else {
      throw SessionError.damaged(
        path: url.path, reason: "the header is not \(header.joined(separator: ","))")
    }
    return csv.records.compactMap { record in
      let f = record.fields
      guard record.problem == nil, f.count == header.count, let probability = Double(f[2]),
        let split = Split(spelling: f[3])
      else { return nil }
      return Prediction(
        path: f[0], label: f[1], probability: probability, split: split,
        correct: f[4] == "true", id: f[5], chip: f[6])
    }
  }
}
