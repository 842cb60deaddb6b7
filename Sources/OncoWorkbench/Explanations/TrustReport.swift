/// The three checks that a session's saliency maps mean something, with their measured figures.
///
/// - Model randomisation (Adebayo et al., 2018): maps of the trained network against maps of the
///   same network with every convolution and linear weight replaced by noise of the same scale.
///   Maps that still agree (Spearman ρ ≥ 0.5) show the image, not the model. Passed when the median
///   ρ of Grad-CAM is below 0.5, both over all faces and over those whose randomised map is not
///   constant; guided Grad-CAM's ρ is reported too (guided backpropagation is
///   known to survive randomisation largely, which is why Grad-CAM is the map the region table
///   uses).
/// - Pointing game (Zhang et al., 2016): where a data set says where the evidence is (the demo
///   cohort's `signal/<id>.png` masks of the planted region), the Grad-CAM maximum of each
///   positive test face's positive-class map must fall inside it, up to a tolerance: Zhang et
///   al.'s 15 pixels at a 224-pixel input, 10 pixels on a 150-pixel chip (the default layer's
///   cells are 8–16 pixels apart). Passed at ≥ 90% hits. Reported with the exact hits and
///   three baselines: the randomised network's maps, the chip centre, and a peak drawn uniformly
///   over the chip (the share of the chip within the tolerance of the mask).
/// - Deletion curve: remove the most relevant pixels first (in steps of 1/`steps` of the chip,
///   replaced by the mean colour) and follow the explained class's probability; it must fall
///   faster than when the same number of pixels is removed in random order (smaller area under
///   the curve). Passed when the mean relevance-first area is below the mean random area.
public struct TrustReport: Sendable, Codable, Equatable {
  public struct Randomization: Sendable, Codable, Equatable {
    public var faces: Int
    /// Faces whose randomised Grad-CAM map was constant, mostly all zero (no ranking; counted as
    /// ρ = 0 in `medianGradCAM`, left out of `medianGradCAMRanked`).
    public var constantMaps: Int
    public var medianGradCAM: Double
    public var meanGradCAM: Double
    /// The median over the faces whose two maps both rank their pixels.
    public var medianGradCAMRanked: Double
    public var medianGuidedGradCAM: Double
    public var passed: Bool
  }

  public struct PointingGame: Sendable, Codable, Equatable {
    public var faces: Int
    /// Chip pixels: a peak this close to the mask counts as a hit.
    public var tolerance: Double
    public var hits: Int
    /// Hits with no tolerance (the peak pixel itself inside the mask).
    public var exactHits: Int
    public var rate: Double
    /// Wilson 95% interval of the hit rate.
    public var lower: Double
    public var upper: Double
    /// Baselines with the same tolerance: the randomised network's maps, and a map that always
    /// points at the chip's centre.
    public var randomizedHits: Int
    public var randomizedExactHits: Int
    public var centreHits: Int
    /// The hit rate of a peak drawn uniformly over the chip: the mean share of chip pixels within
    /// `tolerance` of the mask (the mask's area for exact hits).
    public var chanceRate: Double
    /// Energy-based pointing (Wang et al., 2020): the mean share of Grad-CAM mass inside the mask,
    /// for the trained and the randomised network, and the mask's share of the chip's area (what a
    /// uniform map would give).
    public var massInMask: Double
    public var randomizedMassInMask: Double
    public var maskArea: Double
    public var passed: Bool
  }

  public struct Deletion: Sendable, Codable, Equatable {
    public var faces: Int
    public var steps: Int
    /// Mean probability of the explained class after removing 0, 1/steps, …, all of the pixels.
    public var relevanceCurve: [Double]
    public var randomCurve: [Double]
    /// Areas under the mean curves (fraction removed from 0 to 1).
    public var relevanceArea: Double
    public var randomArea: Double
    /// Faces whose own relevance-first area is below their random one.
    public var fasterFaces: Int
    public var passed: Bool
  }

  public var layer: String
  public var randomization: Randomization
  /// Nil when the prepared folder has no signal masks.
  public var pointingGame: PointingGame?
  public var deletion: Deletion

  /// The report in a few printed lines.
  public var text: String {
    func f(_ x: Double) -> String { String(format: "%.3f", x) }
    func verdict(_ passed: Bool) -> String { passed ? "passed" : "FAILED" }
    var lines = [
      "trust checks (layer \(layer)):",
      "  model randomisation  Spearman ρ trained vs randomised weights over "
        + "\(randomization.faces) faces: Grad-CAM median \(f(randomization.medianGradCAM)) "
        + "(\(randomization.constantMaps) randomised maps constant; median of the rest "
        + "\(f(randomization.medianGradCAMRanked))), guided Grad-CAM median "
        + "\(f(randomization.medianGuidedGradCAM)); < 0.5 \(verdict(randomization.passed))",
    ]
    if let p = pointingGame {
      lines.append(
        "  pointing game        \(p.hits)/\(p.faces) positive faces within "
          + "\(Int(p.tolerance)) px = \(f(p.rate)) [\(f(p.lower))–\(f(p.upper))] (exact "
          + "\(p.exactHits); randomised network \(p.randomizedHits), exact "
          + "\(p.randomizedExactHits); chip centre \(p.centreHits); a uniformly random point "
          + "\(f(p.chanceRate))); ≥ 0.9 \(verdict(p.passed))")
      lines.append(
        "                       Grad-CAM mass in the mask \(f(p.massInMask)) (randomised "
          + "\(f(p.randomizedMassInMask)), the mask's area \(f(p.maskArea)))")
    } else {
      lines.append("  pointing game        skipped: the prepared folder has no signal/ masks")
    }
    lines.append(
      "  deletion curve       area relevance-first \(f(deletion.relevanceArea)) vs random "
        + "\(f(deletion.randomArea)) over \(deletion.faces) faces "
        + "(\(deletion.fasterFaces) faster); "
        + verdict(deletion.passed))
    return lines.joined(separator: "\n") + "\n"
  }
}
