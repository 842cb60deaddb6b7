/// A size in terminal cells.
public struct Size: Equatable, Hashable, Sendable, CustomStringConvertible {
  public var width: Int
  public var height: Int

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  public var description: String { "\(width)×\(height)" }
}

/// A rectangle of terminal cells; `x`, `y` is the top-left cell.
public struct Rect: Equatable, Hashable, Sendable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public init(size: Size) { self.init(x: 0, y: 0, width: size.width, height: size.height) }

  public var maxX: Int { x + width }
  public var maxY: Int { y + height }
  public var isEmpty: Bool { width <= 0 || height <= 0 }
  public var size: Size { Size(width: width, height: height) }

  public func contains(x px: Int, y py: Int) -> Bool {
    px >= x && px < maxX && py >= y && py < maxY
  }

  public func intersection(_ other: Rect) -> Rect {
    let left = max(x, other.x), top = max(y, other.y)
    let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
    return Rect(x: left, y: top, width: right - left, height: bottom - top)
  }

  /// The rectangle shrunk by the given margins (never below zero size).
  public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
    Rect(x: x + left, y: y + top, width: width - left - right, height: height - top - bottom)
  }

  public func inset(by margin: Int) -> Rect {
    inset(top: margin, left: margin, bottom: margin, right: margin)
  }

  /// Splits off `width` columns on the left (clamped); returns (left, rest).
  public func splitLeft(_ columns: Int) -> (Rect, Rect) {
    let w = min(max(columns, 0), width)
    return (Rect(x: x, y: y, width: w, height: height),
            Rect(x: x + w, y: y, width: width - w, height: height))
  }

  /// Splits off `rows` rows at the top (clamped); returns (top, rest).
  public func splitTop(_ rows: Int) -> (Rect, Rect) {
    let h = min(max(rows, 0), height)
    return (Rect(x: x, y: y, width: width, height: h),
            Rect(x: x, y: y + h, width: width, height: height - h))
  }

  /// Splits off `rows` rows at the bottom (clamped); returns (rest, bottom).
  public func splitBottom(_ rows: Int) -> (Rect, Rect) {
    let h = min(max(rows, 0), height)
    return (Rect(x: x, y: y, width: width, height: height - h),
            Rect(x: x, y: y + height - h, width: width, height: h))
  }

  /// Splits the rows into parts proportional to `weights` (every part gets at least `minimum` rows
  /// while there is room); the last part takes the rounding remainder.
  public func splitRows(_ weights: [Int], minimum: Int = 0) -> [Rect] {
    Rect.divide(height, weights: weights, minimum: minimum).reduce(into: [Rect]()) { parts, h in
      let top = parts.last.map(\.maxY) ?? y
      parts.append(Rect(x: x, y: top, width: width, height: h))
    }
  }

  /// Splits the columns into parts proportional to `weights`, like `splitRows`.
  public func splitColumns(_ weights: [Int], minimum: Int = 0) -> [Rect] {
    Rect.divide(width, weights: weights, minimum: minimum).reduce(into: [Rect]()) { parts, w in
      let left = parts.last.map(\.maxX) ?? x
      parts.append(Rect(x: left, y: y, width: w, height: height))
    }
  }

  /// A rectangle of `size` centred in this one (clamped to fit).
  public func centred(_ size: Size) -> Rect {
    let w = min(size.width, width), h = min(size.height, height)
    return Rect(x: x + (width - w) / 2, y: y + (height - h) / 2, width: w, height: h)
  }

  static func divide(_ total: Int, weights: [Int], minimum: Int) -> [Int] {
    guard !weights.isEmpty else { return [] }
    let sum = max(weights.reduce(0, +), 1)
    var sizes = weights.map { max(minimum, total * $0 / sum) }
    let overflow = sizes.reduce(0, +) - total
    sizes[sizes.count - 1] = max(0, sizes[sizes.count - 1] - overflow)
    return sizes
  }
}
