import Foundation
import OncoFace
import OncoImage
import OncoTestSupport
import XCTest

final class FaceAlignerTests: XCTestCase {
  func testRealFacesLandTheirEyesOnTheTemplate() throws {
    let aligner = try FaceAligner(options: .init(alreadyAligned: true))
    let template = FaceChipTemplate(size: 150, padding: 0.25).eyeCentres
    var offsets: [Double] = []
    for (name, photo) in try FaceSamples.photos(12) {
      let face = try aligner.align(photo)
      XCTAssertEqual(face.chip.width, 150)
      // The chip transform fits 33 landmarks, not the eyes alone: a face whose proportions differ
      // from dlib's mean face (a baby's) keeps its eyes a few pixels off the template.
      offsets += [face.landmarks.leftEyeCentre.distance(to: template.left),
                  face.landmarks.rightEyeCentre.distance(to: template.right)]
      XCTAssertLessThan(offsets.suffix(2).max()!, 6, name)
      // The landmarks mapped into the chip lie on the same face the mask keeps.
      let nose = face.landmarks.points[30]
      XCTAssertEqual(face.mask[Int(nose.x.rounded()), Int(nose.y.rounded())], 255, name)
      XCTAssertEqual(face.mask[2, 2], 0, name)
      XCTAssertEqual(face.maskedChip[2, 2].r, 0, name)
    }
    XCTAssertLessThan(offsets.reduce(0, +) / Double(offsets.count), 3)
  }

  func testWildPhotosRealignWithinThreePixels() throws {
    let aligner = try FaceAligner()
    var rng = SplitMix(seed: 7)
    var worst = 0.0
    for (index, (name, photo)) in try FaceSamples.photos(6).enumerated() {
      let original = try aligner.align(photo)
      // Where the original's eye centres are in its photo.
      guard let chipToPhoto = original.photoToChip.inverted else { return XCTFail(name) }
      let eyes = [original.landmarks.leftEyeCentre, original.landmarks.rightEyeCentre]
      let photoEyes = eyes.map(chipToPhoto.apply)
      // Turn ±30°, scale 0.5–2×, paste at a random place on a larger textured canvas.
      let angle = Double.random(in: -30...30, using: &rng) * .pi / 180
      let scale = [0.5, 0.8, 1.3, 2.0, 0.7, 1.6][index]
      let side = Int(Double(max(photo.width, photo.height)) * scale * 1.5) + 120
      let canvas = FaceSamples.canvas(width: side, height: side, seed: UInt64(index))
      let placed = Point(x: Double.random(in: 0.4...0.6, using: &rng) * Double(side),
                         y: Double.random(in: 0.4...0.6, using: &rng) * Double(side))
      let centre = Point(x: Double(photo.width) / 2, y: Double(photo.height) / 2)
      let turn = AffineMap.rotation(angle, scale: scale, about: centre)
      let shifted = turn.followed(by: AffineMap(
        a: 1, b: 0, c: 0, d: 1, tx: placed.x - centre.x, ty: placed.y - centre.y))
      let wild = FaceSamples.paste(photo, on: canvas, mapping: shifted)
      let realigned = try aligner.align(wild)
      for (eye, photoEye) in zip(eyes, photoEyes) {
        let landed = realigned.photoToChip.apply(shifted.apply(photoEye))
        worst = max(worst, landed.distance(to: eye))
        XCTAssertLessThan(landed.distance(to: eye), 3,
                          "\(name) turned \(angle * 180 / .pi)°, scaled \(scale)")
      }
    }
    print("wild re-alignment: worst eye offset \(worst) px")
  }

  func testTwoFacesOfTheSameSizeAreSeveralFaces() throws {
    let photo = try XCTUnwrap(try FaceSamples.photos(1).first?.image)
    var pair = RGBImage(width: photo.width * 2 + 40, height: photo.height + 40,
                        fill: (128, 128, 128))
    for (dx, dy) in [(20, 20), (photo.width + 20, 20)] {
      for y in 0..<photo.height { for x in 0..<photo.width { pair[x + dx, y + dy] = photo[x, y] } }
    }
    XCTAssertThrowsError(try FaceAligner().align(pair)) {
      XCTAssertEqual($0 as? FaceError, .severalFaces(count: 2))
    }
  }

  func testBlankImageHasNoFaceUnlessAlreadyAligned() throws {
    let blank = RGBImage(width: 200, height: 200, fill: (120, 110, 100))
    XCTAssertThrowsError(try FaceAligner().align(blank)) {
      XCTAssertEqual($0 as? FaceError, .noFace)
    }
    let forced = try FaceAligner(options: .init(alreadyAligned: true)).align(blank)
    XCTAssertEqual(forced.faceCount, 0)
    XCTAssertNil(forced.detectionScore)
  }

  func testSmallFacesNeedUpsampling() throws {
    let photo = try XCTUnwrap(try FaceSamples.photos(1).first?.image)
    let small = photo.resized(width: 50, height: 50)  // face ~40 px: under the 80 px window
    let detector = try FaceDetector()
    XCTAssertEqual(try detector.detect(in: small, upsample: 0).count, 0)
    let found = try detector.detect(in: small, upsample: 1)
    XCTAssertEqual(found.count, 1)
    let centre = try XCTUnwrap(found.first?.box.centre)
    XCTAssertEqual(centre.x, 25, accuracy: 8)  // boxes come back in the photo's coordinates
  }

  func testMissingModelNamesTheFileAndTheFix() {
    XCTAssertThrowsError(try LandmarkModel(contentsOf: "/nonexistent/model.dat")) { error in
      guard case FaceError.modelUnavailable(let path, _) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(path, "/nonexistent/model.dat")
      XCTAssertTrue("\(error)".contains("make deps"))
    }
  }

  func testAFaceThatFillsThePhotoIsFoundInAFrame() throws {
    let photo = try XCTUnwrap(try FaceSamples.photos(1).first?.image)
    // Keep the middle 60%: the face fills the crop, leaving the detector's window no margin.
    let side = photo.width * 6 / 10, offset = Double(photo.width * 2 / 10)
    let crop = photo.warped(width: side, height: side,
                            mapping: AffineMap(a: 1, b: 0, c: 0, d: 1, tx: -offset, ty: -offset))
    XCTAssertEqual(try FaceDetector().detect(in: crop).count, 0, "the plain crop must be a miss")
    let face = try FaceAligner().align(crop)
    XCTAssertNotNil(face.detectionScore)
    let template = FaceChipTemplate().eyeCentres
    XCTAssertLessThan(face.landmarks.leftEyeCentre.distance(to: template.left), 6)
    XCTAssertLessThan(face.landmarks.rightEyeCentre.distance(to: template.right), 6)
  }
}
