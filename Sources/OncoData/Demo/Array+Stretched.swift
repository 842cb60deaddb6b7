extension Array where Element == Double {
  /// Linear resampling to `count` values (per-vertex stroke widths along a sampled curve).
  func stretched(_ count: Int) -> [Double] {
    guard self.count > 1, count > 1 else { return self }
    return (0..<count).map { k in
      let x = Double(k) / Double(count - 1) * Double(self.count - 1)
      let i = Swift.min(Int(x), self.count - 2)
      return self[i] + (self[i + 1] - self[i]) * (x - Double(i))
    }
  }
}
