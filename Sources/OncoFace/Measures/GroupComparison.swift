import OncoStats

/// Landmark measures compared between groups of faces: per group the mean and SD of each measure;
/// each other group against a reference group with Welch's t-test and Cohen's d (95% CI).
///
/// With two groups that is the one comparison (the other group minus the reference). With more,
/// every other group is compared with the reference, pairwise; the p-values are not adjusted for
/// these several comparisons (nor for the four measures), which the printed table says.
/// The reference is the `reference` argument, else `defaultReference(among:)`.
///
///     let comparison = try GroupComparison(groups: [("case", caseMeasures), ("control", controls)])
///     print(comparison.report)      // control is the reference: case − control
public struct GroupComparison: Sendable {
  /// One group's faces.
  public struct Group: Sendable {
    public let name: String
    public let measures: [LandmarkMeasures]
    /// Mean, SD, … of each measure over the group's faces.
    public let summaries: [FaceMeasure: SampleSummary]
  }

  /// One group against the reference, for one measure.
  public struct Comparison: Sendable {
    public let measure: FaceMeasure
    public let group: String
    public let reference: String
    /// Mean of the group minus mean of the reference.
    public let difference: Double
    /// Nil when a group has fewer than two faces or the values do not vary (see `note`).
    public let test: WelchTTest?
    public let effect: CohenD?
    /// Why `test` or `effect` is missing.
    public let note: String?
  }

  /// The groups, reference first, then the others in the order given.
  public let groups: [Group]
  public let reference: String
  /// For each measure (in `FaceMeasure.allCases` order), each non-reference group in order.
  public let comparisons: [Comparison]

  /// Summarises and compares `groups` (names must be distinct; each group may be empty).
  public init(
    groups input: [(name: String, measures: [LandmarkMeasures])],
    reference: String? = nil
  ) throws {
    let names = input.map(\.name)
    let chosen = reference ?? GroupComparison.defaultReference(among: names)
    guard let refIndex = names.firstIndex(of: chosen) else {
      throw MeasureError.unknownReference(chosen, groups: names)
    }
    let ordered =
      [input[refIndex]] + input.enumerated().filter { $0.offset != refIndex }.map(\.element)
    groups = ordered.map { entry in
      var summaries: [FaceMeasure: SampleSummary] = [:]
      for m in FaceMeasure.allCases { summaries[m] = SampleSummary(entry.measures.map { $0[m] }) }
      return Group(name: entry.name, measures: entry.measures, summaries: summaries)
    }
    self.reference = chosen
    var comparisons: [Comparison] = []
    let base = groups[0]
    for m in FaceMeasure.allCases {
      let b = base.measures.map { $0[m] }
      for other in groups.dropFirst() {
        let a = other.measures.map { $0[m] }
        var note: String?
        var test: WelchTTest?
        var effect: CohenD?
        do {
          test = try WelchTTest(a, b)
          effect = try CohenD(a, b)
        } catch let error as StatsError {
          note = GroupComparison.note(for: error)
        }
        comparisons.append(
          Comparison(
            measure: m, group: other.name, reference: chosen,
            difference: other.summaries[m]!.mean - base.summaries[m]!.mean,
            test: test, effect: effect, note: note))
      }
    }
    self.comparisons = comparisons
  }

  /// The first group with a `control` value (a name, or a part of a `label/sex` name, equal to
  /// "control" ignoring case); else the first group.
  public static func defaultReference(among names: [String]) -> String {
    names.first { name in
      name.split(separator: "/").contains { $0.lowercased() == "control" }
    } ?? names.first ?? ""
  }

  static func note(for error: StatsError) -> String {
    switch error {
    case .tooFewValues: return "needs at least 2 faces per group"
    case .noVariation: return "the values do not vary"
    default: return "\(error)"
    }
  }
}
