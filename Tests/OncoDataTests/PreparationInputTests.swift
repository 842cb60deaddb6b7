import Foundation
import OncoImage
import OncoTestSupport
import XCTest

@testable import OncoData

final class PreparationInputTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws { folder = try TestPaths.temporaryDirectory("prep-input") }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

  private func touch(_ relative: String) throws {
    let url = folder.appendingPathComponent(relative)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(),
      withIntermediateDirectories: true)
    try Data("x".utf8).write(to: url)
  }

  func testFolderListsEveryImageBelowItWithTheSubFolderAsLabel() throws {
    for file in [
      "top.png", "case/a.jpg", "control/a.JPG", "control/deep/b.jpeg", "notes.txt",
      ".hidden.jpg", "case/.DS_Store",
    ] {
      try touch(file)
    }
    try touch("Prepared/chips/old.png")  // the output folder of an earlier run is not input
    let input = try PreparationInput.load(
      folder,
      excluding: folder.appendingPathComponent("Prepared"))
    XCTAssertEqual(input.columns, ["path", "label"])
    XCTAssertEqual(
      input.items.map(\.path),
      ["case/a.jpg", "control/a.JPG", "control/deep/b.jpeg", "top.png"])
    XCTAssertEqual(input.items.map { $0.values[1] }, ["case", "control", "control", ""])
    XCTAssertEqual(input.items.map(\.id), ["a", "a-2", "b", "top"])
    XCTAssertTrue(input.items.allSatisfy { $0.problem == nil })
  }

  func testNonUTF8NamesAreListedByTheirBytes() throws {
    let name: [UInt8] = [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72] + Array(".png".utf8)  // Latin-1 Müller
    let path = Array(folder.path.utf8) + [0x2F] + name
    let fd = (path + [0]).withUnsafeBufferPointer {
      $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
    }
    XCTAssertGreaterThanOrEqual(fd, 0)
    close(fd)
    let input = try PreparationInput.load(folder)
    let item = try XCTUnwrap(input.items.first)
    XCTAssertEqual(item.fileBytes, path)
    XCTAssertEqual(item.id, "M_ller")
    XCTAssertTrue(item.path.contains("\u{FFFD}"))  // shown with a replacement character
  }

  func testEveryManifestRowBecomesAnItemEvenWhenTheReaderLeavesItOut() throws {
    let csv = """
      path,sex,age
      a.jpg,F,40
      b.jpg,x,41
      missing.jpg,M,50

      """
    let manifest = folder.appendingPathComponent("photos.csv")
    try Data(csv.utf8).write(to: manifest)
    try touch("a.jpg")
    try touch("b.jpg")
    let input = try PreparationInput.load(manifest)
    XCTAssertEqual(input.columns, ["path", "sex", "age"])
    XCTAssertEqual(input.items.map(\.id), ["a", "b", "missing"])
    XCTAssertNil(input.items[0].problem)
    XCTAssertTrue(input.items[1].problem?.contains("manifest line 3: unknown sex") == true)
    XCTAssertEqual(input.items[1].values, ["b.jpg", "x", "41"])
    XCTAssertNil(input.items[2].problem)  // reported when it is read
    XCTAssertEqual(
      String(decoding: input.items[0].fileBytes, as: UTF8.self),
      folder.appendingPathComponent("a.jpg").standardizedFileURL.path)
  }

  func testIdentifiersAreSafeAndUnique() {
    var ids = PhotoIdentifier()
    XCTAssertEqual(ids.make(stem: "Anna Müller"), "Anna_M_ller")
    XCTAssertEqual(ids.make(stem: "anna_m_ller"), "anna_m_ller-2")
    XCTAssertEqual(ids.make(stem: ".secret"), "_secret")
    XCTAssertEqual(ids.make(stem: "../../etc/passwd"), "_._.._etc_passwd")
    XCTAssertEqual(ids.make(stem: ""), "photo")
    XCTAssertEqual(ids.make(stem: String(repeating: "x", count: 300)).count, 80)
    XCTAssertEqual(PhotoIdentifier.stem(ofFileName: "1_0_0_1.jpg.chip.jpg"), "1_0_0_1.jpg.chip")
    XCTAssertEqual(PhotoIdentifier.stem(ofFileName: ".jpg"), ".jpg")
  }

  func testContentKeysAreSHA256() {
    XCTAssertEqual(
      SHA256.hex(Data("abc".utf8)),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertEqual(
      SHA256.hex(Data()),
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    XCTAssertEqual(
      SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    var chunked = SHA256()  // the same digest whether fed at once or in odd pieces
    let text = Data((0..<1000).map { UInt8($0 % 251) })
    for start in stride(from: 0, to: 1000, by: 37) {
      chunked.update(text[start..<min(start + 37, 1000)])
    }
    XCTAssertEqual(chunked.finish().map { String(format: "%02x", $0) }.joined(), SHA256.hex(text))
  }
}
