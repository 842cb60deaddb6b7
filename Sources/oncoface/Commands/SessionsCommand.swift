import ArgumentParser
import Foundation
import OncoWorkbench

struct SessionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sessions",
    abstract: "List sessions with status, best AUC, epochs and date.",
    discussion: """
      Newest first. A session whose status is `running` but whose process is gone (killed) is \
      shown as `interrupted`: `oncoface resume` continues it. Folders without session.json are \
      ignored; damaged ones are reported on stderr.

      Example:
        oncoface sessions --json
      """
  )

  @Option(help: "The sessions folder.")
  var sessions = "Sessions"

  @Flag(help: "Print the list as one JSON line.")
  var json = false

  func run() throws {
    let listing = SessionStore(root: URL(fileURLWithPath: sessions)).list()
    for problem in listing.problems {
      FileHandle.standardError.write(Data("oncoface sessions: \(problem)\n".utf8))
    }
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      encoder.dateEncodingStrategy = .iso8601
      let rows = listing.sessions.map(Row.init)
      let data = try encoder.encode(["sessions": rows])
      print(String(decoding: data, as: UTF8.self))
      return
    }
    if listing.sessions.isEmpty {
      print("No sessions under \(sessions). Start one with `oncoface train INPUT`.")
      return
    }
    print(SessionsCommand.table(listing.sessions))
  }

  /// The sessions as an aligned text table.
  static func table(_ sessions: [SessionSummary]) -> String {
    var lines = [["SESSION", "STATUS", "EPOCHS", "BEST VAL AUC", "TEST AUC", "MODEL", "CREATED"]]
    for s in sessions {
      let best =
        s.bestValidationAUC.map { String(format: "%.3f", $0) + " @\(s.bestEpoch ?? 0)" } ?? "-"
      lines.append([
        s.id, s.displayStatus, "\(s.epochsDone)/\(s.epochsPlanned)", best,
        s.testAUC.map { String(format: "%.3f", $0) } ?? "-",
        s.model.rawValue + "/" + s.freeze.rawValue,
        ISO8601DateFormatter.string(
          from: s.created, timeZone: .current,
          formatOptions: [
            .withFullDate, .withTime, .withColonSeparatorInTime,
            .withSpaceBetweenDateAndTime,
          ]),
      ])
    }
    let widths = (0..<lines[0].count).map { c in lines.map { $0[c].count }.max() ?? 0 }
    return lines.map { row in
      zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
        .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n")
  }

  /// One session in the JSON list.
  struct Row: Encodable {
    var id: String
    var name: String
    var path: String
    var status: String
    var reason: String?
    var created: Date
    var updated: Date
    var model: String
    var freeze: String
    var epochs_done: Int
    var epochs_planned: Int
    var best_epoch: Int?
    var best_val_auc: Double?
    var test_auc: Double?
    var test_accuracy: Double?

    init(_ s: SessionSummary) {
      id = s.id
      name = s.name
      path = s.folder.url.path
      status = s.displayStatus
      reason = s.reason
      created = s.created
      updated = s.updated
      model = s.model.rawValue
      freeze = s.freeze.rawValue
      epochs_done = s.epochsDone
      epochs_planned = s.epochsPlanned
      best_epoch = s.bestEpoch
      best_val_auc = s.bestValidationAUC
      test_auc = s.testAUC
      test_accuracy = s.testAccuracy
    }
  }
}
