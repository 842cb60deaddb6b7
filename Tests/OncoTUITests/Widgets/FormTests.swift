import OncoTUI
import XCTest

final class FormTests: XCTestCase {
  func testStepsThroughChoicesIntegersAndPresets() {
    let model = FormField("m", label: "model", value: "b", kind: .choice(["a", "b", "c"]))
    XCTAssertEqual(model.stepped(1), "c")
    XCTAssertEqual(
      FormField("m", label: "model", value: "c", kind: .choice(["a", "b", "c"])).stepped(1), "a")
    let epochs = FormField("e", label: "epochs", value: "2", kind: .integer(1...10, step: 1))
    XCTAssertEqual(epochs.stepped(-1), "1")
    XCTAssertEqual(
      FormField("e", label: "epochs", value: "1", kind: .integer(1...10, step: 1)).stepped(-1), "1")
    let lr = FormField(
      "lr", label: "lr", value: "3e-4", kind: .number(1e-6...1, presets: [1e-4, 3e-4, 1e-3]))
    XCTAssertEqual(lr.stepped(1), "1e-3")
    XCTAssertEqual(lr.stepped(-1), "1e-4")
  }

  func testTypedValuesAreCheckedAndExplained() {
    let epochs = FormField("e", label: "epochs", value: "5", kind: .integer(1...500, step: 1))
    XCTAssertEqual(epochs.validate(" 12 "), .success("12"))
    guard case .failure(let error) = epochs.validate("many") else {
      return XCTFail("accepted 'many'")
    }
    XCTAssertEqual(error.description, "epochs: expected a whole number from 1 to 500")
    let dropout = FormField(
      "d", label: "dropout", value: "0.5", kind: .number(0...0.95, presets: []))
    XCTAssertEqual(dropout.validate("0.25"), .success("0.25"))
    XCTAssertEqual(FormField.format(0.002), "2e-3")
    if case .success = dropout.validate("1.5") { XCTFail("dropout 1.5 accepted") }
    if case .success = dropout.validate("nan") { XCTFail("dropout nan accepted") }
  }

  func testEditingAFieldWithKeys() {
    var form = TrainScreen.defaultForm
    XCTAssertTrue(form.handle(.down))
    XCTAssertTrue(form.handle(.down))
    XCTAssertEqual(form.fields[form.focus].name, "epochs")
    XCTAssertTrue(form.handle(.enter))
    for ch in "12" { _ = form.handle(.character(ch)) }
    XCTAssertEqual(form.editing, "12")
    _ = form.handle(.enter)
    XCTAssertEqual(form["epochs"], "12")
    _ = form.handle(.enter)
    for ch in "x" { _ = form.handle(.character(ch)) }
    _ = form.handle(.enter)
    XCTAssertEqual(form["epochs"], "12", "a bad value leaves the old one")
    XCTAssertNotNil(form.error)
    _ = form.handle(.right)
    XCTAssertEqual(form["epochs"], "13")
    XCTAssertNil(form.error)
    XCTAssertFalse(form.handle(.character("s")), "s is not a form key")
  }

  func testLockedFormIgnoresChanges() {
    var form = TrainScreen.defaultForm
    _ = form.handle(.right, enabled: false)
    _ = form.handle(.enter, enabled: false)
    XCTAssertEqual(form["model"], "dlib-face")
    XCTAssertNil(form.editing)
  }
}
