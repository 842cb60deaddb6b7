/// What became of one photo: the `outcome` column of prepared.csv.
public enum PreparationOutcome: String, Sendable, Codable, CaseIterable {
  /// Aligned: chips/<id>.png, masked/<id>.png and a landmarks.csv row exist.
  case ok
  /// No face above the detection threshold.
  case noFace = "no_face"
  /// Several faces of comparable size: the subject is ambiguous.
  case severalFaces = "several_faces"
  /// The file could not be read or decoded, or its input row is unusable.
  case unreadable
}

/// The result of one photo: its outcome and, when aligned, its landmarks in chip coordinates.
public struct PreparationResult: Sendable, Codable, Equatable {
  public var outcome: PreparationOutcome
  /// Why it failed, or a note on a success (several faces, the fixed box); "" when there is nothing
  /// to say.
  public var reason: String
  /// x0, y0, … x67, y67 in chip pixels; empty unless `ok`.
  public var landmarks: [Double]
  public var faceCount: Int
  public var detectionScore: Double?
}
