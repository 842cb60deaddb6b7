import Foundation

extension RGBImage {
  /// Writes the image as a PNG file atomically (a temporary file renamed into place), so a crash
  /// never leaves a half-written PNG.
  public func writePNG(to url: URL) throws {
    let data = try PNGCodec.encode(self)
    do {
      try data.write(to: url, options: .atomic)
    } catch {
      throw ImageError.unwritable(path: url.path, reason: error.localizedDescription)
    }
  }
}
