import Foundation

/// The image formats OncoFace reads, recognised by their first bytes, never by the file name.
public enum ImageFormat: String, Sendable {
  case png, jpeg

  /// The format whose signature `data` starts with, or nil.
  public init?(sniffing data: Data) {
    let head = [UInt8](data.prefix(8))
    if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] {
      self = .png
    } else if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF {
      self = .jpeg
    } else {
      return nil
    }
  }
}

/// The one entry for reading photos: sniffs PNG or JPEG from the content and decodes to RGB8.
///
/// Every error is an `ImageError` naming the file. The pixel limit is checked from the header
/// before decoding.
///
///     let photo = try ImageDecoder.decode(contentsOf: "photos/p001.jpg")
public enum ImageDecoder {
  /// Reads and decodes the file at `path`.
  public static func decode(contentsOf path: String,
                            pixelLimit: Int = ImageLimits.maximumPixels) throws -> RGBImage {
    try decode(try ImageFile.read(path: path), path: path, pixelLimit: pixelLimit)
  }

  /// Decodes bytes already read; `path` names the source in errors.
  public static func decode(_ data: Data, path: String,
                            pixelLimit: Int = ImageLimits.maximumPixels) throws -> RGBImage {
    guard !data.isEmpty else { throw ImageError.empty(path: path) }
    switch ImageFormat(sniffing: data) {
    case .png: return try PNGCodec.decode(data, path: path, pixelLimit: pixelLimit)
    case .jpeg: return try JPEGCodec.decode(data, path: path, pixelLimit: pixelLimit)
    case nil: throw ImageError.notAnImage(path: path)
    }
  }
}
