import OncoImage

/// A face's own axes: lateral along the eye line (image left to right), up perpendicular to it
/// towards the brows; lengths in pixels, origin at the midpoint of the eye centres.
struct FaceFrame {
  let origin: Point
  let lateralAxis: (x: Double, y: Double)
  let upAxis: (x: Double, y: Double)
  let eyeDistance: Double

  init(_ landmarks: FaceLandmarks) {
    let left = landmarks.leftEyeCentre
    let right = landmarks.rightEyeCentre
    let ex = right.x - left.x
    let ey = right.y - left.y
    eyeDistance = max((ex * ex + ey * ey).squareRoot(), 1e-9)
    origin = Point(x: (left.x + right.x) / 2, y: (left.y + right.y) / 2)
    lateralAxis = (ex / eyeDistance, ey / eyeDistance)
    // On screen (y down) the eye line turned a quarter anticlockwise points to the brows of an
    // upright face; the chin decides for any other.
    var up = (x: ey / eyeDistance, y: -ex / eyeDistance)
    let chin = landmarks.points[8]
    if (chin.x - origin.x) * up.x + (chin.y - origin.y) * up.y > 0 { up = (-up.x, -up.y) }
    upAxis = up
  }

  func lateral(of q: Point) -> Double {
    (q.x - origin.x) * lateralAxis.x + (q.y - origin.y) * lateralAxis.y
  }

  func height(of q: Point) -> Double { (q.x - origin.x) * upAxis.x + (q.y - origin.y) * upAxis.y }

  func moved(_ q: Point, up: Double = 0, lateral: Double = 0) -> Point {
    Point(
      x: q.x + upAxis.x * up + lateralAxis.x * lateral,
      y: q.y + upAxis.y * up + lateralAxis.y * lateral)
  }
}
