import Foundation
import OncoData
import OncoFace

/// What `oncoface train INPUT` and `predict SESSION INPUT` accept: a prepared folder, or photos to
/// prepare first.
enum DataSetInput {
  /// `input` itself when it is a prepared folder (it holds prepared.csv); otherwise `input` is a
  /// manifest or a folder of photos, prepared (detect, landmarks, chip, mask) into
  /// `<sessions>/.prepared/<name>-<hash>/`, where the preparation cache makes a second run instant.
  /// `log` gets a line before and after; `progress` gets (done, total) per photo.
  static func preparedFolder(
    for input: URL, store: SessionStore, config: TrainingConfig,
    log: (String) -> Void, progress: @escaping @Sendable (Int, Int) -> Void
  ) throws -> URL {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isFolder) else {
      throw TrainingError.notADataSet(path: input.path)
    }
    if isFolder.boolValue,
      FileManager.default.fileExists(atPath: input.appendingPathComponent("prepared.csv").path)
    {
      return input
    }
    do { try Directory.create(store.root) } catch { throw SessionError.file(error) }
    let output = store.root.appendingPathComponent(".prepared")
      .appendingPathComponent(cacheName(for: input))
    let photos = try PreparationInput.load(input, excluding: output)
    log("preparing \(photos.items.count) photos of \(input.path) into \(output.path)")
    var aligner = FaceAligner.Options()
    aligner.size = config.imageSize
    aligner.alreadyAligned = config.aligned
    let options = PreparationOptions(
      aligner: aligner,
      jobs: config.threads > 0 ? config.threads : ProcessInfo.processInfo.activeProcessorCount)
    let summary = try PreparationJob(input: photos, output: output, options: options).run { p in
      progress(p.done, p.total)
    }
    log(
      String(
        format: "prepared %d photos: %d ok, %d failed (%d from the cache) in %.1f s",
        summary.total, summary.ok, summary.failed, summary.reused, summary.seconds))
    return output
  }

  /// `<input name>-<8 hex digits of its absolute path>`: one cache folder per data set.
  static func cacheName(for input: URL) -> String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in input.standardizedFileURL.path.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
    }
    let stem = input.deletingPathExtension().lastPathComponent
    return SessionStore.safeName(stem) + "-"
      + String(format: "%08x", UInt32(truncatingIfNeeded: hash))
  }
}
