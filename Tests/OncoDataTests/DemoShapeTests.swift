import OncoFace
import OncoImage
import OncoTestSupport
import XCTest

@testable import OncoData

/// Demo landmarks sit where OncoFace's aligned chips (dlib's face-chip template) put them.
final class DemoShapeTests: XCTestCase {
  func testTemplateIsPlacedLikeDlibsGetFaceChipDetails() {
    // dlib: p = (padding + mean_face_shape) / (2 padding + 1) × size, with size 150, padding 0.25.
    let chip = MeanFaceShape.chipLandmarks(size: 150, padding: 0.25)
    XCTAssertEqual(chip.count, 68)
    let expected: [Int: (Double, Double)] = [
      17: (0.000213256, 0.106454), 30: (0.490127, 0.515625), 36: (0.121737, 0.216423),
      45: (0.858516, 0.216423), 48: (0.254149, 0.780233), 57: (0.490127, 0.909281),
    ]
    for (i, (x, y)) in expected {
      XCTAssertEqual(chip[i].x, (0.25 + x) / 1.5 * 150, accuracy: 1e-6, "landmark \(i)")
      XCTAssertEqual(chip[i].y, (0.25 + y) / 1.5 * 150, accuracy: 1e-6, "landmark \(i)")
    }
    // The jaw (from dlib's shape predictor) is symmetric about the template's midline and runs
    // from beside the eyes down to the chin near the chip's bottom.
    for i in 0...7 {
      XCTAssertEqual(chip[i].x + chip[16 - i].x, 2 * chip[30].x, accuracy: 0.01, "jaw \(i)")
      XCTAssertEqual(chip[i].y, chip[16 - i].y, accuracy: 0.01, "jaw \(i)")
    }
    XCTAssertEqual(chip[8].y, 144.1, accuracy: 0.5)
    XCTAssertLessThan(chip[0].x, chip[36].x)
  }

  func testAverageDemoFaceSitsOnTheTemplate() {
    let faces = DemoTestCohort.faces(count: 160, effect: 0)
    let template = MeanFaceShape.chipLandmarks(size: 150, padding: 0.25)
    var mean = [SIMD2<Double>](repeating: .zero, count: 68)
    for face in faces { for i in 0..<68 { mean[i] += face.landmarks[i] / Double(faces.count) } }
    for i in MeanFaceShape.alignmentIndices {
      let d = mean[i] - template[i]
      XCTAssertLessThan((d * d).sum().squareRoot(), 1.5, "landmark \(i) averages \(mean[i])")
    }
    for range in [36...41, 42...47] {
      let m = range.reduce(SIMD2<Double>.zero) { $0 + mean[$1] } / 6
      let t = range.reduce(SIMD2<Double>.zero) { $0 + template[$1] } / 6
      XCTAssertLessThan(((m - t) * (m - t)).sum().squareRoot(), 1, "eye centre \(range)")
    }
    for i in 0...16 {
      let d = mean[i] - template[i]
      XCTAssertLessThan((d * d).sum().squareRoot(), 4, "jaw landmark \(i) averages \(mean[i])")
    }
  }

  func testEveryFaceKeepsIBUGOrderInsideTheChip() {
    for face in DemoTestCohort.faces(count: 160, effect: 1) {
      let p = face.landmarks
      XCTAssertEqual(p.count, 68)
      for (i, q) in p.enumerated() {
        // A long face's chin may pass the bottom edge a little, and a full face's cheeks the side
        // edges, as in real chips.
        let bottom = (5...11).contains(i) ? 158.0 : 150.0
        let side = (0...2).contains(i) || (14...16).contains(i) ? 3.0 : 0
        XCTAssertTrue(
          (-side...(150 + side)).contains(q.x) && (0...bottom).contains(q.y),
          "\(face.id) landmark \(i) \(q)")
      }
      let eyeL = (36...41).reduce(SIMD2<Double>.zero) { $0 + p[$1] } / 6
      let eyeR = (42...47).reduce(SIMD2<Double>.zero) { $0 + p[$1] } / 6
      XCTAssertLessThan(eyeL.x, eyeR.x, face.id)
      XCTAssertLessThan(p[19].y, eyeL.y, "\(face.id): brow above the eye")
      XCTAssertLessThan(max(eyeL.y, eyeR.y), p[30].y, "\(face.id): nose tip below the eyes")
      XCTAssertLessThan(p[33].y, p[51].y, "\(face.id): mouth below the nose")
      XCTAssertLessThan(p[57].y, p[8].y, "\(face.id): chin below the mouth")
      XCTAssertLessThan(p[0].x, p[36].x, face.id)
      XCTAssertGreaterThan(p[16].x, p[45].x, face.id)
    }
  }

  func testPlantedWideningFillsTheCheeksOfCases() throws {
    let plain = DemoTestCohort.faces(count: 160, effect: 0)
    let planted = DemoTestCohort.faces(count: 160, effect: 1)
    for (a, b) in zip(plain, planted) {
      if !a.isCase {
        XCTAssertEqual(a.landmarks, b.landmarks, "\(a.id): a control must not change")
        continue
      }
      for i in 17..<68 { XCTAssertEqual(a.landmarks[i], b.landmarks[i], "\(a.id) landmark \(i)") }
      XCTAssertEqual(a.landmarks[8].x, b.landmarks[8].x, accuracy: 1e-9, "\(a.id): the chin moved")
      // Outwards at the cheeks (0–16, the cheek width of the measures), less at the jaw (4–12).
      func width(_ p: [SIMD2<Double>], _ i: Int, _ j: Int) -> Double { p[j].x - p[i].x }
      let cheek = width(b.landmarks, 0, 16) - width(a.landmarks, 0, 16)
      let jaw = width(b.landmarks, 4, 12) - width(a.landmarks, 4, 12)
      XCTAssertTrue((5...17).contains(cheek), "\(a.id): cheeks 0–16 grow \(cheek) px")
      XCTAssertGreaterThan(jaw, 1, "\(a.id): jaw 4–12 grows \(jaw) px")
      XCTAssertLessThan(jaw, cheek / 2, "\(a.id): jaw 4–12 grows \(jaw) px, cheeks \(cheek) px")
      let before = try LandmarkMeasures(landmarks: a.landmarks)
      let after = try LandmarkMeasures(landmarks: b.landmarks)
      XCTAssertGreaterThan(after.cheekToJaw, before.cheekToJaw + 0.02, a.id)
      XCTAssertGreaterThan(after.lowerFaceWidthToHeight, before.lowerFaceWidthToHeight, a.id)
      XCTAssertLessThan(after.perimeterToArea, before.perimeterToArea, a.id)
    }
  }

  func testSignalMaskCoversTheCheeksOnly() {
    for face in DemoTestCohort.faces(count: 160, effect: 1) {
      guard let mask = face.signalMask else {
        XCTAssertFalse(face.isCase, "\(face.id): a case without a mask")
        continue
      }
      XCTAssertTrue(face.isCase, "\(face.id): a control with a mask")
      let size = face.chip.width
      XCTAssertEqual(mask.width, size)
      XCTAssertEqual(mask.height, size)
      XCTAssertTrue(
        mask.pixels.allSatisfy { $0 == 0 || $0 == 255 }, "\(face.id): mask is not binary")
      let area = Double(mask.pixels.filter { $0 == 255 }.count) / Double(size * size)
      XCTAssertTrue((0.12...0.4).contains(area), "\(face.id): mask covers \(area) of the chip")
      for i in 0..<size {  // inside the chip: nothing on its border
        for (x, y) in [(i, 0), (i, size - 1), (0, i), (size - 1, i)] {
          XCTAssertEqual(mask[x, y], 0, "\(face.id): mask touches the border at \(x),\(y)")
        }
      }
      // Not the eyes, nose, mouth or forehead (a landmark at (x, y) lies in the pixel centred
      // on the nearest integers).
      let p = face.landmarks
      func pixel(_ q: SIMD2<Double>) -> UInt8 { mask[Int(q.x.rounded()), Int(q.y.rounded())] }
      for i in [27, 30, 33, 51, 57, 62, 66] + Array(36...47) + Array(17...26) {
        XCTAssertEqual(pixel(p[i]), 0, "\(face.id): mask covers landmark \(i)")
      }
      // Both cheeks: below the eyes, left and right of the nose; and the widened outline at the
      // cheek points.
      for c in [(p[2] + p[31]) / 2, (p[14] + p[35]) / 2] + [0, 1, 15, 16].map({ p[$0] })
      where (1...Double(size - 2)).contains(c.x) {
        XCTAssertEqual(pixel(c), 255, "\(face.id): cheek \(c) missing")
      }
    }
  }

  func testMaskedChipKeepsTheFaceAndBlacksOutTheRest() {
    for face in DemoTestCohort.faces(count: 160, effect: 1).prefix(40) {
      let s = face.chip.width
      for (x, y) in [(0, 0), (s - 1, 0), (0, s - 1), (s - 1, s - 1)] {
        XCTAssertTrue(face.masked[x, y] == (0, 0, 0), "\(face.id): corner \(x),\(y) not black")
      }
      for i in [30, 29, 51, 57] {
        let x = Int(face.landmarks[i].x.rounded())
        let y = Int(face.landmarks[i].y.rounded())
        XCTAssertTrue(face.masked[x, y] == face.chip[x, y], "\(face.id): landmark \(i) changed")
      }
    }
  }
}

/// The planted signal changes pixels inside the signal mask and (almost) nowhere else, so the mask
/// is an honest ground truth for Grad-CAM.
final class DemoSignalLocationTests: XCTestCase {
  func testThePlantedChangeLiesInsideTheMask() {
    let plain = DemoTestCohort.faces(count: 160, effect: 0)
    let planted = DemoTestCohort.faces(count: 160, effect: 1)
    var inside = 0.0
    var outside = 0.0
    for (a, b) in zip(plain, planted) where b.isCase {
      let mask = b.signalMask!.pixels
      for (chipA, chipB) in [(a.chip, b.chip), (a.masked, b.masked)] {
        for i in 0..<(chipA.width * chipA.height) {
          var d = 0.0
          for c in 0..<3 {
            d += abs(Double(chipA.pixels[3 * i + c]) - Double(chipB.pixels[3 * i + c]))
          }
          if mask[i] == 255 { inside += d } else { outside += d }
        }
      }
    }
    let share = inside / (inside + outside)
    XCTAssertGreaterThan(share, 0.95, "only \(share) of the planted change lies inside the mask")
  }
}
