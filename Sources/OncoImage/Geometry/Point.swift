/// A point in pixel coordinates: x to the right, y down; (0, 0) is the centre of the top-left
/// pixel.
public struct Point: Sendable, Equatable, Hashable, CustomStringConvertible {
  public var x: Double
  public var y: Double

  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }

  /// The distance to another point.
  public func distance(to other: Point) -> Double {
    ((x - other.x) * (x - other.x) + (y - other.y) * (y - other.y)).squareRoot()
  }

  /// The mean of some points (the origin when there are none).
  public static func centroid<S: Sequence>(of points: S) -> Point where S.Element == Point {
    var sx = 0.0, sy = 0.0, n = 0.0
    for p in points { sx += p.x; sy += p.y; n += 1 }
    return n > 0 ? Point(x: sx / n, y: sy / n) : Point(x: 0, y: 0)
  }

  public var description: String { "(\(x), \(y))" }
}
