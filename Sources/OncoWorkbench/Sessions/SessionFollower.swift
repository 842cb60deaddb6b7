import Foundation

/// Follows a session that another process (a headless `oncoface train`) is writing, and yields what
/// is new: status changes, finished epochs, test results, log lines.
///
/// It polls: each poll stats three files and reads only the bytes appended since the last one, so
/// it costs next to nothing at the default two polls a second and works on any file system (NFS
/// included, where inotify does not). Only whole lines are taken; a line being written is picked up
/// by the next poll. When metrics.jsonl is replaced (a resume truncating an unsaved epoch), the
/// update says `restarted` and carries the whole file again.
///
///     let follower = SessionFollower(folder: session)
///     follower.start(deliverOn: .main) { update in
///       if let record = update.record { status = record.status }
///       epochs += update.epochs
///     }
///     …
///     follower.stop()
public final class SessionFollower: @unchecked Sendable {
  public let folder: SessionFolder
  private let lock = NSLock()
  private var record: SessionRecord?
  private var metrics = MetricsLog()
  private var metricsIdentity: FileIdentity?
  private var logOffset: UInt64 = 0
  private var logIdentity: FileIdentity?
  private var timer: DispatchSourceTimer?

  public init(folder: SessionFolder) {
    self.folder = folder
  }

  /// All metrics read so far.
  public var metricsSoFar: MetricsLog { lock.withLock { metrics } }

  /// Reads what changed since the last poll (everything, the first time); `isEmpty` when nothing
  /// did. Throws only when session.json is missing or damaged; a torn or half-written file is not
  /// an error.
  public func poll() throws(SessionError) -> SessionUpdate {
    lock.lock()
    defer { lock.unlock() }
    var update = SessionUpdate()
    let current = try folder.readRecord()
    if current != record {
      record = current
      update.record = current
    }
    pollMetrics(into: &update)
    pollLog(into: &update)
    return update
  }

  /// Polls every `interval` seconds on a background queue and hands each non-empty update (and each
  /// error, as `.failure`) to `handler` on `queue`. Calling it again restarts the timer.
  public func start(
    interval: TimeInterval = 0.5, deliverOn queue: DispatchQueue = .main,
    handler: @escaping @Sendable (Result<SessionUpdate, SessionError>) -> Void
  ) {
    stop()
    let source = DispatchSource.makeTimerSource(
      queue: DispatchQueue(label: "oncoface.session-follower", qos: .utility))
    source.schedule(deadline: .now(), repeating: interval, leeway: .milliseconds(50))
    source.setEventHandler { [weak self] in
      guard let self else { return }
      let result = Result { () throws(SessionError) in try self.poll() }
      if case .success(let update) = result, update.isEmpty { return }
      queue.async { handler(result) }
    }
    lock.withLock { timer = source }
    source.resume()
  }

  /// Stops the polling started by `start`.
  public func stop() {
    let source = lock.withLock { () -> DispatchSourceTimer? in
      defer { timer = nil }
      return timer
    }
    source?.cancel()
  }

  deinit { timer?.cancel() }

  private func pollMetrics(into update: inout SessionUpdate) {
    let url = folder.metricsFile
    guard let identity = FileIdentity(url) else { return }
    if let old = metricsIdentity,
      old.inode != identity.inode || identity.size < UInt64(metrics.consumedBytes)
    {
      metrics = MetricsLog()
      update.restarted = true
    }
    metricsIdentity = identity
    guard identity.size > UInt64(metrics.consumedBytes),
      let data = FileIdentity.read(url, from: UInt64(metrics.consumedBytes))
    else { return }
    for record in metrics.append(parsing: data) {
      switch record {
      case .epoch(let m): update.epochs.append(m)
      case .test(let m): update.tests.append(m)
      }
    }
    if update.restarted {
      update.epochs = metrics.epochs
      update.tests = metrics.tests
    }
  }

  private func pollLog(into update: inout SessionUpdate) {
    let url = folder.logFile
    guard let identity = FileIdentity(url) else { return }
    if let old = logIdentity, old.inode != identity.inode || identity.size < logOffset {
      logOffset = 0
    }
    logIdentity = identity
    guard identity.size > logOffset, let data = FileIdentity.read(url, from: logOffset),
      let end = data.lastIndex(of: UInt8(ascii: "\n"))
    else { return }
    let whole = data[data.startIndex...end]
    logOffset += UInt64(whole.count)
    update.logLines += whole.split(separator: UInt8(ascii: "\n"))
      .map { String(decoding: $0, as: UTF8.self) }
  }
}

/// Inode and size of a file, to notice growth and atomic replacement.
struct FileIdentity: Equatable {
  var inode: UInt64
  var size: UInt64

  init?(_ url: URL) {
    var info = stat()
    guard stat(url.path, &info) == 0 else { return nil }
    inode = UInt64(info.st_ino)
    size = UInt64(info.st_size)
  }

  /// The bytes of `url` from `offset` to its current end.
  static func read(_ url: URL, from offset: UInt64) -> Data? {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
    defer { try? handle.close() }
    do {
      try handle.seek(toOffset: offset)
      return try handle.readToEnd() ?? Data()
    } catch { return nil }
  }
}
