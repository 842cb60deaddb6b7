import OncoImage

extension FaceLandmarks {
  /// The points as vectors, the form the average-face and measure code computes with.
  var vectors: [SIMD2<Double>] { points.map { SIMD2($0.x, $0.y) } }
}

extension AverageFace {
  /// Warps `chip` onto the mean shape and adds it (`landmarks` in the chip's pixels).
  public mutating func add(_ chip: RGBImage, landmarks: FaceLandmarks) throws {
    try add(chip, landmarks: landmarks.vectors)
  }
}

extension LandmarkMeasures {
  /// The measures of one face from its landmarks (any pixel frame).
  public init(_ landmarks: FaceLandmarks) throws {
    try self.init(landmarks: landmarks.vectors)
  }
}
