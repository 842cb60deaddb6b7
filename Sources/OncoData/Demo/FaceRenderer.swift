import Foundation
import OncoFace
import OncoImage

/// Paints one demo face chip, layer by layer: backdrop, body (neck, clothes, ears), the lit head
/// with its features, hair, then the camera (white balance, softness, sensor noise).
///
/// Everything is in chip pixels and scaled by `geometry.unit`, so any chip size gives the same face.
struct FaceRenderer {
  let geometry: FaceGeometry
  let look: FaceLook
  let subject: DemoSubject
  /// Planted strength (0 for controls): cheek redness, fine mottling and fullness.
  let signal: Double
  let noise: GradientNoise
  let seed: UInt64
  /// The landmarks in chip pixels, dlib's convention (what landmarks.csv holds).
  let landmarks: FaceLandmarks
  /// The same without the planted widening (equal to `landmarks` for controls).
  let unplantedLandmarks: FaceLandmarks

  var size: Int { geometry.size }
  var unit: Double { geometry.unit }
  var childness: Double { min(max((14 - Double(subject.age)) / 13, 0), 1) }
  var oldness: Double { min(max((Double(subject.age) - 35) / 35, 0), 1) }

  /// The rendered chip and the masks that go with it.
  struct Output {
    var chip: RGBImage
    /// The chip with the background black (OncoFace's `FaceMask` rule, as `prepare` does it).
    var masked: RGBImage
    /// The planted-region mask (255 inside, see `signalMask`): Grad-CAM's ground truth.
    var signal: GreyImage
  }

  init(
    shape: FaceShape, look: FaceLook, subject: DemoSubject, signal: Double, size: Int,
    seed: UInt64
  ) {
    let child = min(max((14 - Double(subject.age)) / 13, 0), 1)
    // Landmarks follow dlib's convention (a pixel's centre at integer coordinates); drawing covers
    // pixel (x, y) with [x, x + 1), so the face is drawn half a pixel further on.
    let half = SIMD2<Double>(repeating: 0.5)
    geometry = FaceGeometry(
      points: shape.points.map { $0 + half },
      unplanted: shape.unplanted.map { $0 + half }, size: size,
      childness: child)
    landmarks = FaceLandmarks(points: shape.points.map { Point(x: $0.x, y: $0.y) })
    unplantedLandmarks = FaceLandmarks(points: shape.unplanted.map { Point(x: $0.x, y: $0.y) })
    self.look = look
    self.subject = subject
    self.signal = signal
    self.seed = seed
    noise = GradientNoise(seed: seed)
  }

  func render() -> Output {
    let cheeks = cheekRegions(outset: 6 * unit)
    var canvas = backdrop()
    paintBody(on: &canvas)
    paintHead(on: &canvas, cheeks: cheeks)
    paintHair(on: &canvas)
    finishLikeACamera(&canvas)

    let chip = canvas.rgbImage()
    let mask = FaceMask.mask(for: landmarks, width: size, height: size)
    return Output(chip: chip, masked: chip.masked(by: mask), signal: signalMask(faceMask: mask))
  }

  /// The planted region: the cheeks, the stretch of outline the widening moves, and the pixels the
  /// widening moves into or out of the face mask (whose hull runs from 0 and 16 straight up to the
  /// raised brow ends, so a thin sliver beside the forehead changes in masked chips). Nothing on
  /// the chip's border.
  func signalMask(faceMask: GreyImage) -> GreyImage {
    var region = cheekRegions(outset: 2 * unit)  // the bands cover the jaw line itself
    for side in [-1, 1] {
      region.fill(polygon: geometry.outlineBand(side: side, inset: 5 * unit, outset: 5 * unit))
    }
    let unplanted = FaceMask.mask(for: unplantedLandmarks, width: size, height: size)
    var signal = GreyImage(width: size, height: size)
    for y in 1..<(size - 1) {
      for x in 1..<(size - 1) where region[x, y] >= 0.5 || faceMask[x, y] != unplanted[x, y] {
        signal[x, y] = 255
      }
    }
    return signal
  }

  /// Both cheek regions, where the skin signal is planted, reaching `outset` pixels beyond the jaw
  /// line.
  func cheekRegions(outset: Double) -> FloatPlane {
    var plane = FloatPlane(width: size, height: size)
    for side in [-1, 1] {
      plane.fill(polygon: geometry.cheekRegion(side: side, outset: outset))
    }
    return plane
  }

  /// A smooth step from 0 at `a` to 1 at `b`.
  @inline(__always) static func smoothstep(_ a: Double, _ b: Double, _ x: Double) -> Double {
    let t = min(max((x - a) / (b - a), 0), 1)
    return t * t * (3 - 2 * t)
  }
}
