// swift-tools-version:5.3
// OncoFace's libFuzzer targets: one binary per file reader, built only by `make fuzz` (.ci/fuzz):
//   swift build --package-path Fuzz --scratch-path .build-fuzz -c release \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// Each target is one `LLVMFuzzerTestOneInput` calling `FuzzTarget.<case>.fuzz`; the readers and
// their checks live in the main package (Fuzz/Entries, module OncoFuzzEntries), where the
// regression test replays Tests/Fixtures/fuzz/ through the same functions. This package is never
// part of `make build` or `make test`.
//
// Tools version 5.3 on purpose (as swift-protobuf's FuzzTesting): from 5.5 on, SwiftPM renames an
// executable's `main` so that tests can link it, and the link then looks for a `<module>_main` that
// a libFuzzer target (whose `main` is libFuzzer's) does not have.
import PackageDescription

let targets = [
  "fuzz-manifest", "fuzz-image", "fuzz-safetensors", "fuzz-dlib-model", "fuzz-session-json",
  "fuzz-metrics-jsonl",
]

let package = Package(
  name: "OncoFaceFuzz",
  dependencies: [.package(name: "OncoFace", path: "..")],
  targets: targets.map { name in
    .target(
      name: name,
      dependencies: [.product(name: "OncoFuzzEntries", package: "OncoFace")],
      path: "Targets/\(name)")
  }
)
