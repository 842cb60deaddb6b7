import CPNG
import Foundation

/// PNG through libpng's simplified `png_image` API (errors come back as codes, never as longjmp).
///
/// Reading converts every PNG flavour (grey, palette, alpha, 16-bit, interlaced) to RGB8; alpha is
/// composited over black, which is what the face pipeline expects of a cut-out.
public enum PNGCodec {
  /// Decodes PNG bytes; `path` only names the source in errors.
  public static func decode(_ data: Data, path: String = "<memory>",
                            pixelLimit: Int = ImageLimits.maximumPixels) throws -> RGBImage {
    var image = png_image()
    image.version = png_uint_32(PNG_IMAGE_VERSION)
    defer { png_image_free(&image) }
    let began = data.withUnsafeBytes { raw in
      png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
    }
    guard began != 0 else { throw ImageError.corrupt(path: path, reason: message(of: image)) }
    let width = Int(image.width), height = Int(image.height)
    guard width > 0, height > 0 else { throw ImageError.corrupt(path: path, reason: "empty image") }
    guard width * height <= pixelLimit else {
      throw ImageError.tooLarge(path: path, width: width, height: height, limit: pixelLimit)
    }
    // 16-bit files: libpng's simplified API takes them as linear light unless a gAMA, sRGB or iCCP
    // chunk says otherwise, and would brighten them on the way to 8-bit sRGB. Writers that add no
    // such chunk (Pillow, most scientific tools) mean the usual sRGB-encoded values, so those files
    // are read as raw 16-bit and scaled, not gamma-converted.
    let raw16 = (image.format & png_uint_32(PNG_FORMAT_FLAG_LINEAR)) != 0
      && !PNGCodec.declaresGamma(data)
    image.format = png_uint_32(PNG_FORMAT_RGB) | (raw16 ? png_uint_32(PNG_FORMAT_FLAG_LINEAR) : 0)
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    var wide = [UInt16](repeating: 0, count: raw16 ? width * height * 3 : 0)
    let background = png_color(red: 0, green: 0, blue: 0)
    let finished = withUnsafePointer(to: background) { bg in
      if raw16 {
        return wide.withUnsafeMutableBytes { out in
          png_image_finish_read(&image, bg, out.baseAddress, png_int_32(width * 3), nil)
        }
      }
      return pixels.withUnsafeMutableBytes { out in
        png_image_finish_read(&image, bg, out.baseAddress, png_int_32(width * 3), nil)
      }
    }
    if raw16 { for i in 0..<wide.count { pixels[i] = UInt8((UInt32(wide[i]) + 128) / 257) } }
    guard finished != 0 else { throw ImageError.corrupt(path: path, reason: message(of: image)) }
    return RGBImage(width: width, height: height, pixels: pixels)
  }

  /// Encodes an RGB image as PNG bytes.
  public static func encode(_ rgb: RGBImage) throws -> Data {
    try encode(pixels: rgb.pixels, width: rgb.width, height: rgb.height, channels: 3)
  }

  /// Encodes 8-bit grey (`channels` 1), RGB (3) or RGBA (4) pixels as PNG bytes.
  public static func encode(pixels: [UInt8], width: Int, height: Int, channels: Int) throws
    -> Data
  {
    precondition(pixels.count == width * height * channels, "PNGCodec.encode: buffer size mismatch")
    var image = png_image()
    image.version = png_uint_32(PNG_IMAGE_VERSION)
    image.width = png_uint_32(width)
    image.height = png_uint_32(height)
    switch channels {
    case 1: image.format = png_uint_32(PNG_FORMAT_GRAY)
    case 3: image.format = png_uint_32(PNG_FORMAT_RGB)
    case 4: image.format = png_uint_32(PNG_FORMAT_RGB | PNG_FORMAT_FLAG_ALPHA)
    default: preconditionFailure("PNGCodec.encode: \(channels) channels")
    }
    defer { png_image_free(&image) }
    let stride = png_int_32(width * channels)
    // One pass into a buffer of libpng's upper bound (PNG_IMAGE_PNG_SIZE_MAX): asking for the size
    // first would deflate the image twice.
    let raw = height * (width * channels + 1)
    let deflated = raw + (raw + 7) / 8 + (raw + 63) / 64 + 11
    var size = png_alloc_size_t(deflated + 12 * (deflated / 8192 + 1) + 1024)
    var out = Data(count: Int(size))
    var written = out.withUnsafeMutableBytes { dst in
      pixels.withUnsafeBytes { buf in
        png_image_write_to_memory(&image, dst.baseAddress, &size, 0, buf.baseAddress, stride, nil)
      }
    }
    if written == 0, Int(size) > out.count {  // the bound was short: libpng says what it needs
      out = Data(count: Int(size))
      written = out.withUnsafeMutableBytes { dst in
        pixels.withUnsafeBytes { buf in
          png_image_write_to_memory(&image, dst.baseAddress, &size, 0, buf.baseAddress, stride, nil)
        }
      }
    }
    guard written != 0 else {
      throw ImageError.unwritable(path: "<memory>", reason: message(of: image))
    }
    out.count = Int(size)
    return out
  }

  /// Whether a gAMA, sRGB or iCCP chunk comes before the image data.
  static func declaresGamma(_ data: Data) -> Bool {
    let bytes = [UInt8](data.prefix(1 << 16))
    var i = 8
    while i + 8 <= bytes.count {
      let length = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8
        | Int(bytes[i + 3])
      let type = String(decoding: bytes[i + 4..<i + 8], as: UTF8.self)
      if type == "IDAT" { return false }
      if type == "gAMA" || type == "sRGB" || type == "iCCP" { return true }
      i += 12 + length
    }
    return false
  }

  private static func message(of image: png_image) -> String {
    var copy = image.message
    return withUnsafeBytes(of: &copy) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
  }
}
