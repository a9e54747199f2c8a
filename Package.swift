// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Easel",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "easel", targets: ["EaselCLI"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // C: the system libyaml, found through pkg-config.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),

        // Basics.
        .target(name: "Diagnostics"),
        .target(name: "JSONValues", dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]),
        .target(
            name: "YAML",
            dependencies: [
                "CYAML", "Diagnostics", "JSONValues",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]),
        .target(
            name: "Expressions",
            dependencies: [
                "Diagnostics", "JSONValues", .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),

        // Canvas's REST endpoints and their documented parameters, generated from the catalog in its text form.
        .target(name: "EndpointCatalog", dependencies: ["Diagnostics"]),
        // How Canvas stores what it is sent (its time-zone names, its HTML sanitizer): facts Easel and the sandbox
        // both follow.
        .target(name: "CanvasRules"),
        // One seeded random generator, for the sandbox's repeatable faults and the tests' random inputs.
        .target(name: "SeededRandom"),

        // The job model.
        .target(
            name: "JobSpec",
            dependencies: [
                "YAML", "Expressions", "Diagnostics", "JSONValues", "EndpointCatalog",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),

        // Talking to Canvas.
        .target(
            name: "Canvas",
            dependencies: [
                "JSONValues",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),
        .target(
            name: "Resources",
            dependencies: [
                "Canvas", "CanvasRules", "JSONValues", "Diagnostics",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),

        // Plan and run.
        // What a job's steps are evaluated in and to, in a plan and in a run alike: the scope expressions read
        // (variables, inputs, environment, finished steps' results), each step's items, resolved requests and upload
        // targets, the job's fingerprint, and the error of a step that cannot be planned or run.
        .target(
            name: "RunContext",
            dependencies: [
                "JobSpec", "Expressions", "Resources", "Canvas", "JSONValues", "Diagnostics",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The plan as a value: its steps, items and actions, what its writes count against the job's limits. The
        // planner makes it, the executor carries it out.
        .target(
            name: "PlanModel",
            dependencies: [
                "RunContext", "JobSpec", "Resources", "JSONValues",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "Planning",
            dependencies: [
                "PlanModel", "RunContext", "JobSpec", "Expressions", "Resources", "Canvas", "JSONValues", "Diagnostics",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Execution",
            dependencies: [
                "PlanModel", "RunContext", "JobSpec", "Expressions", "Resources", "Canvas", "JSONValues",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Undo",
            dependencies: [
                "Execution", "PlanModel", "RunContext", "JobSpec", "Expressions", "Resources", "Canvas", "JSONValues",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Journal",
            dependencies: [
                "Execution", "JSONValues", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),

        // The journal on PostgreSQL, for state shared by a team or kept off the machine that runs the job.
        .target(
            name: "PostgresJournal",
            dependencies: [
                "Execution", "JSONValues",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),

        // A run's lifecycle, what `apply` and `resume` share: run folder, lease and job lock, approval, executor.
        .target(
            name: "Session",
            dependencies: [
                "Execution", "Planning", "PlanModel", "RunContext", "JobSpec", "Canvas", "JSONValues", "Diagnostics",
                "PostgresJournal",
                "Expressions",
                "Resources",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The Canvas emulator. It does not import Canvas, so a misreading of the wire is not shared by both sides.
        .target(
            name: "Sandbox",
            dependencies: [
                "JSONValues", "EndpointCatalog", "CanvasRules", "SeededRandom",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),

        // The C allocator's one setting Easel makes: one arena (glibc), set by the shell at start.
        .target(name: "CMallocArenas"),

        // The shell: parses flags and prints.
        .executableTarget(
            name: "EaselCLI",
            dependencies: [
                "Diagnostics", "YAML", "Expressions", "JobSpec", "Canvas", "Resources", "Planning", "PlanModel",
                "RunContext", "Execution",
                "Journal", "PostgresJournal", "Sandbox", "JSONValues", "Undo", "Session", "CMallocArenas",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Rainbow", package: "Rainbow"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),

        // Benchmarks (run with `swift run -c release ClientBenchmark`; see bench/README.md).
        .executableTarget(
            name: "ClientBenchmark",
            dependencies: [
                "Canvas", "Sandbox", "JSONValues",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            path: "bench/client"
        ),
        // `bench/journal-share` (see bench/README.md): the journal's share of a 100,000-item apply, per store.
        .executableTarget(
            name: "JournalBenchmark",
            dependencies: [
                "Execution", "Journal", "PostgresJournal", "JSONValues",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "bench/journal"
        ),

        // Tests.
        .target(
            name: "EaselTestSupport",
            dependencies: [
                "Diagnostics", "JSONValues", "Execution", "Sandbox", "Canvas", "JobSpec", "YAML", "Planning",
                "PlanModel", "RunContext", "Journal",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/EaselTestSupport"
        ),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "EaselTestSupport"]),
        .testTarget(name: "JSONValuesTests", dependencies: ["JSONValues", "SeededRandom"]),
        .testTarget(
            name: "YAMLTests", dependencies: ["YAML", "Diagnostics", "JSONValues", "EaselTestSupport", "SeededRandom"]),
        .testTarget(name: "ExpressionsTests", dependencies: ["Expressions", "JSONValues", "Diagnostics"]),
        .testTarget(
            name: "JobSpecTests",
            dependencies: [
                "JobSpec", "YAML", "Diagnostics", "Expressions", "JSONValues", "EaselTestSupport", "EndpointCatalog",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            exclude: ["Golden", "Broken", "Lint"]
        ),
        .testTarget(
            name: "CanvasTests",
            dependencies: [
                "Canvas", "JSONValues", "Sandbox", "EaselTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ResourcesTests",
            dependencies: [
                "Resources", "Canvas", "JSONValues", "Sandbox", "JobSpec", "EaselTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .testTarget(
            name: "PlanningTests",
            dependencies: [
                "Planning", "PlanModel", "RunContext", "JobSpec", "Canvas", "JSONValues", "Sandbox", "EaselTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            exclude: ["Golden", "Jobs"]
        ),
        .testTarget(
            name: "ExecutionTests",
            dependencies: [
                "Execution", "Planning", "PlanModel", "RunContext", "JobSpec", "Canvas", "Journal", "Sandbox",
                "EaselTestSupport", "JSONValues", "Resources", .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            // The golden plans are read from the source folder, not bundled.
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "UndoTests",
            dependencies: [
                "Undo", "Execution", "Planning", "PlanModel", "RunContext", "JobSpec", "Canvas", "Journal", "Sandbox",
                "EaselTestSupport",
                "JSONValues", "Resources", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "JournalTests",
            dependencies: [
                "Journal", "Execution", "JSONValues", "EaselTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "PostgresJournalTests",
            dependencies: [
                "PostgresJournal", "Execution", "JSONValues", "EaselTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "SandboxTests",
            dependencies: [
                "Sandbox", "JSONValues", "EaselTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .testTarget(
            name: "SessionTests",
            dependencies: [
                "Session", "Execution", "Planning", "PlanModel", "RunContext", "JobSpec", "Canvas", "Journal",
                "Sandbox", "EaselTestSupport", "JSONValues", "Diagnostics",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "EaselCLITests",
            dependencies: [
                "EaselCLI", "EaselTestSupport", "Session", "Canvas", "Execution", "Journal", "PostgresJournal",
                "Sandbox",
                "JSONValues",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

// The same strictness everywhere.
let upcomingFeatures = ["ExistentialAny", "InternalImportsByDefault", "MemberImportVisibility"]
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + upcomingFeatures.map { .enableUpcomingFeature($0) }
}
