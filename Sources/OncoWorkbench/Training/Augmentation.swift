import Foundation
import OncoImage
import OncoStats

/// Random changes to training chips: horizontal flip, a small rotation and scale about the centre,
/// brightness and contrast.
///
/// Each change is drawn from the seed, the epoch and the image's position in the training set, so
/// an image gets the same change in a resumed run as in an uninterrupted one, whichever thread
/// decodes it. On masked chips the black background stays black (the rotation fills with black,
/// brightness and contrast leave pure-black pixels alone), so augmentation never paints the removed
/// background back.
struct Augmentation: Sendable {
  let seed: UInt64
  let masked: Bool
  /// Largest rotation either way, in degrees.
  var maxRotation = 10.0
  /// Scale range.
  var scales = 0.9...1.1
  /// Largest brightness shift either way, in 0–255 units.
  var maxBrightness = 25.0
  /// Contrast factor range (about mid-grey).
  var contrasts = 0.8...1.2

  /// The change for image `item` of the training set in `epoch`, applied in place.
  func apply(to image: inout RGBImage, epoch: Int, item: Int) {
    var rng = SeededGenerator(seed: seed, stream: "augment-\(epoch)-\(item)")
    let flip = rng.nextDouble() < 0.5
    let angle = (rng.nextDouble() * 2 - 1) * maxRotation * .pi / 180
    let scale = scales.lowerBound + (scales.upperBound - scales.lowerBound) * rng.nextDouble()
    let brightness = (rng.nextDouble() * 2 - 1) * maxBrightness
    let contrast =
      contrasts.lowerBound + (contrasts.upperBound - contrasts.lowerBound) * rng.nextDouble()
    let w = image.width
    let h = image.height
    var mapping = AffineMap.rotation(
      angle, scale: scale, about: Point(x: Double(w - 1) / 2, y: Double(h - 1) / 2))
    if flip {
      mapping = AffineMap(a: -1, b: 0, c: 0, d: 1, tx: Double(w - 1), ty: 0).followed(
        by: mapping)
    }
    image = image.warped(
      width: w, height: h, mapping: mapping, edge: masked ? .fill(0, 0, 0) : .clamp)
    Augmentation.adjust(&image, brightness: brightness, contrast: contrast, keepBlack: masked)
  }

  /// `(v − 128)·contrast + 128 + brightness`, clamped; pure-black pixels stay black when
  /// `keepBlack`.
  static func adjust(_ image: inout RGBImage, brightness: Double, contrast: Double, keepBlack: Bool)
  {
    var table = [UInt8](repeating: 0, count: 256)
    for v in 0..<256 {
      table[v] = UInt8(
        max(0, min(255, ((Double(v) - 128) * contrast + 128 + brightness).rounded())))
    }
    image.pixels.withUnsafeMutableBufferPointer { p in
      for i in stride(from: 0, to: p.count, by: 3) {
        if keepBlack, p[i] == 0, p[i + 1] == 0, p[i + 2] == 0 { continue }
        p[i] = table[Int(p[i])]
        p[i + 1] = table[Int(p[i + 1])]
        p[i + 2] = table[Int(p[i + 2])]
      }
    }
  }
}
