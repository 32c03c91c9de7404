// swift-tools-version: 6.1
import PackageDescription

/// Layers, bottom up: the libyaml shim (and one for system calls Swift's Glibc module does not
/// declare), the engine library, the embedded built-in packs, the `mcaudit` executable. The
/// build plugin only builds a command line for `pack-embedder`.
let package = Package(
  name: "mcaudit",
  products: [
    .executable(name: "mcaudit", targets: ["mcaudit"]),
    .library(name: "MCAuditCore", targets: ["MCAuditCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
    .systemLibrary(name: "CSystem"),
    .target(name: "MCAuditCore", dependencies: ["CLibYAML", "CSystem"]),
    .executableTarget(name: "pack-embedder"),
    .plugin(name: "EmbedPacks", capability: .buildTool(), dependencies: ["pack-embedder"]),
    .target(name: "MCAuditFrameworks", plugins: ["EmbedPacks"]),
    .executableTarget(
      name: "mcaudit",
      dependencies: [
        "MCAuditCore", "MCAuditFrameworks",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(
      name: "MCAuditCoreTests",
      dependencies: ["MCAuditCore", "MCAuditFrameworks"]),
    .testTarget(
      name: "FrameworksTests",
      dependencies: ["MCAuditCore", "MCAuditFrameworks"]),
    .testTarget(
      name: "MCAuditCLITests",
      dependencies: ["MCAuditCore", "MCAuditFrameworks", "mcaudit"],
      exclude: ["Snapshots"]),
  ],
  swiftLanguageModes: [.v6]
)
