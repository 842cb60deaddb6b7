import Dispatch
import Foundation
import OncoData
import OncoFace
import OncoNN
import OncoWorkbench

/// Opening data sets (the demo cohort, prepared folders, photos to prepare), previews and average faces.
extension WorkbenchBackend {
  func openDemo() {
    let folder = options.demoFolder
    let demo = options.demo
    if DemoCohort.isComplete(at: folder, options: demo) { return load(folder) }
    sink.post { w in
      w.job = JobProgress(
        title: "writing the demo cohort", fraction: 0, detail: SessionReader.displayPath(folder))
      w.data.loading = DataScreen.Loading(
        title: "Writing the demo cohort",
        lines: [
          "\(demo.count) synthetic faces into \(SessionReader.displayPath(folder)); this happens once.",
          "The other screens work meanwhile.",
        ])
    }
    let sink = self.sink
    let throttle = Throttle(interval: 0.1)
    background(
      {
        try DemoCohort.ensure(at: folder, options: demo) { done, total in
          guard throttle.ready() || done == total else { return }
          sink.post { $0.job?.fraction = Double(done) / Double(max(1, total)) }
        }
      },
      then: { [self] result in
        sink.post { $0.job = nil }
        switch result {
        case .success(let folder): load(folder)
        case .failure(let error):
          sink.post { $0.data.loading = nil }
          say("cannot write the demo cohort: \(error)", .bad)
        }
      })
  }

  func load(_ url: URL) {
    background(
      { try DataSet.read(url) },
      then: { [self] result in
        switch result {
        case .success(let set):
          dataSet = set
          let first = set.model.faces.first?.id
          let cohortForm = CohortPanel.form(
            dataSet: set.model.name, labels: set.labels,
            output: SessionReader.displayPath(cohortFile(for: set)))
          sink.post { w in
            w.data.model = set.model
            w.data.table = TableState()
            w.data.cohort = CohortPanel(form: cohortForm)
            w.data.preview = nil
            w.data.loading = nil
            w.message = StatusMessage(
              "opened \(set.model.name): \(set.model.faces.count) faces", role: .good)
            w.train.model.hasData = true
            w.train.model.form.setChoices(set.labels, of: "positive")
            if !set.model.problems.isEmpty {
              w.message = StatusMessage(
                "\(set.model.problems.count) rows left out, e.g. \(set.model.problems[0])",
                role: .warn)
            }
          }
          if let first { loadPreview(first) }
          loadFaces(for: set)
          openNewestSession(of: set)
        case .failure(let error):
          say("cannot open \(url.path): \(error)", .bad)
        }
      })
  }

  func loadPreview(_ id: String) {
    guard let set = dataSet else { return }
    latestPreview = id
    background(
      { set.preview(id: id) },
      then: { [self] result in
        guard latestPreview == id, case .success(let preview) = result else { return }
        sink.post { $0.data.preview = preview }
      })
  }

  func prepare() {
    guard let set = dataSet else { return say("no data set is open", .warn) }
    guard !set.isPrepared else {
      return say("this data set is prepared already (chips, masks, landmarks)", .dim)
    }
    guard job == nil, preparing == nil else {
      return say("a job is running; wait for it or stop it (2, x)", .warn)
    }
    let output = options.sessions.appendingPathComponent(".prepared")
      .appendingPathComponent(SessionReader.safeName(set.model.name))
    let stop = PreparationStop()
    preparing = stop
    let sink = self.sink
    let throttle = Throttle(interval: 0.1)
    sink.post {
      $0.job = JobProgress(
        title: "preparing", fraction: 0, detail: SessionReader.displayPath(output))
    }
    background(
      { () throws -> PreparationSummary in
        let input = try PreparationInput.load(set.url, excluding: output)
        var options = PreparationOptions()
        options.jobs = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return try PreparationJob(input: input, output: output, options: options).run(
          progress: { p in
            guard throttle.ready() || p.done == p.total else { return }
            sink.post { w in
              w.job = JobProgress(
                title: "preparing \(p.done)/\(p.total)",
                fraction: Double(p.done) / Double(max(1, p.total)),
                detail: w.job?.detail ?? "")
            }
          }, shouldStop: { stop.isStopped })
      },
      then: { [self] result in
        preparing = nil
        sink.post { $0.job = nil }
        switch result {
        case .success(let summary):
          say("prepared \(summary.total) photos: \(summary.ok) ok, \(summary.failed) failed", .good)
          load(output)
        case .failure(let error):
          say("preparation stopped: \(error)", .warn)
        }
        if let pendingQuit { pendingQuit(nil) }
      })
  }

  /// Where the Faces screen keeps the averages of a data set: `<sessions>/.faces/<name>`.
  func facesFolder(for set: DataSet) -> URL {
    options.sessions.appendingPathComponent(".faces").appendingPathComponent(
      SessionReader.safeName(set.model.name))
  }

  func loadFaces(for set: DataSet) {
    let folders = [set.url.appendingPathComponent("faces"), facesFolder(for: set)]
    background(
      { try folders.first(where: FacesReader.exists).map(FacesReader.read) },
      then: { [self] result in
        if case .success(let found) = result, let model = found {
          sink.post { $0.faces.model = model }
        }
      })
  }

  func computeFaces() {
    guard let set = dataSet else { return say("open a data set first (screen 1)", .warn) }
    guard set.isPrepared else { return say("prepare the data set first (1, then p)", .warn) }
    let out = facesFolder(for: set)
    let prepared = set.url
    let sink = self.sink
    let throttle = Throttle(interval: 0.1)
    sink.post { w in
      w.job = JobProgress(
        title: "averaging faces", fraction: 0, detail: SessionReader.displayPath(out))
      w.message = StatusMessage(
        "averaging the faces of each group of \(set.model.name)…", role: .dim)
    }
    background(
      { () throws -> FacesScreen.Model in
        // Per-face problems are in the folder's group-comparison.txt summary; they never stop it.
        _ = try FaceAveraging(input: prepared, out: out).run(progress: { done, total, group in
          guard throttle.ready() || done == total else { return }
          sink.post { w in
            w.job = JobProgress(
              title: "averaging \(group) \(done)/\(total)",
              fraction: Double(done) / Double(max(1, total)), detail: w.job?.detail ?? "")
          }
        })
        return try FacesReader.read(out)
      },
      then: { [self] result in
        sink.post { $0.job = nil }
        switch result {
        case .success(let model):
          sink.post { w in
            w.faces.model = model
            w.message = StatusMessage("average faces of \(model.groups.count) groups", role: .good)
          }
        case .failure(let error): say("averaging failed: \(error)", .bad)
        }
      })
  }

  /// Opens the newest session trained on `set` that a headless run is still writing (it is
  /// followed live), else the newest finished one (so ROC and Mistakes show its results at once).
  func openNewestSession(of set: DataSet) {
    let store = self.store
    let path = set.url.standardizedFileURL.path
    background(
      { () -> SessionFolder? in
        let mine = store.list().sessions.filter { summary in
          guard let record = try? summary.folder.readRecord() else { return false }
          return URL(fileURLWithPath: record.config.input).standardizedFileURL.path == path
        }
        let live = mine.first { $0.status == .running && !$0.isInterrupted }
        return (live ?? mine.first { $0.status == .finished })?.folder
      },
      then: { [self] result in
        guard case .success(let found) = result, let folder = found, job == nil, openSession == nil
        else { return }
        open(folder)
      })
  }
}
