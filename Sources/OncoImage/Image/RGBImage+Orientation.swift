extension RGBImage {
  /// The image turned and/or mirrored so that a photo stored with `orientation` shows upright.
  public func oriented(_ orientation: ExifOrientation) -> RGBImage {
    // For each output pixel (x, y) of the upright image, the stored pixel it comes from.
    let swaps = [.leftMirrored, .right, .rightMirrored, .left].contains(orientation)
    let outW = swaps ? height : width, outH = swaps ? width : height
    let source: (Int, Int) -> (Int, Int)
    switch orientation {
    case .up: return self
    case .upMirrored: source = { x, y in (width - 1 - x, y) }
    case .down: source = { x, y in (width - 1 - x, height - 1 - y) }
    case .downMirrored: source = { x, y in (x, height - 1 - y) }
    case .leftMirrored: source = { x, y in (y, x) }
    case .right: source = { x, y in (y, height - 1 - x) }
    case .rightMirrored: source = { x, y in (width - 1 - y, height - 1 - x) }
    case .left: source = { x, y in (width - 1 - y, x) }
    }
    var out = [UInt8](repeating: 0, count: pixels.count)
    pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for y in 0..<outH {
          for x in 0..<outW {
            let (sx, sy) = source(x, y)
            let s = (sy * width + sx) * 3, d = (y * outW + x) * 3
            dst[d] = src[s]; dst[d + 1] = src[s + 1]; dst[d + 2] = src[s + 2]
          }
        }
      }
    }
    return RGBImage(width: outW, height: outH, pixels: out)
  }
}
