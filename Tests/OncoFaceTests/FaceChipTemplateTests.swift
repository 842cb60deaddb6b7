import OncoFace
import OncoImage
import XCTest

final class FaceChipTemplateTests: XCTestCase {
  /// 68 landmarks whose points 17–67 sit exactly on the template, the jaw on a plausible oval.
  static func templateLandmarks(_ template: FaceChipTemplate) -> FaceLandmarks {
    let s = Double(template.size) / (1 + 2 * template.padding), p = template.padding
    let jaw = (0...16).map { i -> Point in
      let t = Double.pi * Double(i) / 16  // from the image's left temple round the chin
      return Point(x: (p + 0.49 - 0.5 * cos(t)) * s, y: (p + 0.2 + 0.8 * sin(t)) * s)
    }
    return FaceLandmarks(points: jaw + (17...67).map(template.position(ofLandmark:)))
  }

  func testTemplateEyesAreLevelAndSymmetric() {
    let eyes = FaceChipTemplate().eyeCentres
    XCTAssertEqual(eyes.left.y, eyes.right.y, accuracy: 1e-9)
    XCTAssertEqual(eyes.left.x + eyes.right.x, 2 * 74.0127, accuracy: 0.01)  // about the nose line
    XCTAssertEqual(eyes.left.x, 47.55, accuracy: 0.01)
    XCTAssertEqual(eyes.left.y, 46.60, accuracy: 0.01)
  }

  func testDlibTransformUndoesAKnownSimilarity() throws {
    let template = FaceChipTemplate(size: 150, padding: 0.25)
    let chipFace = Self.templateLandmarks(template)
    // Put the template face into a photo: turned 20°, scaled 3×, shifted.
    let toPhoto = AffineMap.similarity(scale: 3, angle: 20 * .pi / 180, tx: 400, ty: 250)
    let aligner = try FaceAligner()
    let toChip = try aligner.chipTransform(for: chipFace.mapped(by: toPhoto))
    // dlib rounds landmarks to whole pixels, and maps its chip rectangle of `size`·scale photo
    // pixels onto pixels 0…size−1 (a 1/size stretch about the centre): together under a pixel.
    for index in [30, 36, 45, 48, 54] {
      let back = toChip.apply(toPhoto.apply(chipFace.points[index]))
      XCTAssertLessThan(back.distance(to: chipFace.points[index]), 1, "landmark \(index)")
    }
  }
}
