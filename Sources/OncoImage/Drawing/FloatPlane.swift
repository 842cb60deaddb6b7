/// A single-channel float image: coverage masks, height maps, noise fields.
///
/// Values are unconstrained floats; masks use 0 (outside) to 1 (inside). Rows run top to bottom, and
/// pixel (x, y) covers the square [x, x+1) × [y, y+1), so its centre is at (x + 0.5, y + 0.5).
public struct FloatPlane: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// `width * height` values, row by row.
  public var values: [Float]

  /// A plane filled with `value`.
  public init(width: Int, height: Int, value: Float = 0) {
    precondition(width >= 0 && height >= 0, "FloatPlane: negative size \(width)×\(height)")
    self.width = width
    self.height = height
    self.values = [Float](repeating: value, count: width * height)
  }

  /// Wraps existing values; `values.count` must be `width * height`.
  public init(width: Int, height: Int, values: [Float]) {
    precondition(
      values.count == width * height, "FloatPlane: \(values.count) values for \(width)×\(height)")
    self.width = width
    self.height = height
    self.values = values
  }

  public subscript(x: Int, y: Int) -> Float {
    get { values[y * width + x] }
    set { values[y * width + x] = newValue }
  }

  /// The value at a clamped position (edges repeat), for finite differences at the border.
  public func clamped(_ x: Int, _ y: Int) -> Float {
    values[min(max(y, 0), height - 1) * width + min(max(x, 0), width - 1)]
  }

  /// Pixel bounds `[x0, x1) × [y0, y1)` of a box given in continuous coordinates, clipped to the plane.
  public func pixelBounds(minX: Double, minY: Double, maxX: Double, maxY: Double)
    -> (x0: Int, y0: Int, x1: Int, y1: Int)
  {
    let x0 = max(0, Int((minX).rounded(.down)))
    let y0 = max(0, Int((minY).rounded(.down)))
    let x1 = min(width, Int((maxX).rounded(.up)) + 1)
    let y1 = min(height, Int((maxY).rounded(.up)) + 1)
    return (x0, y0, max(x0, x1), max(y0, y1))
  }
}
