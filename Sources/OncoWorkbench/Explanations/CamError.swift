/// Why explaining a session, or one of its faces, failed. Messages name the file and the fix.
public enum CamError: Error, CustomStringConvertible, Sendable, Equatable {
  /// predictions.csv has no test rows: training has not finished its test evaluation.
  case noTestPredictions(path: String)
  /// A face's chip cannot be read (moved, deleted, damaged); the face is skipped.
  case unreadableChip(id: String, path: String, reason: String)
  /// A prediction names no id, so its maps have no file name.
  case missingID(path: String)
  /// Writing an output file failed.
  case unwritable(path: String, reason: String)

  public var description: String {
    switch self {
    case .noTestPredictions(let path):
      return "\(path): no test predictions; finish training first (`oncoface resume SESSION`)"
    case .unreadableChip(let id, let path, let reason):
      return "face \(id): cannot read its chip \(path) (\(reason)); re-run `oncoface prepare` "
        + "on the session's input, or restore the prepared folder"
    case .missingID(let path):
      return "prediction of \(path) has no id; the session's predictions.csv is damaged"
    case .unwritable(let path, let reason):
      return "\(path): cannot write (\(reason)); check the folder's permissions and free space"
    }
  }
}
