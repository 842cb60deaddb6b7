/// Why landmark measures could not be computed or compared.
public enum MeasureError: Error, CustomStringConvertible, Equatable, Sendable {
  /// Not the 68 iBUG landmarks.
  case wrongPointCount(Int)
  /// A coordinate that is NaN or infinite.
  case notFinite
  /// The landmarks are degenerate for a measure (e.g. the eye centres coincide, a zero height).
  case degenerate(String)
  /// A reference group that is not among the groups.
  case unknownReference(String, groups: [String])

  public var description: String {
    switch self {
    case .wrongPointCount(let n):
      return "\(n) landmarks where the measures need the 68 iBUG points (x0,y0 … x67,y67)"
    case .notFinite:
      return "a landmark coordinate is not a number"
    case .degenerate(let what):
      return "degenerate landmarks: \(what)"
    case .unknownReference(let name, let groups):
      return "no group \"\(name)\" to compare against; the groups are: "
        + groups.map { "\"\($0)\"" }.joined(separator: ", ")
    }
  }
}
