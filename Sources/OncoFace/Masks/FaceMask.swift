import OncoImage

/// The background mask of a face: 255 on the face, 0 on the background.
///
/// The rule: the convex hull of the jaw line (landmarks 0–16), the eyebrows (17–26) and the
/// eyebrows raised over the forehead. The 68 landmarks stop at the eyebrows, so the forehead is
/// added by the rule of facial thirds — hairline to eyebrows is about as long as eyebrows to the
/// base of the nose — by moving each eyebrow point up by the distance from the mean eyebrow height
/// to the base of the nose (landmark 33), times `foreheadRatio` (default 1). "Up" is perpendicular
/// to the line through the eye centres, away from the chin, so a tilted face gets a tilted
/// forehead. Everything outside the hull (hair, ears, neck, background) is masked out.
public enum FaceMask {
  /// The forehead height as a fraction of the eyebrow-to-nose-base distance.
  public static let foreheadRatio = 1.0

  /// The mask's outline: a convex polygon, counter-clockwise on screen.
  public static func outline(of landmarks: FaceLandmarks, foreheadRatio: Double = foreheadRatio)
    -> [Point]
  {
    let p = landmarks.points
    let left = landmarks.leftEyeCentre
    let right = landmarks.rightEyeCentre
    let ex = right.x - left.x
    let ey = right.y - left.y
    let length = max((ex * ex + ey * ey).squareRoot(), 1e-9)
    var up = Point(x: ey / length, y: -ex / length)  // eye line turned a quarter, towards the brow
    let chin = p[8]
    let brow = Point.centroid(of: p[17...26])
    if (brow.x - chin.x) * up.x + (brow.y - chin.y) * up.y < 0 { up = Point(x: -up.x, y: -up.y) }
    let noseBase = p[33]
    let third = abs((brow.x - noseBase.x) * up.x + (brow.y - noseBase.y) * up.y)
    let lift = third * foreheadRatio
    let raised = p[17...26].map { Point(x: $0.x + up.x * lift, y: $0.y + up.y * lift) }
    return convexHull(Array(p[0...26]) + raised)
  }

  /// The mask of a `width`×`height` image whose face has these landmarks (in its coordinates).
  public static func mask(
    for landmarks: FaceLandmarks, width: Int, height: Int,
    foreheadRatio: Double = foreheadRatio
  ) -> GreyImage {
    let hull = outline(of: landmarks, foreheadRatio: foreheadRatio)
    var mask = GreyImage(width: width, height: height)
    guard hull.count >= 3 else { return mask }
    let minY = max(0, Int(hull.map(\.y).min()!.rounded(.down)))
    let maxY = min(height - 1, Int(hull.map(\.y).max()!.rounded(.up)))
    guard minY <= maxY else { return mask }
    for y in minY...maxY {
      for x in 0..<width where contains(hull, Point(x: Double(x), y: Double(y))) {
        mask[x, y] = 255
      }
    }
    return mask
  }

  /// Whether a convex, counter-clockwise polygon contains `q` (edges included).
  static func contains(_ polygon: [Point], _ q: Point) -> Bool {
    for i in 0..<polygon.count {
      let a = polygon[i]
      let b = polygon[(i + 1) % polygon.count]
      if (b.x - a.x) * (q.y - a.y) - (b.y - a.y) * (q.x - a.x) < 0 { return false }
    }
    return true
  }

  /// Andrew's monotone chain; counter-clockwise in a y-up frame, which on screen (y down) makes
  /// `contains`' cross products non-negative inside.
  static func convexHull(_ points: [Point]) -> [Point] {
    let sorted = points.sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
    guard sorted.count > 2 else { return sorted }
    func cross(_ o: Point, _ a: Point, _ b: Point) -> Double {
      (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
    }
    var lower: [Point] = []
    var upper: [Point] = []
    for p in sorted {
      while lower.count >= 2, cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 {
        lower.removeLast()
      }
      lower.append(p)
    }
    for p in sorted.reversed() {
      while upper.count >= 2, cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 {
        upper.removeLast()
      }
      upper.append(p)
    }
    return Array(lower.dropLast() + upper.dropLast())
  }
}
