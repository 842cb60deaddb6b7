import OncoFace

/// dlib's face-chip template: where an aligned chip puts the 68 iBUG landmarks.
///
/// Points 17–67 are `mean_face_shape_x/y` of dlib's `get_face_chip_details`
/// (dlib/image_transforms/interpolation.h), as OncoFace's `FaceChipTemplate` holds them. dlib's
/// template has no jaw, so points 0–16 come from the mean shape (`initial_shape`) of dlib's 68-point shape predictor
/// (/usr/share/dlib/shape_predictor_68_face_landmarks.dat), mapped onto the template by the
/// least-squares similarity over the points dlib itself aligns on (residual 0.002 template units,
/// 0.2 px in a 150-pixel chip). Coordinates are in template units: the brows span x 0…1.
enum MeanFaceShape {
  /// The 68 landmarks in template units, iBUG order (jaw 0–16, brows 17–26, nose 27–35,
  /// eyes 36–47, mouth 48–67).
  static let template: [SIMD2<Double>] = {
    let jaw: [(Double, Double)] = [
      (-0.117930, 0.225110), (-0.113820, 0.385960), (-0.096610, 0.546180), (-0.063210, 0.703300),
      (-0.000560, 0.849220), (0.095650, 0.975770), (0.213350, 1.081350), (0.343200, 1.166140),
      (0.490110, 1.191330), (0.637030, 1.166130), (0.766880, 1.081350), (0.884580, 0.975760),
      (0.980790, 0.849220), (1.043450, 0.703290), (1.076850, 0.546170), (1.094060, 0.385950),
      (1.098170, 0.225090),
    ]
    // FaceChipTemplate holds dlib's table; at size 1 without padding it gives the template units.
    let unit = FaceChipTemplate(size: 1, padding: 0)
    let rest = (17...67).map { unit.position(ofLandmark: $0) }
    return jaw.map { SIMD2($0.0, $0.1) } + rest.map { SIMD2($0.x, $0.y) }
  }()

  /// The landmarks dlib's `get_face_chip_details` fits the chip on: 27–54 and 60–64 (it skips the
  /// jaw, the brows and the lower lip).
  static let alignmentIndices: [Int] = Array(27...54) + Array(60...64)

  /// The template placed in a chip of `size` pixels with `padding`, as dlib does:
  /// `(padding + t) / (1 + 2 padding) × size`.
  static func chipLandmarks(size: Int, padding: Double) -> [SIMD2<Double>] {
    let k = Double(size) / (1 + 2 * padding)
    return template.map { ($0 + SIMD2(repeating: padding)) * k }
  }
}
