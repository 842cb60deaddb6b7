import Foundation
import OncoImage

extension FaceRenderer {
  /// Paints the lit head: skin albedo with every feature, lit through the relief's normals
  /// (wrapped diffuse, ambient occlusion from the relief's concavities, a little specular), then the
  /// catchlights.
  func paintHead(on canvas: inout Canvas, cheeks: FloatPlane) {
    let head = FloatPlane.coverage(ofPolygon: geometry.headOutline(), width: size, height: size)
    let planted = plantedStrength(cheeks: cheeks)
    var albedo = skinAlbedo(planted: planted, head: head)
    paintWrinkles(on: &albedo)
    paintNostrils(on: &albedo)
    paintMouth(on: &albedo)
    paintEyes(on: &albedo)
    paintBrows(on: &albedo)

    let h = relief(planted: planted)
    let hBlur = h.blurred(sigma: 4 * unit)
    let oil = oiliness()
    let l = look.light
    let halfway = look.halfway
    let ambient = look.ambient
    var lit = Canvas(width: size, height: size)
    for y in 0..<size {
      for x in 0..<size where head[x, y] > 0 {
        let hx = Double(h.clamped(x + 1, y) - h.clamped(x - 1, y)) / 2
        let hy = Double(h.clamped(x, y + 1) - h.clamped(x, y - 1)) / 2
        let n = SIMD3(-hx, -hy, 1) / (hx * hx + hy * hy + 1).squareRoot()
        let diffuse = Float(max(0, ((n * l).sum() + 0.25) / 1.25))
        let cavity = Float(h[x, y] - hBlur[x, y]) / Float(unit)
        let occlusion = min(max(1 + 0.045 * cavity, 0.7), 1.06)
        let shade = (ambient + (1 - ambient) * diffuse) * occlusion
        let specular = Float(pow(max(0, (n * halfway).sum()), 22)) * look.shine * oil[x, y]
        // Light scattered under the skin warms the shadows: blue falls off fastest.
        let tinted = SIMD3(pow(shade, 0.92), pow(shade, 1.04), pow(shade, 1.12))
        lit[x, y] = albedo[x, y] * tinted + SIMD3(repeating: specular)
      }
    }
    canvas.paint(lit, coverage: head)
    paintCatchlights(on: &canvas)
  }

  /// Where and how strongly the skin signal is planted: the cheek regions faded in from their edge
  /// (zero on the edge, full about 8 px inside; a blurred region is ½ on its edge), times the
  /// planted strength.
  func plantedStrength(cheeks: FloatPlane) -> FloatPlane {
    var planted = cheeks.blurred(sigma: 4 * unit)
    for i in planted.values.indices {
      planted.values[i] = max(0, 2 * planted.values[i] - 1) * Float(signal)
    }
    return planted
  }
}
