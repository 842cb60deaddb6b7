import Dispatch
import Foundation

/// One face's maps for the workbench's Mistakes screen: read from SESSION/cam/ when `oncoface cam`
/// wrote them, else computed on a background queue and written there.
///
///     let cams = CamOnDemand(session: session)
///     cams.request(prediction) { result in
///       DispatchQueue.main.async { screen.show(try? result.get()) }   // CamFiles, or why not
///     }
///
/// Requests run one at a time, in order, on a private serial queue (the network is not
/// thread-safe); the model loads on the first request that needs it. Completions run on that queue.
/// Maps explain the predicted class, as `oncoface cam` writes them for mistakes.
public final class CamOnDemand: @unchecked Sendable {
  public let session: SessionFolder
  public let layer: String?
  private let queue = DispatchQueue(label: "oncoface.cam-on-demand", qos: .utility)
  /// Touched only on `queue`.
  private var explainer: SessionExplainer?

  public init(session: SessionFolder, layer: String? = nil) {
    self.session = session
    self.layer = layer
  }

  /// The files of `prediction`'s maps, if they are already on disk (no computation).
  public func existingFiles(for prediction: Prediction) -> CamFiles? {
    let files = CamFiles(session: session, id: prediction.id)
    return files.exist ? files : nil
  }

  /// Calls `completion` with the files of `prediction`'s maps, computing and writing them first
  /// when missing.
  public func request(
    _ prediction: Prediction, completion: @escaping @Sendable (Result<CamFiles, Error>) -> Void
  ) {
    queue.async {
      completion(Result { try self.files(for: prediction) })
    }
  }

  /// The same, synchronously on the caller's thread (waits for earlier requests).
  public func files(forWaiting prediction: Prediction) throws -> CamFiles {
    try queue.sync { try files(for: prediction) }
  }

  /// Runs on `queue`.
  private func files(for prediction: Prediction) throws -> CamFiles {
    if let files = existingFiles(for: prediction) { return files }
    if explainer == nil { explainer = try SessionExplainer(session: session, layer: layer) }
    let result = try explainer!.maps(for: [prediction], explaining: .predicted)
    if let failure = result.failures.first { throw failure }
    let files = CamFiles(session: session, id: prediction.id)
    try result.maps[0].write(files)
    return files
  }
}
