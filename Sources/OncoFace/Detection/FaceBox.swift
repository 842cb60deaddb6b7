import OncoImage

/// An axis-aligned face box in pixel coordinates (inclusive edges, as dlib's rectangles).
public struct FaceBox: Sendable, Equatable {
  public var left, top, right, bottom: Double

  public init(left: Double, top: Double, right: Double, bottom: Double) {
    (self.left, self.top, self.right, self.bottom) = (left, top, right, bottom)
  }

  public var width: Double { right - left + 1 }
  public var height: Double { bottom - top + 1 }
  public var centre: Point { Point(x: (left + right) / 2, y: (top + bottom) / 2) }

  /// The box with every coordinate multiplied by `factor` (between resized copies of an image).
  public func scaled(by factor: Double) -> FaceBox {
    FaceBox(left: left * factor, top: top * factor, right: right * factor, bottom: bottom * factor)
  }
}

/// A face the detector found and how sure it is (dlib's score: 0 at the detector's own threshold).
public struct DetectedFace: Sendable, Equatable {
  public var box: FaceBox
  public var score: Double
}
