import Foundation
import OncoFace
import OncoImage
import XCTest

@testable import OncoData

/// dlib itself takes the demo chips for aligned faces: its HOG detector finds every face, and
/// aligning a demo chip again (detector, 68-point predictor, dlib's chip transform — what `prepare`
/// does) barely moves it, so the written landmarks sit where a real photo's would.
final class DemoDlibTests: XCTestCase {
  func testDlibFindsEveryDemoFaceAndReAligningBarelyMovesIt() throws {
    guard FileManager.default.fileExists(atPath: LandmarkModel.defaultPath) else {
      throw XCTSkip(
        "\(LandmarkModel.defaultPath) is missing: run `make deps` (package libdlib-data)")
    }
    let aligner = try FaceAligner()
    let centre = Point(x: 74.5, y: 74.5)
    var shifts: [Double] = []
    var eyeErrors: [Double] = []
    var angles: [Double] = []
    for face in DemoTestCohort.faces(count: 160, effect: 1).prefix(40) {
      let aligned = try aligner.align(face.chip)
      XCTAssertGreaterThanOrEqual(aligned.faceCount, 1, "\(face.id): the detector found no face")
      let m = aligned.photoToChip
      let scale = (m.a * m.a + m.c * m.c).squareRoot()
      let angle = atan2(m.c, m.a) * 180 / .pi
      XCTAssertEqual(scale, 1, accuracy: 0.08, "\(face.id): re-aligning scales by \(scale)")
      // The demo leaves a residual roll of about 1.4° (sd) on purpose, as a real alignment does.
      XCTAssertEqual(angle, 0, accuracy: 6, "\(face.id): re-aligning turns by \(angle)°")
      angles.append(abs(angle))
      shifts.append(m.apply(centre).distance(to: centre))
      // dlib's eye centres on the demo chip, mapped back into it, against the written ones.
      for (range, found) in [
        (36...41, aligned.landmarks.leftEyeCentre),
        (42...47, aligned.landmarks.rightEyeCentre),
      ] {
        let written = range.reduce(SIMD2<Double>.zero) { $0 + face.landmarks[$1] } / 6
        let back = try XCTUnwrap(m.inverted).apply(found)
        eyeErrors.append(Point(x: written.x, y: written.y).distance(to: back))
      }
    }
    let meanShift = shifts.reduce(0, +) / Double(shifts.count)
    let meanEye = eyeErrors.reduce(0, +) / Double(eyeErrors.count)
    let meanAngle = angles.reduce(0, +) / Double(angles.count)
    XCTAssertLessThan(meanAngle, 2.5, "re-aligning turns by \(meanAngle)° on average")
    XCTAssertLessThan(
      meanShift, 2.5, "re-aligning moves the chip centre by \(meanShift) px on average")
    XCTAssertLessThan(meanEye, 2.5, "dlib's eye centres are \(meanEye) px from the written ones")
  }
}
