/// What a warp puts where the source has no pixel.
public enum WarpEdge: Sendable, Equatable {
  /// A constant colour (black for face chips, as dlib does).
  case fill(UInt8, UInt8, UInt8)
  /// The nearest edge pixel (for resizing).
  case clamp
}

extension RGBImage {
  /// The image mapped through an affine transform into a `width`×`height` canvas, bilinearly.
  ///
  /// `mapping` takes source pixel coordinates to destination ones (for a face chip: photo → chip).
  /// When the map shrinks the image, each output pixel averages n×n bilinear samples spread over
  /// the area it covers (n = the shrink factor rounded up, at most 8), so a 4000-pixel photo does
  /// not alias into a 150-pixel chip.
  public func warped(
    width outW: Int, height outH: Int, mapping: AffineMap,
    edge: WarpEdge = .fill(0, 0, 0)
  ) -> RGBImage {
    guard let inverse = mapping.inverted, outW > 0, outH > 0, width > 0, height > 0 else {
      return RGBImage(width: max(outW, 0), height: max(outH, 0))
    }
    let shrink = abs(inverse.determinant).squareRoot()
    let n = shrink > 1.25 ? min(8, Int(shrink.rounded(.up))) : 1
    var offsets: [(Double, Double)] = []
    for j in 0..<n {
      for i in 0..<n {
        offsets.append(((Double(i) + 0.5) / Double(n) - 0.5, (Double(j) + 0.5) / Double(n) - 0.5))
      }
    }
    var out = [UInt8](repeating: 0, count: outW * outH * 3)
    let fill: (Float, Float, Float)
    let clamp: Bool
    switch edge {
    case .fill(let r, let g, let b):
      fill = (Float(r), Float(g), Float(b))
      clamp = false
    case .clamp:
      fill = (0, 0, 0)
      clamp = true
    }
    let w = width
    let h = height
    let weight = 1 / Float(offsets.count)
    pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for y in 0..<outH {
          for x in 0..<outW {
            var acc: (Float, Float, Float) = (0, 0, 0)
            for (ox, oy) in offsets {
              let px = Double(x) + ox
              let py = Double(y) + oy
              let sx = inverse.a * px + inverse.b * py + inverse.tx
              let sy = inverse.c * px + inverse.d * py + inverse.ty
              let s = RGBImage.sample(src, w, h, sx, sy, fill, clamp)
              acc.0 += s.0
              acc.1 += s.1
              acc.2 += s.2
            }
            let d = (y * outW + x) * 3
            dst[d] = UInt8(min(255, max(0, acc.0 * weight + 0.5)))
            dst[d + 1] = UInt8(min(255, max(0, acc.1 * weight + 0.5)))
            dst[d + 2] = UInt8(min(255, max(0, acc.2 * weight + 0.5)))
          }
        }
      }
    }
    return RGBImage(width: outW, height: outH, pixels: out)
  }

  /// The bilinear value at (sx, sy); neighbours outside the image are the fill colour (or the
  /// edge).
  @inline(__always)
  static func sample(
    _ src: UnsafeBufferPointer<UInt8>, _ w: Int, _ h: Int, _ sx: Double,
    _ sy: Double, _ fill: (Float, Float, Float), _ clamp: Bool
  )
    -> (Float, Float, Float)
  {
    var sx = sx
    var sy = sy
    if clamp {
      sx = min(max(sx, 0), Double(w - 1))
      sy = min(max(sy, 0), Double(h - 1))
    }
    guard sx > -1, sy > -1, sx < Double(w), sy < Double(h), sx.isFinite, sy.isFinite else {
      return fill
    }
    let fx = sx.rounded(.down)
    let fy = sy.rounded(.down)
    let x0 = Int(fx)
    let y0 = Int(fy)
    let ax = Float(sx - fx)
    let ay = Float(sy - fy)
    @inline(__always) func pixel(_ xx: Int, _ yy: Int) -> (Float, Float, Float) {
      if xx < 0 || yy < 0 || xx >= w || yy >= h { return fill }
      let i = (yy * w + xx) * 3
      return (Float(src[i]), Float(src[i + 1]), Float(src[i + 2]))
    }
    let p00 = pixel(x0, y0)
    let p10 = pixel(x0 + 1, y0)
    let p01 = pixel(x0, y0 + 1)
    let p11 = pixel(x0 + 1, y0 + 1)
    let w00 = (1 - ax) * (1 - ay)
    let w10 = ax * (1 - ay)
    let w01 = (1 - ax) * ay
    let w11 = ax * ay
    let r = w00 * p00.0 + w10 * p10.0 + w01 * p01.0 + w11 * p11.0
    let g = w00 * p00.1 + w10 * p10.1 + w01 * p01.1 + w11 * p11.1
    let b = w00 * p00.2 + w10 * p10.2 + w01 * p01.2 + w11 * p11.2
    return (r, g, b)
  }

  /// The image scaled to `width`×`height` (pixel centres aligned; shrinking averages, so it does
  /// not alias).
  public func resized(width outW: Int, height outH: Int) -> RGBImage {
    guard width > 0, height > 0 else { return RGBImage(width: outW, height: outH) }
    let sx = Double(outW) / Double(width)
    let sy = Double(outH) / Double(height)
    // Pixel centres: source (x + ½)·s − ½.
    let mapping = AffineMap(a: sx, b: 0, c: 0, d: sy, tx: 0.5 * sx - 0.5, ty: 0.5 * sy - 0.5)
    return warped(width: outW, height: outH, mapping: mapping, edge: .clamp)
  }
}
