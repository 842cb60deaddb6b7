import Foundation

/// A 2-D similarity transform: p ↦ s·R(θ)·p + t (uniform scale, rotation, translation; no reflection).
///
/// Stored as (a, b) = s·(cos θ, sin θ) and t, so applying it is two multiply-adds per coordinate.
///
///     let t = SimilarityTransform.fit(from: faceLandmarks, to: meanShape)
///     let aligned = faceLandmarks.map(t.apply)
public struct SimilarityTransform: Sendable, Equatable {
  public var a: Double
  public var b: Double
  public var translation: SIMD2<Double>

  public init(a: Double, b: Double, translation: SIMD2<Double>) {
    self.a = a
    self.b = b
    self.translation = translation
  }

  /// Scales by `scale`, rotates by `angle` radians (from +x towards +y), then translates.
  public init(scale: Double, angle: Double, translation: SIMD2<Double> = .zero) {
    self.init(a: scale * cos(angle), b: scale * sin(angle), translation: translation)
  }

  public static let identity = SimilarityTransform(a: 1, b: 0, translation: .zero)

  public var scale: Double { (a * a + b * b).squareRoot() }
  /// Radians in (−π, π].
  public var angle: Double { atan2(b, a) }

  public func apply(_ p: SIMD2<Double>) -> SIMD2<Double> {
    SIMD2(a * p.x - b * p.y + translation.x, b * p.x + a * p.y + translation.y)
  }

  /// The transform that undoes this one (nil when the scale is zero).
  public var inverse: SimilarityTransform? {
    let s2 = a * a + b * b
    guard s2 > 0, s2.isFinite else { return nil }
    let ia = a / s2
    let ib = -b / s2
    let t = SIMD2(ia * translation.x - ib * translation.y, ib * translation.x + ia * translation.y)
    return SimilarityTransform(a: ia, b: ib, translation: -t)
  }

  /// The least-squares similarity taking `source` onto `target`: it minimises
  /// Σ |T(sourceᵢ) − targetᵢ|² (the ordinary Procrustes fit, closed form in 2-D).
  ///
  /// With both point sets centred, a = Σ x·y / Σ|x|² and b = Σ x×y / Σ|x|². Returns the identity
  /// when the source points all coincide (no rotation or scale is defined then).
  public static func fit(from source: [SIMD2<Double>], to target: [SIMD2<Double>])
    -> SimilarityTransform
  {
    precondition(
      source.count == target.count && !source.isEmpty,
      "SimilarityTransform.fit: \(source.count) source and \(target.count) target points")
    let ms = Shape.centroid(source)
    let mt = Shape.centroid(target)
    var sxx = 0.0
    var dot = 0.0
    var cross = 0.0
    for (p, q) in zip(source, target) {
      let x = p - ms
      let y = q - mt
      sxx += x.x * x.x + x.y * x.y
      dot += x.x * y.x + x.y * y.y
      cross += x.x * y.y - x.y * y.x
    }
    guard sxx > 0 else { return SimilarityTransform(a: 1, b: 0, translation: mt - ms) }
    let a = dot / sxx
    let b = cross / sxx
    let rotated = SIMD2(a * ms.x - b * ms.y, b * ms.x + a * ms.y)
    return SimilarityTransform(a: a, b: b, translation: mt - rotated)
  }
}
