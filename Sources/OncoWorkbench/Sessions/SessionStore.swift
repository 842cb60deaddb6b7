import Foundation

/// The Sessions/ folder: creates new session folders and lists the existing ones.
///
///     let store = SessionStore(root: URL(fileURLWithPath: "Sessions"))
///     let session = try store.create(name: "sex-proxy", config: config, requiredBytes: 200 << 20)
///     for summary in store.list().sessions { print(summary.id, summary.displayStatus) }
public struct SessionStore: Sendable {
  public let root: URL

  public init(root: URL) {
    self.root = root.standardizedFileURL
  }

  /// `Sessions` in the current folder, the default of every command.
  public static var defaultRoot: URL {
    URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
      "Sessions")
  }

  /// Creates `<root>/<yyyyMMdd-HHmmss>-<name>/` with its session.json (status `running`).
  ///
  /// Fails before anything is trained, with `FileError.readOnly` or `.diskFull`, when the folder
  /// cannot be written or has less than `requiredBytes` free (pass what the run's checkpoints will
  /// need). Two sessions created in the same second get distinct folders (`…-name-2`).
  public func create(
    name: String, config: TrainingConfig, requiredBytes: Int64 = 0, now: Date = Date()
  ) throws(SessionError) -> (SessionFolder, SessionRecord) {
    do { try Directory.create(root) } catch { throw .file(error) }
    guard Directory.isWritable(root) else { throw .file(.readOnly(path: root.path)) }
    if requiredBytes > 0, let available = AtomicFile.availableBytes(at: root),
      available < requiredBytes
    {
      throw .file(.diskFull(path: root.path, needed: requiredBytes, available: available))
    }
    let base = LocalTime.folderStamp(now) + "-" + SessionStore.safeName(name)
    var folder = SessionFolder(url: root.appendingPathComponent(base))
    var attempt = 1
    while true {
      let created: Bool
      do { created = try Directory.createNew(folder.url) } catch { throw .file(error) }
      if created { break }
      attempt += 1
      folder = SessionFolder(url: root.appendingPathComponent(base + "-\(attempt)"))
    }
    let record = SessionRecord(name: name, config: config, created: now)
    do { try folder.writeRecord(record, now: now) } catch {
      try? FileManager.default.removeItem(at: folder.url)
      throw .file(error)
    }
    return (folder, record)
  }

  /// The sessions under the root, newest first; folders without session.json (the demo cohort,
  /// other files) are ignored, damaged ones are reported in `problems` and do not hide the others.
  public func list() -> SessionListing {
    var listing = SessionListing()
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: root.path) else {
      return listing
    }
    for name in names.sorted() where !name.hasPrefix(".") {
      let folder = SessionFolder(url: root.appendingPathComponent(name))
      guard FileManager.default.fileExists(atPath: folder.recordFile.path) else { continue }
      do {
        listing.sessions.append(SessionSummary(folder: folder, record: try folder.readRecord()))
      } catch {
        listing.problems.append(error)
      }
    }
    listing.sessions.sort { ($0.created, $0.id) > ($1.created, $1.id) }
    return listing
  }

  /// Finds a session from what a user typed: a folder path, a folder name under the root, or a
  /// session name (the newest session of that name).
  public func find(_ text: String) throws(SessionError) -> SessionFolder {
    let candidates = [URL(fileURLWithPath: text), root.appendingPathComponent(text)]
    for url in candidates
    where FileManager.default.fileExists(atPath: url.appendingPathComponent("session.json").path) {
      return SessionFolder(url: url)
    }
    if let match = list().sessions.first(where: { $0.name == text }) { return match.folder }
    throw .notASession(path: text)
  }

  /// `name` reduced to letters, digits, `.`, `_` and `-` (anything else becomes `-`), never empty.
  static func safeName(_ name: String) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    let mapped = String(name.map { allowed.contains($0) ? $0 : "-" })
      .trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
    return mapped.isEmpty ? "session" : String(mapped.prefix(64))
  }
}

/// What `SessionStore.list()` found.
public struct SessionListing: Sendable {
  public var sessions: [SessionSummary] = []
  /// Session folders whose session.json could not be read, with the reason.
  public var problems: [SessionError] = []
}
