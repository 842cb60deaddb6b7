/// Why a training run could not start or go on. Messages name the file or option and the fix.
public enum TrainingError: Error, CustomStringConvertible, Sendable, Equatable {
  /// This build has no training engine yet.
  case engineMissing

  public var description: String {
    switch self {
    case .engineMissing: return "training needs the OncoNN engine, which this build does not have yet"
    }
  }
}
