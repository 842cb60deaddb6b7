import Foundation

/// The progress of a running job as the status line shows it.
public struct JobProgress: Equatable, Sendable {
  /// What is being done, e.g. `epoch 4/5` or `prepare 120/600`.
  public var title: String
  /// 0…1 of the current step.
  public var fraction: Double
  public var imagesPerSecond: Double?
  public var secondsRemaining: Double?
  /// Where the job writes (a session folder), shown when there is room.
  public var detail: String

  public init(
    title: String, fraction: Double, imagesPerSecond: Double? = nil,
    secondsRemaining: Double? = nil, detail: String = ""
  ) {
    self.title = title
    self.fraction = fraction
    self.imagesPerSecond = imagesPerSecond
    self.secondsRemaining = secondsRemaining
    self.detail = detail
  }
}

/// A one-line message for the status line (the result of the last action).
public struct StatusMessage: Equatable, Sendable {
  public var text: String
  public var role: Role

  public init(_ text: String, role: Role = .text) {
    self.text = text
    self.role = role
  }
}

/// The line above the key bar: the running job with a progress bar, rate and ETA on every screen;
/// the answer to the last key (or news from the background) takes its place until the next key,
/// the job then shrinking to its title and percentage at the right end.
///
/// ```
///  epoch 4/5 ██████████████▋░░░░░░░░░  62%  118 img/s  ETA 0:09  Sessions/20261127-074012-demo
///  the form is locked while the run goes (x stops it)                              epoch 4/5 62%
/// ```
public struct StatusLine {
  public var job: JobProgress?
  public var message: StatusMessage?

  public init(job: JobProgress? = nil, message: StatusMessage? = nil) {
    self.job = job
    self.message = message
  }

  public func draw(on surface: Surface) {
    surface.fill()
    if let message {
      var room = surface.width
      if let job {
        let summary = String(format: "%@ %.0f%% ", job.title, min(1, max(0, job.fraction)) * 100)
        if surface.width - summary.terminalWidth >= 30 {
          room -= summary.terminalWidth + 1
          surface.text(summary, x: room + 1, y: 0, role: .heading)
        }
      }
      surface.text(" " + message.text, x: 0, y: 0, role: message.role, width: room)
      return
    }
    guard let job else { return }
    var x = surface.text(" " + job.title + " ", x: 0, y: 0, role: .heading)
    let gaugeWidth = max(8, min(30, surface.width / 4))
    Gauge(job.fraction).draw(on: surface, x: x, y: 0, width: min(gaugeWidth, surface.width - x))
    x += gaugeWidth
    var figures = String(format: " %3.0f%%", min(1, max(0, job.fraction)) * 100)
    if let rate = job.imagesPerSecond { figures += String(format: "  %.0f img/s", rate) }
    if let eta = job.secondsRemaining { figures += "  ETA " + StatusLine.clock(eta) }
    x += surface.text(figures, x: x, y: 0)
    if !job.detail.isEmpty, surface.width - x > 12 {
      surface.text("  " + job.detail, x: x, y: 0, role: .dim)
    }
  }

  /// Seconds as m:ss or h:mm:ss.
  public static func clock(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "–" }
    let s = Int(seconds.rounded())
    return s >= 3600
      ? String(format: "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
      : String(format: "%d:%02d", s / 60, s % 60)
  }
}
