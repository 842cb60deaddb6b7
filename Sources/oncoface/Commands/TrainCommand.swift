import ArgumentParser

struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a session (transfer learning from dlib's face ResNet by default).",
    discussion: "Example:\n  oncoface train Prepared --label-column sex --positive F"
  )

  func run() throws { throw NotYetBuilt(command: "train", issue: 5) }
}
