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

  var size: Int { geometry.size }
  var unit: Double { geometry.unit }
  var childness: Double { min(max((14 - Double(subject.age)) / 13, 0), 1) }
  var oldness: Double { min(max((Double(subject.age) - 35) / 35, 0), 1) }

  /// The rendered chip and the masks that go with it.
  struct Output {
    var chip: RGBImage
    /// The chip with the background black (OncoFace's `FaceMask` rule, as `prepare` does it).
    var masked: RGBImage
    /// The planted-region mask: 255 inside the cheek/lower-face regions, 0 elsewhere.
    var signal: GreyImage
  }

  init(shape: FaceShape, look: FaceLook, subject: DemoSubject, signal: Double, size: Int,
       seed: UInt64)
  {
    let child = min(max((14 - Double(subject.age)) / 13, 0), 1)
    // Landmarks follow dlib's convention (a pixel's centre at integer coordinates); drawing covers
    // pixel (x, y) with [x, x + 1), so the face is drawn half a pixel further on.
    let half = SIMD2<Double>(repeating: 0.5)
    geometry = FaceGeometry(points: shape.points.map { $0 + half },
                            unplanted: shape.unplanted.map { $0 + half }, size: size,
                            childness: child)
    landmarks = FaceLandmarks(points: shape.points.map { Point(x: $0.x, y: $0.y) })
    self.look = look
    self.subject = subject
    self.signal = signal
    self.seed = seed
    noise = GradientNoise(seed: seed)
  }

  func render() -> Output {
    let signalRegion = self.signalRegion()
    var canvas = backdrop()
    paintBody(on: &canvas)
    let head = paintHead(on: &canvas, signalRegion: signalRegion)
    paintHair(on: &canvas, head: head)
    finishLikeACamera(&canvas)

    let chip = canvas.rgbImage()
    let mask = FaceMask.mask(for: landmarks, width: size, height: size)
    let signal = GreyImage(width: size, height: size,
                           pixels: signalRegion.values.map { $0 >= 0.5 ? 255 : 0 })
    return Output(chip: chip, masked: chip.masked(by: mask), signal: signal)
  }

  /// Both cheek regions (where the signal is planted), including a margin beyond the jaw line
  /// where the widened contour moves.
  func signalRegion() -> FloatPlane {
    var plane = FloatPlane(width: size, height: size)
    for side in [-1, 1] {
      plane.fill(polygon: geometry.cheekRegion(side: side, outset: 6 * unit))
    }
    return plane
  }

  /// A smooth step from 0 at `a` to 1 at `b`.
  @inline(__always) static func smoothstep(_ a: Double, _ b: Double, _ x: Double) -> Double {
    let t = min(max((x - a) / (b - a), 0), 1)
    return t * t * (3 - 2 * t)
  }
}
