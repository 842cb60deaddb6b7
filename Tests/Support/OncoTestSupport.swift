import Foundation

/// Locations shared by the tests: the repository root, fixtures, and the optional research data set.
public enum TestPaths {
  /// The repository root (the folder holding Package.swift).
  public static let repository: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        return url
      }
    }
    fatalError("Package.swift not found above \(#filePath)")
  }()

  /// Committed test fixtures (Tests/Fixtures).
  public static var fixtures: URL { repository.appendingPathComponent("Tests/Fixtures") }

  /// ../shared/data/faces-dev when present; nil otherwise (tests then skip and say why).
  public static var facesDev: URL? {
    let url = repository.deletingLastPathComponent().appendingPathComponent("shared/data/faces-dev")
    let manifest = url.appendingPathComponent("manifest.csv").path
    return FileManager.default.fileExists(atPath: manifest) ? url : nil
  }

  /// The message a test gives when it skips for lack of ../shared/data.
  public static let facesDevMissing =
    "../shared/data/faces-dev is absent: this test needs the research face set next to the repository"

  /// The release binary that heavy tests drive: $ONCOFACE_BIN, else .build/release/oncoface.
  public static var releaseBinary: URL? {
    if let path = ProcessInfo.processInfo.environment["ONCOFACE_BIN"] {
      return URL(fileURLWithPath: path)
    }
    let url = repository.appendingPathComponent(".build/release/oncoface")
    return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
  }

  /// A fresh temporary folder, removed by the caller (or left for inspection when a test fails).
  public static func temporaryDirectory(_ name: String = "oncoface-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
