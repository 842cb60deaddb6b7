/// Four measures of face shape and facial adiposity from the 68 iBUG landmarks of one face.
///
/// The literature measures were defined on hand-placed anthropometric points; here each is adapted
/// to the dlib 68-point scheme (indices below, 0-based). Widths are taken along the eye line
/// u = (e_R − e_L)/|e_R − e_L|, with e_L the mean of points 36–41 and e_R the mean of 42–47, and
/// heights along v, u turned 90° towards the chin; so a head roll does not change them, and in an
/// upright chip they are plain horizontal and vertical pixel distances. All four are ratios, so
/// they do not depend on the chip size.
///
/// - `widthToHeight` (fWHR, Carré & McCormick 2008: bizygomatic width over the height from the
///   upper lip to the highest point of the eyelids): width(0, 16) / (top(50, 51, 52) −
///   top(37, 38, 43, 44)), where top(…) is the highest (smallest v) of those points: the upper
///   eyelids and the upper-lip line. Points 0 and 16, where the jaw outline starts at eye level,
///   stand in for the zygions, the widest points of the cheekbones.
/// - `cheekToJaw` (CJWR, Coetzee et al. 2009: cheek width over jaw width): width(0, 16) /
///   width(4, 12). Points 4 and 12, on the outline just below the mouth corners, stand in for the
///   jaw width at the gonial angles.
/// - `perimeterToArea` (PAR, Coetzee et al. 2009: perimeter over area of the lower-face outline):
///   the polygon 0, 1, …, 16 closed by the segment 16 → 0 (the jaw outline up to eye level), its
///   perimeter over its area, times the interocular distance |e_R − e_L| — the PAR of the face
///   scaled to unit eye distance, so that it is a pure number. A fuller, rounder face has a lower PAR.
/// - `lowerFaceWidthToHeight` (LFW/FH): the mean of width(3, 13), width(4, 12) and width(5, 11)
///   (the outline from the nose base to below the mouth, where facial fat widens the lower face)
///   over the face height v(8) − v(27) (nasion, the top of the nose bridge, to the chin).
///
///     let m = try LandmarkMeasures(landmarks: face.landmarks)   // 68 points, chip pixels
///     print(m.cheekToJaw, m[.perimeterToArea])
public struct LandmarkMeasures: Sendable, Equatable, Hashable {
  public let widthToHeight: Double
  public let cheekToJaw: Double
  public let perimeterToArea: Double
  public let lowerFaceWidthToHeight: Double

  /// Points standing in for the zygions (bizygomatic width).
  public static let cheekPoints = (0, 16)
  /// Points standing in for the gonions (jaw width).
  public static let jawPoints = (4, 12)
  /// The highest points of the upper eyelids.
  public static let upperEyelidPoints = [37, 38, 43, 44]
  /// The top of the upper lip (the Cupid's bow and the philtrum dip).
  public static let upperLipPoints = [50, 51, 52]
  /// The outline pairs averaged for the lower-face width.
  public static let lowerFacePairs = [(3, 13), (4, 12), (5, 11)]
  /// Nasion (top of the nose bridge) and chin.
  public static let faceHeightPoints = (27, 8)
  /// The jaw outline whose perimeter and area give PAR.
  public static let jawOutline = Array(0...16)

  /// Computes the measures of one face from its 68 landmarks (any pixel frame).
  public init(landmarks p: [SIMD2<Double>]) throws {
    guard p.count == 68 else { throw MeasureError.wrongPointCount(p.count) }
    guard p.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { throw MeasureError.notFinite }
    let leftEye = Shape.centroid(Array(p[36...41]))
    let rightEye = Shape.centroid(Array(p[42...47]))
    let eyeLine = rightEye - leftEye
    let interocular = (eyeLine.x * eyeLine.x + eyeLine.y * eyeLine.y).squareRoot()
    guard interocular > 0 else { throw MeasureError.degenerate("the two eye centres coincide") }
    let u = eyeLine / interocular
    let v = SIMD2(-u.y, u.x)
    func width(_ i: Int, _ j: Int) -> Double { abs(((p[j] - p[i]) * u).sum()) }
    func depth(_ i: Int) -> Double { (p[i] * v).sum() }
    func top(_ indices: [Int]) -> Double { indices.map(depth).min()! }

    let cheek = width(LandmarkMeasures.cheekPoints.0, LandmarkMeasures.cheekPoints.1)
    let upperFace = top(LandmarkMeasures.upperLipPoints) - top(LandmarkMeasures.upperEyelidPoints)
    guard upperFace > 0 else {
      throw MeasureError.degenerate(
        "the upper lip (50–52) is not below the eyelids (37, 38, 43, 44)")
    }
    let jaw = width(LandmarkMeasures.jawPoints.0, LandmarkMeasures.jawPoints.1)
    guard jaw > 0 else { throw MeasureError.degenerate("the jaw width (points 4, 12) is zero") }
    let outline = LandmarkMeasures.jawOutline.map { p[$0] }
    let area = abs(Shape.signedArea(outline))
    guard area > 0 else { throw MeasureError.degenerate("the jaw outline (0–16) encloses no area") }
    let lower =
      LandmarkMeasures.lowerFacePairs.map { width($0.0, $0.1) }.reduce(0, +)
      / Double(LandmarkMeasures.lowerFacePairs.count)
    let faceHeight =
      depth(LandmarkMeasures.faceHeightPoints.1)
      - depth(LandmarkMeasures.faceHeightPoints.0)
    guard faceHeight > 0 else {
      throw MeasureError.degenerate("the chin (8) is not below the nasion (27)")
    }
    widthToHeight = cheek / upperFace
    cheekToJaw = cheek / jaw
    perimeterToArea = Shape.perimeter(outline) / area * interocular
    lowerFaceWidthToHeight = lower / faceHeight
  }

  /// The value of one measure.
  public subscript(measure: FaceMeasure) -> Double {
    switch measure {
    case .widthToHeight: return widthToHeight
    case .cheekToJaw: return cheekToJaw
    case .perimeterToArea: return perimeterToArea
    case .lowerFaceWidthToHeight: return lowerFaceWidthToHeight
    }
  }
}
