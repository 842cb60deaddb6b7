import OncoImage

/// One rendered demo face: who it is, where its landmarks are, and its images.
public struct DemoFace: Sendable {
  /// `demo0001`, `demo0002`, …
  public let id: String
  /// True for the group that carries the planted signal ("case"), false for controls.
  public let isCase: Bool
  public let isMale: Bool
  public let age: Int
  /// The 68 landmarks in chip pixels (iBUG order), where OncoFace's alignment puts them.
  public let landmarks: [SIMD2<Double>]
  /// The chip as a camera and OncoFace's alignment would give it.
  public let chip: RGBImage
  /// The chip with the background black (OncoFace's `FaceMask`, as `prepare` makes it).
  public let masked: RGBImage
  /// The planted-region mask (255 inside) for cases; nil for controls.
  public let signalMask: GreyImage?

  /// "case" or "control".
  public var label: String { isCase ? "case" : "control" }
  /// "M" or "F".
  public var sex: String { isMale ? "M" : "F" }

  /// Renders face `index` of the cohort the options describe. Depends only on the options and the
  /// index, so faces can be made in any order on any thread.
  public static func render(index: Int, options: DemoOptions) -> DemoFace {
    let subject = DemoSubject.make(index: index, seed: options.seed)
    var shapeRandom = DemoRandom(seed: options.seed, purpose: "shape", index: index)
    var lookRandom = DemoRandom(seed: options.seed, purpose: "look", index: index)
    let look = FaceLook.make(subject: subject, rng: &lookRandom)
    let strength = subject.isCase ? options.effect * look.signalJitter : 0
    let shape = FaceShape.make(
      subject: subject, adiposity: strength, rng: &shapeRandom,
      size: options.size, padding: options.padding)
    let renderer = FaceRenderer(
      shape: shape, look: look, subject: subject, signal: strength,
      size: options.size, seed: lookRandom.next())
    let out = renderer.render()
    return DemoFace(
      id: subject.id, isCase: subject.isCase, isMale: subject.isMale, age: subject.age,
      landmarks: shape.points, chip: out.chip, masked: out.masked,
      signalMask: subject.isCase ? out.signal : nil)
  }
}
