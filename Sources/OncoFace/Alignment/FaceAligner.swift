import CFaceAlign
import OncoImage

/// Aligns the face of a photo into an upright centred chip with landmarks and a background mask.
///
/// One aligner per thread (it owns a detector, which dlib does not let threads share); all
/// aligners share the landmark model, loaded once.
///
///     let aligner = try FaceAligner()
///     let face = try aligner.align(try RGBImage(contentsOf: "p001.jpg"))
///     try face.maskedChip.writePNG(to: url)
///
/// Steps: detect faces (HOG) and take the highest-scoring one — when there is none, detect again
/// with the photo set in a grey frame, which finds faces that fill the photo; refuse the photo when
/// another face of comparable size was found (`FaceError.severalFaces`); place 68 landmarks in the
/// photo; compute dlib's face-chip similarity transform (`FaceChipTemplate`); warp the photo into
/// the chip bilinearly; map the landmarks; build the mask (`FaceMask`).
public final class FaceAligner {
  /// What the aligner does; the defaults are the paper's and dlib's face ResNet's.
  public struct Options: Sendable, Equatable {
    /// Chip side in pixels.
    public var size = 150
    /// Space around the template face, as a fraction of its width on every side.
    public var padding = 0.25
    /// How many times the photo is doubled before detection (faces under ~80 px need it).
    public var upsample = 1
    /// Added to dlib's own detection threshold; higher finds fewer, surer faces.
    public var detectionThreshold = 0.0
    /// A second face whose box is at least this fraction of the chosen one's width makes the photo
    /// `severalFaces`; smaller ones (a poster, a passer-by) are only counted.
    public var severalFacesRatio = 0.6
    /// The photos are already face chips: when the detector misses, use `FaceAligner.fixedBox`.
    public var alreadyAligned = false
    /// The largest image the detector scans (see `FaceDetector`).
    public var maxDetectionPixels = 4_000_000

    public init(
      size: Int = 150, padding: Double = 0.25, upsample: Int = 1,
      alreadyAligned: Bool = false
    ) {
      self.size = size
      self.padding = padding
      self.upsample = upsample
      self.alreadyAligned = alreadyAligned
    }
  }

  public let options: Options
  private let detector: FaceDetector
  private let model: LandmarkModel

  /// An aligner with its own detector and the shared landmark model (loaded on first use).
  public init(options: Options = Options(), model: LandmarkModel? = nil) throws {
    precondition(options.size > 0 && options.padding >= 0, "FaceAligner: bad chip geometry")
    self.options = options
    self.detector = try FaceDetector()
    self.model = try model ?? LandmarkModel.shared()
  }

  /// The face box assumed in a photo that is already a face chip, when the detector misses it.
  ///
  /// It is the box the detector returns on most of the 1,200 dlib-aligned UTKFace chips of
  /// faces-dev (200×200: (12, 12)–(167, 167), at upsample 1), as fractions of the image side; the
  /// landmarks then place the face precisely within it.
  public static func fixedBox(width: Int, height: Int) -> FaceBox {
    let w = Double(width)
    let h = Double(height)
    return FaceBox(left: 0.06 * w, top: 0.06 * h, right: 0.835 * w, bottom: 0.835 * h)
  }

  /// Aligns the best face of `photo`, or throws `FaceError.noFace` / `.severalFaces`.
  public func align(_ photo: RGBImage) throws -> AlignedFace {
    var faces = try detector.detect(
      in: photo, upsample: options.upsample,
      threshold: options.detectionThreshold,
      maxPixels: options.maxDetectionPixels)
    if faces.isEmpty, photo.width >= 16, photo.height >= 16 {
      faces = try detectInFrame(photo)
    }
    let box: FaceBox
    if let best = faces.first {
      let rivals = faces.dropFirst()
        .filter { $0.box.width >= options.severalFacesRatio * best.box.width }
      guard rivals.isEmpty else { throw FaceError.severalFaces(count: rivals.count + 1) }
      box = best.box
    } else if options.alreadyAligned, photo.width >= 16, photo.height >= 16 {
      box = FaceAligner.fixedBox(width: photo.width, height: photo.height)
    } else {
      throw FaceError.noFace
    }
    let landmarks = try model.landmarks(in: photo, box: box)
    let toChip = try chipTransform(for: landmarks)
    let chip = photo.warped(width: options.size, height: options.size, mapping: toChip)
    let chipLandmarks = landmarks.mapped(by: toChip)
    let mask = FaceMask.mask(for: chipLandmarks, width: options.size, height: options.size)
    return AlignedFace(
      chip: chip, maskedChip: chip.masked(by: mask), mask: mask,
      landmarks: chipLandmarks, faceCount: faces.count,
      detectionScore: faces.first?.score, faceBox: box, photoToChip: toChip)
  }

  /// Detection on the photo set in a grey frame a quarter of its size wide on every side.
  ///
  /// The detector's window includes a margin around the face, so a face that fills the photo (a
  /// tight crop) has no window that fits; the frame gives it one. Tried only when the plain photo
  /// has no face. Boxes come back in the photo's coordinates.
  private func detectInFrame(_ photo: RGBImage) throws -> [DetectedFace] {
    let margin = max(photo.width, photo.height) / 4
    let shift = AffineMap(a: 1, b: 0, c: 0, d: 1, tx: Double(margin), ty: Double(margin))
    let framed = photo.warped(
      width: photo.width + 2 * margin, height: photo.height + 2 * margin,
      mapping: shift, edge: .fill(128, 128, 128))
    return try detector.detect(
      in: framed, upsample: options.upsample,
      threshold: options.detectionThreshold,
      maxPixels: options.maxDetectionPixels
    ).map {
      var face = $0
      face.box = FaceBox(
        left: $0.box.left - Double(margin), top: $0.box.top - Double(margin),
        right: $0.box.right - Double(margin), bottom: $0.box.bottom - Double(margin))
      return face
    }
  }

  /// dlib's face-chip transform (photo → chip) for 68 landmarks.
  public func chipTransform(for landmarks: FaceLandmarks) throws -> AffineMap {
    let xy = landmarks.flattened
    var m = [Double](repeating: 0, count: 6)
    let status = cfa_face_chip_transform(xy, 68, Int32(options.size), options.padding, &m)
    guard status == CFA_OK else { throw FaceError.dlib(String(cString: cfa_last_error())) }
    return AffineMap(a: m[0], b: m[1], c: m[3], d: m[4], tx: m[2], ty: m[5])
  }
}
