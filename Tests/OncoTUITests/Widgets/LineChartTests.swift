import OncoTUI
import XCTest

final class LineChartTests: XCTestCase {
  private var chart: LineChart {
    var chart = LineChart(series: [
      .init(name: "train", points: [(1, 0.61), (2, 0.42), (3, 0.31), (4, 0.26)]),
      .init(name: "val", points: [(1, 0.54), (2, 0.39), (3, 0.30), (4, 0.32)]),
    ])
    chart.xTicks = .integers
    chart.marks = [LineChart.Mark(x: 3, y: 0.30, label: "best @ 3")]
    return chart
  }

  func testChartWithAxesTicksAndBestMark() {
    let c = canvas(40, 10)
    chart.draw(on: c.surface)
    XCTAssertTrue(c.text.contains("0.61┤"), "top label is the data's maximum")
    XCTAssertTrue(c.text.contains("0.26┤"), "bottom label is the data's minimum")
    XCTAssertTrue(c.text.contains("★ best @ 3"))
    assertSnapshot(c, named: "chart-40x10")
  }

  func testASCIIChart() {
    let c = canvas(40, 10, .asciiColour)
    chart.draw(on: c.surface)
    XCTAssertTrue(c.text.unicodeScalars.allSatisfy(\.isASCII))
    assertSnapshot(c, named: "chart-ascii-40x10")
  }

  func testMonochromeChartDashesTheSecondSeries() {
    let c = canvas(40, 10, .monochromeUTF8)
    chart.draw(on: c.surface)
    assertSnapshot(c, named: "chart-monochrome-40x10", roles: true)
    let legend = chart.legend(for: .monochromeUTF8).map(\.text).joined()
    XCTAssertEqual(legend, "━━ train  ╍╍ val")
  }

  func testFlatSeriesIsPaddedAndASinglePointIsVisible() {
    var chart = LineChart(series: [.init(name: "AUC", points: [(1, 0.9)])])
    chart.xTicks = .integers
    let (xs, ys) = (chart.xRange, chart.yRange)
    XCTAssertNil(xs)
    XCTAssertNil(ys)
    let c = canvas(20, 6)
    chart.draw(on: c.surface)
    let braille = c.text.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }
    XCTAssertFalse(braille.isEmpty, "one epoch still shows as a dot")
    XCTAssertTrue(
      c.text.contains("1.40┤") && c.text.contains("0.40┤"), "a flat range is padded by ±0.5")
  }

  func testTinySurfaceDrawsNothingAndDoesNotCrash() {
    let c = canvas(5, 2)
    chart.draw(on: c.surface)
    XCTAssertEqual(c.text, "     \n     ")
  }
}
