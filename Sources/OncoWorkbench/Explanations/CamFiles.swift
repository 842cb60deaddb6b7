import Foundation

/// Where one face's maps live in a session: `cam/<id>-gradcam.png`, `cam/<id>-guided.png`,
/// `cam/<id>-overlay.png`.
public struct CamFiles: Sendable, Hashable {
  public let folder: URL
  public let id: String

  public init(session: SessionFolder, id: String) {
    folder = session.camFolder
    self.id = id
  }

  /// The Grad-CAM map alone, grey: 0 = no relevance, 255 = the face's maximum.
  public var gradCAM: URL { folder.appendingPathComponent(id + "-gradcam.png") }
  /// Guided Grad-CAM, grey (see `Explanation.guidedGradCAM` for its scaling).
  public var guided: URL { folder.appendingPathComponent(id + "-guided.png") }
  /// The jet-coloured Grad-CAM map blended at 0.5 over the chip.
  public var overlay: URL { folder.appendingPathComponent(id + "-overlay.png") }

  /// True when all three files exist.
  public var exist: Bool {
    [gradCAM, guided, overlay].allSatisfy { FileManager.default.fileExists(atPath: $0.path) }
  }
}
