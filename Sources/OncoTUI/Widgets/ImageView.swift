import OncoImage

/// An RGB image in the terminal as half blocks: `▀` with the upper pixel as foreground and the lower
/// as background, so each cell shows two square-ish pixels.
///
/// The image is scaled to fit the surface keeping its aspect ratio (box filter: every terminal pixel
/// is the area average of the image pixels under it) and centred. On terminals without enough
/// colours, or without UTF-8, each cell becomes a character of the grey ramp ` .:-=+*#%@` by the
/// brightness of its two pixels. `points` (landmarks, in image pixels) are drawn on top.
public struct ImageView {
  public var image: RGBImage
  public var points: [(x: Double, y: Double)]
  public var pointColour: RGB

  public static let ramp: [Character] = Array(" .:-=+*#%@")

  public init(
    _ image: RGBImage, points: [(x: Double, y: Double)] = [],
    pointColour: RGB = RGB(80, 255, 120)
  ) {
    self.image = image
    self.points = points
    self.pointColour = pointColour
  }

  /// The size in terminal pixels (one column, half a row) that fits `cells` keeping the aspect ratio.
  public static func fittedPixels(width: Int, height: Int, in cells: Size) -> Size {
    guard width > 0, height > 0, cells.width > 0, cells.height > 0 else {
      return Size(width: 0, height: 0)
    }
    let scale = min(Double(cells.width) / Double(width), Double(cells.height * 2) / Double(height))
    return Size(
      width: max(1, min(cells.width, Int((Double(width) * scale).rounded()))),
      height: max(1, min(cells.height * 2, Int((Double(height) * scale).rounded()))))
  }

  /// The cells the image takes in a surface of `cells`.
  public static func fittedCells(width: Int, height: Int, in cells: Size) -> Size {
    let pixels = fittedPixels(width: width, height: height, in: cells)
    return Size(width: pixels.width, height: (pixels.height + 1) / 2)
  }

  public func draw(on surface: Surface) {
    let pixels = ImageView.fittedPixels(
      width: image.width, height: image.height, in: surface.bounds.size)
    guard pixels.width > 0 else { return }
    var small = ImageView.resample(image, width: pixels.width, height: pixels.height)
    let sx = Double(pixels.width) / Double(image.width)
    let sy = Double(pixels.height) / Double(image.height)
    let colour = surface.capabilities.colourImages
    var marked = Set<Int>()
    for point in points {
      let px = Int(point.x * sx)
      let py = Int(point.y * sy)
      guard px >= 0, py >= 0, px < pixels.width, py < pixels.height else { continue }
      if colour { small[px, py] = (pointColour.r, pointColour.g, pointColour.b) }
      marked.insert((py / 2) * pixels.width + px)
    }
    let cellRows = (pixels.height + 1) / 2
    let left = (surface.width - pixels.width) / 2
    let top = (surface.height - cellRows) / 2
    for row in 0..<cellRows {
      for column in 0..<pixels.width {
        let upper = small[column, row * 2]
        let lower = row * 2 + 1 < pixels.height ? small[column, row * 2 + 1] : nil
        if colour {
          let fg = RGB(upper.r, upper.g, upper.b)
          let bg = lower.map { RGB($0.r, $0.g, $0.b) }
          surface.put(
            surface.glyphs.upperHalf, x: left + column, y: top + row, foreground: fg,
            background: bg)
        } else if marked.contains(row * pixels.width + column) {
          surface.put("o", x: left + column, y: top + row, role: .accent)
        } else {
          let light =
            (RGB(upper.r, upper.g, upper.b).luminance
              + (lower.map { RGB($0.r, $0.g, $0.b).luminance }
                ?? RGB(upper.r, upper.g, upper.b).luminance))
            / 2
          let index = min(ImageView.ramp.count - 1, Int(light * Double(ImageView.ramp.count)))
          surface.put(ImageView.ramp[index], x: left + column, y: top + row)
        }
      }
    }
  }

  /// The image resampled to `width` × `height` with a box filter: each output pixel is the
  /// area-weighted mean of the input pixels it covers (nearest pixel when enlarging).
  public static func resample(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
    guard width > 0, height > 0, image.width > 0, image.height > 0 else {
      return RGBImage(width: max(0, width), height: max(0, height))
    }
    let columns = weights(from: image.width, to: width)
    let rows = weights(from: image.height, to: height)
    // Horizontal pass into floats, then the vertical pass.
    var horizontal = [Double](repeating: 0, count: width * image.height * 3)
    image.pixels.withUnsafeBufferPointer { source in
      for y in 0..<image.height {
        for (tx, taps) in columns.enumerated() {
          var r = 0.0
          var g = 0.0
          var b = 0.0
          for (sx, w) in taps {
            let i = (y * image.width + sx) * 3
            r += w * Double(source[i])
            g += w * Double(source[i + 1])
            b += w * Double(source[i + 2])
          }
          let o = (y * width + tx) * 3
          horizontal[o] = r
          horizontal[o + 1] = g
          horizontal[o + 2] = b
        }
      }
    }
    var out = [UInt8](repeating: 0, count: width * height * 3)
    for (ty, taps) in rows.enumerated() {
      for tx in 0..<width {
        var r = 0.0
        var g = 0.0
        var b = 0.0
        for (sy, w) in taps {
          let i = (sy * width + tx) * 3
          r += w * horizontal[i]
          g += w * horizontal[i + 1]
          b += w * horizontal[i + 2]
        }
        let o = (ty * width + tx) * 3
        out[o] = UInt8(min(255, max(0, r.rounded())))
        out[o + 1] = UInt8(min(255, max(0, g.rounded())))
        out[o + 2] = UInt8(min(255, max(0, b.rounded())))
      }
    }
    return RGBImage(width: width, height: height, pixels: out)
  }

  /// For each output index, the input indices it covers and their weights (summing to 1).
  static func weights(from source: Int, to target: Int) -> [[(Int, Double)]] {
    let scale = Double(source) / Double(target)
    return (0..<target).map { t in
      let start = Double(t) * scale
      let end = Double(t + 1) * scale
      if scale <= 1 { return [(min(source - 1, Int(start + scale / 2)), 1)] }
      var taps: [(Int, Double)] = []
      var i = Int(start)
      while Double(i) < end, i < source {
        let overlap = min(end, Double(i + 1)) - max(start, Double(i))
        if overlap > 1e-12 { taps.append((i, overlap / scale)) }
        i += 1
      }
      return taps
    }
  }
}
