/// The standardised mean difference used to judge covariate balance after matching (Austin 2009):
/// (mean a − mean b) / √((s²a + s²b) / 2). |SMD| < 0.1 is the usual mark of a good match.
///
/// Unlike Cohen's d the two variances weigh equally, whatever the group sizes. Two constant samples
/// give 0 when their means agree and ±∞ otherwise; a group with fewer than two values gives NaN.
public func standardizedMeanDifference(_ a: [Double], _ b: [Double]) -> Double {
  let x = SampleSummary(a), y = SampleSummary(b)
  guard x.count >= 2, y.count >= 2 else { return .nan }
  let spread = ((x.variance + y.variance) / 2).squareRoot()
  if spread == 0 { return x.mean == y.mean ? 0 : (x.mean > y.mean ? .infinity : -.infinity) }
  return (x.mean - y.mean) / spread
}
