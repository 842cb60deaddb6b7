import ArgumentParser

/// The `oncoface` executable: the TUI when no command is given, headless commands otherwise.
@main
struct OncoFaceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "oncoface",
    abstract: "A terminal workbench for face-image cancer-screening research.",
    discussion: """
      With no command, opens the workbench (the TUI) on the built-in demo cohort. Every long \
      command shows progress on stderr; with --json its last stdout line is one JSON object.

      Examples:
        oncoface                                   open the workbench on the demo cohort
        oncoface demo --out Demo                   write the synthetic demo cohort
        oncoface prepare photos.csv --out Prepared detect, align and mask every face
        oncoface cohort --cases cases.csv --pool pool.csv --out cohort.csv
        oncoface train Prepared --epochs 5         train a session (transfer learning)
        oncoface cam Sessions/20261127-074012-demo Grad-CAM PNGs for the mistakes
        oncoface bench train --model resnet18      one JSON line of speed figures
      """,
    subcommands: [
      UICommand.self, DemoCommand.self, PrepareCommand.self, CohortCommand.self, TrainCommand.self,
      ResumeCommand.self, PredictCommand.self, CamCommand.self, FacesCommand.self,
      SessionsCommand.self, BenchCommand.self,
    ],
    defaultSubcommand: UICommand.self
  )
}
