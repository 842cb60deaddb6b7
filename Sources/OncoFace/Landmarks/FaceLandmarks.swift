import OncoImage

/// The 68 landmarks of the iBUG 300-W scheme: 0–16 jaw line, 17–21 and 22–26 eyebrows, 27–35 nose,
/// 36–41 and 42–47 eyes, 48–67 mouth. Indices run from the image's left to its right, so 36–41 is
/// the eye on the image's left (the subject's right eye).
public struct FaceLandmarks: Sendable, Equatable {
  /// 68 points, in the coordinates of the image they were found in (or of the chip, once mapped).
  public var points: [Point]

  public init(points: [Point]) {
    precondition(points.count == 68, "FaceLandmarks: \(points.count) points, expected 68")
    self.points = points
  }

  /// The centre of the eye on the image's left (mean of points 36–41).
  public var leftEyeCentre: Point { Point.centroid(of: points[36...41]) }
  /// The centre of the eye on the image's right (mean of points 42–47).
  public var rightEyeCentre: Point { Point.centroid(of: points[42...47]) }

  /// The points carried through an affine map (photo → chip).
  public func mapped(by transform: AffineMap) -> FaceLandmarks {
    FaceLandmarks(points: points.map(transform.apply))
  }

  /// x0, y0, x1, y1, … x67, y67: the 136 numbers of a landmarks.csv row.
  public var flattened: [Double] { points.flatMap { [$0.x, $0.y] } }
}
