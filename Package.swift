// swift-tools-version:6.0
// OncoFace: a Swift terminal workbench for face-image cancer-screening research.
// Layers (a lower layer never imports a higher one), see ../shared/DESIGN.md:
//   oncoface → OncoTUI → OncoWorkbench → OncoData → OncoFace → OncoNN / OncoStats / OncoImage → C layer
import PackageDescription

/// Numeric targets are optimised even in debug builds: a debug convolution is ~50× slower, and the unit
/// tests run the real kernels.
let numericSwift: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

/// The engine's hot loops also drop overflow checks in release builds; shape errors are thrown before
/// any loop runs, so no check that guards user input is lost. On x86-64 the engine is compiled for
/// x86-64-v3 (AVX2 + FMA: any x86-64 CPU since 2013–2015, Intel Haswell / AMD Excavator and Zen):
/// its SIMD8 transforms then use 256-bit registers (docs/DECISIONS.md).
#if arch(x86_64)
  let engineCPU: [String] = ["-Xcc", "-march=x86-64-v3"]
#else
  let engineCPU: [String] = []
#endif
let engineSwift: [SwiftSetting] = [
  .unsafeFlags(["-O"] + engineCPU, .when(configuration: .debug)),
  .unsafeFlags(["-Ounchecked"] + engineCPU, .when(configuration: .release)),
]

let package = Package(
  name: "OncoFace",
  products: [
    .executable(name: "oncoface", targets: ["oncoface"]),
    // For Fuzz/ (a separate package of libFuzzer binaries, built only by `make fuzz`).
    .library(name: "OncoFuzzEntries", targets: ["OncoFuzzEntries"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // C and C++ system layer.
    .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
    .systemLibrary(name: "CPNG", path: "Sources/CPNG"),
    .systemLibrary(name: "CJPEG", path: "Sources/CJPEG"),
    .systemLibrary(name: "CNcursesW", path: "Sources/CNcursesW"),
    .target(
      name: "CFaceAlign",
      path: "Sources/CFaceAlign",
      // Unoptimised dlib detection is ~100× slower, so the shim is optimised in every configuration.
      cxxSettings: [.unsafeFlags(["-O2", "-std=c++17", "-DDLIB_NO_GUI_SUPPORT"])],
      linkerSettings: [
        .linkedLibrary("dlib"), .linkedLibrary("lapack"), .linkedLibrary("blas"),
        .linkedLibrary("pthread"),
      ]
    ),

    // Swift modules, lowest layer first.
    .target(name: "OncoImage", dependencies: ["CPNG", "CJPEG"], swiftSettings: numericSwift),
    .target(name: "OncoStats", swiftSettings: numericSwift),
    .target(name: "OncoNN", dependencies: ["CBLAS"], swiftSettings: engineSwift),
    .target(
      name: "OncoFace",
      dependencies: ["OncoImage", "OncoStats", "CFaceAlign"],
      swiftSettings: numericSwift
    ),
    .target(
      name: "OncoData",
      dependencies: ["OncoImage", "OncoStats", "OncoFace"],
      swiftSettings: numericSwift
    ),
    .target(
      name: "OncoWorkbench",
      dependencies: ["OncoImage", "OncoStats", "OncoNN", "OncoFace", "OncoData"],
      swiftSettings: numericSwift
    ),
    .target(name: "OncoTUI", dependencies: ["OncoWorkbench", "CNcursesW"]),
    .executableTarget(
      name: "oncoface",
      dependencies: [
        "OncoTUI", "OncoWorkbench", "OncoData", "OncoFace", "OncoNN", "OncoStats", "OncoImage",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // The file readers' fuzz entry points: Fuzz/ links them into libFuzzer binaries and the
    // end-to-end tests replay Tests/Fixtures/fuzz/ through them.
    .target(
      name: "OncoFuzzEntries", dependencies: ["OncoImage", "OncoNN", "OncoData", "OncoWorkbench"],
      path: "Fuzz/Entries"),

    // Tests: a shared support library, one unit-test target per module, and end-to-end tests that drive
    // the release binary (and tmux for the TUI).
    .target(name: "OncoTestSupport", dependencies: ["OncoImage"], path: "Tests/Support"),
    .testTarget(name: "OncoImageTests", dependencies: ["OncoImage", "OncoTestSupport"]),
    .testTarget(name: "OncoStatsTests", dependencies: ["OncoStats", "OncoTestSupport"]),
    // CFaceAlign and OncoImage: dlib's own face descriptor on real chips, the reference for OncoNN's.
    .testTarget(
      name: "OncoNNTests", dependencies: ["OncoNN", "OncoTestSupport", "OncoImage", "CFaceAlign"]),
    .testTarget(name: "OncoFaceTests", dependencies: ["OncoFace", "OncoTestSupport"]),
    .testTarget(name: "OncoDataTests", dependencies: ["OncoData", "OncoTestSupport"]),
    .testTarget(name: "OncoWorkbenchTests", dependencies: ["OncoWorkbench", "OncoTestSupport"]),
    .testTarget(name: "OncoTUITests", dependencies: ["OncoTUI", "OncoTestSupport"]),
    .testTarget(
      name: "EndToEndTests",
      dependencies: [
        "OncoTestSupport", "OncoFuzzEntries", "OncoWorkbench", "OncoNN", "OncoData", "OncoImage",
        "OncoStats",
      ]),
  ]
)
