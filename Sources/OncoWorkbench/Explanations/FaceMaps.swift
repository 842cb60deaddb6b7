import Foundation
import OncoFace
import OncoImage
import OncoNN

/// One face's Grad-CAM, guided Grad-CAM and region shares, for the class it explains.
public struct FaceMaps: Sendable {
  public let prediction: Prediction
  /// The label whose (pre-softmax) score the maps explain.
  public let explainedLabel: String
  /// The chip the network saw.
  public let chip: RGBImage
  /// Grad-CAM at the chip's size, values in [0, 1].
  public let gradCAM: HeatMap
  /// Where Grad-CAM points: the chip pixel at the centre of the hottest cell (`Explanation.peak`).
  public let peak: SIMD2<Double>
  /// Guided Grad-CAM at the chip's size, values in [0, 1]; nil when the guided pass was skipped.
  public let guidedGradCAM: HeatMap?
  /// The share of Grad-CAM's mass in each face region; nil when the face has no landmarks.
  public let shares: [FaceRegion: Double]?
  /// The layer the map was taken at.
  public let layer: String

  /// The jet-coloured map blended at 0.5 over the chip (hot = dark red, cold = dark blue).
  public var overlay: RGBImage { OncoImage.overlay(heat: gradCAM.values, on: chip, alpha: 0.5) }

  /// Writes `<id>-gradcam.png`, `<id>-guided.png` (when computed) and `<id>-overlay.png`, each
  /// atomically.
  public func write(_ files: CamFiles) throws {
    do {
      try FileManager.default.createDirectory(at: files.folder, withIntermediateDirectories: true)
      try FaceMaps.grey(gradCAM).writePNG(to: files.gradCAM)
      if let guidedGradCAM { try FaceMaps.grey(guidedGradCAM).writePNG(to: files.guided) }
      try overlay.writePNG(to: files.overlay)
    } catch {
      throw CamError.unwritable(path: files.folder.path, reason: "\(error)")
    }
  }

  /// A [0, 1] map as 8-bit grey.
  static func grey(_ map: HeatMap) -> GreyImage {
    GreyImage(
      width: map.width, height: map.height,
      pixels: map.values.map { UInt8((min(1, max(0, $0)) * 255).rounded()) })
  }
}
