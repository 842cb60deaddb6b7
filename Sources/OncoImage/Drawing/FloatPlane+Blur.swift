import Foundation

/// Gaussian blur (edges repeat), for soft masks, height maps and camera softness.
///
/// Small radii use an exact separable Gaussian kernel; from `sigma` 1.5 on, three box passes of the
/// same variance (the central limit makes them a Gaussian to within a few per cent), whose cost
/// does not grow with the radius.
extension FloatPlane {
  /// The plane blurred by a Gaussian of standard deviation `sigma` pixels (a copy when `sigma` ≤ 0).
  public func blurred(sigma: Double) -> FloatPlane {
    var copy = self
    copy.blur(sigma: sigma)
    return copy
  }

  /// Blurs the plane in place by a Gaussian of standard deviation `sigma` pixels.
  public mutating func blur(sigma: Double) {
    guard sigma > 0.05, width > 0, height > 0 else { return }
    if sigma < 1.5 {
      let kernel = FloatPlane.gaussianKernel(sigma: sigma)
      passes(radius: kernel.count / 2) { line, padded, _ in
        kernel.withUnsafeBufferPointer { k in
          for x in 0..<line.count {
            var acc: Float = 0
            for j in 0..<k.count { acc += k[j] * padded[x + j] }
            line[x] = acc
          }
        }
      }
    } else {
      // Three boxes of half-width b: a box of width w = 2b + 1 has variance (w² − 1) / 12 =
      // b (b + 1) / 3, so three of them have σ² = b (b + 1).
      let b = (-1 + (1 + 4 * sigma * sigma).squareRoot()) / 2
      let whole = Int(b)
      let part = Float(b - Double(whole))
      let norm = 1 / (Float(2 * whole + 1) + 2 * part)
      for _ in 0..<3 {
        passes(radius: whole + 1) { line, padded, r in
          // padded[x + r] is line[x]; a running sum over [x − whole, x + whole] plus the partial ends.
          var sum: Float = 0
          for j in (r - whole)...(r + whole) { sum += padded[j] }
          for x in 0..<line.count {
            let c = x + r
            line[x] = (sum + part * (padded[c - whole - 1] + padded[c + whole + 1])) * norm
            if x + 1 < line.count { sum += padded[c + whole + 1] - padded[c - whole] }
          }
        }
      }
    }
  }

  /// Runs `filter` over every row, then every column, each copied into a buffer padded by `radius`
  /// repeated edge values on both sides.
  private mutating func passes(
    radius r: Int,
    _ filter: (UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Float>, Int) -> Void
  ) {
    let w = width
    let h = height
    var line = [Float](repeating: 0, count: max(w, h))
    var padded = [Float](repeating: 0, count: max(w, h) + 2 * r)
    values.withUnsafeMutableBufferPointer { v in
      line.withUnsafeMutableBufferPointer { lineAll in
        padded.withUnsafeMutableBufferPointer { pad in
          for (count, stride, lines, step) in [(w, 1, h, w), (h, w, w, 1)] {
            let out = UnsafeMutableBufferPointer(rebasing: lineAll[0..<count])
            let inp = UnsafeMutableBufferPointer(rebasing: pad[0..<(count + 2 * r)])
            for l in 0..<lines {
              let base = l * step
              let first = v[base]
              let last = v[base + (count - 1) * stride]
              for j in 0..<r {
                inp[j] = first
                inp[count + r + j] = last
              }
              for x in 0..<count { inp[x + r] = v[base + x * stride] }
              filter(out, inp, r)
              for x in 0..<count { v[base + x * stride] = out[x] }
            }
          }
        }
      }
    }
  }

  /// A normalised Gaussian kernel reaching three standard deviations.
  static func gaussianKernel(sigma: Double) -> [Float] {
    let r = max(1, Int((3 * sigma).rounded(.up)))
    var k = (-r...r).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
    let sum = k.reduce(0, +)
    for i in k.indices { k[i] /= sum }
    return k
  }
}
