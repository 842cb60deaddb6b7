import CJPEG
import Foundation
@testable import OncoImage
import OncoTestSupport
import XCTest

final class JPEGCodecTests: XCTestCase {
  /// Two flat halves (red left, blue right): survives JPEG compression nearly unchanged.
  private func halves(width: Int = 32, height: Int = 16) -> RGBImage {
    var image = RGBImage(width: width, height: height)
    for y in 0..<height {
      for x in 0..<width { image[x, y] = x < width / 2 ? (220, 30, 30) : (30, 30, 220) }
    }
    return image
  }

  private func meanAbsoluteDifference(_ a: RGBImage, _ b: RGBImage) -> Double {
    XCTAssertEqual(a.width, b.width)
    XCTAssertEqual(a.height, b.height)
    let total = zip(a.pixels, b.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
    return Double(total) / Double(a.pixels.count)
  }

  func testBaselineAndProgressiveDecodeToTheEncodedPicture() throws {
    let image = halves()
    let baseline = try JPEGCodec.encode(image, quality: 95)
    XCTAssertLessThan(meanAbsoluteDifference(try JPEGCodec.decode(baseline), image), 4)
    let progressive = try JPEGCodec.encode(pixels: image.pixels, width: 32, height: 16,
                                           format: TJPF_RGB, subsampling: TJSAMP_444,
                                           quality: 95, progressive: true)
    XCTAssertLessThan(meanAbsoluteDifference(try JPEGCodec.decode(progressive), image), 4)
  }

  func testGreyJPEGBecomesEqualChannels() throws {
    let grey = (0..<64).map { UInt8($0 * 4) }
    let data = try JPEGCodec.encode(pixels: grey, width: 8, height: 8, format: TJPF_GRAY,
                                    subsampling: TJSAMP_GRAY, quality: 100)
    let image = try JPEGCodec.decode(data)
    for y in 0..<8 {
      for x in 0..<8 {
        let p = image[x, y]
        XCTAssertEqual(p.r, p.g)
        XCTAssertEqual(p.g, p.b)
        XCTAssertEqual(Double(p.r), Double(grey[y * 8 + x]), accuracy: 6)
      }
    }
  }

  func testYCCKJPEGIsConvertedToRGB() throws {
    // Inverted CMYK of the red/blue halves, as libjpeg-turbo's rgb_to_cmyk makes it (K = 255 −
    // ink).
    let image = halves()
    var cmyk: [UInt8] = []
    for i in 0..<(image.width * image.height) {
      let r = Double(image.pixels[3 * i]), g = Double(image.pixels[3 * i + 1])
      let b = Double(image.pixels[3 * i + 2])
      let k = max(r, g, b)  // inverted K
      cmyk += [r, g, b].map { UInt8((($0 / k) * 255).rounded()) } + [UInt8(k)]
    }
    let data = try JPEGCodec.encode(pixels: cmyk, width: 32, height: 16, format: TJPF_CMYK,
                                    subsampling: TJSAMP_444, quality: 100)
    XCTAssertLessThan(meanAbsoluteDifference(try JPEGCodec.decode(data), image), 4)
  }

  func testAdobeCMYKFromPillowKeepsItsColours() throws {
    let url = TestPaths.fixtures.appendingPathComponent("images/cmyk.jpg")
    let image = try ImageDecoder.decode(contentsOf: url.path)
    XCTAssertEqual(image.width, 8)
    for (x, y) in [(3, 2), (7, 5), (0, 0)] {
      let p = image[x, y]
      XCTAssertEqual(Double(p.r), Double(32 * x), accuracy: 8, "red at \(x),\(y)")
      XCTAssertEqual(Double(p.g), Double(40 * y), accuracy: 8, "green at \(x),\(y)")
      XCTAssertEqual(Double(p.b), 128, accuracy: 8, "blue at \(x),\(y)")
    }
  }

  func testTruncatedJPEGIsAnErrorNotAGreyPicture() throws {
    var photo = RGBImage(width: 64, height: 64)
    for i in 0..<photo.pixels.count { photo.pixels[i] = UInt8((i * 7919) % 251) }  // busy content
    let data = try JPEGCodec.encode(photo, quality: 90)
    XCTAssertThrowsError(try JPEGCodec.decode(data.prefix(data.count / 2), path: "cut.jpg")) {
      guard case ImageError.corrupt(let path, let reason) = $0 else { return XCTFail("\($0)") }
      XCTAssertEqual(path, "cut.jpg")
      XCTAssertTrue(reason.contains("truncated"), reason)
    }
  }

  func testHugeHeaderIsRefusedBeforeDecoding() throws {
    var data = [UInt8](try JPEGCodec.encode(halves(), quality: 80))
    // Patch the frame header (SOF0: FF C0 len P Y X) to claim 30000×30000.
    let sof = try XCTUnwrap((0..<data.count - 1).first { data[$0] == 0xFF && data[$0 + 1] == 0xC0 })
    data[sof + 5] = 0x75; data[sof + 6] = 0x30; data[sof + 7] = 0x75; data[sof + 8] = 0x30
    XCTAssertThrowsError(try JPEGCodec.decode(Data(data), path: "huge.jpg")) {
      XCTAssertEqual($0 as? ImageError, .tooLarge(path: "huge.jpg", width: 30000, height: 30000,
                                                  limit: ImageLimits.maximumPixels))
    }
  }

  /// A JPEG with an APP1 Exif segment holding only the Orientation tag, in either byte order.
  private func withOrientation(_ jpeg: Data, _ value: UInt8, bigEndian: Bool) -> Data {
    // Header, IFD0 at offset 8 with one entry: tag 0x0112, type SHORT, count 1, the value.
    let tiff: [UInt8] = bigEndian
      ? [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0]
        + [0, 0, 0, 0]
      : [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, value, 0, 0, 0]
        + [0, 0, 0, 0]
    let payload: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0] + tiff
    let length = payload.count + 2
    let app1: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    return Data(jpeg.prefix(2)) + Data(app1) + Data(jpeg.dropFirst(2))
  }

  func testEXIFOrientationIsApplied() throws {
    let jpeg = try JPEGCodec.encode(halves(), quality: 95)  // red left, blue right, 32×16
    let cases: [(UInt8, Bool, red: (Int, Int), blue: (Int, Int), size: (Int, Int))] = [
      (1, false, (2, 8), (29, 8), (32, 16)),
      (3, true, (29, 8), (2, 8), (32, 16)),   // turned 180°: red on the right
      (6, false, (8, 2), (8, 29), (16, 32)),  // turned 90° clockwise: the left side on top
      (8, true, (8, 29), (8, 2), (16, 32)),   // turned 90° anticlockwise: the left side below
      (2, false, (29, 8), (2, 8), (32, 16)),  // mirrored
    ]
    for c in cases {
      let image = try JPEGCodec.decode(withOrientation(jpeg, c.0, bigEndian: c.1))
      XCTAssertEqual(image.width, c.size.0, "orientation \(c.0)")
      XCTAssertEqual(image.height, c.size.1, "orientation \(c.0)")
      XCTAssertGreaterThan(image[c.red.0, c.red.1].r, 180, "orientation \(c.0)")
      XCTAssertGreaterThan(image[c.blue.0, c.blue.1].b, 180, "orientation \(c.0)")
    }
  }

  func testAllEightOrientationsAreDistinctTurnsOfTheSameImage() {
    var image = RGBImage(width: 3, height: 2)
    for i in 0..<6 { image.pixels[3 * i] = UInt8(i) }
    var seen = Set<[UInt8]>()
    for o in ExifOrientation.allCases {
      let turned = image.oriented(o)
      XCTAssertEqual(Set(turned.pixels), Set(image.pixels))
      seen.insert(turned.pixels + [UInt8(turned.width)])
    }
    XCTAssertEqual(seen.count, 8)
    // Turning right then left is the identity.
    XCTAssertEqual(image.oriented(.right).oriented(.left), image)
  }
}
