/// Counts for the Data screen's balance panel: ages per bin and sexes, per label group.
///
/// This is display arithmetic only; the matching statistics (SMD, chi-square) come from OncoData.
public struct Balance: Sendable {
  public struct Group: Sendable {
    public var name: String
    public var ages: [Int]
    public var female: Int
    public var male: Int
    public var unknownSex: Int

    /// "F 53% · M 47%" (and the unknown share when there is one).
    public var sexSummary: String {
      let total = max(1, female + male + unknownSex)
      var text = "F \(percent(female, total)) · M \(percent(male, total))"
      if unknownSex > 0 { text += " · ? \(percent(unknownSex, total))" }
      return text
    }

    private func percent(_ n: Int, _ total: Int) -> String {
      "\(Int((Double(n) / Double(total) * 100).rounded()))%"
    }
  }

  public struct Bin: Sendable {
    public var name: String
    public var range: Range<Int>
  }

  public var groups: [Group]

  /// Groups by label, in order of first appearance.
  public init(faces: [DataScreen.Face]) {
    var order: [String] = []
    var byLabel: [String: Group] = [:]
    for face in faces {
      if byLabel[face.label] == nil {
        order.append(face.label)
        byLabel[face.label] = Group(name: face.label, ages: [], female: 0, male: 0, unknownSex: 0)
      }
      if let age = face.age { byLabel[face.label]!.ages.append(age) }
      switch face.sex {
      case "F": byLabel[face.label]!.female += 1
      case "M": byLabel[face.label]!.male += 1
      default: byLabel[face.label]!.unknownSex += 1
      }
    }
    groups = order.map { byLabel[$0]! }
  }

  public func counts(of group: Group, in bins: [Bin]) -> [Int] {
    bins.map { bin in group.ages.filter { bin.range.contains($0) }.count }
  }

  public static let decadeBins: [Bin] = [
    Bin(name: "<20", range: 0..<20), Bin(name: "20–29", range: 20..<30),
    Bin(name: "30–39", range: 30..<40),
    Bin(name: "40–49", range: 40..<50), Bin(name: "50–59", range: 50..<60),
    Bin(name: "60–69", range: 60..<70),
    Bin(name: "70+", range: 70..<200),
  ]

  public static let coarseBins: [Bin] = [
    Bin(name: "<40", range: 0..<40), Bin(name: "40–59", range: 40..<60),
    Bin(name: "60+", range: 60..<200),
  ]
}
