import ArgumentParser
import Foundation
import OncoTUI

/// `oncoface ui` (also `oncoface` alone): the terminal workbench.
struct UICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ui",
    abstract: "Open the terminal workbench (the default command).",
    discussion: """
      Six screens: 1 Data, 2 Train, 3 ROC, 4 Mistakes, 5 Faces, 6 Sessions; `?` lists every key.
      Needs a terminal of at least 60×16 (80×24 or more is best). Honours NO_COLOR; without a UTF-8
      locale it draws in ASCII.

      Example:
        oncoface ui --data Prepared --sessions Sessions
      """
  )

  @Option(name: .long, help: ArgumentHelp("A data set: a manifest CSV or a prepared folder.", valueName: "path"))
  var data: String?

  @Option(name: .long, help: ArgumentHelp("The folder that holds the sessions.", valueName: "dir"))
  var sessions: String = "Sessions"

  /// Threads that burn CPU beside the workbench, to measure key latency under load (bench ui).
  @Option(name: .customLong("bench-load"), help: .hidden)
  var benchLoad: Int = 0

  /// Writes the screen name as the window title after each frame (bench ui watches for it).
  @Flag(name: .customLong("bench-title"), help: .hidden)
  var benchTitle = false

  func validate() throws {
    if let data, !FileManager.default.fileExists(atPath: data) {
      throw ValidationError("--data \(data): no such file or folder (give a manifest CSV or a prepared folder)")
    }
  }

  func run() throws {
    try MainActor.assumeIsolated {
      var workbench = Workbench()
      workbench.sessions.model = SessionsScreen.Model(folder: sessions, sessions: [])
      if let data {
        workbench.message = StatusMessage(
          "reading \(data) needs OncoData's manifest reader, which is not in this build yet", role: .warn)
      }
      let app = try WorkbenchApp(workbench: workbench)
      app.showsTitle = benchTitle
      CPULoad.start(threads: benchLoad)
      app.run()
    }
  }
}

/// Busy threads at utility priority, standing in for a training job in latency measurements.
enum CPULoad {
  static func start(threads: Int) {
    for _ in 0..<max(0, threads) {
      Thread.detachNewThread {
        Thread.current.qualityOfService = .utility
        var x = [Float](repeating: 1.0001, count: 4096)
        while true {
          for i in x.indices { x[i] = x[i] * 1.0001 + 1e-7 }
          if x[0] > 1e30 { x = [Float](repeating: 1.0001, count: 4096) }
        }
      }
    }
  }
}
