import Dispatch
import Foundation
import OncoImage
@testable import OncoData

/// Demo faces rendered in memory for the tests, once per set of options (rendering is the slow
/// part, so every test of a run shares them).
enum DemoTestCohort {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var cache: [String: [DemoFace]] = [:]

  static func faces(count: Int, effect: Double, seed: UInt64 = 1) -> [DemoFace] {
    let key = "\(count)-\(effect)-\(seed)"
    lock.lock()
    defer { lock.unlock() }
    if let faces = cache[key] { return faces }
    let options = DemoOptions(count: count, seed: seed, effect: effect)
    let box = FaceBox(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { i in
      box.set(i, DemoFace.render(index: i, options: options))
    }
    let faces = box.all
    cache[key] = faces
    return faces
  }

  private final class FaceBox: @unchecked Sendable {
    private let lock = NSLock()
    private var faces: [DemoFace?]
    init(count: Int) { faces = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ face: DemoFace) { lock.lock(); faces[i] = face; lock.unlock() }
    var all: [DemoFace] { faces.map { $0! } }
  }
}

/// Measurements of a demo face that the tests compare between groups.
enum DemoFaceMeasures {
  /// Mean red, green, blue (0…255) of an image.
  static func meanRGB(_ image: RGBImage) -> [Double] {
    var sum = [0.0, 0.0, 0.0]
    for i in stride(from: 0, to: image.pixels.count, by: 3) {
      for c in 0..<3 { sum[c] += Double(image.pixels[i + c]) }
    }
    return sum.map { $0 / Double(image.width * image.height) }
  }

  /// Skin features inside the cheek regions (the planted region without its margin beyond the jaw),
  /// each relative to the same feature on the nose ridge, which carries no signal:
  /// redness (R − G over R + G + B), fine colour texture and fine brightness texture.
  static func cheekFeatures(_ face: DemoFace) -> [Double] {
    let size = face.chip.width
    // Drawing coordinates put a pixel's centre at +½ (landmarks put it at integers).
    let g = FaceGeometry(points: face.landmarks.map { $0 + 0.5 }, size: size, childness: 0)
    var cheeks = FloatPlane(width: size, height: size)
    for side in [-1, 1] { cheeks.fill(polygon: g.cheekRegion(side: side, outset: -3)) }
    var nose = FloatPlane(width: size, height: size)
    nose.stroke(polyline: [face.landmarks[28], face.landmarks[30]], widths: [5])
    return zip(features(face.chip, in: cheeks), features(face.chip, in: nose)).map { $0 - $1 }
  }

  private static func features(_ image: RGBImage, in region: FloatPlane) -> [Double] {
    let w = image.width, h = image.height
    func px(_ x: Int, _ y: Int, _ c: Int) -> Double { Double(image.pixels[(y * w + x) * 3 + c]) }
    var redness = 0.0, colourTexture = 0.0, brightnessTexture = 0.0, n = 0.0
    for y in 1..<(h - 1) {
      for x in 1..<(w - 1) where region[x, y] >= 0.99 {
        let r = px(x, y, 0), g = px(x, y, 1), b = px(x, y, 2)
        redness += (r - g) / (r + g + b + 1)
        func chroma(_ x: Int, _ y: Int) -> Double { px(x, y, 0) - px(x, y, 1) }
        func luma(_ x: Int, _ y: Int) -> Double { px(x, y, 0) + px(x, y, 1) + px(x, y, 2) }
        let lc = 4 * chroma(x, y) - chroma(x - 1, y) - chroma(x + 1, y) - chroma(x, y - 1)
          - chroma(x, y + 1)
        let ll = 4 * luma(x, y) - luma(x - 1, y) - luma(x + 1, y) - luma(x, y - 1) - luma(x, y + 1)
        colourTexture += abs(lc)
        brightnessTexture += abs(ll)
        n += 1
      }
    }
    return [redness / n, colourTexture / n, brightnessTexture / n]
  }
}
