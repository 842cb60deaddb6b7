import ArgumentParser

struct CamCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cam",
    abstract: "Grad-CAM, guided backprop and guided Grad-CAM PNGs with region shares.",
    discussion: "Example:\n  oncoface cam Sessions/20261127-074012-demo --misclassified"
  )

  func run() throws { throw NotYetBuilt(command: "cam", issue: 6) }
}
