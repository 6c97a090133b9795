// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .executable(name: "switchboard-bench", targets: ["SwitchboardBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
    ],
    targets: [
        // Pure domain types and rules: no I/O.
        .target(
            name: "SwitchboardCore",
            swiftSettings: swiftSettings
        ),
        // System ICU (libicu-dev) behind a plain-C header, so Swift never sees ICU's own types.
        .target(
            name: "CICU",
            linkerSettings: [
                .linkedLibrary("icui18n"),
                .linkedLibrary("icuuc"),
                .linkedLibrary("icudata"),
            ]
        ),
        .target(
            name: "SwitchboardICU",
            dependencies: ["CICU"],
            swiftSettings: swiftSettings
        ),
        // Debian's libhiredis, used only as the RESP encoder/decoder.
        .systemLibrary(
            name: "CHiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(
            name: "SwitchboardRedis",
            dependencies: [
                "CHiredis",
                "SwitchboardCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardPostgres",
            dependencies: [
                "SwitchboardCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardHTTP",
            dependencies: [
                "SwitchboardCore",
                "SwitchboardPostgres",
                "SwitchboardRedis",
                "SwitchboardICU",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            // Templates, the stylesheet and scripts are compiled in: a node is one file.
            resources: [.embedInCode("OpenAPI/openapi.json"), .embedInCode("Web/Views"), .embedInCode("Web/Assets")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardApp",
            dependencies: [
                "SwitchboardCore",
                "SwitchboardPostgres",
                "SwitchboardRedis",
                "SwitchboardHTTP",
                "SwitchboardICU",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SwitchboardApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Micro-benchmarks of pure code (ops/bench drives them).
        .executableTarget(
            name: "SwitchboardBench",
            dependencies: ["SwitchboardCore", "SwitchboardICU"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardCoreTests",
            dependencies: ["SwitchboardCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardICUTests",
            dependencies: ["SwitchboardICU"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardIntegrationTests",
            dependencies: [
                "SwitchboardApp",
                "SwitchboardRedis",
                "SwitchboardPostgres",
                "SwitchboardICU",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
