import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One photo to prepare: its file, its id, and the input row it came from.
public struct PreparationItem: Sendable, Equatable {
  /// The unique, filesystem-safe id (`PhotoIdentifier`): chips/<id>.png.
  public var id: String
  /// The path as the input gave it (manifest cell, or relative to the folder), for messages.
  public var path: String
  /// The file's absolute path as raw bytes (Linux names need not be UTF-8).
  public var fileBytes: [UInt8]
  /// The input row's values, one per `PreparationInput.columns`.
  public var values: [String]
  /// Why the input row itself is unusable (a manifest row the reader left out); nil when fine.
  public var problem: String?
}

/// What `prepare` reads: a manifest CSV, or a folder of photos.
///
/// - A CSV file (or a folder holding `manifest.csv`) is read with `Manifest` (RFC 4180; `path` or
/// `file` column). Its rows are kept as they are; rows the manifest reader leaves out (bad quoting,
///   unknown sex…) still become items, with `problem` saying why, so prepared.csv has one row per
///   input row. Files are not checked here: a missing one is reported when it is read.
/// - Any other folder: every `.jpg`, `.jpeg` and `.png` file below it (any case, recursively,
///   hidden entries and symbolic links to folders skipped), in byte order of the names. Columns
///   `path` (relative to the folder) and `label` (the first sub-folder's name; empty for files at
///   the top).
public struct PreparationInput: Sendable {
  /// The CSV file or folder read.
  public var source: URL
  /// The input's column names, in order.
  public var columns: [String]
  public var items: [PreparationItem]

  public init(source: URL, columns: [String], items: [PreparationItem]) {
    self.source = source
    self.columns = columns
    self.items = items
  }

  /// Reads a manifest CSV or a folder, as described above. A folder listing skips `excluding`
  /// (the output folder, when it lies inside the photos' folder).
  public static func load(_ url: URL, excluding: URL? = nil) throws -> PreparationInput {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
      throw CSVError.cannotRead(file: url.path, reason: "no such file or folder")
    }
    if !isFolder.boolValue { return try manifest(url) }
    let inner = url.appendingPathComponent("manifest.csv")
    if FileManager.default.fileExists(atPath: inner.path) { return try manifest(inner) }
    return try folder(url, excluding: excluding)
  }

  static func manifest(_ url: URL) throws -> PreparationInput {
    let csv = try CSVFile(contentsOf: url)
    let manifest = try Manifest(csv: csv, source: url, options: ManifestOptions(checkFiles: false))
    let columns = manifest.columns
    var byLine: [Int: (ManifestRow?, [ManifestIssue])] = [:]
    for row in manifest.rows { byLine[row.line] = (row, []) }
    for issue in manifest.issues { byLine[issue.line, default: (nil, [])].1.append(issue) }
    var ids = PhotoIdentifier()
    var items: [PreparationItem] = []
    for record in csv.records {
      guard let (row, issues) = byLine[record.line] else { continue }  // blank lines
      if let row {
        items.append(PreparationItem(
          id: ids.make(stem: PhotoIdentifier.stem(ofFileName: row.url.lastPathComponent)),
          path: row.path, fileBytes: Array(row.url.path.utf8), values: row.values))
      } else {
        // Keep what the row held, fitted to the header, and say why it is not used.
        var values = Array(record.fields.prefix(columns.count))
        values += Array(repeating: "", count: columns.count - values.count)
        let pathIndex = ManifestField.path.headerNames.lazy
          .compactMap { Manifest.columnIndex($0, in: columns) }.first ?? 0
        let path = values[pathIndex].trimmingCharacters(in: .whitespaces)
        let name = (path as NSString).lastPathComponent
        let stem = PhotoIdentifier.stem(ofFileName: name.isEmpty ? "row\(record.line)" : name)
        items.append(PreparationItem(
          id: ids.make(stem: stem),
          path: path, fileBytes: [], values: values,
          problem: "manifest line \(record.line): "
            + issues.map { "\($0.reason): \($0.detail)" }.joined(separator: "; ")))
      }
    }
    return PreparationInput(source: url, columns: columns, items: items)
  }

  static func folder(_ url: URL, excluding: URL? = nil) throws -> PreparationInput {
    let root = Array(url.standardizedFileURL.path.utf8)
    var relative: [[UInt8]] = []
    let skip = excluding.map { Array($0.standardizedFileURL.path.utf8) }
    try walk(root, prefix: [], skip: skip, into: &relative)
    var ids = PhotoIdentifier()
    let items = relative.map { rel -> PreparationItem in
      let parts = rel.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
      let label = parts.count > 1 ? String(decoding: parts[0], as: UTF8.self) : ""
      let path = String(decoding: rel, as: UTF8.self)
      let name = String(decoding: parts.last ?? [], as: UTF8.self)
      return PreparationItem(id: ids.make(stem: PhotoIdentifier.stem(ofFileName: name)), path: path,
                             fileBytes: root + [UInt8(ascii: "/")] + rel, values: [path, label])
    }
    return PreparationInput(source: url, columns: ["path", "label"], items: items)
  }

  /// Lists image files below `folder` (raw bytes), depth first, names in byte order.
  private static func walk(_ folder: [UInt8], prefix: [UInt8], skip: [UInt8]?,
                           into files: inout [[UInt8]]) throws {
    let path = folder + (prefix.isEmpty ? [] : [UInt8(ascii: "/")] + prefix)
    if let skip, path == skip { return }
    guard let dir = (path + [0]).withUnsafeBufferPointer({
      $0.withMemoryRebound(to: CChar.self) { opendir($0.baseAddress!) }
    }) else {
      throw CSVError.cannotRead(file: String(decoding: path, as: UTF8.self),
                                reason: String(cString: strerror(errno)))
    }
    defer { closedir(dir) }
    var entries: [(name: [UInt8], isFolder: Bool)] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
      guard let first = name.first, first != UInt8(ascii: ".") else { continue }
      let full = path + [UInt8(ascii: "/")] + name
      var info = stat()
      let isFolder = (full + [0]).withUnsafeBufferPointer {
        $0.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &info) }
      } == 0 && (info.st_mode & S_IFMT) == S_IFDIR
      entries.append((name, isFolder))
    }
    for entry in entries.sorted(by: { $0.name.lexicographicallyPrecedes($1.name) }) {
      let rel = prefix.isEmpty ? entry.name : prefix + [UInt8(ascii: "/")] + entry.name
      if entry.isFolder {
        try walk(folder, prefix: rel, skip: skip, into: &files)
      } else if let dot = entry.name.lastIndex(of: UInt8(ascii: ".")),
                Manifest.imageExtensions.contains(
                  String(decoding: entry.name[(dot + 1)...], as: UTF8.self).lowercased())
      {
        files.append(rel)
      }
    }
  }
}
