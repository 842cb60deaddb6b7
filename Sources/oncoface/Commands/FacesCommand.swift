import ArgumentParser

struct FacesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "faces",
    abstract: "Average faces and landmark (adiposity) measures per group.",
    discussion: "Example:\n  oncoface faces Prepared --out Faces --by label"
  )

  func run() throws { throw NotYetBuilt(command: "faces", issue: 6) }
}
