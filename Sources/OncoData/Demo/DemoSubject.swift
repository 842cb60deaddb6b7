/// One person of the demo cohort: label, sex and age, drawn so that the label says nothing about
/// sex or age.
///
/// Faces come in pairs that share sex and age (an exactly matched case and control, like the paper's
/// sex/age-matched design); a coin per pair decides which one is the case. So both groups have the
/// same sex and age distribution by construction. With an odd count the last face has no partner
/// and its label is a coin toss.
struct DemoSubject: Sendable, Equatable {
  let index: Int
  let isCase: Bool
  let isMale: Bool
  let age: Int

  /// `demo0001`, `demo0002`, … (wider for cohorts above 9,999 faces).
  var id: String { DemoSubject.id(index) }

  static func id(_ index: Int) -> String {
    let n = String(index + 1)
    return "demo" + String(repeating: "0", count: max(0, 4 - n.count)) + n
  }

  /// The subject at `index` under `seed`; depends on nothing else (any order, any thread).
  static func make(index: Int, seed: UInt64) -> DemoSubject {
    let pair = index / 2
    var rng = DemoRandom(seed: seed, purpose: "pair", index: pair)
    let isMale = rng.chance(0.474)  // the paper: 3,851 of 8,124 patients were men
    let age = sampleAge(&rng)
    let caseIsFirst = rng.chance(0.5)
    return DemoSubject(
      index: index, isCase: (index % 2 == 0) == caseIsFirst, isMale: isMale, age: age)
  }

  /// Ages 1–70 with median 52, like the paper's patients (a long tail of children and young adults).
  ///
  /// Piecewise-linear quantile function through (probability, age) knots.
  static func sampleAge(_ rng: inout DemoRandom) -> Int {
    let knots: [(Double, Double)] = [
      (0, 1), (0.04, 6), (0.08, 17), (0.15, 32), (0.30, 44), (0.50, 52), (0.75, 60), (0.90, 65),
      (1, 70.99),
    ]
    let u = rng.uniform()
    for k in 1..<knots.count where u <= knots[k].0 {
      let (p0, a0) = knots[k - 1]
      let (p1, a1) = knots[k]
      return min(70, max(1, Int(a0 + (u - p0) / (p1 - p0) * (a1 - a0))))
    }
    return 70
  }
}
