import Foundation
import OncoNN

/// model.safetensors: the best epoch's weights, the last epoch's weights and the optimizer state,
/// in one file so that one atomic rename commits an epoch.
///
/// Tensors are named `best.<parameter>`, `last.<parameter>` (every parameter and running statistic)
/// and `optimizer.<parameter>.<buffer>`; the header's `__metadata__` holds `oncoface.epoch` (the
/// epoch saved), `oncoface.best_epoch`, `oncoface.architecture` and the optimizer's own keys.
struct SessionCheckpoint {
  static let epochKey = "oncoface.epoch"
  static let bestEpochKey = "oncoface.best_epoch"

  var epoch: Int
  var bestEpoch: Int?
  var last: [String: Tensor]
  var best: [String: Tensor]
  var optimizer: OptimizerState
  var architecture: String

  /// Writes the file atomically; a full disk or read-only folder comes back as `FileError`.
  func write(to url: URL) throws {
    var tensors = optimizer.tensors
    for (name, t) in last { tensors["last." + name] = t }
    for (name, t) in best { tensors["best." + name] = t }
    var metadata = optimizer.metadata
    metadata[SessionCheckpoint.epochKey] = String(epoch)
    metadata[SessionCheckpoint.bestEpochKey] = bestEpoch.map(String.init) ?? ""
    metadata[Checkpoint.architectureKey] = architecture
    let data = try SafeTensors.encode(SafeTensors.Contents(tensors: tensors, metadata: metadata))
    try AtomicFile.write(data, to: url)
  }

  /// Reads model.safetensors; anything missing or damaged is `SessionError.cannotResume` naming it.
  static func read(from url: URL) throws(SessionError) -> SessionCheckpoint {
    let contents: SafeTensors.Contents
    do {
      let data = try Data(contentsOf: url)
      contents = try SafeTensors.decode(data, path: url.path)
    } catch {
      let reason =
        FileManager.default.fileExists(atPath: url.path)
        ? "the checkpoint is damaged: \(error)" : "the checkpoint is missing"
      throw .cannotResume(path: url.path, reason: reason)
    }
    guard let epochText = contents.metadata[epochKey], let epoch = Int(epochText), epoch >= 1 else {
      throw .cannotResume(
        path: url.path, reason: "the checkpoint does not say which epoch it holds")
    }
    var last: [String: Tensor] = [:]
    var best: [String: Tensor] = [:]
    var optimizer: [String: Tensor] = [:]
    for (name, t) in contents.tensors {
      if name.hasPrefix("last.") {
        last[String(name.dropFirst(5))] = t
      } else if name.hasPrefix("best.") {
        best[String(name.dropFirst(5))] = t
      } else if name.hasPrefix("optimizer.") {
        optimizer[name] = t
      }
    }
    guard !last.isEmpty, !best.isEmpty else {
      throw .cannotResume(path: url.path, reason: "the checkpoint lacks the best or last weights")
    }
    return SessionCheckpoint(
      epoch: epoch, bestEpoch: contents.metadata[bestEpochKey].flatMap { Int($0) }, last: last,
      best: best, optimizer: OptimizerState(tensors: optimizer, metadata: contents.metadata),
      architecture: contents.metadata[Checkpoint.architectureKey] ?? "")
  }
}
