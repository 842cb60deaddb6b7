/// Why a training run could not start or go on. Messages name the file or option and the fix.
public enum TrainingError: Error, CustomStringConvertible, Sendable, Equatable {
  /// This build has no training engine yet.
  case engineMissing
  /// The data set has no image that was prepared and labelled.
  case emptyDataSet(path: String, detail: String)
  /// `--positive` names a value the label column does not hold.
  case labelNotPresent(path: String, column: String, value: String, present: [String])
  /// No `--positive` was given and the labels are not case/control.
  case positiveLabelNeeded(path: String, column: String, present: [String])
  /// Every usable image has the same class.
  case oneClass(path: String, column: String, positive: String, positives: Int, negatives: Int)
  /// After splitting, a split lacks one of the classes (too few images).
  case splitLacksClass(split: String, positives: Int, negatives: Int)
  /// The input is neither a prepared folder nor a manifest.
  case notADataSet(path: String)
  /// A resumed session's prepared images no longer match its cohort.csv.
  case preparedFolderChanged(path: String, missing: Int)
  /// The model file for transfer learning is missing.
  case modelMissing(path: String)
  /// A network trained from scratch has no pretrained part to freeze.
  case freezeNeedsPretrained(model: String)
  /// The session has already finished; there is nothing to resume.
  case alreadyFinished(path: String)
  /// The loss became infinite or NaN.
  case diverged(epoch: Int, learningRate: Double)
  /// No epoch had a defined validation AUC, so there are no best weights to test.
  case noBestEpoch

  public var description: String {
    switch self {
    case .engineMissing:
      return "training needs the OncoNN engine, which this build does not have yet"
    case .emptyDataSet(let path, let detail):
      return "\(path): no usable image (\(detail)); check the data set with `oncoface prepare`"
    case .labelNotPresent(let path, let column, let value, let present):
      return "\(path): no row has \(column) = \"\(value)\"; the values are "
        + TrainingError.list(present) + ". Pass one of them with --positive."
    case .positiveLabelNeeded(let path, let column, let present):
      return "\(path): which \(column) value is positive? The values are "
        + TrainingError.list(present)
        + "; pass one with --positive."
    case .oneClass(let path, let column, let positive, let positives, let negatives):
      return "\(path): only one class: \(positives) images with \(column) = \"\(positive)\" and "
        + "\(negatives) others; training needs both (check --label-column and --positive)"
    case .splitLacksClass(let split, let positives, let negatives):
      return "the \(split) split has \(positives) positive and \(negatives) negative images; each "
        + "split needs both classes: use a larger data set"
    case .notADataSet(let path):
      return "\(path): not a prepared folder (no prepared.csv) nor a manifest CSV; "
        + "pass a folder written by `oncoface prepare` or a manifest"
    case .preparedFolderChanged(let path, let missing):
      return "\(path): \(missing) images of the session's cohort.csv are no longer prepared there; "
        + "the session cannot be resumed on changed data (start a new run)"
    case .modelMissing(let paths):
      return "dlib's face ResNet is missing (looked for \(paths)); run `make deps` to download it, "
        + "or point ONCOFACE_MODELS to the folder holding it"
    case .freezeNeedsPretrained(let model):
      return
        "\(model) trains from scratch, so it has nothing pretrained to freeze: use --freeze none "
        + "(or --model dlib-face)"
    case .diverged(let epoch, let rate):
      return "training diverged in epoch \(epoch) (the loss is not finite at learning rate "
        + "\(rate)); lower --lr"
    case .noBestEpoch:
      return "no epoch had a defined validation AUC, so there are no best weights to test"
    case .alreadyFinished(let path):
      return "\(path): this session has finished; nothing to resume (start a new run with "
        + "`oncoface train`)"
    }
  }

  static func list(_ values: [String]) -> String {
    values.isEmpty
      ? "(none)"
      : values.prefix(12).map { "\"\($0)\"" }.joined(separator: ", ")
        + (values.count > 12 ? ", …" : "")
  }
}
