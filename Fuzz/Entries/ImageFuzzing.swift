import Foundation
import OncoImage

/// Photos: `ImageDecoder.decode` (PNG through libpng, JPEG through TurboJPEG, with the EXIF
/// orientation and the pixel limit) and the EXIF reader on its own.
///
/// Promises: errors are `ImageError` naming the file; a decoded image is non-empty, within the
/// pixel limit and has exactly width × height × 3 bytes. The limit is 1 megapixel here, so that a
/// header claiming a huge image costs the fuzzer no time; the check is the same code as the default
/// 50-megapixel one.
enum ImageFuzzing {
  static let file = "/fuzz/photo.jpg"
  static let pixelLimit = 1 << 20

  static func run(_ data: Data) -> FuzzOutcome {
    _ = ExifOrientation(jpeg: data)
    let image: RGBImage
    do { image = try ImageDecoder.decode(data, path: file, pixelLimit: pixelLimit) } catch {
      return .rejection(error, as: ImageError.self, naming: file)
    }
    guard image.width > 0, image.height > 0, image.width * image.height <= pixelLimit else {
      return .broken("decoded \(image.width)×\(image.height) with a limit of \(pixelLimit) pixels")
    }
    guard image.pixels.count == image.width * image.height * 3 else {
      return .broken("\(image.pixels.count) bytes for \(image.width)×\(image.height) RGB")
    }
    return .accepted
  }
}
