import OncoStats

/// How well controls match cases: age summaries and SMD, sex shares and a chi-square test.
public struct CohortBalance: Sendable {
  public let caseAges: SampleSummary
  public let controlAges: SampleSummary
  /// Standardised mean difference of age, cases minus controls (|SMD| < 0.1: well balanced).
  public let ageSMD: Double
  public let caseWomen: Int
  public let controlWomen: Int
  /// Pearson's chi-square (no continuity correction) on the 2 × 2 table group × sex.
  public let sexTest: ChiSquareTest

  public init(cases: [ManifestRow], controls: [ManifestRow]) {
    let caseAges = cases.compactMap(\.age)
    let controlAges = controls.compactMap(\.age)
    self.caseAges = SampleSummary(caseAges)
    self.controlAges = SampleSummary(controlAges)
    ageSMD = standardizedMeanDifference(caseAges, controlAges)
    caseWomen = cases.count { $0.sex == .female }
    controlWomen = controls.count { $0.sex == .female }
    let table = [
      [caseWomen, cases.count - caseWomen], [controlWomen, controls.count - controlWomen],
    ]
    // A rectangular table of non-negative counts is always a valid input.
    sexTest = try! ChiSquareTest(table)
  }

  public var caseWomenShare: Double { Double(caseWomen) / Double(caseAges.count) }
  public var controlWomenShare: Double { Double(controlWomen) / Double(controlAges.count) }
}
