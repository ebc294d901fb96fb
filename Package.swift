// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Liandong",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Liandong", targets: ["Liandong"]),
        .library(name: "LiandongGenerate", targets: ["LiandongGenerate"]),
        .library(name: "LiandongBatch", targets: ["LiandongBatch"]),
        .library(name: "LiandongStore", targets: ["LiandongStore"]),
        .library(name: "LiandongDocuments", targets: ["LiandongDocuments"]),
        .executable(name: "liandong", targets: ["liandong"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // GLPK itself, from Debian's libglpk-dev (no pkg-config file there).
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // A few lines of C that Swift cannot write: the setjmp/longjmp guard around GLPK calls
        // (so that glp_error never aborts the process) and the terminal-output hook.
        .target(
            name: "CGLPKGuard",
            dependencies: ["CGLPK"],
            linkerSettings: [.linkedLibrary("glpk")]
        ),
        // The engine: model, validation, formulation, solver backends, explanations, dispatch rounds, tables.
        .target(
            name: "Liandong",
            dependencies: ["CGLPKGuard", "CGLPK"],
            resources: [.copy("Resources/schema")]
        ),
        // The commands as library functions and the batch protocol (JSON in, JSON out): plan,
        // validate, check, replan (with a RoundKeeper), compare.
        .target(
            name: "LiandongBatch",
            dependencies: ["Liandong"]
        ),
        // Synthetic weeks from one committee to a city (`liandong generate`, benchmarks, tests).
        .target(
            name: "LiandongGenerate",
            dependencies: ["Liandong"]
        ),
        // Service records (服务记录), the time bank and the week's dispatch rounds, in SQLite
        // through GRDB (Debian's libsqlite3-dev): `--store`, `record`, `history`.
        .target(
            name: "LiandongStore",
            dependencies: ["Liandong", "LiandongBatch", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The people's documents: spreadsheets in (`import`) and out (CSV sheets), the printable
        // HTML report.
        .target(
            name: "LiandongDocuments",
            dependencies: ["Liandong", "LiandongBatch", .product(name: "CSV", package: "CSV.swift")]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "liandong",
            dependencies: [
                "Liandong",
                "LiandongGenerate",
                "LiandongBatch",
                "LiandongStore",
                "LiandongDocuments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The public API in use: a week built in code and planned (`swift run liandong-example`).
        .executableTarget(
            name: "liandong-example",
            dependencies: ["Liandong"],
            path: "Examples/PlanInCode"
        ),
        .testTarget(
            name: "LiandongTests",
            dependencies: [
                "Liandong",
                "LiandongGenerate",
                "LiandongBatch",
                "LiandongStore",
                "LiandongDocuments",
                "liandong",  // built for the end-to-end tests that run the binary
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)
