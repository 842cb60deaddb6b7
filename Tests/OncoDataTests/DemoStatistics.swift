import Foundation

/// Small statistics the demo-cohort tests need: AUC, Cohen's d, and a cross-validated logistic
/// regression (so that "a classifier on these features" is a real classifier, not a threshold
/// picked after looking at the data).
enum DemoStatistics {
  /// Area under the ROC curve of `scores` for `labels` (Mann–Whitney, ties count half).
  static func auc(scores: [Double], labels: [Bool]) -> Double {
    var positives = 0.0
    var negatives = 0.0
    var wins = 0.0
    for (i, si) in scores.enumerated() where labels[i] {
      positives += 1
      for (j, sj) in scores.enumerated() where !labels[j] {
        wins += si > sj ? 1 : si == sj ? 0.5 : 0
      }
    }
    negatives = Double(labels.count) - positives
    return wins / (positives * negatives)
  }

  /// Cohen's d of `a` against `b` (pooled standard deviation).
  static func cohensD(_ a: [Double], _ b: [Double]) -> Double {
    func meanVar(_ x: [Double]) -> (Double, Double) {
      let m = x.reduce(0, +) / Double(x.count)
      return (m, x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1))
    }
    let (ma, va) = meanVar(a)
    let (mb, vb) = meanVar(b)
    let pooled =
      ((Double(a.count - 1) * va + Double(b.count - 1) * vb)
      / Double(a.count + b.count - 2)).squareRoot()
    return (ma - mb) / pooled
  }

  /// Out-of-fold probabilities of an L2-regularised logistic regression (Newton's method on
  /// standardised features), `folds`-fold cross-validation with folds interleaved by index.
  static func crossValidatedScores(features: [[Double]], labels: [Bool], folds: Int = 5)
    -> [Double]
  {
    var scores = [Double](repeating: 0, count: labels.count)
    for fold in 0..<folds {
      let train = labels.indices.filter { $0 % folds != fold }
      let test = labels.indices.filter { $0 % folds == fold }
      let model = LogisticModel(
        features: train.map { features[$0] }, labels: train.map { labels[$0] })
      for i in test { scores[i] = model.probability(features[i]) }
    }
    return scores
  }

  /// Cross-validated AUC of a logistic regression on `features`.
  static func crossValidatedAUC(features: [[Double]], labels: [Bool]) -> Double {
    auc(scores: crossValidatedScores(features: features, labels: labels), labels: labels)
  }

  struct LogisticModel {
    var mean: [Double], scale: [Double], weights: [Double]

    init(features: [[Double]], labels: [Bool], ridge: Double = 1e-2) {
      let n = Double(features.count)
      let k = features[0].count
      mean = (0..<k).map { j in features.reduce(0) { $0 + $1[j] } / n }
      scale = (0..<k).map { j in
        let m = features.reduce(0) { $0 + $1[j] } / n
        let v = features.reduce(0) { $0 + ($1[j] - m) * ($1[j] - m) } / n
        return v > 0 ? v.squareRoot() : 1
      }
      weights = [Double](repeating: 0, count: k + 1)
      let x = features.map { row in [1] + (0..<k).map { (row[$0] - mean[$0]) / scale[$0] } }
      for _ in 0..<25 {
        var gradient = [Double](repeating: 0, count: k + 1)
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: k + 1)
        for (row, label) in zip(x, labels) {
          let p = 1 / (1 + exp(-zip(row, weights).reduce(0) { $0 + $1.0 * $1.1 }))
          let r = p - (label ? 1 : 0)
          let w = p * (1 - p)
          for a in 0...k {
            gradient[a] += r * row[a]
            for b in 0...k { hessian[a][b] += w * row[a] * row[b] }
          }
        }
        for a in 1...k {
          gradient[a] += ridge * weights[a]
          hessian[a][a] += ridge
        }
        let step = DemoStatistics.solve(hessian, gradient)
        for a in 0...k { weights[a] -= step[a] }
      }
    }

    func probability(_ row: [Double]) -> Double {
      var z = weights[0]
      for j in 0..<mean.count { z += weights[j + 1] * (row[j] - mean[j]) / scale[j] }
      return 1 / (1 + exp(-z))
    }
  }

  /// Solves `a x = b` by Gaussian elimination with partial pivoting (small systems only).
  static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
    var m = a
    var v = b
    let n = v.count
    for c in 0..<n {
      let pivot = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) }!
      m.swapAt(c, pivot)
      v.swapAt(c, pivot)
      guard abs(m[c][c]) > 1e-12 else { continue }
      for r in (c + 1)..<max(n, c + 1) where r < n {
        let f = m[r][c] / m[c][c]
        for k in c..<n { m[r][k] -= f * m[c][k] }
        v[r] -= f * v[c]
      }
    }
    var x = [Double](repeating: 0, count: n)
    for r in stride(from: n - 1, through: 0, by: -1) {
      var s = v[r]
      for k in (r + 1)..<max(n, r + 1) where k < n { s -= m[r][k] * x[k] }
      x[r] = abs(m[r][r]) > 1e-12 ? s / m[r][r] : 0
    }
    return x
  }
}
