import Foundation
import OncoImage
import OncoTUI

/// Made-up models for drawing tests: fixed numbers chosen to exercise the layouts (long names,
/// failures, a best epoch that is not the last), never shown to a user.
enum Samples {
  /// A 150×150 drawing of a face: a skin ellipse on a grey-blue background, dark eyes and mouth.
  static func face(
    width: Int = 150, height: Int = 150, skin: (UInt8, UInt8, UInt8) = (224, 178, 150)
  ) -> RGBImage {
    var image = RGBImage(width: width, height: height, fill: (70, 80, 100))
    let cx = Double(width) / 2
    let cy = Double(height) / 2
    for y in 0..<height {
      for x in 0..<width {
        let dx = (Double(x) - cx) / (Double(width) * 0.34)
        let dy = (Double(y) - cy) / (Double(height) * 0.44)
        if dx * dx + dy * dy <= 1 { image[x, y] = (skin.0, skin.1, skin.2) }
        for ex in [0.35, 0.65] {
          let ddx = (Double(x) - Double(width) * ex) / (Double(width) * 0.07)
          let ddy = (Double(y) - Double(height) * 0.42) / (Double(height) * 0.04)
          if ddx * ddx + ddy * ddy <= 1 { image[x, y] = (40, 30, 30) }
        }
        let mdx = (Double(x) - cx) / (Double(width) * 0.15)
        let mdy = (Double(y) - Double(height) * 0.7) / (Double(height) * 0.03)
        if mdx * mdx + mdy * mdy <= 1 { image[x, y] = (150, 60, 60) }
      }
    }
    return image
  }

  /// A heat map: red at the lower cheeks fading to blue.
  static func heat(width: Int = 150, height: Int = 150) -> RGBImage {
    var image = RGBImage(width: width, height: height)
    for y in 0..<height {
      for x in 0..<width {
        let d =
          hypot(Double(x) - Double(width) * 0.3, Double(y) - Double(height) * 0.65) / Double(width)
        let t = max(0, 1 - d * 2.5)
        image[x, y] = (UInt8(255 * t), UInt8(80 * t), UInt8(255 * (1 - t)))
      }
    }
    return image
  }

  static let landmarks: [(x: Double, y: Double)] = (0..<17).map { i in
    let a = Double.pi * Double(i) / 16
    return (75 - 50 * cos(a), 75 + 60 * sin(a))
  }

  static func faces(count: Int = 40) -> [DataScreen.Face] {
    (0..<count).map { i in
      let failed = i % 13 == 7
      return DataScreen.Face(
        id: String(format: "d%04d", i + 1), label: i % 2 == 0 ? "case" : "control",
        sex: i % 5 < 3 ? "F" : "M", age: 18 + (i * 37) % 55,
        outcome: failed ? "no face" : "ok", prepared: !failed)
    }
  }

  static var dataModel: DataScreen.Model {
    DataScreen.Model(name: "demo-cohort", source: "Sessions/demo-cohort", faces: faces())
  }

  static let epochs: [TrainScreen.Epoch] = [
    .init(
      epoch: 1, trainLoss: 0.612, validationLoss: 0.540, validationAccuracy: 0.74,
      validationAUC: 0.83),
    .init(
      epoch: 2, trainLoss: 0.421, validationLoss: 0.388, validationAccuracy: 0.85,
      validationAUC: 0.93),
    .init(
      epoch: 3, trainLoss: 0.310, validationLoss: 0.301, validationAccuracy: 0.89,
      validationAUC: 0.962),
    .init(
      epoch: 4, trainLoss: 0.255, validationLoss: 0.318, validationAccuracy: 0.88,
      validationAUC: 0.951),
  ]

  static var trainModel: TrainScreen.Model {
    TrainScreen.Model(
      epochs: epochs, state: .running(epoch: 5, of: 6),
      log: [
        "07:40:12 session Sessions/20261127-074012-demo",
        "07:40:13 420 train / 90 val / 90 test faces",
        "07:41:02 epoch 3 val AUC 0.962 (best) · checkpoint saved",
        "07:41:40 epoch 4 val AUC 0.951",
        "07:41:41 epoch 5 started",
      ],
      session: "Sessions/20261127-074012-demo", hasData: true)
  }

  /// A ROC curve of `n` points bowing towards the top-left corner.
  static func curve(name: String, bow: Double, points n: Int = 24) -> RocScreen.Curve {
    let points = (0...n).map { i -> RocScreen.Point in
      let fpr = Double(i) / Double(n)
      return RocScreen.Point(fpr: fpr, tpr: pow(fpr, bow), threshold: 1 - fpr)
    }
    return RocScreen.Curve(
      name: name, points: points, auc: 1 / (bow + 1), confidenceInterval: 0.90...0.99,
      positives: 45, negatives: 45)
  }

  static var rocModel: RocScreen.Model {
    RocScreen.Model(curves: [
      curve(name: "val (epoch 3)", bow: 0.1), curve(name: "test", bow: 0.15),
    ])
  }

  static var mistakesModel: MistakesScreen.Model {
    let items: [(String, Bool, Double)] = [
      ("d0412", true, 0.31), ("d0077", true, 0.44), ("d0519", false, 0.71),
      ("d0203", false, 0.93), ("d0330", true, 0.08),
    ]
    return MistakesScreen.Model(
      mistakes: items.map { id, positive, p in
        MistakesScreen.Mistake(
          id: id, label: positive ? "case" : "control", predicted: positive ? "control" : "case",
          probability: p, isPositive: positive, sex: "F", age: 56, chip: face(),
          landmarks: landmarks,
          cam: id == "d0412" ? heat() : nil,
          regionShares: id == "d0412"
            ? [("skin", 0.58), ("eyes", 0.07), ("nose", 0.11), ("mouth", 0.09)] : [],
          paths: id == "d0412"
            ? ["overlay", "gradcam", "guided"].map {
              "Sessions/20261127-074012-demo/cam/\(id)-\($0).png"
            }
            : [])
      }, testCount: 90)
  }

  /// A cohort report as `CohortBuilder` makes it, with one short stratum.
  static var cohortReport: CohortReport {
    CohortReport(
      title: "Matched cohort · 60 cases, 60 controls",
      lines: [
        "1:1, sex x 5-year age bins, seed 1", "Pool: 60 candidates, 0 left unused", "",
        "Age: cases 47.2 ± 6.1, controls 47.4 ± 6.3 years; SMD -0.032 (balanced: |SMD| < 0.1)",
        "Sex: cases 55.0% women (33/60), controls 55.0% women (33/60); chi-square p = 1", "",
        "stratum       cases  wanted  in pool  same bin  nearest  short",
        "F 40-44           4       4        5         4        0      0",
        "F 45-49           7       7        6         6        1      0",
        "M 40-44           5       5        7         5        0      0", "",
        "F 45-49: only 6 of 7 controls in the bin; took 1 of the nearest ages (F): 51",
      ],
      balanced: true, sexBalanced: true,
      cohort: .init(
        path: "/work/Sessions/cohorts/demo-cohort/cohort.csv",
        display: "Sessions/cohorts/demo-cohort/cohort.csv"),
      files: [
        "Sessions/cohorts/demo-cohort/balance.csv", "Sessions/cohorts/demo-cohort/balance.txt",
      ])
  }

  static var facesModel: FacesScreen.Model {
    FacesScreen.Model(
      groups: [
        .init(name: "case", count: 300, average: face(skin: (230, 180, 150))),
        .init(name: "control", count: 300, average: face(skin: (210, 170, 150))),
      ],
      measures: [
        .init(
          name: "fWHR", means: [1.92, 1.85], deviations: [0.12, 0.11], p: 0.0004,
          meaning: "bizygomatic width / upper-face height"),
        .init(
          name: "CJWR", means: [1.12, 1.10], deviations: [0.05, 0.05], p: 0.08,
          meaning: "cheek width / jaw width"),
        .init(
          name: "perimeter to area ratio", means: [0.031, 0.033], deviations: [0.004, 0.004],
          p: 0.02),
      ],
      source: "Sessions/20261127-074012-demo/faces")
  }

  static var sessionsModel: SessionsScreen.Model {
    SessionsScreen.Model(
      folder: "Sessions",
      sessions: [
        .init(
          path: "Sessions/20261127-074012-demo", name: "20261127-074012-demo",
          date: "2026-11-27 07:40",
          status: "running", bestAUC: 0.962, epochs: 4, validationAUC: [0.83, 0.93, 0.962, 0.951]),
        .init(
          path: "Sessions/20261126-181500-sex-proxy", name: "20261126-181500-sex-proxy",
          date: "2026-11-26 18:15",
          status: "finished", bestAUC: 0.981, epochs: 3, validationAUC: [0.95, 0.975, 0.981]),
        .init(
          path: "Sessions/20261125-090000-scratch", name: "20261125-090000-scratch",
          date: "2026-11-25 09:00",
          status: "failed", bestAUC: nil, epochs: 0),
      ], open: "Sessions/20261127-074012-demo")
  }

  /// A workbench with every screen filled.
  static var workbench: Workbench {
    var w = Workbench()
    w.data.model = dataModel
    w.data.preview = DataScreen.Preview(
      id: "d0001", chip: face(), maskedChip: face(skin: (200, 160, 130)),
      landmarks: landmarks)
    w.train.model = trainModel
    w.roc.model = rocModel
    w.mistakes.model = mistakesModel
    w.faces.model = facesModel
    w.sessions.model = sessionsModel
    w.job = JobProgress(
      title: "epoch 5/6", fraction: 0.62, imagesPerSecond: 118, secondsRemaining: 9,
      detail: "Sessions/20261127-074012-demo")
    return w
  }
}
