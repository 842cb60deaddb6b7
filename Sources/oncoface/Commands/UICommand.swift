import ArgumentParser
import Foundation
import OncoTUI

/// `oncoface ui` (also `oncoface` alone): the terminal workbench.
struct UICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ui",
    abstract: "Open the terminal workbench (the default command).",
    discussion: """
      Six screens: 1 Data, 2 Train, 3 ROC, 4 Mistakes, 5 Faces, 6 Sessions; `?` lists every \
      key. Without --data it opens the synthetic demo cohort in <sessions>/demo-cohort \
      (written on first use, a few seconds).

      Needs a terminal of at least 60×16 (80×24 or more is best). Honours NO_COLOR; without a \
      UTF-8 locale it draws in ASCII.

      `q` while training asks: `h` keeps the run going headless (a detached `oncoface resume`, \
      output in SESSION/headless.log) after the workbench closes, `s` stops it cleanly.

      Example:
        oncoface ui --data Prepared --sessions Sessions
      """
  )

  @Option(
    name: .long,
    help: ArgumentHelp("A data set: a manifest CSV or a prepared folder.", valueName: "path"))
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
      throw ValidationError(
        "--data \(data): no such file or folder (give a manifest CSV or a prepared folder)")
    }
  }

  func run() throws {
    try MainActor.assumeIsolated {
      var workbench = Workbench()
      workbench.sessions.model = SessionsScreen.Model(folder: sessions, sessions: [])
      let app = try WorkbenchApp(workbench: workbench)
      app.showsTitle = benchTitle
      var options = WorkbenchBackend.Options(
        data: data.map { URL(fileURLWithPath: $0) },
        sessions: URL(fileURLWithPath: sessions))
      let sessionsRoot = URL(fileURLWithPath: sessions).standardizedFileURL
      options.continueHeadless = { session in
        try UICommand.continueHeadless(session, sessions: sessionsRoot)
      }
      let backend = WorkbenchBackend(options: options, sink: app)
      app.onAction = { action, _ in backend.perform(action) }
      app.onQuit = { mode, finish in backend.quit(mode, finish: finish) }
      backend.start()
      CPULoad.start(threads: benchLoad)
      app.run()
    }
  }
}

extension UICommand {
  /// Continues a stopped session in a detached `oncoface resume SESSION` (its own session, so
  /// closing the terminal does not end it), its output appended to SESSION/headless.log.
  static func continueHeadless(_ session: URL, sessions: URL) throws -> WorkbenchBackend.HeadlessRun
  {
    let log = session.appendingPathComponent("headless.log")
    let argv = [
      DetachedProcess.currentExecutable, "resume", session.standardizedFileURL.path,
      "--sessions", sessions.path,
    ]
    return WorkbenchBackend.HeadlessRun(pid: try DetachedProcess.start(argv, log: log), log: log)
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
