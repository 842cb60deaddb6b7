import Foundation

extension RGBImage {
  /// Reads a PNG or JPEG file (format sniffed from the content), upright, as RGB8.
  public init(contentsOf path: String) throws {
    self = try ImageDecoder.decode(contentsOf: path)
  }

  /// Writes the image as a PNG file atomically (a temporary file renamed into place), so a crash
  /// never leaves a half-written PNG.
  public func writePNG(to url: URL) throws {
    try PNGCodec.encode(self).writeAtomically(to: url)
  }
}

extension Data {
  /// Writes the bytes through `AtomicWrite` (a temporary file renamed into place).
  func writeAtomically(to url: URL) throws {
    do {
      try AtomicWrite.write(self, to: url)
    } catch {
      throw ImageError.unwritable(path: url.path, reason: error.localizedDescription)
    }
  }
}
