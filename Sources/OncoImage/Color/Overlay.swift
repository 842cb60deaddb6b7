/// A heat map blended over an image: `alpha` of the colour-mapped heat, `1 − alpha` of the image.
///
/// `heat` holds one value in [0, 1] per pixel of `image`, rows top to bottom (resample a coarse
/// Grad-CAM map first with `resampleHeat`).
///
///     let picture = overlay(heat: cam, on: chip, alpha: 0.5, map: .jet)
public func overlay(heat: [Float], on image: RGBImage, alpha: Float = 0.5,
                    map: ColorMap = .jet) -> RGBImage {
  precondition(heat.count == image.width * image.height,
               "overlay: \(heat.count) heat values for a \(image.width)×\(image.height) image")
  let a = min(1, max(0, alpha))
  var out = image.pixels
  for i in 0..<heat.count {
    let c = map.color(at: heat[i])
    out[3 * i] = blend(c.r, out[3 * i], a)
    out[3 * i + 1] = blend(c.g, out[3 * i + 1], a)
    out[3 * i + 2] = blend(c.b, out[3 * i + 2], a)
  }
  return RGBImage(width: image.width, height: image.height, pixels: out)
}

/// The heat map rendered through a colour map as an image of its own.
public func render(heat: [Float], width: Int, height: Int, map: ColorMap = .jet) -> RGBImage {
  precondition(heat.count == width * height,
               "render(heat:): \(heat.count) values for \(width)×\(height)")
  var out = [UInt8](repeating: 0, count: heat.count * 3)
  for i in 0..<heat.count {
    let c = map.color(at: heat[i])
    out[3 * i] = c.r; out[3 * i + 1] = c.g; out[3 * i + 2] = c.b
  }
  return RGBImage(width: width, height: height, pixels: out)
}

/// A `width`×`height` grid of values resampled bilinearly to `toWidth`×`toHeight` (pixel centres
/// aligned, edges clamped): a 7×7 Grad-CAM map up to a 150×150 chip.
public func resampleHeat(_ values: [Float], width: Int, height: Int, toWidth: Int,
                         toHeight: Int) -> [Float] {
  precondition(values.count == width * height && width > 0 && height > 0,
               "resampleHeat: \(values.count) values for \(width)×\(height)")
  var out = [Float](repeating: 0, count: toWidth * toHeight)
  let sx = Float(width) / Float(toWidth), sy = Float(height) / Float(toHeight)
  for y in 0..<toHeight {
    let fy = min(max((Float(y) + 0.5) * sy - 0.5, 0), Float(height - 1))
    let y0 = Int(fy), y1 = min(y0 + 1, height - 1), ay = fy - Float(y0)
    for x in 0..<toWidth {
      let fx = min(max((Float(x) + 0.5) * sx - 0.5, 0), Float(width - 1))
      let x0 = Int(fx), x1 = min(x0 + 1, width - 1), ax = fx - Float(x0)
      let top = values[y0 * width + x0] * (1 - ax) + values[y0 * width + x1] * ax
      let bottom = values[y1 * width + x0] * (1 - ax) + values[y1 * width + x1] * ax
      out[y * toWidth + x] = top * (1 - ay) + bottom * ay
    }
  }
  return out
}

@inline(__always) private func blend(_ top: UInt8, _ bottom: UInt8, _ alpha: Float) -> UInt8 {
  UInt8(min(255, max(0, (Float(top) * alpha + Float(bottom) * (1 - alpha)).rounded())))
}
