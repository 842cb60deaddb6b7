import OncoImage

/// Point-in-polygon for any simple polygon (crossing number, even-odd rule).
enum Polygon {
  static func contains(_ polygon: [Point], _ q: Point) -> Bool {
    var inside = false
    var j = polygon.count - 1
    for i in 0..<polygon.count {
      let a = polygon[i]
      let b = polygon[j]
      if (a.y > q.y) != (b.y > q.y),
        q.x < (b.x - a.x) * (q.y - a.y) / (b.y - a.y) + a.x
      {
        inside.toggle()
      }
      j = i
    }
    return inside
  }
}
