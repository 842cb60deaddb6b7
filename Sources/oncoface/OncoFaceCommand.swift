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

      Examples (one per command; `oncoface help COMMAND` says more):
        oncoface                                  the workbench on the demo cohort
        oncoface demo --out Demo                  write the synthetic demo cohort
        oncoface prepare photos.csv --out Prep    detect, align and mask the faces
        oncoface cohort --cases c.csv --pool p.csv --out cohort.csv
        oncoface train Prep --epochs 5            train a session (transfer learning)
        oncoface resume Sessions/NAME             continue a stopped or killed run
        oncoface predict NAME new.csv --out p.csv apply a session to new photos
        oncoface cam Sessions/NAME                Grad-CAM PNGs of the mistakes
        oncoface faces Prep --out Faces           average faces, landmark measures
        oncoface sessions                         list the sessions
        oncoface bench train --model resnet18     a speed figure as one JSON line
      """,
    subcommands: [
      UICommand.self, DemoCommand.self, PrepareCommand.self, CohortCommand.self, TrainCommand.self,
      ResumeCommand.self, PredictCommand.self, CamCommand.self, FacesCommand.self,
      SessionsCommand.self, BenchCommand.self,
    ],
    defaultSubcommand: UICommand.self
  )
}
