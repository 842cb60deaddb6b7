/// y(x) through knots sorted by x, linear between them and constant beyond the ends.
struct PiecewiseLinear {
  let knots: [(x: Double, y: Double)]

  init(knots: [(Double, Double)]) {
    self.knots = knots.map { (x: $0.0, y: $0.1) }.sorted { $0.x < $1.x }
  }

  func height(at x: Double) -> Double {
    guard let first = knots.first, let last = knots.last else { return 0 }
    if x <= first.x { return first.y }
    if x >= last.x { return last.y }
    var i = 1
    while knots[i].x < x { i += 1 }
    let a = knots[i - 1]
    let b = knots[i]
    let t = b.x > a.x ? (x - a.x) / (b.x - a.x) : 0
    return a.y + (b.y - a.y) * t
  }
}
