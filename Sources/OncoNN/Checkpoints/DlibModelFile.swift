import Foundation

/// The weights of dlib_face_recognition_resnet_model_v1.dat, read natively (no dlib needed).
///
/// dlib serialises a network from the loss layer inwards: first each layer's version number
/// (outermost first), then the input layer, then each layer's fields from the innermost out. An
/// integer is a control byte (byte count in the low 4 bits, sign in bit 7) and that many
/// little-endian bytes; a float is two such integers (mantissa, exponent); a string is its length
/// and bytes; a tensor is version 2, four dimensions and raw little-endian float32. The file does
/// not say which layer a skip or add refers to: the wiring is `DlibFaceResNet`'s, and the reader
/// checks every layer's kind and geometry against it, so another network's .dat is rejected.
public struct DlibModelFile: Sendable {
  /// Weights by OncoNN parameter name (`stem.conv.weight`, `stage2.block1.affine1.bias`, …,
  /// `descriptor.weight` as `[128, 256]`).
  public var tensors: [String: Tensor]
  /// The input layer's per-channel means (red, green, blue).
  public var meanRGB: (Float, Float, Float)

  /// Reads and checks a model file.
  public static func read(from url: URL) throws -> DlibModelFile {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw CheckpointError.unreadable(url.path, reason: error.localizedDescription)
    }
    return try parse(data, path: url.path)
  }

  /// Parses the bytes of a model file; `path` names it in errors.
  public static func parse(_ data: Data, path: String = "<memory>") throws -> DlibModelFile {
    var r = DlibReader(data: data, path: path)
    guard try r.int("network version") == 1 else {
      throw r.error("not a dlib network (loss layer version must be 1)")
    }
    let loss = try r.string("loss layer name")
    guard loss.hasPrefix("loss_metric") else {
      throw r.error(
        "the loss layer is \"\(loss)\", expected loss_metric (a face-recognition network)")
    }
    if loss == "loss_metric_2" {
      _ = try r.float("margin")
      _ = try r.float("distance threshold")
    }
    let layers = DlibLayout.outerToInner()
    var versions: [Int] = []
    for layer in layers {
      let v = try r.int("version of \(layer.label)")
      let ok =
        layer.isWrapper
        ? v == 1 : (layer === layers.last ? (2...3).contains(v) : (1...2).contains(v))
      guard ok else {
        throw r.error("unexpected version \(v) for \(layer.label); this is not dlib's face ResNet")
      }
      versions.append(v)
    }
    // The input layer.
    let input = try r.string("input layer name")
    guard input == "input_rgb_image_sized" || input == "input_rgb_image" else {
      throw r.error("input layer \"\(input)\", expected input_rgb_image_sized")
    }
    let mean = (
      Float(try r.float("mean red")), Float(try r.float("mean green")),
      Float(try r.float("mean blue"))
    )
    if input == "input_rgb_image_sized" {
      let rows = try r.int("input rows")
      let columns = try r.int("input columns")
      guard rows == 150, columns == 150 else {
        throw r.error("input size \(rows)×\(columns), expected 150×150")
      }
    }
    var tensors: [String: Tensor] = [:]
    for (i, layer) in layers.enumerated().reversed() where !layer.isWrapper {
      try layer.read(&r, into: &tensors)
      for field in ["setup flag", "gradient flag", "output flag"] {
        _ = try r.bool(field + " of \(layer.label)")
      }
      _ = try r.tensor("x_grad of \(layer.label)")
      _ = try r.tensor("cached output of \(layer.label)")
      if i == layers.count - 1 {
        _ = try r.tensor("grad_final of \(layer.label)")
        if versions[i] >= 3 { _ = try r.int("sample expansion factor") }
      } else if versions[i] == 2 {
        _ = try r.tensor("parameter gradient of \(layer.label)")
      }
    }
    guard r.offset == data.count else {
      throw r.error("\(data.count - r.offset) bytes follow the network")
    }
    return DlibModelFile(tensors: tensors, meanRGB: mean)
  }

  /// Copies the weights into `network` (built by `DlibFaceResNet.make`): every backbone layer, and
  /// the descriptor when the network has one.
  public func load(into network: Network, path: String = "dlib model") throws {
    for p in network.parameters {
      if let t = tensors[p.name] {
        guard t.shape.matches(p.value.shape) else {
          throw CheckpointError.mismatch(
            path, reason: "\(p.name) is \(t.shape), the network has \(p.value.shape)")
        }
        try p.assign(t)
      } else if !p.name.hasPrefix("head.") {
        throw CheckpointError.mismatch(path, reason: "no weights for \(p.name)")
      }
    }
  }
}

/// Reads dlib's serialisation primitives with errors that name the file, the offset and the field.
struct DlibReader {
  let data: Data
  let path: String
  var offset = 0

  init(data: Data, path: String) {
    self.data = data
    self.path = path
  }

  func error(_ why: String) -> CheckpointError {
    .malformed(path, reason: "at byte \(offset): \(why)")
  }

  mutating func byte(_ what: String) throws -> UInt8 {
    guard offset < data.count else {
      throw CheckpointError.malformed(
        path, reason: "the file ends at byte \(data.count) while reading \(what); it is truncated")
    }
    defer { offset += 1 }
    return data[data.startIndex + offset]
  }

  mutating func int(_ what: String) throws -> Int {
    let control = try byte(what)
    let size = Int(control & 0x0F)
    guard (1...8).contains(size), control & 0x70 == 0 else {
      throw error("bad integer control byte 0x\(String(control, radix: 16)) in \(what)")
    }
    var value: UInt64 = 0
    for i in 0..<size { value |= UInt64(try byte(what)) << (8 * UInt64(i)) }
    guard value <= UInt64(Int.max) else { throw error("integer out of range in \(what)") }
    return control & 0x80 != 0 ? -Int(value) : Int(value)
  }

  mutating func float(_ what: String) throws -> Double {
    let mantissa = try int(what + " (mantissa)")
    let exponent = try int(what + " (exponent)")
    return Double(mantissa) * pow(2, Double(exponent))
  }

  mutating func bool(_ what: String) throws -> Bool {
    switch try byte(what) {
    case UInt8(ascii: "1"): return true
    case UInt8(ascii: "0"): return false
    default: throw error("\(what) is not a boolean")
    }
  }

  mutating func string(_ what: String) throws -> String {
    let length = try int(what + " (length)")
    guard length >= 0, length <= 256 else { throw error("string length \(length) in \(what)") }
    guard offset + length <= data.count else {
      throw CheckpointError.malformed(path, reason: "the file ends inside \(what); it is truncated")
    }
    let bytes = data.subdata(in: (data.startIndex + offset)..<(data.startIndex + offset + length))
    offset += length
    guard let s = String(data: bytes, encoding: .utf8) else { throw error("\(what) is not text") }
    return s
  }

  /// A dlib tensor as `(shape, values)`.
  mutating func tensor(_ what: String) throws -> (shape: [Int], values: [Float]) {
    guard try int(what + " (version)") == 2 else {
      throw error("\(what): tensor version must be 2")
    }
    let shape = try (0..<4).map { _ in try int(what + " (shape)") }
    guard shape.allSatisfy({ $0 >= 0 && $0 < 1 << 28 }) else {
      throw error("\(what): shape \(shape)")
    }
    // Checked: this module drops overflow checks in release builds, and four dimensions below
    // 2^28 can multiply past Int.max into a count that passes the size check below.
    var count = 1
    for d in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: d)
      guard !overflow else { throw error("\(what): shape \(shape) overflows") }
      count = product
    }
    guard count <= (data.count - offset) / 4 else {
      throw CheckpointError.malformed(
        path, reason: "the file ends inside \(what) (\(count) values); it is truncated")
    }
    var values = [Float](repeating: 0, count: count)
    data.withUnsafeBytes { raw in
      let base = raw.baseAddress! + offset
      for i in 0..<count {
        values[i] = Float(
          bitPattern: UInt32(
            littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
      }
    }
    offset += 4 * count
    return (shape, values)
  }

  /// A dlib alias tensor's shape.
  mutating func aliasShape(_ what: String) throws -> [Int] {
    guard try int(what + " (version)") == 1 else {
      throw error("\(what): alias tensor version must be 1")
    }
    return try (0..<4).map { _ in try int(what + " (shape)") }
  }
}
