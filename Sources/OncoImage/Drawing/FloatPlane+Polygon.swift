/// Anti-aliased polygon coverage by scanline with sub-rows and exact horizontal span areas.
extension FloatPlane {
  /// Sub-scanlines per pixel row: coverage along y comes in eighths (horizontal coverage is exact),
  /// smooth enough for near-horizontal edges at chip scale.
  static let polygonSubRows = 8

  /// The coverage (0…1) of a closed polygon, non-zero winding, as a new plane of the given size.
  ///
  /// Vertices are in continuous pixel coordinates (pixel (x, y) spans [x, x+1) × [y, y+1)); the
  /// polygon closes itself. Self-intersecting outlines follow the non-zero rule.
  public static func coverage(ofPolygon points: [SIMD2<Double>], width: Int, height: Int)
    -> FloatPlane
  {
    var plane = FloatPlane(width: width, height: height)
    plane.fill(polygon: points)
    return plane
  }

  /// Raises every pixel to at least `value × coverage` of the polygon (a union with what is there).
  public mutating func fill(polygon points: [SIMD2<Double>], value: Float = 1) {
    guard points.count >= 3, width > 0, height > 0 else { return }
    var minY = Double.infinity
    var maxY = -Double.infinity
    for p in points {
      minY = min(minY, p.y)
      maxY = max(maxY, p.y)
    }
    guard minY.isFinite, maxY.isFinite else { return }
    let y0 = max(0, Int(minY.rounded(.down)))
    let y1 = min(height - 1, Int(maxY.rounded(.down)))
    guard y0 <= y1 else { return }
    let sub = FloatPlane.polygonSubRows
    let weight = 1 / Double(sub)
    var row = [Double](repeating: 0, count: width + 1)
    var crossings: [(x: Double, winding: Int)] = []
    crossings.reserveCapacity(16)
    let n = points.count
    for y in y0...y1 {
      var touchedLow = width
      var touchedHigh = -1
      for s in 0..<sub {
        let sy = Double(y) + (Double(s) + 0.5) * weight
        crossings.removeAll(keepingCapacity: true)
        for i in 0..<n {
          let a = points[i]
          let b = points[(i + 1) % n]
          if (a.y <= sy && b.y > sy) || (b.y <= sy && a.y > sy) {
            let t = (sy - a.y) / (b.y - a.y)
            crossings.append((a.x + t * (b.x - a.x), b.y > a.y ? 1 : -1))
          }
        }
        guard crossings.count >= 2 else { continue }
        crossings.sort { $0.x < $1.x }
        var winding = 0
        for k in 0..<(crossings.count - 1) {
          winding += crossings[k].winding
          guard winding != 0 else { continue }
          let xa = max(0, crossings[k].x)
          let xb = min(Double(width), crossings[k + 1].x)
          guard xb > xa else { continue }
          let ia = Int(xa)
          let ib = min(width - 1, Int(xb))
          touchedLow = min(touchedLow, ia)
          touchedHigh = max(touchedHigh, ib)
          if ia == ib {
            row[ia] += (xb - xa) * weight
          } else {
            row[ia] += (Double(ia + 1) - xa) * weight
            if ia + 1 < ib { for x in (ia + 1)..<ib { row[x] += weight } }
            row[ib] += (xb - Double(ib)) * weight
          }
        }
      }
      guard touchedLow <= touchedHigh else { continue }
      let base = y * width
      for x in touchedLow...touchedHigh {
        let c = Float(min(row[x], 1)) * value
        if c > values[base + x] { values[base + x] = c }
        row[x] = 0
      }
    }
  }
}
