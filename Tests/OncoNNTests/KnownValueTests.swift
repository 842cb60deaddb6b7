import XCTest

@testable import OncoNN

/// Convolution and pooling against hand-computed values and an independent direct implementation.
final class KnownValueTests: XCTestCase {
  /// Direct convolution in double precision: the reference the engine's GEMM paths must match.
  func directConvolution(_ x: Tensor, _ w: Tensor, bias: Tensor?, stride: Int, padding: Int)
    -> [Double]
  {
    let (n, c, h, wd) = (x.shape.n, x.shape.c, x.shape.h, x.shape.w)
    let (o, k) = (w.shape.n, w.shape.h)
    let oh = 1 + (h + 2 * padding - k) / stride
    let ow = 1 + (wd + 2 * padding - k) / stride
    var out = [Double](repeating: 0, count: n * o * oh * ow)
    for b in 0..<n {
      for f in 0..<o {
        for y in 0..<oh {
          for xo in 0..<ow {
            var s = Double(bias?[flat: f] ?? 0)
            for ch in 0..<c {
              for i in 0..<k {
                for j in 0..<k {
                  let iy = y * stride - padding + i
                  let ix = xo * stride - padding + j
                  if iy >= 0, iy < h, ix >= 0, ix < wd {
                    s += Double(x[b, ch, iy, ix]) * Double(w[f, ch, i, j])
                  }
                }
              }
            }
            out[((b * o + f) * oh + y) * ow + xo] = s
          }
        }
      }
    }
    return out
  }

  func run(_ layer: any Layer, _ x: Tensor, inputs: Int) throws -> Tensor {
    try chain(inputs, [("layer", layer)]).forward(x)
  }

  func testConvolutionHandComputed() throws {
    let ramp = try Tensor(shape: Shape(1, 1, 3, 3), scalars: (1...9).map(Float.init))
    for im2col in [false, true] {
      let same = try Conv2d(inputChannels: 1, outputChannels: 1, kernel: 3, padding: 1)
      same.forceIm2col = im2col
      try same.weight.assign(Tensor(shape: Shape(1, 1, 3, 3), repeating: 1))
      // Sums of each 3×3 neighbourhood of 1…9 with zero padding.
      XCTAssertEqual(try run(same, ramp, inputs: 1).scalars, [12, 21, 16, 27, 45, 33, 24, 39, 28])
    }
    let strided = try Conv2d(
      inputChannels: 1, outputChannels: 1, kernel: 3, stride: 2, padding: 1, bias: true)
    try strided.weight.assign(Tensor(shape: Shape(1, 1, 3, 3), repeating: 1))
    try strided.bias!.assign(Tensor(shape: Shape(dimensions: [1]), repeating: 0.5))
    XCTAssertEqual(try run(strided, ramp, inputs: 1).scalars, [12.5, 16.5, 24.5, 28.5])
    // dlib's rule for stride 2: no padding, 3×3 on 5×5 gives 2×2.
    let five = try Tensor(shape: Shape(1, 1, 5, 5), scalars: (1...25).map(Float.init))
    let dlib = try Conv2d(inputChannels: 1, outputChannels: 1, kernel: 3, stride: 2)
    try dlib.weight.assign(Tensor(shape: Shape(1, 1, 3, 3), repeating: 1))
    XCTAssertEqual(try run(dlib, five, inputs: 1).scalars, [63, 81, 153, 171])
  }

  func testConvolutionMatchesDirectReference() throws {
    let cases: [(k: Int, s: Int, p: Int, h: Int, w: Int)] = [
      (3, 1, 1, 9, 7), (3, 1, 0, 6, 9), (3, 1, 1, 35, 35), (3, 1, 1, 64, 60), (3, 2, 1, 9, 8),
      (3, 2, 0, 35, 35), (1, 1, 0, 5, 4),
      (1, 2, 0, 7, 7), (7, 2, 3, 15, 12), (7, 2, 0, 20, 20), (5, 1, 2, 6, 6), (3, 1, 2, 4, 5),
    ]
    for threads in [1, 2] {
      try withThreads(threads) {
        for (i, t) in cases.enumerated() {
          for batch in [1, 3] {
            let conv = try Conv2d(
              inputChannels: 3, outputChannels: 5, kernel: t.k, stride: t.s, padding: t.p,
              bias: true, seed: UInt64(i))
            try conv.bias!.assign(randomTensor(Shape(dimensions: [5]), seed: 99))
            let x = randomTensor(Shape(batch, 3, t.h, t.w), seed: UInt64(10 + i))
            let expected = directConvolution(
              x, conv.weight.value, bias: conv.bias!.value, stride: t.s, padding: t.p)
            for im2col in [false, true] {
              conv.forceIm2col = im2col
              let y = try run(conv, x, inputs: 3)
              XCTAssertEqual(y.count, expected.count)
              for j in 0..<y.count {
                XCTAssertEqual(
                  Double(y[flat: j]), expected[j], accuracy: 1e-4,
                  "case \(t) im2col \(im2col) [\(j)]")
              }
            }
          }
        }
      }
    }
  }

  func testPoolingHandComputed() throws {
    let ramp = try Tensor(shape: Shape(1, 1, 4, 4), scalars: (1...16).map(Float.init))
    XCTAssertEqual(
      try run(try MaxPool2d(kernel: 3, stride: 2, padding: 1), ramp, inputs: 1).scalars,
      [6, 8, 14, 16])
    // Padded windows average only their in-image values (dlib's rule).
    XCTAssertEqual(
      try run(try AvgPool2d(kernel: 3, stride: 2, padding: 1), ramp, inputs: 1).scalars,
      [3.5, 5, 9.5, 11])
    // dlib's unpadded 2×2/2 pool drops the odd last row and column.
    let five = try Tensor(shape: Shape(1, 1, 5, 5), scalars: (1...25).map(Float.init))
    XCTAssertEqual(try run(try AvgPool2d(kernel: 2), five, inputs: 1).scalars, [4, 6, 14, 16])
    XCTAssertEqual(
      try run(try MaxPool2d(kernel: 3, stride: 2), five, inputs: 1).scalars, [13, 15, 23, 25])
    XCTAssertEqual(try run(GlobalAvgPool(), ramp, inputs: 1).scalars, [8.5])
    XCTAssertThrowsError(
      try run(
        try MaxPool2d(kernel: 3), try Tensor(shape: Shape(1, 1, 2, 2), scalars: [1, 2, 3, 4]),
        inputs: 1)
    ) {
      XCTAssertTrue("\($0)".contains("smaller than the 3×3 window"), "\($0)")
    }
  }

  func testZeroPaddedAddFollowsDlib() throws {
    // [1, 1, 2, 2] + [1, 2, 3, 3]: the output takes the larger size in every dimension and the
    // smaller tensor counts as zero outside itself (dlib's add_prev).
    let net = Network(inputChannels: 1)
    try net.add("pool", try AvgPool2d(kernel: 2, stride: 1), inputs: ["input"])  // 3×3 → 2×2
    try net.add(
      "wide", try Conv2d(inputChannels: 1, outputChannels: 2, kernel: 1), inputs: ["input"])
    try net.add("add", ResidualAdd(), inputs: ["pool", "wide"])
    let wide = try net.layer(named: "wide") as! Conv2d
    try wide.weight.assign(try Tensor(shape: Shape(2, 1, 1, 1), scalars: [10, 100]))
    let x = try Tensor(shape: Shape(1, 1, 3, 3), scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
    let y = try net.forward(x)
    XCTAssertEqual(y.shape, Shape(1, 2, 3, 3))
    // Channel 0: 10·x plus the 2×2 means (3, 4, 6, 7) at the top left; channel 1: 100·x alone.
    XCTAssertEqual(Array(y.scalars[0..<9]), [13, 24, 30, 46, 57, 60, 70, 80, 90])
    XCTAssertEqual(Array(y.scalars[9..<18]), [100, 200, 300, 400, 500, 600, 700, 800, 900])
  }
}
