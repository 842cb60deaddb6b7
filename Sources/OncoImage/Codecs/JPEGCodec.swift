import CJPEG
import Foundation

/// JPEG through libjpeg-turbo's TurboJPEG API (errors come back as codes, never as longjmp).
///
/// Reading handles baseline, progressive and arithmetic-coded files, grey (expanded to RGB) and
/// CMYK/YCCK (converted to RGB, see below), and applies the EXIF orientation, so a portrait photo
/// taken with a turned camera comes out upright.
///
/// - The pixel limit is checked against the header (`tjDecompressHeader3`) before any pixel is
///   decoded, so a 30000×30000 header costs nothing.
/// - Warnings: libjpeg reports damaged data as a *warning* and fills what it could not decode with
///   grey. A half-grey photo would silently poison a study, so every warning is an error
///   (`ImageError.corrupt`, e.g. "truncated or damaged: Premature end of JPEG file") except the one
///   harmless kind, "extraneous bytes before marker", which many cameras write and which leaves
///   every pixel intact.
/// - CMYK: JPEG CMYK is stored inverted (the Adobe convention that Photoshop, libjpeg and Pillow
///   follow); it is converted naively, R = C·K/255 and so on (libjpeg-turbo's own `cmyk_to_rgb`),
///   without colour management. Good enough to find and align a face; not colour-accurate.
public enum JPEGCodec {
  /// Decodes JPEG bytes into RGB8, upright; `path` only names the source in errors.
  public static func decode(_ data: Data, path: String = "<memory>",
                            pixelLimit: Int = ImageLimits.maximumPixels) throws -> RGBImage {
    guard let handle = tjInitDecompress() else {
      throw ImageError.corrupt(path: path, reason: "libjpeg-turbo could not start a decoder")
    }
    defer { tjDestroy(handle) }
    var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
    let header = data.withUnsafeBytes { raw in
      tjDecompressHeader3(handle, raw.bindMemory(to: UInt8.self).baseAddress, UInt(raw.count),
                          &width, &height, &subsampling, &colorspace)
    }
    guard header == 0 else {
      throw ImageError.corrupt(path: path, reason: errorText(handle))
    }
    let w = Int(width), h = Int(height)
    guard w > 0, h > 0 else { throw ImageError.corrupt(path: path, reason: "empty image") }
    guard w * h <= pixelLimit else {
      throw ImageError.tooLarge(path: path, width: w, height: h, limit: pixelLimit)
    }
    let cmyk = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
    let channels = cmyk ? 4 : 3
    let format = cmyk ? TJPF_CMYK : TJPF_RGB
    var pixels = [UInt8](repeating: 0, count: w * h * channels)
    let flags = TJFLAG_ACCURATEDCT | TJFLAG_LIMITSCANS
    let status = data.withUnsafeBytes { raw in
      pixels.withUnsafeMutableBufferPointer { out in
        tjDecompress2(handle, raw.bindMemory(to: UInt8.self).baseAddress, UInt(raw.count),
                      out.baseAddress, width, Int32(w * channels), height,
                      Int32(format.rawValue), Int32(flags))
      }
    }
    if status != 0 {
      let text = errorText(handle)
      let warning = tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue)
      if !(warning && text.contains("extraneous bytes before marker")) {
        throw ImageError.corrupt(path: path,
                                 reason: warning ? "truncated or damaged: \(text)" : text)
      }
    }
    var image = RGBImage(width: w, height: h,
                         pixels: cmyk ? rgb(fromInvertedCMYK: pixels) : pixels)
    if let orientation = ExifOrientation(jpeg: data), orientation != .up {
      image = image.oriented(orientation)
    }
    return image
  }

  /// Encodes an RGB image as a JPEG (4:2:0 chroma subsampling, like most cameras).
  public static func encode(_ image: RGBImage, quality: Int = 90) throws -> Data {
    try encode(pixels: image.pixels, width: image.width, height: image.height, format: TJPF_RGB,
               subsampling: TJSAMP_420, quality: quality)
  }

  /// Encodes interleaved pixels of a TurboJPEG pixel format (the tests make CMYK and grey files).
  static func encode(pixels: [UInt8], width: Int, height: Int, format: TJPF, subsampling: TJSAMP,
                     quality: Int, progressive: Bool = false) throws -> Data {
    guard let handle = tjInitCompress() else {
      throw ImageError.unwritable(path: "<memory>", reason: "libjpeg-turbo could not start")
    }
    defer { tjDestroy(handle) }
    var buffer: UnsafeMutablePointer<UInt8>? = nil
    var size: UInt = 0
    let channels = pixelSize(format)
    precondition(pixels.count == width * height * channels,
                 "JPEGCodec.encode: buffer size mismatch")
    let flags = TJFLAG_ACCURATEDCT | (progressive ? TJFLAG_PROGRESSIVE : 0)
    let status = pixels.withUnsafeBufferPointer { src in
      tjCompress2(handle, src.baseAddress, Int32(width), Int32(width * channels), Int32(height),
                  Int32(format.rawValue), &buffer, &size, Int32(subsampling.rawValue),
                  Int32(quality), Int32(flags))
    }
    defer { if let buffer { tjFree(buffer) } }
    guard status == 0, let buffer else {
      throw ImageError.unwritable(path: "<memory>", reason: errorText(handle))
    }
    return Data(bytes: buffer, count: Int(size))
  }

  private static func pixelSize(_ format: TJPF) -> Int {
    switch format {
    case TJPF_GRAY: return 1
    case TJPF_RGB, TJPF_BGR: return 3
    default: return 4
    }
  }

  /// Adobe-inverted CMYK to RGB: libjpeg-turbo's `cmyk_to_rgb`, R = C·K/255.
  private static func rgb(fromInvertedCMYK cmyk: [UInt8]) -> [UInt8] {
    let count = cmyk.count / 4
    var out = [UInt8](repeating: 0, count: count * 3)
    for i in 0..<count {
      let k = UInt32(cmyk[4 * i + 3])
      out[3 * i] = UInt8((UInt32(cmyk[4 * i]) * k + 127) / 255)
      out[3 * i + 1] = UInt8((UInt32(cmyk[4 * i + 1]) * k + 127) / 255)
      out[3 * i + 2] = UInt8((UInt32(cmyk[4 * i + 2]) * k + 127) / 255)
    }
    return out
  }

  private static func errorText(_ handle: tjhandle) -> String {
    guard let text = tjGetErrorStr2(handle) else { return "unknown libjpeg-turbo error" }
    return String(cString: text)
  }
}
