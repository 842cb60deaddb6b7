import OncoImage

/// Where the face sits in a chip: dlib's mean face shape (`get_face_chip_details` in
/// dlib/image_transforms/interpolation.h, dlib 19.24).
///
/// dlib lists the mean position of landmarks 17–67 in a unit square spanning the face. A chip of
/// `size` pixels with `padding` p puts a template point (u, v) at ((p + u) / (1 + 2p) · size,
/// (p + v) / (1 + 2p) · size): the unit square plus p of its width on every side. The similarity
/// transform of a chip is the least-squares fit of landmarks 27–54 and 60–64 (eyebrows, jaw and the
/// lower lip are left out) onto their template positions; dlib computes it (CFaceAlign), this type
/// says where things land. With the defaults (150 px, padding 0.25) the eye centres sit at
/// (47.5, 46.6) and (100.5, 46.6), the nose tip (landmark 30) at (74.0, 76.6).
///
/// Chips made this way match dlib's own `get_face_chip`, the UTKFace chips (dlib-aligned) and
/// what dlib's face ResNet was trained on (150 px, padding 0.25).
public struct FaceChipTemplate: Sendable, Equatable {
  public var size: Int
  public var padding: Double

  public init(size: Int = 150, padding: Double = 0.25) {
    self.size = size
    self.padding = padding
  }

  /// The template position of landmark `index` (17–67) in chip pixels.
  public func position(ofLandmark index: Int) -> Point {
    precondition((17...67).contains(index), "the template covers landmarks 17–67")
    let scale = Double(size) / (1 + 2 * padding)
    return Point(
      x: (padding + FaceChipTemplate.meanX[index - 17]) * scale,
      y: (padding + FaceChipTemplate.meanY[index - 17]) * scale)
  }

  /// The eye centres of the template (means of landmarks 36–41 and 42–47), image left first.
  public var eyeCentres: (left: Point, right: Point) {
    (
      Point.centroid(of: (36...41).map(position(ofLandmark:))),
      Point.centroid(of: (42...47).map(position(ofLandmark:)))
    )
  }

  // dlib's mean_face_shape_x / mean_face_shape_y for landmarks 17–67 (Boost Software License).
  static let meanX: [Double] = [
    0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124,
    0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036,
    0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918,
    0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
    0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
    0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874,
    0.553364, 0.490127, 0.42689,
  ]
  static let meanY: [Double] = [
    0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891,
    0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326,
    0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733,
    0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099,
    0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
    0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746,
    0.784792, 0.824182, 0.831803, 0.824182,
  ]
}
