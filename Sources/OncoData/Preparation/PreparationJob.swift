import Foundation
import OncoFace
import OncoImage

/// How `prepare` runs.
public struct PreparationOptions: Sendable, Equatable {
  /// Chip size, padding, upsampling, `--aligned`…
  public var aligner: FaceAligner.Options
  /// Worker threads; each holds one photo at a time, so memory stays bounded.
  public var jobs: Int
  /// Reuse items finished by an earlier run into the same folder (see `PreparationCache`).
  public var reuse: Bool

  public init(aligner: FaceAligner.Options = FaceAligner.Options(),
              jobs: Int = ProcessInfo.processInfo.activeProcessorCount, reuse: Bool = true) {
    self.aligner = aligner
    self.jobs = max(1, jobs)
    self.reuse = reuse
  }

  /// Every option that changes the output, as a stable text (part of each cache key).
  var fingerprint: String {
    let a = aligner
    return "size=\(a.size) padding=\(a.padding) upsample=\(a.upsample) "
      + "threshold=\(a.detectionThreshold) several=\(a.severalFacesRatio) "
      + "aligned=\(a.alreadyAligned) maxpixels=\(a.maxDetectionPixels)"
  }
}

/// Where a run stands; handed to the progress callback after every photo.
public struct PreparationProgress: Sendable {
  public var done: Int
  public var total: Int
  public var ok: Int
  public var failed: Int
  /// Items taken from the cache so far.
  public var reused: Int
  /// The photo just finished.
  public var path: String
}

/// The counts of a finished run.
public struct PreparationSummary: Sendable, Equatable {
  public var total: Int
  public var ok: Int
  public var failed: Int
  public var reused: Int
  public var seconds: Double
  public var outcomes: [PreparationOutcome: Int]
}

/// The batch behind `oncoface prepare`: every photo of an input through the `FaceAligner` into a
/// prepared folder (see `PreparedFolder`), on all cores, never stopping on a bad photo.
///
/// Workers take the next photo from a shared counter, each with its own aligner (its own dlib
/// detector; the landmark model is loaded once and shared). A worker holds one photo at a time —
/// read, hash, decode, align, encode, write — so memory is bounded by the number of workers, not
/// the number of photos. Results are collected in input order and the CSV files written
/// atomically at the end; each finished item is also recorded in the cache at once, so a killed
/// run loses nothing when run again.
///
///     let input = try PreparationInput.load(URL(fileURLWithPath: "photos.csv"))
///     let summary = try PreparationJob(input: input, output: dir).run { p in print(p.done) }
public struct PreparationJob: Sendable {
  public let input: PreparationInput
  public let folder: PreparedFolder
  public let options: PreparationOptions

  public init(input: PreparationInput, output: URL, options: PreparationOptions = .init()) {
    self.input = input
    self.folder = PreparedFolder(output)
    self.options = options
  }

  /// Runs the batch; throws only when nothing can start (the model is missing, the output folder
  /// cannot be made or written) or when `shouldStop` says so. Bad photos are rows of prepared.csv,
  /// not errors.
  ///
  /// `shouldStop` is asked before each photo (a workbench's cancel button): the workers finish the
  /// photo in hand and the run throws `PreparationError.stopped`; the finished photos stay in the
  /// cache, so running again picks up where it stopped.
  public func run(progress: @escaping @Sendable (PreparationProgress) -> Void = { _ in },
                  shouldStop: @escaping @Sendable () -> Bool = { false }) throws
    -> PreparationSummary
  {
    let start = Date()
    let model = try LandmarkModel.shared()
    try folder.create()
    let cache = PreparationCache(output: folder.url, options: options.fingerprint)
    let items = input.items
    let board = Board(count: items.count)
    let workers = min(options.jobs, max(1, items.count))
    let group = DispatchGroup()
    let failure = Board.Failure()
    for _ in 0..<workers {
      group.enter()
      let thread = Thread { [self] in
        defer { group.leave() }
        let aligner: FaceAligner
        do { aligner = try FaceAligner(options: options.aligner, model: model) } catch {
          failure.set(error)
          return
        }
        while !shouldStop(), let index = board.take() {
          let item = items[index]
          let (result, reused) = prepare(item, aligner: aligner, cache: cache)
          progress(board.finish(index, result, reused: reused, path: item.path))
        }
      }
      thread.stackSize = 16 << 20
      thread.start()
    }
    group.wait()
    if let error = failure.error { throw error }
    guard board.results.allSatisfy({ $0 != nil }) else {
      throw PreparationError.stopped(done: board.results.filter { $0 != nil }.count,
                                     total: items.count)
    }
    let results = board.results.map { $0! }
    try folder.writeTables(input: input, results: results)
    var outcomes: [PreparationOutcome: Int] = [:]
    for r in results { outcomes[r.outcome, default: 0] += 1 }
    let ok = outcomes[.ok] ?? 0
    return PreparationSummary(total: items.count, ok: ok, failed: items.count - ok,
                              reused: board.reused, seconds: Date().timeIntervalSince(start),
                              outcomes: outcomes)
  }

  /// One photo, start to finish; never throws.
  func prepare(_ item: PreparationItem, aligner: FaceAligner, cache: PreparationCache)
    -> (PreparationResult, reused: Bool)
  {
    func failed(_ outcome: PreparationOutcome, _ reason: String) -> PreparationResult {
      folder.removeChips(id: item.id)
      return PreparationResult(outcome: outcome, reason: reason, landmarks: [], faceCount: 0)
    }
    if let problem = item.problem { return (failed(.unreadable, problem), false) }
    let data: Data
    do {
      data = try ImageFile.read(pathBytes: item.fileBytes, displayPath: item.path)
    } catch {
      return (failed(.unreadable, "\(error)"), false)
    }
    let key = cache.key(for: data)
    if options.reuse, let hit = cache.lookup(id: item.id, key: key),
       hit.outcome != .ok || folder.hasChips(id: item.id)
    {
      if hit.outcome != .ok { folder.removeChips(id: item.id) }
      return (hit, true)
    }
    var result: PreparationResult
    do {
      let photo = try ImageDecoder.decode(data, path: item.path)
      let face = try aligner.align(photo)
      try folder.writeChips(id: item.id, face: face)
      var note = ""
      if face.detectionScore == nil {
        note = "no face detected; the fixed box of an aligned chip was used"
      } else if face.faceCount > 1 {
        note = "\(face.faceCount) faces found; the best-scoring one was kept"
      }
      result = PreparationResult(outcome: .ok, reason: note, landmarks: face.landmarks.flattened,
                                 faceCount: face.faceCount, detectionScore: face.detectionScore)
    } catch let error as ImageError {
      if case .unwritable = error { return (failed(.unreadable, "\(error)"), false) }
      result = failed(.unreadable, "\(error)")
    } catch FaceError.noFace {
      result = failed(.noFace, FaceError.noFace.description)
    } catch FaceError.severalFaces(let count) {
      result = failed(.severalFaces, FaceError.severalFaces(count: count).description)
    } catch {
      result = failed(.unreadable, "\(item.path): \(error)")
    }
    cache.store(id: item.id, key: key, result: result)
    return (result, false)
  }
}

/// The shared state of a run's workers: the next photo, the results so far, the counts.
private final class Board: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0
  private(set) var results: [PreparationResult?]
  private var ok = 0, failed = 0
  private(set) var reused = 0

  init(count: Int) { results = Array(repeating: nil, count: count) }

  /// The index of the next photo to do, or nil when all are taken.
  func take() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard next < results.count else { return nil }
    next += 1
    return next - 1
  }

  func finish(_ index: Int, _ result: PreparationResult, reused wasReused: Bool, path: String)
    -> PreparationProgress
  {
    lock.lock()
    defer { lock.unlock() }
    results[index] = result
    if result.outcome == .ok { ok += 1 } else { failed += 1 }
    if wasReused { reused += 1 }
    return PreparationProgress(done: ok + failed, total: results.count, ok: ok, failed: failed,
                               reused: reused, path: path)
  }

  /// The first error that stopped a worker from starting.
  final class Failure: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?
    func set(_ error: Error) {
      lock.lock()
      defer { lock.unlock() }
      if self.error == nil { self.error = error }
    }
  }
}
