/// How to make the demo cohort: how many faces, which seed, how strong the planted signal, which
/// chip size. Equal options give byte-identical cohorts.
public struct DemoOptions: Sendable, Equatable, Codable {
  /// Number of faces (half cases, half controls; an odd last face gets a random label).
  public var count: Int
  /// Seed of every random draw.
  public var seed: UInt64
  /// Strength of the planted signal in the cases: 0 = none, 1 = the default, 2 = twice as strong.
  public var effect: Double
  /// Chip width and height in pixels (the faces issue's chip size).
  public var size: Int
  /// dlib's chip padding: the template's margin as a fraction of its width.
  public var padding: Double

  public init(count: Int = 600, seed: UInt64 = 1, effect: Double = 1.0, size: Int = 150,
              padding: Double = 0.25)
  {
    self.count = count
    self.seed = seed
    self.effect = effect
    self.size = size
    self.padding = padding
  }

  /// Throws when a value is out of range, naming the option and the fix.
  public func validate() throws {
    guard (1...100_000).contains(count) else {
      throw DemoCohortError.badOption("--count \(count): give 1 to 100000 faces")
    }
    guard effect.isFinite, (0...5).contains(effect) else {
      throw DemoCohortError.badOption("--effect \(effect): give a strength from 0 (none) to 5")
    }
    guard (32...1024).contains(size) else {
      throw DemoCohortError.badOption("--size \(size): give a chip size from 32 to 1024 pixels")
    }
    guard padding.isFinite, (0...1).contains(padding) else {
      throw DemoCohortError.badOption("padding \(padding): give 0 to 1 (dlib's default is 0.25)")
    }
  }
}
