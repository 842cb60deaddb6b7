import Foundation
import OncoImage
import OncoTestSupport
import XCTest

final class PNGCodecTests: XCTestCase {
  func testRoundTripKeepsEveryPixel() throws {
    var image = RGBImage(width: 7, height: 5)
    for y in 0..<5 { for x in 0..<7 { image[x, y] = (UInt8(x * 30), UInt8(y * 50), UInt8(x * y)) } }
    let decoded = try PNGCodec.decode(try PNGCodec.encode(image))
    XCTAssertEqual(decoded, image)
  }

  func testGreyAndAlphaAreConvertedToRGB() throws {
    let grey = try PNGCodec.encode(pixels: [0, 128, 255, 64], width: 2, height: 2, channels: 1)
    let g = try PNGCodec.decode(grey)
    XCTAssertEqual(g[1, 0].r, g[1, 0].b)
    XCTAssertEqual(g[2 - 1, 1 - 1].g, g[1, 0].r)
    XCTAssertGreaterThan(Int(g[0, 1].r), Int(g[1, 1].r))  // 255 is brighter than 64
    // A fully transparent white pixel composites over black.
    let rgba = try PNGCodec.encode(pixels: [255, 255, 255, 0, 255, 0, 0, 255], width: 2, height: 1,
                                   channels: 4)
    let c = try PNGCodec.decode(rgba)
    XCTAssertEqual(c[0, 0].r, 0)
    XCTAssertEqual(c[1, 0].r, 255)
  }

  func testGarbageIsACorruptImageError() {
    let garbage = Data("hello, not a png".utf8)
    XCTAssertThrowsError(try PNGCodec.decode(garbage, path: "x.png")) { error in
      guard case ImageError.corrupt(let path, _) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(path, "x.png")
    }
  }

  func testHeaderAboveThePixelLimitIsRefusedBeforeDecoding() throws {
    let big = try PNGCodec.encode(RGBImage(width: 100, height: 100))
    XCTAssertThrowsError(try PNGCodec.decode(big, path: "big.png", pixelLimit: 5_000)) { error in
      XCTAssertEqual(error as? ImageError,
                     .tooLarge(path: "big.png", width: 100, height: 100, limit: 5_000))
    }
  }
}
