/// Why a matched cohort cannot be built.
public enum CohortError: Error, CustomStringConvertible, Equatable {
  case badOption(String)
  case noCases(file: String)
  case incompleteRow(role: String, line: Int)
  case emptyPool(file: String)

  public var description: String {
    switch self {
    case .badOption(let text): return text
    case .noCases(let file):
      return
        "\(file): no usable case (each needs an existing file, a sex and an age); see the rows "
        + "reported above."
    case .incompleteRow(let role, let line):
      return "\(role) row on line \(line) has no sex or no age; read manifests for matching with "
        + "ManifestOptions(required: [.sex, .age])."
    case .emptyPool(let file):
      return
        "\(file): the pool has no usable control (each needs an existing file, a sex and an age, "
        + "and must not be a case)."
    }
  }
}
