import ArgumentParser
import Foundation
import OncoNN
import OncoWorkbench

extension ModelKind: ExpressibleByArgument {}
extension FreezeMode: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}
extension ScheduleKind: ExpressibleByArgument {}

struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a session (transfer learning from dlib's face ResNet by default).",
    discussion: """
      INPUT is a folder written by `oncoface prepare`, or a manifest CSV or folder of photos \
      (prepared first, with the preparation cache, into SESSIONS/.prepared/). The images are split \
      70/15/15 (stratified by label and sex, grouped by subject, seeded); every epoch is \
      validated and saved; training stops early when the validation AUC has not improved for \
      --patience epochs, and the best epoch is evaluated on the test set. Everything goes to \
      Sessions/<yyyyMMdd-HHmmss>-<name>/ (see README "Sessions"). Ctrl-C stops after the \
      current minibatch, keeping every saved epoch; `oncoface resume` continues.

      Example:
        oncoface train Prepared --label-column sex --positive F --epochs 3 --json
      """
  )

  @Argument(help: "A prepared folder, a manifest CSV or a folder of photos.")
  var input: String

  @Option(help: "The manifest column holding the label.")
  var labelColumn = "label"

  @Option(
    help: "The label value counted as positive; all other values are negative (default: case).")
  var positive: String?

  @Option(help: "dlib-face (pretrained) | resnet10 | resnet18 | resnet34 (from scratch).")
  var model = ModelKind.dlibFace

  @Option(
    help: """
      backbone | stage (all but the last residual stage) | none \
      (default: backbone for dlib-face, none otherwise).
      """)
  var freeze: FreezeMode?

  @Option(
    help: "Channel multiplier of a ResNet from scratch (e.g. 0.25: stages of 16…128; default 1).")
  var width: Double?

  @Option(help: "Maximum number of epochs.")
  var epochs = 5

  @Option(help: "Minibatch size.")
  var batch = 32

  @Option(
    help: """
      The head's learning rate (default 1e-3); pretrained layers that train use a tenth (last \
      stage) or a hundredth (earlier stages).
      """)
  var lr: Double?

  @Option(help: "Weight decay (AdamW) or L2 (SGD).")
  var weightDecay = 1e-4

  @Option(help: "Dropout before the new head.")
  var dropout = 0.5

  @Option(help: "Epochs without a better validation AUC before stopping early.")
  var patience = 2

  @Option(help: "adamw | sgd (momentum 0.9).")
  var optimizer = OptimizerKind.adamw

  @Option(help: "Learning-rate schedule: constant | cosine | step | one-cycle.")
  var schedule = ScheduleKind.cosine

  @Flag(help: "Augment training images: flip, small rotation and scale, brightness and contrast.")
  var augment = false

  @Flag(inversion: .prefixedNo, help: "Train on background-masked chips (as the paper does).")
  var masked = true

  @Flag(help: "A manifest's photos are already face chips (as `prepare --aligned`).")
  var aligned = false

  @Option(help: "Seed of the split, initialisation, minibatch order, dropout and augmentation.")
  var seed: UInt64 = 1

  @Option(help: "Threads (0: all cores).")
  var threads = 0

  @Option(help: "Session name (default: the input's name).")
  var session: String?

  @Option(help: "The sessions folder.")
  var sessions = "Sessions"

  @Flag(help: "End with one JSON summary line on stdout.")
  var json = false

  func validate() throws {
    guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
    guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    guard (0..<1).contains(dropout) else { throw ValidationError("--dropout must be in [0, 1)") }
    guard patience >= 1 else { throw ValidationError("--patience must be at least 1") }
    guard threads >= 0 else { throw ValidationError("--threads must be 0 (all cores) or more") }
    if let width {
      guard width > 0, width <= 4 else { throw ValidationError("--width must be in (0, 4]") }
      guard model != .dlibFace else {
        throw ValidationError(
          "--width applies to the ResNets trained from scratch (resnet10/18/34); dlib-face has "
            + "dlib's fixed widths")
      }
    }
    if let lr, !(lr > 0) { throw ValidationError("--lr must be positive") }
    guard weightDecay >= 0 else { throw ValidationError("--weight-decay must not be negative") }
    if model != .dlibFace, let freeze, freeze != .none {
      throw ValidationError(
        "--freeze \(freeze.rawValue) needs pretrained weights; \(model.rawValue) trains from "
          + "scratch (use --model dlib-face, or leave out --freeze)")
    }
  }

  /// The run's configuration from the options.
  var config: TrainingConfig {
    var config = TrainingConfig(input: URL(fileURLWithPath: input).standardizedFileURL.path)
    config.labelColumn = labelColumn
    config.positiveLabel = positive
    config.model = model
    config.pretrained = model == .dlibFace
    config.freeze = freeze ?? (model == .dlibFace ? .backbone : .none)
    config.width = width
    config.imageSize = 150
    config.masked = masked
    config.aligned = aligned
    config.epochs = epochs
    config.batchSize = batch
    config.learningRate = lr
    config.weightDecay = weightDecay
    config.dropout = dropout
    config.patience = patience
    config.optimizer = optimizer
    config.schedule = schedule
    config.augment = augment
    config.seed = seed
    config.threads = threads
    return config
  }

  func run() throws {
    let name = session ?? URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
    let store = SessionStore(root: URL(fileURLWithPath: sessions))
    let config = self.config
    let console = TrainingConsole(json: json)
    let code = console.run { handler in
      TrainingJob(
        config: config, name: name, store: store, deliverOn: console.deliveryQueue,
        handler: handler)
    }
    if code != 0 { throw ExitCode(code) }
  }
}
