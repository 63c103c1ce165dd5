// swift-tools-version:6.2
// Loom: a self-hosted AI code review server. Module layout and dependency rules: CONTRIBUTING.md.

import PackageDescription

/// A Debian-packaged C library wrapped as a system-library target.
func systemLibrary(_ name: String, pkgConfig: String?, apt: [String]) -> Target {
    .systemLibrary(name: name, path: "Sources/\(name)", pkgConfig: pkgConfig, providers: [.apt(apt)])
}

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "loom",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "loom", targets: ["loom"]),
        .executable(name: "loom-bench", targets: ["loom-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C shims: headers, link flags and tiny inline helpers Swift cannot call directly.
        .target(name: "CLoomSys", path: "Sources/CLoomSys"),
        systemLibrary("CPostgres", pkgConfig: "libpq", apt: ["libpq-dev"]),
        systemLibrary("CHiredis", pkgConfig: "hiredis", apt: ["libhiredis-dev"]),
        systemLibrary("CCurl", pkgConfig: "libcurl", apt: ["libcurl4-openssl-dev"]),
        systemLibrary("COpenSSL", pkgConfig: "openssl", apt: ["libssl-dev"]),
        systemLibrary("CSQLite", pkgConfig: "sqlite3", apt: ["libsqlite3-dev"]),

        .target(name: "LoomCore", swiftSettings: strict),
        .target(name: "LoomReactor", dependencies: ["LoomCore", "CLoomSys"], swiftSettings: strict),
        .target(
            name: "LoomMetrics",
            dependencies: [
                "LoomCore",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
        .target(
            name: "LoomHTTP",
            dependencies: ["LoomCore", "LoomReactor", "LoomMetrics", "CLoomSys",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(name: "LoomCrypto", dependencies: ["LoomCore", "COpenSSL"], swiftSettings: strict),
        .target(name: "LoomHTTPClient", dependencies: ["LoomCore", "LoomReactor", "CCurl"], swiftSettings: strict),
        .target(name: "LoomSQLite", dependencies: ["LoomCore", "CSQLite"], swiftSettings: strict),
        .target(name: "LoomPostgres", dependencies: ["LoomCore", "LoomReactor", "CPostgres"], swiftSettings: strict),
        .target(name: "LoomRedis", dependencies: ["LoomCore", "LoomReactor", "CHiredis"], swiftSettings: strict),
        .target(name: "LoomStore", dependencies: ["LoomCore", "LoomSQLite", "LoomPostgres", "LoomReactor"], swiftSettings: strict),
        .target(
            name: "LoomQueue",
            dependencies: ["LoomCore", "LoomStore", "LoomRedis", "LoomMetrics", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(name: "LoomPlatforms", dependencies: ["LoomCore", "LoomCrypto", "LoomHTTPClient"], swiftSettings: strict),
        .target(
            name: "LoomLLM",
            dependencies: ["LoomCore", "LoomHTTPClient", "LoomMetrics", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "LoomReview",
            dependencies: [
                "LoomCore", "LoomLLM", "LoomPlatforms", "LoomCrypto", "LoomMetrics", "LoomQueue", "LoomStore",
                .product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "LoomServer",
            dependencies: [
                "LoomCore", "LoomReactor", "LoomHTTP", "LoomMetrics", "LoomCrypto", "LoomHTTPClient",
                "LoomSQLite", "LoomPostgres", "LoomRedis", "LoomStore", "LoomQueue", "LoomPlatforms", "LoomLLM", "LoomReview",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "loom",
            dependencies: ["LoomServer", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .executableTarget(
            name: "loom-bench",
            dependencies: [
                "LoomServer", "LoomReactor", "LoomHTTP", "LoomCore", "LoomCrypto", "LoomStore", "LoomQueue", "LoomRedis",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/loom-bench",
            swiftSettings: strict),

        // Shared by the test targets only: a raw socket client and polling helpers.
        .target(name: "LoomTestSupport", dependencies: ["LoomCore", "LoomReactor", "LoomCrypto", "LoomServer"], path: "Tests/LoomTestSupport", swiftSettings: strict),
        .testTarget(name: "LoomReactorTests", dependencies: ["LoomReactor", "LoomCore", "LoomTestSupport"], swiftSettings: strict),
        .testTarget(name: "LoomHTTPTests", dependencies: ["LoomHTTP", "LoomReactor", "LoomCore", "LoomTestSupport"], swiftSettings: strict),
        .testTarget(name: "LoomMetricsTests", dependencies: ["LoomMetrics"], swiftSettings: strict),
        .testTarget(
            name: "LoomHTTPClientTests", dependencies: ["LoomHTTPClient", "LoomHTTP", "LoomReactor", "LoomCore", "LoomTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "LoomLLMTests", dependencies: ["LoomLLM", "LoomHTTPClient", "LoomHTTP", "LoomReactor", "LoomCore", "LoomMetrics", "LoomTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(
            name: "LoomReviewTests",
            dependencies: ["LoomReview", "LoomLLM", "LoomPlatforms", "LoomHTTPClient", "LoomHTTP", "LoomReactor", "LoomCore",
                           "LoomStore", "LoomQueue", "LoomTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "LoomCoreTests", dependencies: ["LoomCore", "LoomTestSupport"], swiftSettings: strict),
        .testTarget(name: "LoomStoreTests", dependencies: ["LoomStore", "LoomCore", "LoomSQLite", "LoomTestSupport"], swiftSettings: strict),
        .testTarget(name: "LoomQueueTests", dependencies: ["LoomQueue", "LoomStore", "LoomCore", "LoomTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "LoomPlatformsTests",
            dependencies: ["LoomPlatforms", "LoomCore", "LoomCrypto", "LoomHTTPClient", "LoomHTTP", "LoomReactor", "LoomServer", "LoomTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "NativeLibraryTests",
            dependencies: ["LoomCore", "LoomCrypto", "LoomHTTPClient", "LoomSQLite", "LoomPostgres", "LoomRedis"],
            swiftSettings: strict),
        .testTarget(
            name: "LoomServerTests",
            dependencies: ["LoomServer", "LoomHTTP", "LoomReactor", "LoomCore", "LoomTestSupport", "loom"],
            swiftSettings: strict),
    ]
)
