/// Why a photo gave no aligned face. `prepare` turns each case into a row of prepared.csv.
public enum FaceError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The detector found no face above the threshold.
  case noFace
  /// More than one face of comparable size: which one is the subject cannot be told.
  case severalFaces(count: Int)
  /// The landmark model is missing or unreadable.
  case modelUnavailable(path: String, reason: String)
  /// dlib refused the input or threw.
  case dlib(String)

  public var description: String {
    switch self {
    case .noFace:
      return "no face found (the detector needs a frontal face of at least ~40 px with upsample 1; "
        + "try --upsample 2 for small faces, or --aligned for photos that are already face chips)"
    case .severalFaces(let count):
      return "\(count) faces of comparable size; crop the photo to the subject"
    case .modelUnavailable(let path, let reason):
      return "\(path): landmark model unavailable (\(reason)); install it with `make deps` "
        + "(Debian package libdlib-data)"
    case .dlib(let message): return "dlib: \(message)"
    }
  }
}
