/// A progress bar with eighth-cell resolution: `██████████▋      `.
public struct Gauge {
  public var fraction: Double

  public init(_ fraction: Double) { self.fraction = fraction }

  public func draw(on surface: Surface, x: Int, y: Int, width: Int) {
    guard width > 0 else { return }
    let g = surface.glyphs
    let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
    let eighths = Int((clamped * Double(width * 8)).rounded(.down))
    for i in 0..<width {
      let filled = eighths - i * 8
      if filled >= 8 {
        surface.put(g.fullBlock, x: x + i, y: y, role: .gauge)
      } else if filled > 0 && g.eighthsHorizontal[filled - 1] != " " {
        surface.put(g.eighthsHorizontal[filled - 1], x: x + i, y: y, role: .gauge)
      } else {
        surface.put(g.unicode ? g.lightShade : ".", x: x + i, y: y, role: .gaugeTrack)
      }
    }
  }
}
