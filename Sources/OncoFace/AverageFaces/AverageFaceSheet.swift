import OncoImage

/// Average faces side by side on a dark background, each captioned with its group name and size.
///
///     let sheet = AverageFaceSheet.render([("case", 300, caseFace), ("control", 300, controlFace)])
///     try sheet.writePNG(to: out.appendingPathComponent("average-faces.png"))
public enum AverageFaceSheet {
  /// One panel: a caption, the number of faces averaged, and the image.
  public typealias Panel = (name: String, count: Int, image: RGBImage)

  static let gap = 10
  static let background: (UInt8, UInt8, UInt8) = (28, 28, 28)
  static let ink: (UInt8, UInt8, UInt8) = (235, 235, 235)
  static let dim: (UInt8, UInt8, UInt8) = (160, 160, 160)

  /// The panels left to right, `perRow` to a row. Captions use the 5×7 caption font at twice its
  /// size when the name fits under the image, else at its own size, shortened with ".." when still
  /// too long; characters outside printable ASCII show as `?`.
  public static func render(_ panels: [Panel], perRow: Int = 8) -> RGBImage {
    guard !panels.isEmpty else { return RGBImage(width: 1, height: 1) }
    let cell = panels.map(\.image.width).max()!
    let imageHeight = panels.map(\.image.height).max()!
    let captionHeight = 2 * CaptionFont.glyphHeight + 4 + CaptionFont.glyphHeight + 6
    let columns = min(panels.count, max(perRow, 1))
    let rows = (panels.count + columns - 1) / columns
    let rowHeight = imageHeight + captionHeight + gap
    var sheet = RGBImage(
      width: gap + columns * (cell + gap), height: gap + rows * rowHeight,
      fill: background)
    for (k, panel) in panels.enumerated() {
      let left = gap + (k % columns) * (cell + gap)
      let imageTop = gap + (k / columns) * rowHeight
      let dx = left + (cell - panel.image.width) / 2
      for y in 0..<panel.image.height {
        for x in 0..<panel.image.width { sheet[dx + x, imageTop + y] = panel.image[x, y] }
      }
      var top = imageTop + imageHeight + 6
      let (name, scale) = fitted(panel.name, width: cell)
      let nameWidth = CaptionFont.width(of: name, scale: scale)
      CaptionFont.draw(
        name, into: &sheet, x: left + (cell - nameWidth) / 2, y: top, scale: scale,
        color: ink)
      top += CaptionFont.glyphHeight * scale + 4
      let count = "n = \(panel.count)"
      CaptionFont.draw(
        count, into: &sheet,
        x: left + (cell - CaptionFont.width(of: count, scale: 1)) / 2, y: top,
        scale: 1, color: dim)
    }
    return sheet
  }

  /// The caption and scale that fit `width` pixels.
  static func fitted(_ name: String, width: Int) -> (String, Int) {
    if CaptionFont.width(of: name, scale: 2) <= width { return (name, 2) }
    if CaptionFont.width(of: name, scale: 1) <= width { return (name, 1) }
    let fit = max(1, (width + 1) / CaptionFont.advance - 2)
    return (String(name.unicodeScalars.prefix(fit).map(Character.init)) + "..", 1)
  }
}
