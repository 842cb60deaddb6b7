/// A grid of non-negative relevance values, rows top to bottom: a Grad-CAM map at a layer's
/// resolution, or one upsampled to the input image.
///
///     let coarse = HeatMap(width: 4, height: 4, values: cam)
///     let chip = coarse.upsampled(width: 150, height: 150).normalized()
public struct HeatMap: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// `width * height` values, row-major.
  public var values: [Float]

  /// A map of `values` (`width * height` of them, row-major).
  public init(width: Int, height: Int, values: [Float]) {
    precondition(
      width > 0 && height > 0 && values.count == width * height,
      "HeatMap: \(values.count) values for \(width)×\(height)")
    self.width = width
    self.height = height
    self.values = values
  }

  /// The value at column `x`, row `y`.
  public subscript(x: Int, y: Int) -> Float { values[y * width + x] }

  /// The largest value.
  public var maximum: Float { values.max() ?? 0 }

  /// Column and row of the largest value (the first one in row-major order on ties).
  public var argmax: (x: Int, y: Int) {
    var best = 0
    for i in 1..<values.count where values[i] > values[best] { best = i }
    return (best % width, best / width)
  }

  /// The map divided by its maximum, so that its values lie in [0, 1] and keep their ratios (the
  /// share of the mass in a region is unchanged). A map that is zero everywhere (Grad-CAM when no
  /// channel pushes the score up) stays zero: it says "no evidence", not "uniform evidence".
  public func normalized() -> HeatMap {
    let top = maximum
    guard top > 0, top.isFinite else {
      return HeatMap(
        width: width, height: height, values: [Float](repeating: 0, count: values.count))
    }
    let scale = 1 / top
    return HeatMap(width: width, height: height, values: values.map { max(0, $0 * scale) })
  }

  /// Bilinear upsampling (or downsampling) to `width`×`height` with pixel centres aligned and
  /// edges clamped: the convention of PyTorch's `interpolate(mode: "bilinear",
  /// align_corners: false)` and of OpenCV's `resize`, which treats the map as stretched over the
  /// image. For a layer's map prefer `resampled(width:height:geometry:)`, which puts each cell on
  /// the centre of its receptive field.
  public func upsampled(width newWidth: Int, height newHeight: Int) -> HeatMap {
    let x = Double(newWidth) / Double(width)
    let y = Double(newHeight) / Double(height)
    return resampled(
      width: newWidth, height: newHeight,
      geometry: (
        CellGeometry(origin: x / 2 - 0.5, spacing: x), CellGeometry(origin: y / 2 - 0.5, spacing: y)
      ))
  }

  /// The map as a `width`×`height` image whose pixel centres are integers, with cell (i, j) on
  /// pixel (`geometry.x.centre(of: i)`, `geometry.y.centre(of: j)`): bilinear between the cells'
  /// centres, constant beyond the outer ones. A coarse cell's value lands on the input pixels its
  /// receptive field is centred on, so a map hot in its left column is hot on the left.
  public func resampled(
    width newWidth: Int, height newHeight: Int, geometry: (x: CellGeometry, y: CellGeometry)
  ) -> HeatMap {
    precondition(newWidth > 0 && newHeight > 0, "HeatMap.resampled: empty size")
    // Separable: first along rows (to newWidth), then along columns.
    let columns = HeatMap.taps(cells: width, pixels: newWidth, geometry.x)
    let rows = HeatMap.taps(cells: height, pixels: newHeight, geometry.y)
    var wide = [Float](repeating: 0, count: newWidth * height)
    for y in 0..<height {
      let row = y * width
      for (x, tap) in columns.enumerated() {
        wide[y * newWidth + x] =
          values[row + tap.low] * (1 - tap.weight)
          + values[row + tap.high] * tap.weight
      }
    }
    var out = [Float](repeating: 0, count: newWidth * newHeight)
    for (y, tap) in rows.enumerated() {
      let a = tap.low * newWidth
      let b = tap.high * newWidth
      let o = y * newWidth
      for x in 0..<newWidth {
        out[o + x] = wide[a + x] * (1 - tap.weight) + wide[b + x] * tap.weight
      }
    }
    return HeatMap(width: newWidth, height: newHeight, values: out)
  }

  /// For each pixel, the two cells around it and the weight of the second.
  private static func taps(cells: Int, pixels: Int, _ geometry: CellGeometry)
    -> [(low: Int, high: Int, weight: Float)]
  {
    (0..<pixels).map { i in
      let position = min(
        max((Double(i) - geometry.origin) / geometry.spacing, 0), Double(cells - 1))
      let low = Int(position)
      return (low, min(low + 1, cells - 1), Float(position - Double(low)))
    }
  }
}
