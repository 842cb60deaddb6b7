/// What `oncoface cam` explains and writes.
public struct CamOptions: Sendable, Equatable {
  /// Only the misclassified test faces (default: those and as many correct ones).
  public var misclassifiedOnly = false
  /// At most this many faces get PNGs (half mistakes, half correct unless `misclassifiedOnly`).
  public var limit: Int?
  /// The Grad-CAM layer or boundary; nil: the last residual stage of at least 4×4.
  public var layer: String?
  /// Also run the trust checks (model randomisation, pointing game, deletion curve).
  public var trust = false
  /// Faces per batch.
  public var batchSize = 8

  public init() {}
}
