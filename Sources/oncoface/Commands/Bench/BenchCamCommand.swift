import ArgumentParser

struct BenchCamCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cam",
    abstract: "Grad-CAM + guided backprop time per face.",
    discussion: "Example:\n  oncoface bench cam --model dlib-face"
  )

  func run() throws { throw NotYetBuilt(command: "bench cam", issue: 6) }
}
