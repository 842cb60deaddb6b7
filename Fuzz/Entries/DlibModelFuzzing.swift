import Foundation
import OncoNN

/// dlib's face-recognition model file, read natively: `DlibModelFile.parse`.
///
/// Promise: anything but dlib's face ResNet is a `CheckpointError` naming the file.
enum DlibModelFuzzing {
  static let file = "/fuzz/dlib_face_recognition_resnet_model_v1.dat"

  static func run(_ data: Data) -> FuzzOutcome {
    do { _ = try DlibModelFile.parse(data, path: file) } catch {
      return .rejection(error, as: CheckpointError.self, naming: file)
    }
    return .accepted
  }
}
