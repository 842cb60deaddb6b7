/// A 24-bit colour, and its nearest stand-ins on terminals with fewer colours.
public struct RGB: Hashable, Sendable {
  public var r: UInt8
  public var g: UInt8
  public var b: UInt8

  public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
    self.r = r
    self.g = g
    self.b = b
  }

  /// Perceived brightness in 0…1 (Rec. 709 weights on the 8-bit values).
  public var luminance: Double {
    (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255
  }

  /// The ncurses direct-colour number (0xRRGGBB). Values below 8 mean palette colours in direct mode,
  /// so near-black blues are nudged up to 8.
  public var directColour: Int {
    let value = Int(r) << 16 | Int(g) << 8 | Int(b)
    return value < 8 ? 8 : value
  }

  /// The nearest entry of the xterm 256-colour palette: the 6×6×6 cube (16…231) or the grey ramp
  /// (232…255), whichever is closer.
  public var xterm256: Int {
    let cubeLevels = RGB.cubeLevels
    func nearestLevel(_ v: UInt8) -> Int {
      var best = 0
      for i in 1..<cubeLevels.count
      where abs(cubeLevels[i] - Int(v)) < abs(cubeLevels[best] - Int(v)) {
        best = i
      }
      return best
    }
    let (ri, gi, bi) = (nearestLevel(r), nearestLevel(g), nearestLevel(b))
    let cube = RGB(UInt8(cubeLevels[ri]), UInt8(cubeLevels[gi]), UInt8(cubeLevels[bi]))
    let average = (Int(r) + Int(g) + Int(b)) / 3
    let greyIndex = min(23, max(0, (average - 8 + 5) / 10))
    let greyLevel = UInt8(8 + 10 * greyIndex)
    let grey = RGB(greyLevel, greyLevel, greyLevel)
    return distance(to: grey) < distance(to: cube) ? 232 + greyIndex : 16 + 36 * ri + 6 * gi + bi
  }

  /// The nearest of the eight ANSI colours (0 black, 1 red, 2 green, 3 yellow, 4 blue, 5 magenta,
  /// 6 cyan, 7 white), judged against their usual xterm values.
  public var ansi8: Int {
    var best = 0
    for i in 1..<RGB.ansiColours.count
    where distance(to: RGB.ansiColours[i]) < distance(to: RGB.ansiColours[best]) {
      best = i
    }
    return best
  }

  /// The colour nudged by a 4×4 ordered (Bayer) dither at pixel (`x`, `y`), by up to ±`amplitude`
  /// per channel: neighbouring pixels of one colour then land on different palette entries and
  /// average to it, instead of all snapping to the same one (skin tones in the 256-colour cube).
  public func dithered(x: Int, y: Int, amplitude: Double = 14) -> RGB {
    let bayer = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5]
    let offset = (Double(bayer[(y & 3) * 4 + (x & 3)]) + 0.5) / 16 - 0.5
    func nudge(_ v: UInt8) -> UInt8 {
      UInt8(max(0, min(255, (Double(v) + offset * 2 * amplitude).rounded())))
    }
    return RGB(nudge(r), nudge(g), nudge(b))
  }

  /// Squared distance in RGB space, weighted towards green as the eye is.
  func distance(to other: RGB) -> Int {
    let dr = Int(r) - Int(other.r)
    let dg = Int(g) - Int(other.g)
    let db = Int(b) - Int(other.b)
    return 2 * dr * dr + 4 * dg * dg + 3 * db * db
  }

  /// The mix `(1 - t) * self + t * other`.
  public func blended(with other: RGB, _ t: Double) -> RGB {
    func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
      UInt8(max(0, min(255, (Double(a) * (1 - t) + Double(b) * t).rounded())))
    }
    return RGB(mix(r, other.r), mix(g, other.g), mix(b, other.b))
  }

  static let cubeLevels = [0, 95, 135, 175, 215, 255]
  static let ansiColours = [
    RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
    RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
  ]
}
