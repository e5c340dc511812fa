// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "runbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "runbook", targets: ["runbook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            path: "Sources/CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // Pure: Markdown text in, values out. No processes, no file writes, no clocks.
        .target(
            name: "RunbookCore",
            dependencies: [
                "CCmark",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // IO at one edge: inventory files, transports (local, OpenSSH), executor, journal.
        .target(
            name: "RunbookRuntime",
            dependencies: [
                "RunbookCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "runbook",
            dependencies: [
                "RunbookCore",
                "RunbookRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // mimalloc (Debian libmimalloc-dev) replaces glibc's malloc for the whole process: memory
            // management was a third of `plan`'s time on a large guide (see docs/DECISIONS.md).
            linkerSettings: [.linkedLibrary("mimalloc")]
        ),
        // What the test targets share: scratch folders and guides, the built binary, loopback sshd hosts
        // (scripts/test-hosts.sh), process probes, a seeded random generator.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "RunbookCoreTests", dependencies: ["RunbookCore", "TestSupport"]),
        .testTarget(name: "RunbookRuntimeTests", dependencies: ["RunbookCore", "RunbookRuntime", "TestSupport"]),
        // The built `runbook` binary on fixture guides, loopback sshd hosts and the simulated cluster; the
        // dependency on the executable makes SwiftPM build it before these tests.
        .testTarget(name: "EndToEndTests", dependencies: ["runbook", "RunbookCore", "TestSupport"]),
    ]
)

for target in package.targets where [.regular, .executable, .test].contains(target.type) {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
