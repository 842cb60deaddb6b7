import Foundation

extension Manifest {
  /// The image file extensions a folder data set picks up (any case).
  public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png"]

  /// Reads a folder with one sub-folder of images per label (`folder/case/a.jpg`,
  /// `folder/control/b.png`): the sub-folder's name is the label. Hidden entries and files that are not
  /// JPEG or PNG by extension are ignored; both levels are listed in name order, so the row order is
  /// stable. Such a data set has no sex, age or subject, so requiring them is an error.
  public init(folder: URL, options: ManifestOptions = ManifestOptions()) throws {
    let fm = FileManager.default
    let columns = ["path", "label"]
    if let name = options.labelColumn, !ManifestField.label.headerNames.contains(name.lowercased())
    {
      throw ManifestError.unknownLabelColumn(file: folder.path, name: name, columns: columns)
    }
    if let field = options.required.subtracting([.path, .label]).sorted(by: {
      $0.rawValue < $1.rawValue
    })
    .first {
      throw ManifestError.missingColumn(file: folder.path, field: field, columns: columns)
    }
    func visible(_ url: URL) throws -> [URL] {
      try fm.contentsOfDirectory(at: url, includingPropertiesForKeys: [.isDirectoryKey])
        .filter { !$0.lastPathComponent.hasPrefix(".") }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
    func isFolder(_ url: URL) -> Bool {
      (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true
    }
    let labelFolders: [URL]
    do {
      labelFolders = try visible(folder).filter(isFolder)
    } catch {
      throw CSVError.cannotRead(file: folder.path, reason: CSVFile.reason(error))
    }
    var rows: [ManifestRow] = []
    for labelFolder in labelFolders {
      let label = labelFolder.lastPathComponent
      let files: [URL]
      do {
        files = try visible(labelFolder).filter {
          Manifest.imageExtensions.contains($0.pathExtension.lowercased()) && !isFolder($0)
        }
      } catch {
        throw CSVError.cannotRead(file: labelFolder.path, reason: CSVFile.reason(error))
      }
      for file in files {
        let path = label + "/" + file.lastPathComponent
        rows.append(
          ManifestRow(
            line: rows.count + 1, path: path, url: file.standardizedFileURL,
            label: label, columns: columns, values: [path, label]))
      }
    }
    guard !rows.isEmpty else { throw ManifestError.notADataSet(path: folder.path) }
    self.init(
      source: folder, folder: folder, columns: columns, labelColumn: "label", rows: rows,
      issues: [])
  }
}
