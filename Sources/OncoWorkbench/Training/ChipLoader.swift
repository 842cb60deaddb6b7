import Foundation
import OncoImage

/// Turns chips on disk into network input: decoded (libpng), optionally augmented, normalised as
/// `(pixel − mean) / scale` per channel, packed NCHW float32.
///
/// Chips are read from disk for every batch rather than held in memory: decoding a 150×150 PNG
/// takes a fraction of a millisecond, far less than the network's work on it, and memory stays flat
/// for any data-set size. Decoding runs on `threads` cores.
struct ChipLoader: Sendable {
  /// Side of the square chips the network takes.
  var size: Int
  /// Per-channel mean (R, G, B) subtracted from the 0–255 pixel values.
  var mean: [Float]
  /// Divisor after the mean is subtracted.
  var scale: Float
  var threads: Int

  /// dlib's normalisation for its face ResNet: (pixel − mean_rgb) / 256.
  static func dlibFace(threads: Int) -> ChipLoader {
    ChipLoader(size: 150, mean: [122.782, 117.001, 104.298], scale: 256, threads: threads)
  }

  /// Floats per image.
  var imageCount: Int { 3 * size * size }

  /// The batch of `items` as `items.count × 3 × size × size` floats. `change`, when given, alters
  /// each decoded chip first (augmentation); it receives the item's position in `items`.
  func load(
    _ items: [TrainingItem], change: (@Sendable (inout RGBImage, Int) -> Void)? = nil
  ) throws -> [Float] {
    let count = imageCount
    var out = [Float](repeating: 0, count: items.count * count)
    let failures = FailureList()
    let parts = max(1, min(threads, items.count))
    out.withUnsafeMutableBufferPointer { buffer in
      let base = UnsafeMutableSendablePointer(buffer.baseAddress!)
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        for i in stride(from: part, to: items.count, by: parts) {
          do {
            var image = try decode(items[i].chip)
            change?(&image, i)
            pack(image, into: base.pointer + i * count)
          } catch {
            failures.append(error)
          }
        }
      }
    }
    if let error = failures.first { throw error }
    return out
  }

  /// Reads one chip and checks its size.
  func decode(_ url: URL) throws -> RGBImage {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw ImageError.unreadable(path: url.path, reason: "\(error.localizedDescription)")
    }
    let image = try PNGCodec.decode(data, path: url.path)
    guard image.width == size, image.height == size else {
      throw ImageError.corrupt(
        path: url.path,
        reason: "the chip is \(image.width)×\(image.height), the network takes \(size)×\(size); "
          + "prepare the data with --size \(size)")
    }
    return image
  }

  /// Writes `image` normalised into three planes at `target`.
  func pack(_ image: RGBImage, into target: UnsafeMutablePointer<Float>) {
    let plane = size * size
    let m0 = mean[0]
    let m1 = mean[1]
    let m2 = mean[2]
    let inverse = 1 / scale
    image.pixels.withUnsafeBufferPointer { p in
      for j in 0..<plane {
        target[j] = (Float(p[3 * j]) - m0) * inverse
        target[plane + j] = (Float(p[3 * j + 1]) - m1) * inverse
        target[2 * plane + j] = (Float(p[3 * j + 2]) - m2) * inverse
      }
    }
  }
}

/// A pointer handed to concurrent workers that write disjoint parts of one buffer.
struct UnsafeMutableSendablePointer<T>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// Errors collected from concurrent workers.
final class FailureList: @unchecked Sendable {
  private let lock = NSLock()
  private var errors: [Error] = []
  func append(_ error: Error) { lock.withLock { errors.append(error) } }
  var first: Error? { lock.withLock { errors.first } }
}
