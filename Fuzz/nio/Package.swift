// swift-tools-version:6.1
// Only NIOCore, for the fuzz targets (Fuzz/build.sh): a package of its own so that building it resolves
// three repositories instead of Prism's whole graph, and does not depend on the state of Prism's manifest.
// The version range is Prism's (Package.swift).
import PackageDescription

let package = Package(
    name: "FuzzNIO",
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
    ],
    targets: [
        .target(name: "FuzzNIO", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
    ]
)
