import OncoImage

/// A grid of demo chips in one image, to see a cohort at a glance.
public enum DemoContactSheet {
  /// Faces `0..<count` of the cohort the options describe, `columns` per row, with a thin frame
  /// per face: red for cases, grey for controls.
  public static func render(options: DemoOptions, count: Int = 24, columns: Int = 6) -> RGBImage {
    let s = options.size, gap = 4
    let rows = (count + columns - 1) / columns
    var sheet = RGBImage(width: columns * (s + gap) + gap, height: rows * (s + gap) + gap,
                         fill: (24, 24, 24))
    for index in 0..<count {
      let face = DemoFace.render(index: index, options: options)
      let ox = gap + (index % columns) * (s + gap), oy = gap + (index / columns) * (s + gap)
      let frame: (UInt8, UInt8, UInt8) = face.isCase ? (200, 40, 40) : (110, 110, 110)
      for y in -2..<(s + 2) {
        for x in -2..<(s + 2) {
          let inside = x >= 0 && y >= 0 && x < s && y < s
          sheet[ox + x, oy + y] = inside ? face.chip[x, y] : frame
        }
      }
    }
    return sheet
  }
}
