import Foundation
import OncoImage
import XCTest

final class ResamplingTests: XCTestCase {
  private func ramp(_ w: Int, _ h: Int) -> RGBImage {
    var image = RGBImage(width: w, height: h)
    for y in 0..<h { for x in 0..<w { image[x, y] = (UInt8(x * 8), UInt8(y * 8), 77) } }
    return image
  }

  func testIdentityAndIntegerShiftsMovePixelsExactly() {
    let image = ramp(20, 12)
    XCTAssertEqual(image.warped(width: 20, height: 12, mapping: .identity), image)
    let shifted = image.warped(
      width: 20, height: 12, mapping: AffineMap(a: 1, b: 0, c: 0, d: 1, tx: 3, ty: -2))
    XCTAssertEqual(shifted[3, 0].r, image[0, 2].r)
    XCTAssertEqual(shifted[10, 5].g, image[7, 7].g)
    XCTAssertEqual(shifted[0, 0].b, 0)  // nothing maps there: the black fill
  }

  func testRotationMovesAMarkToWhereTheTransformSendsIt() {
    var image = RGBImage(width: 41, height: 41)
    image[30, 20] = (255, 255, 255)
    let turn = AffineMap.rotation(Double.pi / 2, about: Point(x: 20, y: 20))
    let target = turn.apply(Point(x: 30, y: 20))
    XCTAssertEqual(target.x, 20, accuracy: 1e-9)
    XCTAssertEqual(target.y, 30, accuracy: 1e-9)  // clockwise on screen: right goes down
    let turned = image.warped(width: 41, height: 41, mapping: turn)
    XCTAssertEqual(turned[20, 30].r, 255)
    XCTAssertEqual(turned[30, 20].r, 0)
  }

  func testBilinearSamplingInterpolatesHalfway() {
    let image = ramp(10, 10)
    let half = image.warped(width: 9, height: 9,
                            mapping: AffineMap(a: 1, b: 0, c: 0, d: 1, tx: -0.5, ty: 0))
    XCTAssertEqual(Int(half[2, 4].r), (16 + 24) / 2)
  }

  func testInverseUndoesTheTransform() throws {
    let t = AffineMap.similarity(scale: 1.7, angle: 0.4, tx: 12, ty: -5)
    let inverse = try XCTUnwrap(t.inverted)
    let p = Point(x: 3.5, y: 9)
    let back = inverse.apply(t.apply(p))
    XCTAssertEqual(back.x, p.x, accuracy: 1e-12)
    XCTAssertEqual(back.y, p.y, accuracy: 1e-12)
    let both = t.followed(by: inverse)
    XCTAssertEqual(both.apply(Point(x: -4, y: 2)).x, -4, accuracy: 1e-12)
  }

  func testShrinkingACheckerboardAveragesInsteadOfAliasing() {
    var board = RGBImage(width: 64, height: 64)
    for y in 0..<64 { for x in 0..<64 where (x + y) % 2 == 0 { board[x, y] = (255, 255, 255) } }
    let small = board.resized(width: 8, height: 8)
    for y in 0..<8 { for x in 0..<8 { XCTAssertEqual(Double(small[x, y].g), 127.5, accuracy: 20) } }
  }

  func testResizeKeepsFlatColourAndEdgesAndMapsSizes() {
    let flat = RGBImage(width: 7, height: 5, fill: (40, 50, 60))
    let big = flat.resized(width: 23, height: 11)
    XCTAssertEqual(big.width, 23)
    XCTAssertEqual(big.height, 11)
    XCTAssertTrue(stride(from: 0, to: big.pixels.count, by: 3).allSatisfy {
      big.pixels[$0] == 40 && big.pixels[$0 + 1] == 50 && big.pixels[$0 + 2] == 60
    })
    let image = ramp(16, 16)
    let double = image.resized(width: 32, height: 32)
    XCTAssertEqual(Double(double[31, 0].r), Double(image[15, 0].r), accuracy: 1)
  }

  func testMaskBlackensTheOutside() {
    let image = RGBImage(width: 2, height: 1, fill: (200, 100, 50))
    let masked = image.masked(by: GreyImage(width: 2, height: 1, pixels: [255, 0]))
    XCTAssertEqual([masked[0, 0].r, masked[1, 0].r, masked[1, 0].g], [200, 0, 0])
  }
}
