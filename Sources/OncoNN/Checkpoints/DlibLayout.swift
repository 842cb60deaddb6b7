/// dlib's face ResNet as the .dat file lists it: every layer from the loss inwards, with the
/// OncoNN layer it fills and what its fields must say.
final class DlibLayout {
  enum Kind {
    case conv(name: String, kernel: Int, stride: Int, padding: Int, inputs: Int, outputs: Int)
    case affine(name: String, channels: Int)
    case fc(outputs: Int, inputs: Int)
    case relu, addPrev, tag, skip
    case maxPool(window: Int, stride: Int)
    case avgPool(window: Int, stride: Int)
  }

  let kind: Kind

  init(_ kind: Kind) { self.kind = kind }

  /// tag and skip layers only carry a version number.
  var isWrapper: Bool {
    switch kind {
    case .tag, .skip: return true
    default: return false
    }
  }

  var label: String {
    switch kind {
    case .conv(let name, _, _, _, _, _): return "con (\(name))"
    case .affine(let name, _): return "affine (\(name))"
    case .fc: return "fc_no_bias (descriptor)"
    case .relu: return "relu"
    case .addPrev: return "add_prev"
    case .tag: return "tag"
    case .skip: return "skip"
    case .maxPool: return "max_pool"
    case .avgPool(let w, _): return w == 0 ? "avg_pool_everything" : "avg_pool"
    }
  }

  /// The layers outermost (the 128-d fc) first, innermost (the 7×7 convolution) last.
  static func outerToInner() -> [DlibLayout] {
    var inner: [Kind] = [
      .conv(name: "stem.conv", kernel: 7, stride: 2, padding: 0, inputs: 3, outputs: 32),
      .affine(name: "stem.affine", channels: 32), .relu, .maxPool(window: 3, stride: 2),
    ]
    var channels = 32
    for (s, stage) in DlibFaceResNet.stages.enumerated() {
      for b in 0..<stage.blocks {
        let name = "stage\(s + 1).block\(b + 1)"
        let down = stage.downsample && b == 0
        inner += [
          .tag,
          .conv(
            name: "\(name).conv1", kernel: 3, stride: down ? 2 : 1, padding: down ? 0 : 1,
            inputs: channels, outputs: stage.channels),
          .affine(name: "\(name).affine1", channels: stage.channels), .relu,
          .conv(
            name: "\(name).conv2", kernel: 3, stride: 1, padding: 1, inputs: stage.channels,
            outputs: stage.channels),
          .affine(name: "\(name).affine2", channels: stage.channels),
        ]
        inner +=
          down
          ? [.tag, .skip, .avgPool(window: 2, stride: 2), .addPrev, .relu] : [.addPrev, .relu]
        channels = stage.channels
      }
    }
    inner += [.avgPool(window: 0, stride: 1), .fc(outputs: 128, inputs: 256)]
    return inner.reversed().map(DlibLayout.init)
  }

  /// Reads this layer's fields and stores its weights under OncoNN names.
  func read(_ r: inout DlibReader, into tensors: inout [String: Tensor]) throws {
    let name = try r.string("name of \(label)")
    func expect(_ ok: Bool, _ what: String) throws {
      guard ok else { throw r.error("\(label): \(what); this is not dlib's face ResNet") }
    }
    func multipliers(_ n: Int) throws {
      for _ in 0..<n { _ = try r.float("multiplier of \(label)") }
    }
    switch kind {
    case let .conv(layer, kernel, stride, padding, inputs, outputs):
      try expect(
        name == "con_4" || name == "con_5", "layer is \"\(name)\", expected con_4 or con_5")
      let params = try r.tensor("parameters of \(label)")
      let fields = try (0..<7).map { _ in try r.int("geometry of \(label)") }
      try expect(
        fields == [outputs, kernel, kernel, stride, stride, padding, padding],
        "filters, size, stride, padding are \(fields)")
      let filters = try r.aliasShape("filter shape of \(label)")
      let biases = try r.aliasShape("bias shape of \(label)")
      try multipliers(4)
      if name == "con_5" { _ = try r.bool("use_bias of \(label)") }
      let weightCount = outputs * inputs * kernel * kernel
      try expect(
        filters == [outputs, inputs, kernel, kernel] && biases == [1, outputs, 1, 1]
          && params.values.count == weightCount + outputs, "parameter shapes \(filters), \(biases)")
      tensors["\(layer).weight"] = try Tensor(
        shape: Shape(outputs, inputs, kernel, kernel), scalars: Array(params.values[..<weightCount])
      )
      tensors["\(layer).bias"] = try Tensor(
        shape: Shape(dimensions: [outputs]), scalars: Array(params.values[weightCount...]))
    case let .affine(layer, channels):
      try expect(name == "affine_" || name == "affine_2", "layer is \"\(name)\", expected affine_")
      let params = try r.tensor("parameters of \(label)")
      let gamma = try r.aliasShape("gamma shape of \(label)")
      let beta = try r.aliasShape("beta shape of \(label)")
      let mode = try r.int("mode of \(label)")
      if name == "affine_2" { _ = try r.bool("disabled flag of \(label)") }
      try expect(
        mode == 0 && gamma == [1, channels, 1, 1] && beta == gamma
          && params.values.count == 2 * channels,
        "mode \(mode), shapes \(gamma), \(beta)")
      let s = Shape(dimensions: [channels])
      tensors["\(layer).weight"] = try Tensor(shape: s, scalars: Array(params.values[..<channels]))
      tensors["\(layer).bias"] = try Tensor(shape: s, scalars: Array(params.values[channels...]))
    case let .fc(outputs, inputs):
      try expect(name == "fc_2" || name == "fc_3", "layer is \"\(name)\", expected fc_2")
      let n = try r.int("outputs of \(label)")
      let m = try r.int("inputs of \(label)")
      let params = try r.tensor("parameters of \(label)")
      let weights = try r.aliasShape("weight shape of \(label)")
      _ = try r.aliasShape("bias shape of \(label)")
      let biasMode = try r.int("bias mode of \(label)")
      try multipliers(4)
      if name == "fc_3" { _ = try r.bool("use_bias of \(label)") }
      try expect(
        n == outputs && m == inputs && biasMode == 1 && weights == [inputs, outputs, 1, 1]
          && params.values.count == inputs * outputs, "sizes \(n)×\(m), bias mode \(biasMode)")
      // dlib stores [inputs, outputs]; OncoNN's linear weight is [outputs, inputs].
      var w = [Float](repeating: 0, count: inputs * outputs)
      for i in 0..<inputs {
        for o in 0..<outputs { w[o * inputs + i] = params.values[i * outputs + o] }
      }
      tensors["descriptor.weight"] = try Tensor(
        shape: Shape(dimensions: [outputs, inputs]), scalars: w)
    case .relu:
      try expect(name == "relu_", "layer is \"\(name)\", expected relu_")
    case .addPrev:
      try expect(name == "add_prev_", "layer is \"\(name)\", expected add_prev_")
    case let .maxPool(window, stride), let .avgPool(window, stride):
      let isMax: Bool
      if case .maxPool = kind { isMax = true } else { isMax = false }
      let expected = isMax ? "max_pool_2" : "avg_pool_2"
      try expect(name == expected, "layer is \"\(name)\", expected \(expected)")
      let fields = try (0..<6).map { _ in try r.int("geometry of \(label)") }
      try expect(
        fields == [window, window, stride, stride, 0, 0], "window, stride, padding are \(fields)")
    case .tag, .skip:
      break
    }
  }
}
