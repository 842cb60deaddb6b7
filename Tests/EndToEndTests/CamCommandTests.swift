import Foundation
import OncoImage
import OncoTestSupport
import XCTest

/// `oncoface cam` through the release binary on a session trained on the demo cohort: the files a
/// researcher opens, and the trust checks measured on a planted signal.
final class CamCommandTests: XCTestCase {
  /// Runs the release binary in `folder`; returns the exit status, stdout and stderr.
  private func run(_ arguments: [String], in folder: URL) throws
    -> (status: Int32, out: String, err: String)
  {
    guard let binary = TestPaths.releaseBinary else {
      throw XCTSkip("no release binary: run `swift build -c release` or `make test`")
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let out = Pipe()
    let err = Pipe()
    (process.standardOutput, process.standardError) = (out, err)
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: stdout, as: UTF8.self),
      String(decoding: stderr, as: UTF8.self)
    )
  }

  /// The last stdout line as a JSON object, after checking the run succeeded.
  private func summary(_ arguments: [String], in folder: URL) throws -> [String: Any] {
    let r = try run(arguments + ["--json"], in: folder)
    XCTAssertEqual(r.status, 0, "oncoface \(arguments.joined(separator: " ")): \(r.err)")
    let last = r.out.split(separator: "\n").last.map(String.init) ?? ""
    return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
  }

  /// A demo cohort (600 faces, planted signal at four times the default strength) and two
  /// sessions on it (about a minute in all, README "Explanations"): dlib-face with its backbone
  /// frozen, whose files, randomisation and deletion checks are asserted at its default layer
  /// (stage2), and a ResNet-10 of a quarter width trained from scratch on unmasked chips, the
  /// recipe whose Grad-CAM at its default layer (stage3, 16 px cells) points at the planted
  /// cheeks (issue 6's pointing game: ≥ 90% of the positive test faces).
  func testCamOnTheDemoCohortWritesTheMapsAndPassesTheTrustChecks() throws {
    let models = TestPaths.repository.appendingPathComponent(
      "Assets/models/dlib_face_recognition_resnet_model_v1.dat")
    guard FileManager.default.fileExists(atPath: models.path) else {
      throw XCTSkip("dlib's face ResNet is not in Assets/models: run `make deps`")
    }
    let root = try TestPaths.temporaryDirectory("cam-e2e")
    defer { try? FileManager.default.removeItem(at: root) }
    _ = try summary(["demo", "--out", "Demo", "--count", "600", "--effect", "4"], in: root)
    let trained = try summary(
      [
        "train", "Demo", "--sessions", "Sessions", "--session", "cam", "--epochs", "40",
        "--patience", "40", "--lr", "3e-3", "--weight-decay", "0.05", "--threads", "2",
      ], in: root)
    let session = URL(fileURLWithPath: try XCTUnwrap(trained["session"] as? String))
    let cam = try summary(["cam", session.path, "--trust", "--threads", "2"], in: root)
    XCTAssertEqual(cam["layer"] as? String, "stage2")

    // Every mistake and as many correct faces, three PNGs each, one cam.csv row each.
    let folder = session.appendingPathComponent("cam")
    let mistakes = try XCTUnwrap(cam["misclassified"] as? Int)
    let faces = try XCTUnwrap(cam["faces"] as? Int)
    XCTAssertEqual(cam["test_faces"] as? Int, 90)
    XCTAssertEqual(faces, 2 * mistakes)
    let rows = try String(contentsOf: folder.appendingPathComponent("cam.csv"), encoding: .utf8)
      .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    XCTAssertEqual(
      rows.first?.joined(separator: ","),
      "id,label,probability,predicted,skin,forehead,eyes,brows,nose,mouth,outside")
    XCTAssertEqual(rows.count - 1, faces)
    for row in rows.dropFirst() {
      for kind in ["gradcam", "guided", "overlay"] {
        let url = folder.appendingPathComponent("\(row[0])-\(kind).png")
        XCTAssertEqual(try RGBImage(contentsOf: url.path).width, 150, url.lastPathComponent)
      }
      let shares = row[4...].map { Double($0)! }
      XCTAssertEqual(shares.reduce(0, +), 1, accuracy: 1e-4)
    }
    for name in [
      "average-case.png", "average-control.png", "average-maps.png", "regions.csv",
      "regions.txt", "trust.json",
    ] {
      XCTAssertTrue(
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), name)
    }

    // Trust checks.
    let trust = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("trust.json"))) as? [String: Any])
    let randomization = try XCTUnwrap(trust["randomization"] as? [String: Any])
    XCTAssertEqual(randomization["passed"] as? Bool, true, "\(randomization)")
    XCTAssertLessThan(try XCTUnwrap(randomization["median_grad_cam_ranked"] as? Double), 0.5)
    let deletion = try XCTUnwrap(trust["deletion"] as? [String: Any])
    XCTAssertEqual(deletion["passed"] as? Bool, true, "\(deletion)")
    // dlib-face's maps at stage2 peak on the eyes: its pointing game is reported, not asserted.
    XCTAssertEqual((trust["pointing_game"] as? [String: Any])?["faces"] as? Int, 45)

    // The ResNet-10 from scratch, with augmentation, points at the planted cheeks: measured 42–45
    // of 45 faces within 10 px (exact 36–45) over 14 runs of seeds 1–12 on one or two threads
    // (this run, seed 1 on two threads: 44, exact 44), against 0–34 (exact 0–14) for its
    // randomised copy and 0.67 for a uniformly random point; 0.63–0.75 of the Grad-CAM mass in
    // masks covering 0.41 of the chip (randomised 0–0.43). Its deletion check passed in 9 of 14
    // runs and is reported, not asserted.
    let scratch = try summary(
      [
        "train", "Demo", "--sessions", "Sessions", "--session", "scratch", "--model", "resnet10",
        "--width", "0.25", "--no-masked", "--augment", "--epochs", "20", "--patience", "20",
        "--threads", "2",
      ], in: root)
    let scratchSession = try XCTUnwrap(scratch["session"] as? String)
    let scratchCam = try summary(["cam", scratchSession, "--trust", "--threads", "2"], in: root)
    XCTAssertEqual(scratchCam["layer"] as? String, "stage3")
    let scratchTrust = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(
          contentsOf: URL(fileURLWithPath: scratchSession).appendingPathComponent(
            "cam/trust.json"))) as? [String: Any])
    XCTAssertEqual(
      (scratchTrust["randomization"] as? [String: Any])?["passed"] as? Bool, true,
      "\(scratchTrust)")
    let pointing = try XCTUnwrap(scratchTrust["pointing_game"] as? [String: Any])
    let hits = try XCTUnwrap(pointing["hits"] as? Int)
    let randomHits = try XCTUnwrap(pointing["randomized_hits"] as? Int)
    XCTAssertEqual(pointing["faces"] as? Int, 45)
    XCTAssertGreaterThanOrEqual(hits, 41, "\(pointing)")  // issue 6: ≥ 90%
    let exact = try XCTUnwrap(pointing["exact_hits"] as? Int)
    let randomExact = try XCTUnwrap(pointing["randomized_exact_hits"] as? Int)
    XCTAssertGreaterThanOrEqual(exact, 32, "\(pointing)")
    XCTAssertGreaterThanOrEqual(exact - randomExact, 12, "\(pointing)")
    XCTAssertGreaterThanOrEqual(hits - randomHits, 5, "\(pointing)")
    let chance = try XCTUnwrap(pointing["chance_rate"] as? Double)
    XCTAssertGreaterThan(Double(hits) / 45, chance + 0.1, "\(pointing)")
    let mass = try XCTUnwrap(pointing["mass_in_mask"] as? Double)
    XCTAssertGreaterThan(mass, try XCTUnwrap(pointing["mask_area"] as? Double) + 0.1)
    XCTAssertGreaterThan(mass, try XCTUnwrap(pointing["randomized_mass_in_mask"] as? Double) + 0.15)

    // A layer that does not exist is named in the error, and the exit status says it failed.
    let bad = try run(["cam", session.path, "--layer", "stage9", "--limit", "2"], in: root)
    XCTAssertNotEqual(bad.status, 0)
    XCTAssertTrue(bad.err.contains("stage9"), bad.err)
  }
}
