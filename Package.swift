// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Prism",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "prism", targets: ["Proxy"]),
        .executable(name: "prism-tui", targets: ["TUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // Traces over OTLP/HTTP only: the gRPC exporter (and its packages) is left out.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.0"),
    ],
    targets: [
        .target(
            name: "PrismShared",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "Storage",
            dependencies: [
                "PrismShared",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md", "Blobs/README.md", "Postgres/README.md"]
        ),
        .target(
            name: "Media",
            dependencies: [
                "PrismShared",
                "Storage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // The tracing API only (a span per job poll); the exporter is the gateway's business.
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            exclude: [
                "README.md",
                "Providers/Google/README.md",
                "Providers/Fal/README.md",
                "Providers/Replicate/README.md",
                "Providers/DashScope/README.md",
                "Providers/MiniMax/README.md",
                "Providers/Kling/README.md",
            ]
        ),
        .target(
            name: "Tools",
            dependencies: [
                "PrismShared",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "Proxy",
            dependencies: [
                "PrismShared",
                "Storage",
                "Media",
                "Tools",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            exclude: ["README.md", "MCP/README.md"],
            // The built-in price table is data, read through Bundle.module, so it can be checked and updated without code.
            resources: [.process("Pricing/prices.json")]
        ),
        .systemLibrary(name: "CNcurses", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CImage", providers: [.apt(["libstb-dev", "libwebp-dev"])]),
        .executableTarget(
            name: "TUI",
            dependencies: [
                "PrismShared",
                "CNcurses",
                "CImage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"]
        ),
        .testTarget(
            name: "TUITests",
            dependencies: ["TUI", "PrismShared"]
        ),
        .testTarget(
            name: "MediaTests",
            dependencies: ["Media", "Storage", "PrismShared", .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "Storage", "PrismShared", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PrismSharedTests",
            dependencies: ["PrismShared", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "ProxyTests",
            dependencies: [
                "Proxy",
                "PrismShared",
                "Storage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)
