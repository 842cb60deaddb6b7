import ArgumentParser
import Foundation
import OncoWorkbench

struct ResumeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "Continue a stopped or killed session.",
    discussion: """
      Continues from the last epoch saved in the session's model.safetensors, with the \
      session's own configuration; an epoch that was in flight when the run was killed is \
      trained again. SESSION is the session folder, its folder name under --sessions, or its \
      name (the newest of that name).

      Example:
        oncoface resume Sessions/20261127-074012-demo
      """
  )

  @Argument(help: "The session to continue.")
  var session: String

  @Option(help: "The sessions folder.")
  var sessions = "Sessions"

  @Flag(help: "End with one JSON summary line on stdout.")
  var json = false

  func run() throws {
    let folder = try SessionStore(root: URL(fileURLWithPath: sessions)).find(session)
    let console = TrainingConsole(json: json)
    let code = console.run { handler in
      TrainingJob(resuming: folder, deliverOn: console.deliveryQueue, handler: handler)
    }
    if code != 0 { throw ExitCode(code) }
  }
}
