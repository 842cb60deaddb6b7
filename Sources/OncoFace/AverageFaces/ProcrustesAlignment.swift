import Foundation

/// Generalised Procrustes analysis: the mean shape of a set of landmark configurations once
/// position, size and rotation are taken out.
///
/// Each shape is centred on its centroid and scaled to unit centroid size; then, until the mean
/// stops moving, every shape is rotated onto the current mean (least squares, no reflection) and
/// the mean is recomputed and rescaled to unit size (Gower 1975; Rohlf & Slice 1990, partial
/// Procrustes superimposition). The first shape seeds the mean, so the result is oriented like it.
///
/// `meanInInputFrame` puts the mean back where the faces are: scaled to the average centroid size
/// of the inputs, rotated and centred onto their plain coordinate average. For face chips this is
/// the shape an average face is warped onto.
///
///     let gpa = try ProcrustesAlignment(shapes: faces.map(\.landmarks))
///     let target = gpa.meanInInputFrame     // 68 points in chip pixels
public struct ProcrustesAlignment: Sendable {
  /// The Procrustes mean: centred on the origin, unit centroid size.
  public let meanShape: [SIMD2<Double>]
  /// Every input shape superimposed on `meanShape` (centred, unit size, rotated onto it).
  public let alignedShapes: [[SIMD2<Double>]]
  /// The mean scaled, rotated and placed like the inputs (see the type's summary).
  public let meanInInputFrame: [SIMD2<Double>]
  /// The rounds of rotation and averaging that were needed.
  public let iterations: Int

  /// Aligns `shapes` (at least one, all with the same number ≥ 3 of finite points, none with all
  /// its points in one place). Stops when the mean moves less than `tolerance` (sum of squared
  /// coordinate changes at unit size) or after `maxIterations` rounds.
  public init(shapes: [[SIMD2<Double>]], tolerance: Double = 1e-14, maxIterations: Int = 100) throws
  {
    guard let first = shapes.first else { throw AverageFaceError.noShapes }
    let count = first.count
    for (i, shape) in shapes.enumerated() {
      guard shape.count == count else {
        throw AverageFaceError.pointCountMismatch(expected: count, got: shape.count, shape: i)
      }
      guard count >= 3 else {
        throw AverageFaceError.degenerateShape(shape: i, reason: "only \(count) points")
      }
      guard shape.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
        throw AverageFaceError.degenerateShape(shape: i, reason: "a coordinate is not a number")
      }
      guard Shape.centroidSize(shape) > 0 else {
        throw AverageFaceError.degenerateShape(shape: i, reason: "all points coincide")
      }
    }
    let normalised = shapes.map(Shape.normalised)
    var mean = normalised[0]
    var aligned = normalised
    var rounds = 0
    while rounds < maxIterations {
      rounds += 1
      aligned = normalised.map { ProcrustesAlignment.rotated($0, onto: mean) }
      var next = [SIMD2<Double>](repeating: .zero, count: count)
      for shape in aligned { for i in 0..<count { next[i] += shape[i] } }
      next = Shape.normalised(next)
      let change = Shape.squaredDistance(next, mean)
      mean = next
      if change < tolerance { break }
    }
    aligned = normalised.map { ProcrustesAlignment.rotated($0, onto: mean) }
    meanShape = mean
    alignedShapes = aligned
    iterations = rounds

    // Back to the inputs' frame: average size, orientation and position of the raw shapes.
    var average = [SIMD2<Double>](repeating: .zero, count: count)
    for shape in shapes { for i in 0..<count { average[i] += shape[i] } }
    average = average.map { $0 / Double(shapes.count) }
    let size = shapes.reduce(0.0) { $0 + Shape.centroidSize($1) } / Double(shapes.count)
    let orientation = SimilarityTransform.fit(from: mean, to: average).angle
    let place = SimilarityTransform(
      scale: size, angle: orientation,
      translation: Shape.centroid(average))
    meanInInputFrame = mean.map(place.apply)
  }

  /// `shape` rotated about the origin onto `target` (both centred): the angle that minimises
  /// Σ |R·xᵢ − yᵢ|², which is atan2(Σ x×y, Σ x·y).
  static func rotated(_ shape: [SIMD2<Double>], onto target: [SIMD2<Double>]) -> [SIMD2<Double>] {
    var dot = 0.0
    var cross = 0.0
    for (x, y) in zip(shape, target) {
      dot += x.x * y.x + x.y * y.y
      cross += x.x * y.y - x.y * y.x
    }
    let angle = atan2(cross, dot)
    let c = cos(angle)
    let s = sin(angle)
    return shape.map { SIMD2(c * $0.x - s * $0.y, s * $0.x + c * $0.y) }
  }
}
