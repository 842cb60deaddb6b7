/// Adds two tensors (a residual connection), with an optional fused ReLU.
///
/// When the shapes differ, the output takes the larger size in channels, rows and columns, and the
/// smaller tensor counts as zero where it has no value: dlib's `add_prev` rule, which its face
/// ResNet needs where a stride-2 block (3×3 output) meets its 2×2-pooled shortcut (4×4). Batch
/// sizes must match.
public final class ResidualAdd: LayerKernel {
  public let kind = "add"
  public let activation: Activation
  public var parameters: [Parameter] { [] }
  var inputCount: Int { 2 }

  public init(activation: Activation = .identity) { self.activation = activation }

  func outputShape(for inputs: [Shape]) throws -> Shape {
    guard inputs.count == 2 else {
      throw TensorError.invalidArgument(
        operation: kind, reason: "takes 2 inputs, got \(inputs.count)")
    }
    let (a, b) = (inputs[0], inputs[1])
    guard a.n == b.n else { throw TensorError.incompatibleShapes(operation: "residual add", a, b) }
    return Shape(a.n, max(a.c, b.c), max(a.h, b.h), max(a.w, b.w))
  }

  func forward(_ inputs: [TensorRef], _ output: TensorRef, _ context: ForwardContext) {
    let (a, b) = (inputs[0], inputs[1])
    let s = output.shape
    let relu = activation == .relu
    if a.shape.matches(s), b.shape.matches(s) {
      Engine.parallelRanges(s.count, minimumPerPart: 1 << 15) { r, _ in
        let zero = SIMD8<Float>()
        var i = r.lowerBound
        while i + 8 <= r.upperBound {
          var v = SIMD8<Float>.load(a.pointer + i) + SIMD8<Float>.load(b.pointer + i)
          if relu { v = v.replacing(with: zero, where: v .< zero) }
          v.store(output.pointer + i)
          i += 8
        }
        while i < r.upperBound {
          let v = a.pointer[i] + b.pointer[i]
          output.pointer[i] = relu ? max(0, v) : v
          i += 1
        }
      }
      return
    }
    Engine.parallelRanges(s.n * s.c, minimumPerPart: 8) { planes, _ in
      for p in planes {
        let n = p / s.c
        let c = p % s.c
        let out = output.pointer + p * s.planeCount
        out.update(repeating: 0, count: s.planeCount)
        for t in [a, b] where c < t.shape.c {
          let src = t.pointer + (n * t.shape.c + c) * t.shape.planeCount
          for row in 0..<t.shape.h {
            Vector.add(src + row * t.shape.w, into: out + row * s.w, t.shape.w)
          }
        }
        if relu {
          for i in 0..<s.planeCount where out[i] < 0 { out[i] = 0 }
        }
      }
    }
  }

  func backward(
    _ inputs: [TensorRef], _ output: TensorRef, _ outputGradient: TensorRef,
    _ inputGradients: [TensorRef?], _ accumulate: [Bool], _ context: BackwardContext
  ) {
    let s = output.shape
    var g = outputGradient.pointer
    if activation == .relu {
      // Mask once into the first gradient that is wanted and shaped like the output, else a
      // scratch.
      let scratch = context.workspace.scratch(ScratchSlot.extra, count: s.count).base
      ReLU.maskGradient(
        output: output.pointer, gradient: outputGradient.pointer, into: scratch, count: s.count,
        accumulate: false, guided: context.guided)
      g = scratch
    }
    for (i, target) in inputGradients.enumerated() {
      guard let dx = target else { continue }
      let ts = dx.shape
      if ts.matches(s) {
        let acc = accumulate[i]
        let src = g
        Engine.parallelRanges(s.count, minimumPerPart: 1 << 15) { r, _ in
          Vector.store(
            src + r.lowerBound, into: dx.pointer + r.lowerBound, r.count, accumulate: acc)
        }
        continue
      }
      let acc = accumulate[i]
      let src = g
      Engine.parallelRanges(ts.n * ts.c, minimumPerPart: 8) { planes, _ in
        for p in planes {
          let n = p / ts.c
          let c = p % ts.c
          let from = src + (n * s.c + c) * s.planeCount
          let to = dx.pointer + p * ts.planeCount
          for row in 0..<ts.h {
            Vector.store(from + row * s.w, into: to + row * ts.w, ts.w, accumulate: acc)
          }
        }
      }
    }
  }
}
