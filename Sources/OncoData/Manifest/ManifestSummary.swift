/// How many rows a manifest kept and how many it left out, per reason.
public struct ManifestSummary: Sendable, Hashable, CustomStringConvertible {
  public var kept: Int
  /// Rows left out (a row with several problems counts once here, once per problem in `reasons`).
  public var skipped: Int
  public var reasons: [ManifestIssue.Reason: Int]

  public init(kept: Int, issues: [ManifestIssue]) {
    self.kept = kept
    skipped = Set(issues.map(\.line)).count
    reasons = Dictionary(issues.map { ($0.reason, 1) }, uniquingKeysWith: +)
  }

  /// `1180 rows kept, 20 skipped (12 missing file, 8 unknown sex)`, reasons in a fixed order.
  public var description: String {
    var text = "\(kept) row\(kept == 1 ? "" : "s") kept, \(skipped) skipped"
    let parts = ManifestIssue.Reason.allCases.compactMap { reason in
      reasons[reason].map { "\($0) \(reason)" }
    }
    if !parts.isEmpty { text += " (" + parts.joined(separator: ", ") + ")" }
    return text
  }
}
