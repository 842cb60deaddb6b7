import Foundation

/// Reading and writing the safetensors format (as Hugging Face's `safetensors` library does).
///
/// A file is an 8-byte little-endian header length, a JSON header mapping each tensor name to
/// `{"dtype", "shape", "data_offsets": [begin, end]}` (plus an optional `"__metadata__"` map of
/// strings), then the raw little-endian data. OncoNN writes F32 with names in sorted order and the
/// header padded to 8 bytes; it reads F32, F64, F16 and BF16 (converted to float32), rank 0 to 4.
public enum SafeTensors {
  /// The tensors and metadata of a file.
  public struct Contents: Sendable {
    public var tensors: [String: Tensor]
    public var metadata: [String: String]

    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
      self.tensors = tensors
      self.metadata = metadata
    }
  }

  /// Serialises `contents` to bytes.
  public static func encode(_ contents: Contents) throws -> Data {
    var header: [String: Any] = [:]
    if !contents.metadata.isEmpty { header["__metadata__"] = contents.metadata }
    let names = contents.tensors.keys.sorted()
    var offset = 0
    for name in names {
      let t = contents.tensors[name]!
      let bytes = t.count * 4
      header[name] = [
        "dtype": "F32", "shape": t.shape.dimensions, "data_offsets": [offset, offset + bytes],
      ]
      offset += bytes
    }
    var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
    while json.count % 8 != 0 { json.append(0x20) }
    var data = Data(capacity: 8 + json.count + offset)
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(json)
    for name in names {
      let t = contents.tensors[name]!
      t.withUnsafeBufferPointer {
        data.append(UnsafeBufferPointer(start: $0.baseAddress, count: $0.count))
      }
    }
    return data
  }

  /// Writes `contents` to `url` atomically (a temporary file in the same folder, then a rename).
  public static func write(_ contents: Contents, to url: URL) throws {
    let data = try encode(contents)
    do {
      try data.write(to: url, options: .atomic)
    } catch {
      throw CheckpointError.unwritable(url.path, reason: error.localizedDescription)
    }
  }

  /// Reads a safetensors file.
  public static func read(from url: URL) throws -> Contents {
    let data: Data
    do {
      data = try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
      throw CheckpointError.unreadable(url.path, reason: error.localizedDescription)
    }
    return try decode(data, path: url.path)
  }

  /// Parses safetensors bytes; `path` names the source in errors.
  public static func decode(_ data: Data, path: String = "<memory>") throws -> Contents {
    func bad(_ why: String) -> CheckpointError { .malformed(path, reason: why) }
    guard data.count >= 8 else {
      throw bad("\(data.count) bytes, shorter than the 8-byte header length")
    }
    let headerLength = data.prefix(8).withUnsafeBytes {
      UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))
    }
    guard headerLength <= UInt64(data.count - 8), headerLength <= 100_000_000 else {
      throw bad(
        "header length \(headerLength) exceeds the file (\(data.count) bytes): "
          + "truncated or not safetensors"
      )
    }
    let headerEnd = 8 + Int(headerLength)
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<headerEnd))
    } catch {
      throw bad("the header is not JSON")
    }
    guard let header = object as? [String: Any] else {
      throw bad("the header is not a JSON object")
    }
    let body = headerEnd
    let bodyLength = data.count - body
    var contents = Contents()
    if let meta = header["__metadata__"] {
      guard let m = meta as? [String: String] else {
        throw bad("__metadata__ must map strings to strings")
      }
      contents.metadata = m
    }
    for (name, entry) in header where name != "__metadata__" {
      guard let info = entry as? [String: Any], let dtype = info["dtype"] as? String,
        let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int],
        offsets.count == 2
      else { throw bad("tensor \"\(name)\" lacks dtype, shape or data_offsets") }
      let width: Int
      switch dtype {
      case "F32": width = 4
      case "F64": width = 8
      case "F16", "BF16": width = 2
      default:
        throw bad("tensor \"\(name)\" has dtype \(dtype); OncoNN reads F32, F64, F16 and BF16")
      }
      guard shape.count <= 4, shape.allSatisfy({ $0 >= 0 }) else {
        throw bad("tensor \"\(name)\" has shape \(shape); OncoNN tensors have at most 4 dimensions")
      }
      // Checked: this module drops overflow checks in release builds, and a wrapped product
      // would let a hostile header pass the size check and the copy read past the file.
      var count = 1
      for d in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: d)
        guard !overflow, product <= bodyLength else {
          throw bad("tensor \"\(name)\" has shape \(shape): more values than the file holds")
        }
        count = product
      }
      guard offsets[0] >= 0, offsets[1] >= offsets[0], offsets[1] <= bodyLength,
        offsets[1] - offsets[0] == count * width
      else {
        throw bad(
          "tensor \"\(name)\" has data_offsets \(offsets) that do not fit its shape \(shape) "
            + "× \(width) bytes or the file"
        )
      }
      let tensorShape = Shape(dimensions: shape.isEmpty ? [1] : shape)
      let t = Tensor(shape: tensorShape)
      let out = t.pointer
      data.withUnsafeBytes { raw in
        let src = raw.baseAddress! + body + offsets[0]
        for i in 0..<count {
          switch dtype {
          case "F32":
            out[i] = Float(
              bitPattern: UInt32(
                littleEndian: src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
          case "F64":
            out[i] = Float(
              Double(
                bitPattern: UInt64(
                  littleEndian: src.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
          case "F16":
            out[i] = Float(
              Float16(
                bitPattern: UInt16(
                  littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
          default:  // BF16: the upper half of a float32
            out[i] = Float(
              bitPattern: UInt32(
                UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                << 16)
          }
        }
      }
      contents.tensors[name] = t
    }
    return contents
  }
}
