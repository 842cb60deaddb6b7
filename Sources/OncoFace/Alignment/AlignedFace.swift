import OncoImage

/// One photo's face, aligned: the chip, its background mask, and where the landmarks fell.
public struct AlignedFace: Sendable {
  /// The upright, centred face chip (`size`×`size`), background kept.
  public var chip: RGBImage
  /// The chip with the background black (`chip` masked by `mask`).
  public var maskedChip: RGBImage
  /// 255 on the face (landmark hull plus forehead, see `FaceMask`), 0 elsewhere.
  public var mask: GreyImage
  /// The 68 landmarks in chip pixel coordinates.
  public var landmarks: FaceLandmarks
  /// How many faces the detector found in the photo (0 when the fixed box of `--aligned` was used).
  public var faceCount: Int
  /// The detection score of the chosen face; nil when the fixed box was used.
  public var detectionScore: Double?
  /// The chosen face box in photo coordinates.
  public var faceBox: FaceBox
  /// The map from photo to chip pixel coordinates.
  public var photoToChip: AffineMap
}
