/// An 8-bit RGB image, rows top to bottom, pixels interleaved R, G, B.
///
/// Every decoder in OncoImage produces this type whatever the file held (grey, palette, alpha,
/// 16-bit, CMYK), so the rest of OncoFace deals with one layout only.
public struct RGBImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// `width * height * 3` bytes.
  public var pixels: [UInt8]

  /// An image filled with one colour (black by default).
  public init(width: Int, height: Int, fill: (UInt8, UInt8, UInt8) = (0, 0, 0)) {
    precondition(width >= 0 && height >= 0, "RGBImage: negative size \(width)×\(height)")
    self.width = width
    self.height = height
    var p = [UInt8](repeating: 0, count: width * height * 3)
    if fill != (0, 0, 0) {
      for i in stride(from: 0, to: p.count, by: 3) {
        p[i] = fill.0; p[i + 1] = fill.1; p[i + 2] = fill.2
      }
    }
    self.pixels = p
  }

  /// Wraps existing interleaved RGB bytes; `pixels.count` must be `width * height * 3`.
  public init(width: Int, height: Int, pixels: [UInt8]) {
    precondition(pixels.count == width * height * 3,
                 "RGBImage: \(pixels.count) bytes for \(width)×\(height) "
                   + "(needs \(width * height * 3))")
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  /// The pixel at column `x`, row `y`.
  public subscript(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
    get {
      let i = (y * width + x) * 3
      return (pixels[i], pixels[i + 1], pixels[i + 2])
    }
    set {
      let i = (y * width + x) * 3
      pixels[i] = newValue.r; pixels[i + 1] = newValue.g; pixels[i + 2] = newValue.b
    }
  }
}
