import Foundation
import OncoData
import OncoImage
import OncoStats
import OncoWorkbench

/// Reads session folders into the screens' models: the list for Sessions, the epochs and log for
/// Train, the curves for ROC and the misclassified test faces for Mistakes. File reading and image
/// decoding: call it off the main queue.
enum SessionReader {
  /// Every session under `store`, newest first, with its validation AUC per epoch.
  static func sessions(in store: SessionStore, open: String?) -> SessionsScreen.Model {
    let listing = store.list()
    let sessions = listing.sessions.map { summary in
      let metrics = (try? summary.folder.readMetrics())?.epochs ?? []
      return SessionsScreen.Session(
        path: summary.folder.url.path, name: summary.id, date: dateText(summary.created),
        status: summary.displayStatus, bestAUC: summary.bestValidationAUC,
        epochs: summary.epochsDone,
        validationAUC: metrics.map(\.validationAUC))
    }
    return SessionsScreen.Model(folder: displayPath(store.root), sessions: sessions, open: open)
  }

  /// The Train screen's view of a session: its form values, epochs, state and log tail.
  static func trainModel(
    _ folder: SessionFolder, record: SessionRecord, metrics: MetricsLog,
    base: TrainScreen.Model
  ) -> TrainScreen.Model {
    var model = base
    model.epochs = metrics.epochs.map(TrainScreen.Epoch.init)
    model.session = folder.url.path
    model.log = logTail(folder.logFile)
    model.form.setValues(of: record.config)
    switch record.status {
    case .running: model.state = .following(epoch: record.epochsDone + 1, of: record.config.epochs)
    case .finished: model.state = .finished
    case .stopped: model.state = .stopped
    case .failed: model.state = .failed(record.reason ?? "failed")
    }
    return model
  }

  /// What a finished session shows on ROC and Mistakes, and the test predictions by id (for
  /// computing a mistake's Grad-CAM).
  struct Results: Sendable {
    var roc: RocScreen.Model
    var mistakes: MistakesScreen.Model
    var predictions: [String: Prediction]
  }

  /// The ROC curves and the mistakes of a finished session (nil when it has no predictions yet).
  /// A mistake's Grad-CAM is read when its maps are saved (`CamReader`).
  static func results(_ folder: SessionFolder, record: SessionRecord, metrics: MetricsLog)
    -> Results?
  {
    guard let predictions = try? Prediction.read(folder.predictionsFile), !predictions.isEmpty
    else { return nil }
    let positive = record.config.positiveLabel ?? "case"
    let negative = record.config.negativeLabel ?? "not \(positive)"
    var curves: [RocScreen.Curve] = []
    let bestEpoch = metrics.bestEpoch?.epoch ?? record.bestEpoch
    for split in [Split.validation, .test] {
      let items = predictions.filter { $0.split == split }
      guard
        let evaluation = try? BinaryEvaluation(
          scores: items.map(\.probability),
          labels: items.map { $0.label == positive })
      else { continue }
      let name = split == .test ? "test" : "val" + (bestEpoch.map { " (epoch \($0))" } ?? "")
      curves.append(
        RocScreen.Curve(
          name: name,
          points: evaluation.curve.points.map {
            RocScreen.Point(
              fpr: $0.falsePositiveRate, tpr: $0.truePositiveRate, threshold: $0.threshold)
          },
          auc: evaluation.auc, confidenceInterval: evaluation.interval.map { $0.lower...$0.upper },
          positives: evaluation.curve.positives, negatives: evaluation.curve.negatives))
    }
    let test = predictions.filter { $0.split == .test }
    let people = cohortPeople(folder.cohortFile)
    let prepared = record.config.prepared.map { PreparedFolder(URL(fileURLWithPath: $0)) }
    let landmarks = prepared.flatMap { try? DataSet.readLandmarks($0.landmarksFile) } ?? [:]
    let mistakes = test.filter { !$0.correct }.map { p -> MistakesScreen.Mistake in
      let isPositive = p.label == positive
      let person = people[p.id]
      let chip = prepared.map { $0.chips.appendingPathComponent(p.id + ".png").path } ?? p.chip
      let files = CamFiles(session: folder, id: p.id)
      let points = landmarks[p.id] ?? []
      let cam =
        FileManager.default.fileExists(atPath: files.overlay.path)
        ? try? CamReader.view(of: files, landmarks: points) : nil
      return MistakesScreen.Mistake(
        id: p.id, label: p.label, predicted: p.probability >= 0.5 ? positive : negative,
        probability: p.probability, isPositive: isPositive, sex: person?.sex ?? "",
        age: person?.age,
        chip: try? RGBImage(contentsOf: chip),
        maskedChip: prepared.flatMap {
          try? RGBImage(contentsOf: $0.masked.appendingPathComponent(p.id + ".png").path)
        },
        landmarks: points, cam: cam?.overlay, regionShares: cam?.regionShares ?? [],
        paths: cam?.paths ?? [])
    }
    return Results(
      roc: RocScreen.Model(curves: curves, positiveLabel: positive, negativeLabel: negative),
      mistakes: MistakesScreen.Model(
        mistakes: mistakes, testCount: test.count, positiveLabel: positive),
      predictions: Dictionary(test.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
  }

  /// id → (sex, age) from cohort.csv.
  static func cohortPeople(_ url: URL) -> [String: (sex: String, age: Int?)] {
    guard let csv = try? CSVFile(contentsOf: url) else { return [:] }
    let header = csv.header.map { $0.lowercased() }
    guard let id = header.firstIndex(of: "id") else { return [:] }
    let sex = header.firstIndex(of: "sex")
    let age = header.firstIndex(of: "age")
    var people: [String: (sex: String, age: Int?)] = [:]
    for record in csv.records where record.problem == nil && record.fields.count == header.count {
      let s = sex.flatMap { Sex(spelling: record.fields[$0])?.rawValue } ?? ""
      let a = age.flatMap { Double(record.fields[$0]) }.map { Int($0.rounded()) }
      people[record.fields[id]] = (s, a)
    }
    return people
  }

  /// The last `count` lines of log.txt, without their date ("07:41:02 epoch 3 …").
  static func logTail(_ url: URL, count: Int = 200) -> [String] {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").suffix(count).map { logLine(String($0)) }
  }

  /// "2026-11-27 07:41:02 text" → "07:41:02 text".
  static func logLine(_ line: String) -> String {
    let parts = line.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].count == 10, parts[0].contains("-") else { return line }
    return String(parts[1])
  }

  static func dateText(_ date: Date) -> String {
    let c = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    return String(
      format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
      c.minute ?? 0)
  }

  /// A path relative to the current folder when it is inside it (Sessions/… rather than /home/…).
  static func displayPath(_ url: URL) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/"
    let path = url.standardizedFileURL.path
    return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
  }
}

extension TrainScreen.Epoch {
  init(_ m: EpochMetrics) {
    self.init(
      epoch: m.epoch, trainLoss: m.trainLoss, validationLoss: m.validationLoss,
      trainAccuracy: m.trainAccuracy, validationAccuracy: m.validationAccuracy,
      validationAUC: m.validationAUC)
  }
}

extension Form {
  /// Sets the training form's fields from a session's configuration.
  mutating func setValues(of config: TrainingConfig) {
    let values: [String: String] = [
      "model": config.model.rawValue, "freeze": config.freeze.rawValue,
      "epochs": String(config.epochs),
      "batch": String(config.batchSize), "lr": FormField.format(config.resolvedLearningRate),
      "weight-decay": FormField.format(config.weightDecay),
      "dropout": FormField.format(config.dropout),
      "seed": String(config.seed), "positive": config.positiveLabel ?? "",
    ]
    for i in fields.indices {
      if let value = values[fields[i].name], !value.isEmpty { fields[i].value = value }
    }
  }
}

extension SessionReader {
  /// `name` reduced to letters, digits, `.`, `_` and `-` for a folder name.
  static func safeName(_ name: String) -> String {
    let safe = String(
      name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
    return safe.isEmpty ? "data" : safe
  }
}
