import Foundation
import OncoImage

/// Finished items of earlier runs, so a second `prepare` into the same folder redoes nothing.
///
/// Each item leaves DIR/.cache/<id>.json (written atomically, after its PNGs) holding its key and
/// its result. The key is the SHA-256 of the file's bytes plus every option that changes the output
/// and a version of the pipeline: a changed photo, another chip size or a new OncoFace version
/// misses the cache. A hit also needs the item's PNGs to still exist when it was `ok`. Files that
/// could not be read at all have no key and are always retried.
struct PreparationCache {
  /// Bumped whenever the pipeline's output changes for the same input and options.
  static let pipelineVersion = 1

  let folder: URL
  let fingerprint: String

  /// A cache in `output`/.cache for outputs made with options described by `options`.
  init(output: URL, options: String) {
    folder = output.appendingPathComponent(".cache")
    fingerprint = "v\(PreparationCache.pipelineVersion) \(options)"
  }

  func key(for data: Data) -> String { SHA256.hex(data) + " " + fingerprint }

  private struct Record: Codable {
    var key: String
    var result: PreparationResult
  }

  /// The stored result of `id` when its key matches.
  func lookup(id: String, key: String) -> PreparationResult? {
    let url = folder.appendingPathComponent(id + ".json")
    guard let data = try? Data(contentsOf: url),
          let record = try? JSONDecoder().decode(Record.self, from: data), record.key == key
    else { return nil }
    return record.result
  }

  /// Stores the result of `id` (atomically; a failure to store only costs a redo next time).
  func store(id: String, key: String, result: PreparationResult) {
    guard let data = try? JSONEncoder().encode(Record(key: key, result: result)) else { return }
    try? AtomicWrite.write(data, to: folder.appendingPathComponent(id + ".json"))
  }
}
