import Foundation
import OncoImage
import OncoNN
import OncoStats

/// Runs the checks of `TrustReport` on a session's test faces.
public enum TrustChecks {
  /// All three checks. `maps` are the label-class maps of the test faces (as `CamExport` computes
  /// them); the randomisation check explains `maps`' faces again with randomised weights, the
  /// deletion check uses at most `deletionFaces` correctly classified ones.
  public static func run(
    explainer: SessionExplainer, maps: [FaceMaps], seed: UInt64, deletionFaces: Int = 40,
    steps: Int = 20
  ) throws -> TrustReport {
    let layer = maps.first?.layer ?? explainer.layer ?? "default"
    let (randomization, randomised) = try self.randomization(
      explainer: explainer, maps: maps, layer: layer, seed: seed)
    var pointing: TrustReport.PointingGame? = nil
    if let folder = explainer.preparedFolder?.appendingPathComponent("signal") {
      let positive = explainer.model.positiveLabel
      pointing = try pointingGame(
        maps: maps.filter { $0.prediction.label == positive },
        randomized: randomised.filter { $0.prediction.label == positive }, signalFolder: folder)
    }
    var generator = SeededGenerator(seed: seed, stream: "deletion")
    let correct = generator.shuffled(maps.filter(\.prediction.correct)).prefix(deletionFaces)
    let deletion = try self.deletion(
      explainer: explainer, maps: Array(correct), steps: steps, seed: seed)
    return TrustReport(
      layer: layer, randomization: randomization, pointingGame: pointing, deletion: deletion)
  }

  /// Spearman ρ between each face's maps from the trained network and from a copy whose weights
  /// are randomised (`Network.randomizeWeights`); also returns the randomised maps.
  public static func randomization(
    explainer: SessionExplainer, maps: [FaceMaps], layer: String, seed: UInt64
  ) throws -> (TrustReport.Randomization, [FaceMaps]) {
    let model = try SessionModel.load(explainer.session)
    try model.network.randomizeWeights(seed: seed)
    let random = SessionExplainer(model: model, layer: layer)
    random.batchSize = explainer.batchSize
    let trained = try explainer.maps(
      for: maps.map(\.prediction), explaining: .label, guided: true
    ).maps
    let randomised = try random.maps(for: trained.map(\.prediction), explaining: .label).maps
    var gradCAM: [Double] = []
    var ranked: [Double] = []
    var guided: [Double] = []
    var constant = 0
    for (a, b) in zip(trained, randomised) {
      if let rho = RankCorrelation.spearman(a.gradCAM.values, b.gradCAM.values) {
        gradCAM.append(rho)
        ranked.append(rho)
      } else {
        constant += 1
        gradCAM.append(0)
      }
      if let ga = a.guidedGradCAM, let gb = b.guidedGradCAM {
        guided.append(RankCorrelation.spearman(ga.values, gb.values) ?? 0)
      }
    }
    let median = self.median(gradCAM)
    let rankedMedian = self.median(ranked)
    let report = TrustReport.Randomization(
      faces: gradCAM.count, constantMaps: constant, medianGradCAM: median,
      meanGradCAM: gradCAM.isEmpty ? .nan : gradCAM.reduce(0, +) / Double(gradCAM.count),
      medianGradCAMRanked: rankedMedian, medianGuidedGradCAM: self.median(guided),
      passed: !gradCAM.isEmpty && median < 0.5 && (ranked.isEmpty || rankedMedian < 0.5))
    return (report, randomised)
  }

  /// The share of faces whose Grad-CAM maximum (`FaceMaps.peak`) lies within `tolerance` chip
  /// pixels of their `signalFolder/<id>.png` mask, with the baselines of `TrustReport`
  /// (`randomized`: the same faces' maps from the randomised network); nil when no face has a
  /// mask. An all-zero map is a miss.
  public static func pointingGame(
    maps: [FaceMaps], randomized: [FaceMaps], signalFolder: URL, tolerance: Double = 10
  ) throws -> TrustReport.PointingGame? {
    var faces = 0
    var hits = 0
    var exact = 0
    var randomHits = 0
    var randomExact = 0
    var centreHits = 0
    var massSum = 0.0
    var randomMassSum = 0.0
    var areaSum = 0.0
    for face in maps {
      let url = signalFolder.appendingPathComponent(face.prediction.id + ".png")
      guard FileManager.default.fileExists(atPath: url.path) else { continue }
      let mask = try RGBImage(contentsOf: url.path)
      guard mask.width == face.gradCAM.width, mask.height == face.gradCAM.height else { continue }
      faces += 1
      func distance(_ p: SIMD2<Double>, _ map: HeatMap) -> Double {
        map.maximum > 0 ? distanceToMask(mask, p) : .infinity
      }
      let inside = mask.pixels.enumerated().compactMap {
        $0.offset % 3 == 0 && $0.element > 127 ? $0.offset / 3 : nil
      }
      func mass(_ map: HeatMap) -> Double {
        let total = map.values.reduce(0) { $0 + Double($1) }
        return total > 0 ? inside.reduce(0) { $0 + Double(map.values[$1]) } / total : 0
      }
      massSum += mass(face.gradCAM)
      areaSum += Double(inside.count) / Double(mask.width * mask.height)
      let d = distance(face.peak, face.gradCAM)
      if d <= tolerance { hits += 1 }
      if d == 0 { exact += 1 }
      if let r = randomized.first(where: { $0.prediction.id == face.prediction.id }) {
        let d = distance(r.peak, r.gradCAM)
        randomMassSum += mass(r.gradCAM)
        if d <= tolerance { randomHits += 1 }
        if d == 0 { randomExact += 1 }
      }
      let centre = SIMD2(Double(mask.width - 1) / 2, Double(mask.height - 1) / 2)
      if distanceToMask(mask, centre) <= tolerance { centreHits += 1 }
    }
    guard faces > 0 else { return nil }
    let interval = try ProportionInterval.wilson(successes: hits, count: faces)
    let rate = Double(hits) / Double(faces)
    return TrustReport.PointingGame(
      faces: faces, tolerance: tolerance, hits: hits, exactHits: exact, rate: rate,
      lower: interval.lower, upper: interval.upper, randomizedHits: randomHits,
      randomizedExactHits: randomExact,
      centreHits: centreHits, massInMask: massSum / Double(faces),
      randomizedMassInMask: randomMassSum / Double(faces), maskArea: areaSum / Double(faces),
      passed: rate >= 0.9)
  }

  /// Distance from `p` (rounded to a pixel) to the nearest mask pixel (red channel > 127); 0
  /// inside, infinity for an empty mask.
  static func distanceToMask(_ mask: RGBImage, _ p: SIMD2<Double>) -> Double {
    let x = Int(p.x.rounded())
    let y = Int(p.y.rounded())
    var best = Double.infinity
    for my in 0..<mask.height {
      for mx in 0..<mask.width where mask.pixels[3 * (my * mask.width + mx)] > 127 {
        best = min(best, Double((mx - x) * (mx - x) + (my - y) * (my - y)))
      }
    }
    return best.squareRoot()
  }

  /// Deletion curves of `maps`' faces (their explained class), relevance-first and random.
  public static func deletion(
    explainer: SessionExplainer, maps: [FaceMaps], steps: Int, seed: UInt64
  ) throws -> TrustReport.Deletion {
    var relevanceSum = [Double](repeating: 0, count: steps + 1)
    var randomSum = relevanceSum
    var faster = 0
    var generator = SeededGenerator(seed: seed, stream: "deletion order")
    for face in maps {
      let pixels = face.gradCAM.values.count
      // Ties (flat parts of the map) in random order, then most relevant first.
      let shuffled = generator.shuffled(0..<pixels)
      let byRelevance = shuffled.sorted { face.gradCAM.values[$0] > face.gradCAM.values[$1] }
      let random = generator.shuffled(0..<pixels)
      let target = face.explainedLabel == explainer.model.positiveLabel ? 1 : 0
      let a = try curve(explainer, face.chip, order: byRelevance, steps: steps, target: target)
      let b = try curve(explainer, face.chip, order: random, steps: steps, target: target)
      for k in 0...steps {
        relevanceSum[k] += a[k]
        randomSum[k] += b[k]
      }
      if area(a) < area(b) { faster += 1 }
    }
    let n = Double(max(1, maps.count))
    let relevance = relevanceSum.map { $0 / n }
    let random = randomSum.map { $0 / n }
    return TrustReport.Deletion(
      faces: maps.count, steps: steps, relevanceCurve: relevance, randomCurve: random,
      relevanceArea: area(relevance), randomArea: area(random), fasterFaces: faster,
      passed: !maps.isEmpty && area(relevance) < area(random))
  }

  /// Probability of class `target` with the first k/steps of `order` removed, k = 0…steps: one
  /// batch of steps + 1 images. A removed pixel takes the value 0 in every channel of the network
  /// input, i.e. the mean colour of the input normalisation.
  static func curve(
    _ explainer: SessionExplainer, _ chip: RGBImage, order: [Int], steps: Int, target: Int
  ) throws -> [Double] {
    let single = try explainer.model.input([chip])
    let plane = chip.width * chip.height
    var batch = Tensor(shape: Shape(steps + 1, 3, chip.height, chip.width))
    single.withUnsafeBufferPointer { source in
      batch.withUnsafeMutableBufferPointer { out in
        for k in 0...steps {
          let base = k * 3 * plane
          for i in 0..<(3 * plane) { out[base + i] = source[i] }
          for i in order.prefix(plane * k / steps) {
            for c in 0..<3 { out[base + c * plane + i] = 0 }
          }
        }
      }
    }
    let logits = try explainer.model.network.forward(batch, mode: .inference)
    let classes = logits.count / (steps + 1)
    return (0...steps).map { k in
      let row = (0..<classes).map { Double(logits[flat: k * classes + $0]) }
      let top = row.max()!
      let e = row.map { Foundation.exp($0 - top) }
      return e[target] / e.reduce(0, +)
    }
  }

  /// Trapezoid area under a curve sampled at 0, 1/n, …, 1.
  static func area(_ curve: [Double]) -> Double {
    guard curve.count >= 2 else { return curve.first ?? 0 }
    let h = 1 / Double(curve.count - 1)
    var sum = 0.0
    for i in 1..<curve.count { sum += (curve[i - 1] + curve[i]) / 2 * h }
    return sum
  }

  static func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }
}
