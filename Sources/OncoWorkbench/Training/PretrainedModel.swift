import Foundation

/// Where dlib's pretrained face ResNet is found.
///
/// `make deps` downloads it to Assets/models/ in the repository. The search order: the folder named
/// by `$ONCOFACE_MODELS`, `Assets/models` under the current folder, then `Assets/models` in the
/// folders above the executable (so `.build/release/oncoface` finds the repository's copy from
/// anywhere).
public enum PretrainedModel {
  public static let dlibFaceFileName = "dlib_face_recognition_resnet_model_v1.dat"

  /// The model file, or `TrainingError.modelMissing` naming where it was looked for.
  public static func dlibFace() throws(TrainingError) -> URL {
    let candidates = folders().map { $0.appendingPathComponent(dlibFaceFileName) }
    if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
      return found
    }
    throw .modelMissing(path: candidates.map(\.path).joined(separator: ", "))
  }

  static func folders() -> [URL] {
    var folders: [URL] = []
    if let env = ProcessInfo.processInfo.environment["ONCOFACE_MODELS"], !env.isEmpty {
      folders.append(URL(fileURLWithPath: env))
    }
    folders.append(
      URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("Assets/models"))
    if var folder = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent()
    {
      for _ in 0..<5 {
        folders.append(folder.appendingPathComponent("Assets/models"))
        folder.deleteLastPathComponent()
      }
    }
    return folders
  }
}
