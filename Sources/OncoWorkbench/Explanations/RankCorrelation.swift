/// Spearman's rank correlation: Pearson's correlation of the ranks, ties given their mean rank.
enum RankCorrelation {
  /// ρ of two equally long samples; nil when either is constant (no ranking to compare).
  static func spearman(_ a: [Float], _ b: [Float]) -> Double? {
    precondition(a.count == b.count, "spearman: \(a.count) and \(b.count) values")
    guard a.count >= 2 else { return nil }
    return pearson(ranks(a), ranks(b))
  }

  /// Ranks 1…n, tied values sharing the mean of their ranks.
  static func ranks(_ values: [Float]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
      let mean = Double(i + j) / 2 + 1
      for k in i...j { ranks[order[k]] = mean }
      i = j + 1
    }
    return ranks
  }

  static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n
    let my = y.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for i in 0..<x.count {
      let dx = x[i] - mx
      let dy = y[i] - my
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    guard sxx > 0, syy > 0 else { return nil }
    return sxy / (sxx * syy).squareRoot()
  }
}
