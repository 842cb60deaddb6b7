/// Why a split cannot be made or read back.
public enum SplitError: Error, CustomStringConvertible, Equatable {
  case badFractions(train: Double, validation: Double, test: Double)
  case missingColumn(file: String, column: String)
  case badValue(file: String, line: Int, value: String)

  public var description: String {
    switch self {
    case .badFractions(let train, let validation, let test):
      return "split fractions \(train)/\(validation)/\(test) must be non-negative, with train > 0, "
        + "and add up to 1 (e.g. 0.7/0.15/0.15)."
    case .missingColumn(let file, let column):
      return
        "\(file): no `\(column)` column to read the split from; it is written with the session's "
        + "cohort.csv."
    case .badValue(let file, let line, let value):
      return
        "\(file): line \(line): split \"\(value)\" is not train, val or test; fix or remove the row."
    }
  }
}
