import Foundation
import OncoImage

extension FaceRenderer {
  /// What the camera adds: white balance and exposure, a little lens softness, and sensor noise
  /// (luminance grain plus weaker colour noise), each drawn from the face's own noise stream.
  func finishLikeACamera(_ canvas: inout Canvas) {
    let gain = look.tint * look.exposure
    for i in 0..<(size * size) {
      canvas.red[i] *= gain.x; canvas.green[i] *= gain.y; canvas.blue[i] *= gain.z
    }
    canvas.blur(sigma: look.softness * unit)
    var rng = DemoRandom(seed: seed, purpose: "sensor", index: 0)
    let sigma = look.grain
    for i in 0..<(size * size) {
      let luma = Float(rng.roughNormal()) * sigma
      canvas.red[i] += luma + Float(rng.roughNormal()) * sigma * 0.4
      canvas.green[i] += luma + Float(rng.roughNormal()) * sigma * 0.4
      canvas.blue[i] += luma + Float(rng.roughNormal()) * sigma * 0.4
    }
  }
}
