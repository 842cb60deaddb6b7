import Foundation
import OncoData
import OncoImage
import OncoStats
import OncoTestSupport
@testable import OncoWorkbench
import XCTest

/// A prepared folder of 150×150 masked chips whose label shows: a skin-coloured oval on black, a
/// warm tint and a dark band for the positive group, a cool tint for the other, with noise and
/// jitter drawn from a seed. Small enough for unit tests to train on in seconds.
enum SyntheticPreparedFolder {
  /// Writes `count` chips (half positive, `group` = case/control, sex alternating) under `folder`.
  static func write(to folder: URL, count: Int = 48, seed: UInt64 = 7) throws {
    let masked = folder.appendingPathComponent("masked")
    try FileManager.default.createDirectory(at: masked, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("chips"), withIntermediateDirectories: true)
    var rng = SeededGenerator(seed: seed)
    var csv = CSVWriter(header: ["path", "group", "sex", "age", "id", "chip", "outcome", "reason"])
    for i in 0..<count {
      let positive = i % 2 == 0
      let id = String(format: "s%03d", i)
      var image = RGBImage(width: 150, height: 150)
      let cx = 75 + Double(rng.nextInt(below: 9) - 4), cy = 78 + Double(rng.nextInt(below: 9) - 4)
      for y in 0..<150 {
        for x in 0..<150 {
          let dx = (Double(x) - cx) / 48, dy = (Double(y) - cy) / 62
          guard dx * dx + dy * dy <= 1 else { continue }
          let noise = rng.nextDouble() * 30 - 15
          var r = 200 + noise, g = 160 + noise, b = 135 + noise
          if positive { r += 30; b -= 25 } else { r -= 25; b += 30 }
          if positive, abs(Double(y) - cy - 25) < 4 { r *= 0.5; g *= 0.5; b *= 0.5 }
          image[x, y] = (clamp(r), clamp(g), clamp(b))
        }
      }
      try image.writePNG(to: masked.appendingPathComponent(id + ".png"))
      try image.writePNG(to: folder.appendingPathComponent("chips/\(id).png"))
      csv.append(["photos/\(id).jpg", positive ? "case" : "control", i % 4 < 2 ? "F" : "M",
                  "\(30 + i % 40)", id, "chips/\(id).png", "ok", ""])
    }
    try csv.write(to: folder.appendingPathComponent("prepared.csv"))
  }

  private static func clamp(_ v: Double) -> UInt8 { UInt8(max(0, min(255, v.rounded()))) }

  /// A configuration for training on the folder: label column `group`, `case` positive, one
  /// thread, the given model and freeze mode.
  static func config(_ folder: URL, epochs: Int, freeze: FreezeMode = .backbone) -> TrainingConfig {
    var config = TrainingConfig(input: folder.path)
    config.labelColumn = "group"
    config.epochs = epochs
    config.freeze = freeze
    config.batchSize = 8
    config.patience = 10
    config.threads = 1
    return config
  }

  /// Skips the test when dlib's model is not downloaded.
  static func requireModel() throws {
    do { _ = try PretrainedModel.dlibFace() } catch {
      throw XCTSkip("dlib's face ResNet is not in Assets/models: run `make deps` (\(error))")
    }
  }
}
