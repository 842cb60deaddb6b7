import OncoImage

/// The average face of a group: every chip warped piecewise-affinely onto the group's mean shape,
/// then averaged pixel by pixel.
///
/// The mesh is the Delaunay triangulation of the mean shape's landmarks plus eight border points
/// (the chip's corners and edge midpoints, half a pixel outside, or further out when the mean
/// shape reaches beyond the chip) so that the whole chip is covered; border points stay put, so
/// hair and background are stretched between the face outline and the frame. Because each face's
/// eyes, brows, nose and mouth land on the mean's, the average is sharp where faces agree.
///
///     var average = try AverageFace(shapes: group.map(\.landmarks), width: 150, height: 150)
///     for face in group { try average.add(face.chip, landmarks: face.landmarks) }
///     try average.image.writePNG(to: url)
public struct AverageFace: Sendable {
  /// The shape every chip is warped onto, in chip pixels.
  public let meanShape: [SIMD2<Double>]
  /// The fixed points around the chip that complete the mesh.
  public let borderPoints: [SIMD2<Double>]
  /// The warp onto `meanShape` + `borderPoints`.
  public let warp: PiecewiseAffineWarp
  /// The number of chips added.
  public private(set) var count = 0
  private var sums: [Double]

  /// Prepares the average of faces whose landmarks are `shapes`: their generalised Procrustes mean,
  /// placed like the faces (see `ProcrustesAlignment.meanInInputFrame`).
  public init(shapes: [[SIMD2<Double>]], width: Int, height: Int) throws {
    try self.init(
      meanShape: ProcrustesAlignment(shapes: shapes).meanInInputFrame,
      width: width, height: height)
  }

  /// Prepares an average onto a given mean shape (chip pixels) in a `width`×`height` chip.
  public init(meanShape: [SIMD2<Double>], width: Int, height: Int) throws {
    guard width > 0, height > 0 else {
      throw AverageFaceError.cannotTriangulate(reason: "the chip is \(width)×\(height) pixels")
    }
    self.meanShape = meanShape
    borderPoints = AverageFace.borderPoints(width: width, height: height, enclosing: meanShape)
    let points = meanShape + borderPoints
    let mesh = try DelaunayTriangulation(points: points)
    warp = PiecewiseAffineWarp(
      target: points, triangles: mesh.triangles, width: width,
      height: height)
    sums = [Double](repeating: 0, count: width * height * 3)
  }

  /// Warps `chip` (whose landmarks, in its pixels, are `landmarks`) onto the mean shape and adds it.
  public mutating func add(_ chip: RGBImage, landmarks: [SIMD2<Double>]) throws {
    guard chip.width == warp.width, chip.height == warp.height else {
      throw AverageFaceError.chipSizeMismatch(
        expected: "\(warp.width)×\(warp.height)",
        got: "\(chip.width)×\(chip.height)")
    }
    guard landmarks.count == meanShape.count else {
      throw AverageFaceError.pointCountMismatch(
        expected: meanShape.count, got: landmarks.count,
        shape: count)
    }
    guard landmarks.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
      throw AverageFaceError.degenerateShape(shape: count, reason: "a coordinate is not a number")
    }
    warp.accumulate(chip, source: landmarks + borderPoints, into: &sums)
    count += 1
  }

  /// The average so far (black before any chip is added).
  public var image: RGBImage {
    let n = Double(max(count, 1))
    return RGBImage(
      width: warp.width, height: warp.height,
      pixels: sums.map { UInt8(min(255, max(0, $0 / n + 0.5))) })
  }

  /// The chip's four corners and four edge midpoints, half a pixel outside the outermost pixel
  /// centres, pushed further out (plus a pixel) where `shape` reaches beyond them.
  public static func borderPoints(width: Int, height: Int, enclosing shape: [SIMD2<Double>] = [])
    -> [SIMD2<Double>]
  {
    var x0 = -0.5
    var y0 = -0.5
    var x1 = Double(width) - 0.5
    var y1 = Double(height) - 0.5
    for p in shape where p.x.isFinite && p.y.isFinite {
      x0 = min(x0, p.x - 1)
      y0 = min(y0, p.y - 1)
      x1 = max(x1, p.x + 1)
      y1 = max(y1, p.y + 1)
    }
    let mx = (x0 + x1) / 2
    let my = (y0 + y1) / 2
    return [
      SIMD2(x0, y0), SIMD2(mx, y0), SIMD2(x1, y0), SIMD2(x1, my),
      SIMD2(x1, y1), SIMD2(mx, y1), SIMD2(x0, y1), SIMD2(x0, my),
    ]
  }
}
