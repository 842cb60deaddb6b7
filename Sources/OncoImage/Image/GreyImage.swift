import Foundation

/// An 8-bit single-channel image, rows top to bottom: masks (0 outside, 255 inside) and heat maps.
public struct GreyImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// `width * height` bytes.
  public var pixels: [UInt8]

  /// An image filled with one value (0 by default).
  public init(width: Int, height: Int, fill: UInt8 = 0) {
    precondition(width >= 0 && height >= 0, "GreyImage: negative size \(width)×\(height)")
    self.width = width
    self.height = height
    self.pixels = [UInt8](repeating: fill, count: width * height)
  }

  /// Wraps existing bytes; `pixels.count` must be `width * height`.
  public init(width: Int, height: Int, pixels: [UInt8]) {
    precondition(pixels.count == width * height,
                 "GreyImage: \(pixels.count) bytes for \(width)×\(height)")
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  /// The value at column `x`, row `y`.
  public subscript(x: Int, y: Int) -> UInt8 {
    get { pixels[y * width + x] }
    set { pixels[y * width + x] = newValue }
  }

  /// Writes the image as a grey PNG, atomically.
  public func writePNG(to url: URL) throws {
    try PNGCodec.encode(pixels: pixels, width: width, height: height, channels: 1)
      .writeAtomically(to: url)
  }
}

extension RGBImage {
  /// The image multiplied by a mask (255 keeps a pixel, 0 makes it black, values between blend).
  public func masked(by mask: GreyImage) -> RGBImage {
    precondition(mask.width == width && mask.height == height, "masked(by:): size mismatch")
    var out = pixels
    for i in 0..<(width * height) {
      let m = UInt32(mask.pixels[i])
      if m == 255 { continue }
      for k in 0..<3 { out[3 * i + k] = UInt8((UInt32(out[3 * i + k]) * m + 127) / 255) }
    }
    return RGBImage(width: width, height: height, pixels: out)
  }
}
