import Dispatch
import Foundation
import OncoWorkbench

/// The Mistakes screen's Grad-CAM requests for the open session's test faces, computed by
/// `CamOnDemand` on its own background queue (or read, when `oncoface cam` saved them).
///
/// One face is computed at a time. A request that arrives meanwhile waits, and a newer one
/// replaces it (that face goes back to "missing", to be asked again when shown), so a person
/// stepping quickly through the list only waits for the face they stop at. Results for a session
/// that is no longer shown are dropped.
@MainActor
final class CamRequests {
  private struct Source {
    let session: SessionFolder
    let cams: CamOnDemand
    let predictions: [String: Prediction]
    let landmarks: [String: [(x: Double, y: Double)]]
  }

  private let sink: any WorkbenchSink
  private var source: Source?
  /// Bumped when the session changes, so late results of the old one are recognised.
  private var generation = 0
  private var inFlight: String?
  private var waiting: (id: String, recompute: Bool)?

  init(sink: any WorkbenchSink) { self.sink = sink }

  /// The face being computed, if any.
  var computing: String? { inFlight }

  /// The Mistakes screen now shows `session`'s mistakes: later requests are for its faces.
  func show(
    _ session: SessionFolder, predictions: [String: Prediction],
    landmarks: [String: [(x: Double, y: Double)]]
  ) {
    generation += 1
    source = Source(
      session: session, cams: CamOnDemand(session: session), predictions: predictions,
      landmarks: landmarks)
    inFlight = nil
    waiting = nil
  }

  /// Computes (or reads) the maps of face `id`; `recompute` deletes saved maps first.
  func request(_ id: String, recompute: Bool) {
    guard let source, source.predictions[id] != nil else {
      return fail(id, "\(id) is not a test face of the open session")
    }
    guard inFlight == nil else {
      if let older = waiting, older.id != id {
        sink.post { $0.mistakes.setCamStatus(.missing, of: older.id) }
      }
      waiting = (id, recompute || (waiting?.id == id && waiting!.recompute))
      return
    }
    start(id, recompute: recompute, from: source)
  }

  private func start(_ id: String, recompute: Bool, from source: Source) {
    inFlight = id
    let generation = self.generation
    let prediction = source.predictions[id]!
    let landmarks = source.landmarks[id] ?? []
    let files = CamFiles(session: source.session, id: id)
    let compute: @Sendable () -> Void = {
      source.cams.request(prediction) { result in
        let view = Result {
          try CamReader.view(of: result.get(), landmarks: landmarks, useTable: !recompute)
        }
        DispatchQueue.main.async {
          MainActor.assumeIsolated { self.finished(id, generation: generation, view) }
        }
      }
    }
    guard recompute else { return compute() }
    DispatchQueue.global(qos: .utility).async {
      for url in [files.overlay, files.gradCAM, files.guided] {
        try? FileManager.default.removeItem(at: url)
      }
      compute()
    }
  }

  private func finished(
    _ id: String, generation: Int, _ view: Result<MistakesScreen.CamView, Error>
  ) {
    guard generation == self.generation, let source else { return }
    inFlight = nil
    switch view {
    case .success(let view):
      sink.post { $0.mistakes.setCam(view, of: id) }
    case .failure(let error):
      fail(id, "\(error)")
    }
    if let next = waiting {
      waiting = nil
      start(next.id, recompute: next.recompute, from: source)
    }
  }

  private func fail(_ id: String, _ reason: String) {
    sink.post { w in
      w.mistakes.setCamStatus(.failed(reason), of: id)
      w.message = StatusMessage("Grad-CAM of \(id): \(reason)", role: .bad)
    }
  }
}
