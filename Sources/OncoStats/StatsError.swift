/// Why a statistic cannot be computed from the data given.
public enum StatsError: Error, CustomStringConvertible, Equatable {
  case lengthMismatch(scores: Int, labels: Int)
  case nonFiniteScore(index: Int)
  case needsBothClasses(positives: Int, negatives: Int)
  case tooFewValues(what: String, needed: Int, got: Int)
  case noVariation(String)
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .lengthMismatch(let scores, let labels):
      return "\(scores) scores but \(labels) labels; pass one score per labelled example."
    case .nonFiniteScore(let index):
      return "score \(index) is not a finite number; check the model's outputs for NaN."
    case .needsBothClasses(let positives, let negatives):
      return
        "ROC needs both classes, got \(positives) positive and \(negatives) negative examples; "
        + "check the label column and the positive value."
    case .tooFewValues(let what, let needed, let got):
      return "\(what) needs at least \(needed) values, got \(got)."
    case .noVariation(let what):
      return "\(what): every value is the same, so the statistic is undefined."
    case .invalidArgument(let what):
      return what
    }
  }
}
