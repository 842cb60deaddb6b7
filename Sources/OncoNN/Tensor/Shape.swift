/// The shape of a float32 tensor: up to four dimensions, read as NCHW.
///
/// A shape of rank r fills `n, c, h, w` from the left and the rest are 1, so a batch of logits
/// `[32, 2]` is `n: 32, c: 2, h: 1, w: 1` and a bias `[64]` is `n: 64`. The rank only matters when
/// a tensor is written to a file (safetensors keeps the logical shape); operations compare all
/// four.
public struct Shape: Hashable, Sendable, CustomStringConvertible {
  public var n: Int
  public var c: Int
  public var h: Int
  public var w: Int
  /// How many leading dimensions are meaningful (1...4).
  public var rank: Int

  /// An NCHW shape of rank 4.
  public init(_ n: Int, _ c: Int, _ h: Int, _ w: Int) {
    self.n = n
    self.c = c
    self.h = h
    self.w = w
    rank = 4
  }

  /// A shape from 1 to 4 dimensions (e.g. `[out, in]` for a linear weight).
  public init(dimensions: [Int]) {
    precondition((1...4).contains(dimensions.count), "Shape: rank must be 1...4")
    var d = dimensions + Array(repeating: 1, count: 4 - dimensions.count)
    if dimensions.isEmpty { d = [1, 1, 1, 1] }
    n = d[0]
    c = d[1]
    h = d[2]
    w = d[3]
    rank = dimensions.count
  }

  /// The meaningful dimensions, `rank` of them.
  public var dimensions: [Int] { Array([n, c, h, w].prefix(rank)) }

  /// Number of elements.
  public var count: Int { n * c * h * w }

  /// Elements per sample (`c·h·w`).
  public var sampleCount: Int { c * h * w }

  /// Elements per channel plane (`h·w`).
  public var planeCount: Int { h * w }

  /// The same shape with another batch size.
  public func with(n: Int) -> Shape {
    var s = self
    s.n = n
    return s
  }

  /// True when the two shapes have the same four dimensions (the rank is not compared).
  public func matches(_ other: Shape) -> Bool {
    n == other.n && c == other.c && h == other.h && w == other.w
  }

  public var description: String { "[" + dimensions.map(String.init).joined(separator: ", ") + "]" }
}
