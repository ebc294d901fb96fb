// swift-tools-version:6.1
// The libFuzzer harness: a package of its own, so that the product never depends on fuzzing
// tooling. Build and run it with `scripts/fuzz.sh` (see docs/reliability-fuzz.md).
import PackageDescription

let package = Package(
    name: "LiandongFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Liandong", path: "../"),
    ],
    targets: [
        .executableTarget(
            name: "FuzzInput",
            dependencies: [.product(name: "Liandong", package: "Liandong")]
        ),
    ]
)
