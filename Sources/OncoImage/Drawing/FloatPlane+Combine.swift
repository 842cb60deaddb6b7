/// Set-like and arithmetic combinations of planes of the same size (masks as soft sets).
extension FloatPlane {
  /// Union of soft masks: the larger value at each pixel.
  public mutating func formUnion(_ other: FloatPlane) {
    sameSize(other, "formUnion")
    for i in values.indices { values[i] = max(values[i], other.values[i]) }
  }

  /// Intersection of soft masks: the product at each pixel.
  public mutating func formIntersection(_ other: FloatPlane) {
    sameSize(other, "formIntersection")
    for i in values.indices { values[i] *= other.values[i] }
  }

  /// Removes a soft mask: `self × (1 − other)`.
  public mutating func subtract(_ other: FloatPlane) {
    sameSize(other, "subtract")
    for i in values.indices { values[i] *= 1 - min(max(other.values[i], 0), 1) }
  }

  /// Adds `weight × other` at each pixel.
  public mutating func add(_ other: FloatPlane, weight: Float = 1) {
    sameSize(other, "add")
    for i in values.indices { values[i] += weight * other.values[i] }
  }

  /// Multiplies every value by `factor`.
  public mutating func scale(by factor: Float) {
    for i in values.indices { values[i] *= factor }
  }

  /// Clamps every value to `[low, high]`.
  public mutating func clamp(to low: Float = 0, _ high: Float = 1) {
    for i in values.indices { values[i] = min(max(values[i], low), high) }
  }

  /// The mean value over the plane (0 for an empty plane).
  public var mean: Float {
    values.isEmpty ? 0 : values.reduce(0, +) / Float(values.count)
  }

  private func sameSize(_ other: FloatPlane, _ op: String) {
    precondition(other.width == width && other.height == height,
                 "FloatPlane.\(op): \(other.width)×\(other.height) vs \(width)×\(height)")
  }
}
