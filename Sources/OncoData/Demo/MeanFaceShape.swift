/// dlib's face-chip template: where an aligned chip puts the 68 iBUG landmarks.
///
/// Points 17–67 are `mean_face_shape_x/y` of dlib's `get_face_chip_details`
/// (dlib/image_transforms/interpolation.h) verbatim. dlib's template has no jaw, so points 0–16
/// come from the mean shape (`initial_shape`) of dlib's 68-point shape predictor
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
    let x: [Double] = [
      0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124,
      0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036,
      0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918,
      0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
      0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
      0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874,
      0.553364, 0.490127, 0.42689,
    ]
    let y: [Double] = [
      0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891,
      0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326,
      0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733,
      0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099,
      0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
      0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746,
      0.784792, 0.824182, 0.831803, 0.824182,
    ]
    return jaw.map { SIMD2($0.0, $0.1) } + zip(x, y).map { SIMD2($0, $1) }
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
