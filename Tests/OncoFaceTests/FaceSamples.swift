import Foundation
import OncoImage
import OncoTestSupport
import XCTest

/// A few real faces from ../shared/data/faces-dev (every 97th file, so all ages and both sexes).
enum FaceSamples {
  static func photos(_ count: Int) throws -> [(name: String, image: RGBImage)] {
    guard let dev = TestPaths.facesDev else { throw XCTSkip(TestPaths.facesDevMissing) }
    let folder = dev.appendingPathComponent("images")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    return try stride(from: 0, to: names.count, by: 97).prefix(count).map {
      (names[$0], try RGBImage(contentsOf: folder.appendingPathComponent(names[$0]).path))
    }
  }

  /// A textured canvas (smooth colour waves plus seeded noise), so the detector sees clutter.
  static func canvas(width: Int, height: Int, seed: UInt64) -> RGBImage {
    var rng = SplitMix(seed: seed)
    var image = RGBImage(width: width, height: height)
    for y in 0..<height {
      for x in 0..<width {
        let n = Int(rng.next() % 40)
        image[x, y] = (
          UInt8(90 + (x * 7 + y * 3) % 80 + n / 2), UInt8(60 + (x / 9 % 2) * 50 + n),
          UInt8(120 + (y / 13 % 3) * 30 + n / 3)
        )
      }
    }
    return image
  }

  /// Pastes `photo` onto `canvas` through `mapping` (photo → canvas), keeping the canvas elsewhere.
  static func paste(_ photo: RGBImage, on canvas: RGBImage, mapping: AffineMap) -> RGBImage {
    let warped = photo.warped(width: canvas.width, height: canvas.height, mapping: mapping)
    let coverage = RGBImage(width: photo.width, height: photo.height, fill: (255, 255, 255))
      .warped(width: canvas.width, height: canvas.height, mapping: mapping)
    var out = canvas
    for i in 0..<(canvas.width * canvas.height) where coverage.pixels[3 * i] > 250 {
      out.pixels[3 * i] = warped.pixels[3 * i]
      out.pixels[3 * i + 1] = warped.pixels[3 * i + 1]
      out.pixels[3 * i + 2] = warped.pixels[3 * i + 2]
    }
    return out
  }
}

/// A small seeded generator (SplitMix64), so the wild photos are the same on every run.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
