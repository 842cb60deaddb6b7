import Foundation

/// How a camera says its photo must be turned to be upright: the EXIF Orientation tag (0x0112).
///
/// The raw values 1–8 name where row 0 and column 0 of the stored pixels belong;
/// `RGBImage.oriented` applies the turn and/or mirror that makes the image upright.
public enum ExifOrientation: Int, Sendable, CaseIterable {
  case up = 1, upMirrored, down, downMirrored, leftMirrored, right, rightMirrored, left

  /// The orientation in a JPEG's APP1 "Exif" segment, or nil when there is none (or it is
  /// unreadable: a broken EXIF block never stops a photo from being decoded).
  public init?(jpeg data: Data) {
    guard let tiff = ExifOrientation.exifPayload(in: data),
          let value = ExifOrientation.orientationTag(inTIFF: tiff),
          let orientation = ExifOrientation(rawValue: value) else { return nil }
    self = orientation
  }

  /// The bytes after "Exif\0\0" of the first APP1 segment before the image data.
  private static func exifPayload(in data: Data) -> [UInt8]? {
    let bytes = [UInt8](data.prefix(256 * 1024))  // EXIF lives in the first 64 KB segment
    guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
    var i = 2
    while i + 3 < bytes.count {
      guard bytes[i] == 0xFF else { return nil }
      var m = i + 1
      while m < bytes.count, bytes[m] == 0xFF { m += 1 }  // fill bytes
      guard m + 2 < bytes.count else { return nil }
      let marker = bytes[m]
      if marker == 0xDA || marker == 0xD9 { return nil }  // image data: no EXIF before it
      if marker == 0x01 || (0xD0...0xD7).contains(marker) { i = m + 1; continue }
      let length = Int(bytes[m + 1]) << 8 | Int(bytes[m + 2])
      guard length >= 2 else { return nil }
      let start = m + 3, end = min(m + 1 + length, bytes.count)
      if marker == 0xE1, end - start > 6,
         Array(bytes[start..<start + 6]) == [0x45, 0x78, 0x69, 0x66, 0, 0] {
        return Array(bytes[start + 6..<end])
      }
      i = m + 1 + length
    }
    return nil
  }

  /// The Orientation value of IFD0 in a TIFF block, either byte order.
  private static func orientationTag(inTIFF t: [UInt8]) -> Int? {
    guard t.count >= 8 else { return nil }
    let little: Bool
    switch (t[0], t[1]) {
    case (0x49, 0x49): little = true
    case (0x4D, 0x4D): little = false
    default: return nil
    }
    func u16(_ o: Int) -> Int? {
      guard o >= 0, o + 2 <= t.count else { return nil }
      return little ? Int(t[o]) | Int(t[o + 1]) << 8 : Int(t[o]) << 8 | Int(t[o + 1])
    }
    func u32(_ o: Int) -> Int? {
      guard let a = u16(o), let b = u16(o + 2) else { return nil }
      return little ? a | b << 16 : a << 16 | b
    }
    guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
    for entry in 0..<count {
      let o = ifd + 2 + entry * 12
      guard let tag = u16(o) else { return nil }
      if tag == 0x0112 {
        guard u16(o + 2) == 3 else { return nil }  // SHORT
        return u16(o + 8)
      }
    }
    return nil
  }
}
