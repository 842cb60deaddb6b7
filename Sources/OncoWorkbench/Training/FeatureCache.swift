import Foundation
import OncoData
import OncoNN

/// The outputs of the frozen part of the network for every image, computed once.
///
/// When the backbone (or all but the last stage) is frozen and no augmentation changes the input,
/// the frozen layers give the same output for an image in every epoch; running them once turns each
/// later epoch into a pass over the small trainable suffix. Frozen-backbone features are 256 floats
/// per image; dlib-face's stage-4 output is 4,096 (16 KB), so even 16,000 chips fit in about 270
/// MB.
struct FeatureCache {
  /// The boundary whose outputs are cached; training runs the network from here.
  let boundary: String
  private var features: [Split: Tensor] = [:]

  /// Runs the frozen layers over every image of `set`, reporting `.caching` progress.
  init(
    model: TrainableModel, set: TrainingSet, boundary: String, batchSize: Int,
    context: TrainingContext
  ) throws {
    self.boundary = boundary
    let total = set.items.count
    var done = 0
    let start = Date()
    for split in Split.allCases {
      let items = set.items(split)
      var parts: [Tensor] = []
      for range in TrainingRun.batches(items.count, size: batchSize) {
        try context.checkCancelled()
        let x = try model.input(Array(items[range]))
        parts.append(try model.network.forward(x, mode: .inference, to: boundary))
        done += range.count
        context.report(
          TrainingRun.progress(
            .caching, epoch: 0, epochs: 0, done: done, total: total,
            since: start))
      }
      features[split] = try Tensor.concatenating(parts)
    }
  }

  /// The cached outputs of `indices` (positions within the split's items), stacked as a batch.
  func batch(_ split: Split, _ indices: [Int]) -> Tensor {
    FeatureCache.gather(features[split]!, indices)
  }

  /// The cached outputs of the images `range` of a split.
  func batch(_ split: Split, _ range: Range<Int>) throws -> Tensor {
    try features[split]!.samples(range)
  }

  /// Rows `indices` of `source`, in that order, as a new batch.
  static func gather(_ source: Tensor, _ indices: [Int]) -> Tensor {
    let per = source.shape.sampleCount
    var out = Tensor(shape: source.shape.with(n: indices.count))
    source.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for (k, i) in indices.enumerated() {
          (dst.baseAddress! + k * per).update(from: src.baseAddress! + i * per, count: per)
        }
      }
    }
    return out
  }
}
