import Dispatch
import Foundation
import OncoData
import OncoFace
import OncoNN
import OncoWorkbench

/// Building a matched cohort from the Data screen's form.
extension WorkbenchBackend {
  /// Where the cohort panel writes a cohort of `set` by default: `<sessions>/cohorts/<name>/cohort.csv`.
  func cohortFile(for set: DataSet) -> URL {
    options.sessions.appendingPathComponent("cohorts").appendingPathComponent(
      SessionReader.safeName(set.model.name)
    )
    .appendingPathComponent(SessionReader.safeName(set.model.name) + "-matched.csv")
  }

  func buildCohort(_ values: [String: String]) {
    guard let set = dataSet else {
      sink.post { $0.data.cohort.stage = .form }
      return say("open a data set first", .warn)
    }
    let url = set.url
    background(
      { () throws -> CohortReport in
        try CohortBuilder(values: values, dataSet: set.model.name, labels: set.labels).build(
          dataSet: url)
      },
      then: { [self] result in
        switch result {
        case .success(let report):
          sink.post { w in
            w.data.cohort.stage = .report(report)
            w.data.cohort.scroll = 0
            w.message = StatusMessage(
              "wrote \(report.cohort.display): \(report.title.dropFirst("Matched cohort · ".count))"
                + (w.data.cohort.isOpen ? "" : " · c shows the report"),
              role: report.balanced ? .good : .warn)
          }
        case .failure(let error):
          sink.post { w in
            w.data.cohort.stage = .form
            w.data.cohort.error = "\(error)"
            w.message = StatusMessage("no cohort: \(error)", role: .bad)
          }
        }
      })
  }
}
