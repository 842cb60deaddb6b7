import OncoImage

/// The face region of every pixel of a chip, drawn from the face's 68 landmarks in chip pixels.
///
///     let regions = FaceRegionMap(landmarks: chipLandmarks, width: 150, height: 150)
///     let shares = regions.shares(of: cam.values)      // [.skin: 0.41, .nose: 0.18, …]
///
/// The parts, with d the distance between the eye centres and "up" perpendicular to the eye line
/// towards the brows (so a tilted face gets tilted regions):
/// - outside: outside `FaceMask.outline` (jaw, brows and the forehead raised by the rule of facial
///   thirds): exactly where the background mask is 0;
/// - eyes: each eye's outline (36–41, 42–47) scaled by 1.5 about its centre (lids included);
/// - brows: each brow line (17–21, 22–26) thickened to a band of 0.08·d above and below it;
/// - mouth: the outer lip outline (48–59) scaled by 1.15 about its centre;
/// - nose: the convex hull of the nose points (27–35), of the bridge (27, 29) widened to 0.2·d, of
///   the nostril wings (31, 35) moved out by a quarter of their distance apart and of the base
///   (31–35) moved down by 0.06·d;
/// - forehead: the rest of the face outline above the upper edge of the brow bands (the brow line
///   interpolated across the glabella and held level beyond the brows' ends);
/// - skin: the rest of the face outline.
/// Where parts overlap the earlier one in this list wins, so every pixel has exactly one region.
/// Pixel (x, y) is tested at its centre (x, y), as `FaceMask` does.
public struct FaceRegionMap: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// One `FaceRegion.rawValue` per pixel, rows top to bottom.
  public let labels: [UInt8]

  /// Scale of the eye outlines about their centres.
  public static let eyeScale = 1.5
  /// Half the thickness of a brow band, in eye distances.
  public static let browHalfThickness = 0.08
  /// Scale of the outer lip outline about its centre.
  public static let mouthScale = 1.15
  /// Width of the nose bridge, in eye distances.
  public static let bridgeWidth = 0.2
  /// How far below the nostril landmarks (31–35) the nose reaches, in eye distances.
  public static let baseDrop = 0.06

  public init(landmarks: FaceLandmarks, width: Int, height: Int) {
    self.width = width
    self.height = height
    let parts = FaceRegionMap.parts(of: landmarks)
    let outline = FaceMask.outline(of: landmarks)
    let frame = FaceFrame(landmarks)
    let browEdge = FaceRegionMap.browEdge(landmarks, frame: frame)
    var labels = [UInt8](repeating: FaceRegion.outside.rawValue.asByte, count: width * height)
    for y in 0..<height {
      for x in 0..<width {
        let q = Point(x: Double(x), y: Double(y))
        guard FaceMask.contains(outline, q) else { continue }
        var region = FaceRegion.skin
        if let part = parts.first(where: { Polygon.contains($0.polygon, q) }) {
          region = part.region
        } else if frame.height(of: q) > browEdge.height(at: frame.lateral(of: q)) {
          region = .forehead
        }
        labels[y * width + x] = region.rawValue.asByte
      }
    }
    self.labels = labels
  }

  /// The region of pixel (x, y).
  public subscript(x: Int, y: Int) -> FaceRegion {
    FaceRegion(rawValue: Int(labels[y * width + x]))!
  }

  /// How many pixels each region has.
  public var areas: [FaceRegion: Int] {
    var counts = [Int](repeating: 0, count: FaceRegion.allCases.count)
    for l in labels { counts[Int(l)] += 1 }
    return Dictionary(uniqueKeysWithValues: FaceRegion.allCases.map { ($0, counts[$0.rawValue]) })
  }

  /// The mask of one region: 255 inside, 0 elsewhere.
  public func mask(of region: FaceRegion) -> GreyImage {
    let value = region.rawValue.asByte
    return GreyImage(width: width, height: height, pixels: labels.map { $0 == value ? 255 : 0 })
  }

  /// The share of a heat map's mass in each region (shares add up to 1); all zero when the map is
  /// zero everywhere. `heat` has one non-negative value per pixel, rows top to bottom.
  public func shares(of heat: [Float]) -> [FaceRegion: Double] {
    precondition(
      heat.count == labels.count, "shares(of:): \(heat.count) values for \(width)×\(height)")
    var mass = [Double](repeating: 0, count: FaceRegion.allCases.count)
    for i in 0..<heat.count { mass[Int(labels[i])] += Double(max(0, heat[i])) }
    let total = mass.reduce(0, +)
    return Dictionary(
      uniqueKeysWithValues: FaceRegion.allCases.map {
        ($0, total > 0 ? mass[$0.rawValue] / total : 0)
      })
  }

  /// The polygonal parts in order of precedence.
  static func parts(of landmarks: FaceLandmarks) -> [(region: FaceRegion, polygon: [Point])] {
    let p = landmarks.points
    let frame = FaceFrame(landmarks)
    let d = frame.eyeDistance
    func scaled(_ points: ArraySlice<Point>, _ factor: Double) -> [Point] {
      let c = Point.centroid(of: points)
      return points.map { Point(x: c.x + ($0.x - c.x) * factor, y: c.y + ($0.y - c.y) * factor) }
    }
    func brow(_ points: ArraySlice<Point>) -> [Point] {
      let t = browHalfThickness * d
      return points.map { frame.moved($0, up: t) }
        + points.reversed().map { frame.moved($0, up: -t) }
    }
    let wing = 0.25 * p[31].distance(to: p[35])
    let bridge = bridgeWidth * d / 2
    let nose = FaceMask.convexHull(
      Array(p[27...35]) + p[31...35].map { frame.moved($0, up: -baseDrop * d) } + [
        frame.moved(p[27], lateral: -bridge), frame.moved(p[27], lateral: bridge),
        frame.moved(p[29], lateral: -bridge), frame.moved(p[29], lateral: bridge),
        frame.moved(p[31], lateral: -wing), frame.moved(p[35], lateral: wing),
      ])
    return [
      (.eyes, scaled(p[36...41], eyeScale)), (.eyes, scaled(p[42...47], eyeScale)),
      (.brows, brow(p[17...21])), (.brows, brow(p[22...26])),
      (.mouth, scaled(p[48...59], mouthScale)),
      (.nose, nose),
    ]
  }

  /// The upper edge of the brow bands as a height over lateral position.
  static func browEdge(_ landmarks: FaceLandmarks, frame: FaceFrame) -> PiecewiseLinear {
    let lift = browHalfThickness * frame.eyeDistance
    let knots = landmarks.points[17...26].map {
      (frame.lateral(of: $0), frame.height(of: $0) + lift)
    }
    return PiecewiseLinear(knots: knots)
  }
}

extension Int {
  fileprivate var asByte: UInt8 { UInt8(self) }
}
