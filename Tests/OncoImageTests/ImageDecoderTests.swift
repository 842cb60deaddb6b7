import Foundation
import OncoImage
import OncoTestSupport
import XCTest

final class ImageDecoderTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws { folder = try TestPaths.temporaryDirectory("decoder") }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  private func fixture(_ name: String) throws -> RGBImage {
    let url = TestPaths.fixtures.appendingPathComponent("images/\(name)")
    return try ImageDecoder.decode(contentsOf: url.path)
  }

  func testEveryPNGFlavourDecodesToTheSamePattern() throws {
    for name in ["interlaced.png", "rgb16.png", "palette.png", "rgba16-interlaced.png"] {
      let image = try fixture(name)
      XCTAssertEqual(image.width, 8, name)
      XCTAssertEqual(image.height, 6, name)
      for y in 0..<6 {
        for x in 0..<(name.hasPrefix("rgba") ? 4 : 8) {  // the right half of the RGBA file is clear
          let p = image[x, y]
          XCTAssertEqual([p.r, p.g, p.b], [UInt8(32 * x), UInt8(40 * y), 128],
                         "\(name) at \(x),\(y)")
        }
      }
    }
  }

  func testTransparentPixelsBecomeBlackAndGrey16KeepsItsLevels() throws {
    let rgba = try fixture("rgba16-interlaced.png")
    XCTAssertEqual([rgba[6, 3].r, rgba[6, 3].g, rgba[6, 3].b], [0, 0, 0])
    let grey = try fixture("grey16.png")
    for (x, y) in [(0, 0), (3, 2), (7, 5)] {
      let p = grey[x, y]
      XCTAssertEqual([p.r, p.g, p.b], Array(repeating: UInt8(30 * x + 8 * y), count: 3))
    }
  }

  func testFormatComesFromTheContentNotTheName() throws {
    let png = try PNGCodec.encode(RGBImage(width: 3, height: 2, fill: (10, 20, 30)))
    let url = folder.appendingPathComponent("actually-a-png.jpg")
    try png.write(to: url)
    XCTAssertEqual(try ImageDecoder.decode(contentsOf: url.path)[1, 1].b, 30)
  }

  func testBadFilesGiveErrorsThatNameTheFile() throws {
    let text = folder.appendingPathComponent("notes.jpg")
    try Data("hello".utf8).write(to: text)
    let empty = folder.appendingPathComponent("empty.png")
    try Data().write(to: empty)
    let dir = folder.appendingPathComponent("album.jpg")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
    let missing = folder.appendingPathComponent("missing.jpg")
    let expectations: [(URL, (ImageError) -> Bool)] = [
      (text, { $0 == .notAnImage(path: text.path) }),
      (empty, { $0 == .empty(path: empty.path) }),
      (dir, { if case .unreadable(_, let r) = $0 { return r.contains("folder") }; return false }),
      (missing, {
        if case .unreadable(_, let r) = $0 { return r.contains("no such") }; return false
      }),
    ]
    for (url, matches) in expectations {
      XCTAssertThrowsError(try ImageDecoder.decode(contentsOf: url.path)) { error in
        guard let e = error as? ImageError else { return XCTFail("\(error)") }
        XCTAssertTrue(matches(e), "\(e)")
        XCTAssertTrue(e.description.hasPrefix(url.path), e.description)
      }
    }
  }

  func testNonUTF8FileNamesAreReadByTheirBytes() throws {
    let name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".png".utf8)  // Latin-1 "café.png"
    let path = Array(folder.path.utf8) + [0x2F] + name
    let png = try PNGCodec.encode(RGBImage(width: 2, height: 2, fill: (1, 2, 3)))
    let fd = (path + [0]).withUnsafeBufferPointer {
      $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
    }
    XCTAssertGreaterThanOrEqual(fd, 0)
    _ = png.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    let data = try ImageFile.read(pathBytes: path, displayPath: "café?.png")
    XCTAssertEqual(try ImageDecoder.decode(data, path: "café?.png")[0, 0].b, 3)
  }
}
