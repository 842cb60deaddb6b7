import XCTest

@testable import OncoNN

/// Finite-difference checks of a network's hand-written backward pass.
///
/// The scalar checked is `L = Σ rᵢ·yᵢ` over the network output y with fixed random weights r,
/// summed in double precision. Central differences `(L(θ+h) − L(θ−h)) / 2h` are compared with the
/// analytic gradients of the input and of every parameter at a sample of coordinates.
struct GradientChecker {
  var step: Float = 1e-3
  var relativeTolerance = 2e-2
  var samplesPerTensor = 12
  var mode: Mode = .training
  /// Called before every forward pass (e.g. to reseed dropout so the mask stays the same).
  var prepare: () -> Void = {}
  /// Skip coordinates where the difference quotient is not stable (a ReLU or max-pool switching
  /// within the step, or strong curvature): the one-sided slopes disagree, or the central
  /// difference at 2h differs from the one at h. At most this fraction may be skipped; 0 checks
  /// every coordinate.
  var maximumKinkFraction = 0.0

  /// Checks input and parameter gradients of `net` at `input`; returns the number of coordinates
  /// checked.
  @discardableResult
  func check(
    _ net: Network, input: Tensor, seed: UInt64 = 7, file: StaticString = #filePath,
    line: UInt = #line
  ) throws -> Int {
    var rng = RandomSource(seed: seed)
    prepare()
    let y = try net.forward(input, mode: mode)
    let r = rng.normal(y.shape, std: 1)
    try net.backward(r, target: .input)
    let dInput = try net.inputGradient()
    var analytic: [(String, Tensor)] = [("input", dInput)]
    for p in net.parameters where p.isUpdated { analytic.append((p.name, p.gradient)) }

    func loss(_ x: Tensor) throws -> Double {
      prepare()
      let out = try net.forward(x, mode: mode)
      var s = 0.0
      for i in 0..<out.count { s += Double(out[flat: i]) * Double(r[flat: i]) }
      return s
    }

    var checked = 0
    var kinks = 0
    let base = try loss(input)
    for (name, gradient) in analytic {
      let scale = max(1e-3, (0..<gradient.count).map { Double(abs(gradient[flat: $0])) }.max() ?? 0)
      let indices = (0..<min(samplesPerTensor, gradient.count)).map { _ in
        Int(rng.next() % UInt64(gradient.count))
      }
      for i in indices {
        // L with coordinate i moved by `delta`.
        func shifted(_ delta: Float) throws -> Double {
          if name == "input" {
            var moved = input
            moved[flat: i] += delta
            return try loss(moved)
          }
          let p = net.parameters.first { $0.name == name }!
          let original = p.value[flat: i]
          p.pointer[i] = original + delta
          p.markChanged()
          defer {
            p.pointer[i] = original
            p.markChanged()
          }
          return try loss(input)
        }
        let up = try shifted(step)
        let down = try shifted(-step)
        let numeric = (up - down) / Double(2 * step)
        if maximumKinkFraction > 0 {
          let right = (up - base) / Double(step)
          let left = (base - down) / Double(step)
          let wide = (try shifted(2 * step) - shifted(-2 * step)) / Double(4 * step)
          func differ(_ a: Double, _ b: Double) -> Bool {
            abs(a - b) > 0.1 * max(abs(a), abs(b)) + 1e-3 * scale
          }
          if differ(right, left) || differ(numeric, wide) {
            kinks += 1
            continue
          }
        }
        let a = Double(gradient[flat: i])
        let error = abs(a - numeric)
        XCTAssertLessThanOrEqual(
          error, relativeTolerance * max(abs(a), abs(numeric)) + 2e-3 * scale,
          "\(name)[\(i)]: analytic \(a), numeric \(numeric)", file: file, line: line)
        checked += 1
      }
    }
    XCTAssertLessThanOrEqual(
      Double(kinks), maximumKinkFraction * Double(checked + kinks),
      "\(kinks) coordinates sit on kinks",
      file: file, line: line)
    return checked
  }
}

/// A network of one layer (or a short chain), for layer tests.
func chain(_ channels: Int, _ layers: [(String, any Layer)]) throws -> Network {
  let net = Network(inputChannels: channels)
  for (name, layer) in layers { try net.add(name, layer) }
  return net
}

/// Random input of `shape` with values of order 1, from `seed`.
func randomTensor(_ shape: Shape, seed: UInt64, std: Float = 1) -> Tensor {
  var rng = RandomSource(seed: seed)
  return rng.normal(shape, std: std)
}

/// Runs `body` with `Engine.threads = n`, restoring the previous value.
func withThreads<T>(_ n: Int, _ body: () throws -> T) rethrows -> T {
  let old = Engine.threads
  Engine.threads = n
  defer { Engine.threads = old }
  return try body()
}
