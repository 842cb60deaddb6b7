import Foundation

/// A 2-D affine map: (x, y) ↦ (a·x + b·y + tx, c·x + d·y + ty).
///
/// Face alignment uses similarity transforms (rotation, uniform scale, translation), which are the
/// affine maps with a = d and b = −c.
public struct AffineMap: Sendable, Equatable {
  public var a, b, c, d, tx, ty: Double

  public init(a: Double, b: Double, c: Double, d: Double, tx: Double, ty: Double) {
    (self.a, self.b, self.c, self.d, self.tx, self.ty) = (a, b, c, d, tx, ty)
  }

  public static let identity = AffineMap(a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0)

  /// Rotation by `angle` radians (clockwise on screen, since y points down), uniform `scale`, then
  /// a shift by (tx, ty).
  public static func similarity(scale: Double, angle: Double, tx: Double, ty: Double)
    -> AffineMap
  {
    let cs = scale * cos(angle), sn = scale * sin(angle)
    return AffineMap(a: cs, b: -sn, c: sn, d: cs, tx: tx, ty: ty)
  }

  /// A similarity transform turning by `angle` radians and scaling by `scale` about `centre`.
  public static func rotation(_ angle: Double, scale: Double = 1, about centre: Point)
    -> AffineMap
  {
    let r = similarity(scale: scale, angle: angle, tx: 0, ty: 0)
    let moved = r.apply(centre)
    return AffineMap(a: r.a, b: r.b, c: r.c, d: r.d, tx: centre.x - moved.x,
                           ty: centre.y - moved.y)
  }

  /// The image of a point.
  public func apply(_ p: Point) -> Point {
    Point(x: a * p.x + b * p.y + tx, y: c * p.x + d * p.y + ty)
  }

  /// The transform doing `self` first, then `next`.
  public func followed(by next: AffineMap) -> AffineMap {
    AffineMap(a: next.a * a + next.b * c, b: next.a * b + next.b * d,
                    c: next.c * a + next.d * c, d: next.c * b + next.d * d,
                    tx: next.a * tx + next.b * ty + next.tx,
                    ty: next.c * tx + next.d * ty + next.ty)
  }

  /// The determinant a·d − b·c (the area scale; zero for a degenerate map).
  public var determinant: Double { a * d - b * c }

  /// The inverse map; nil when the map is degenerate.
  public var inverted: AffineMap? {
    let det = determinant
    guard det != 0, det.isFinite else { return nil }
    let ia = d / det, ib = -b / det, ic = -c / det, id = a / det
    return AffineMap(a: ia, b: ib, c: ic, d: id, tx: -(ia * tx + ib * ty),
                           ty: -(ic * tx + id * ty))
  }
}
