// swift-tools-version: 6.1
// Benchmark tools for Shootdown, kept out of the main package so `make bench` builds them on their own.
import PackageDescription

let package = Package(
    name: "ShootdownBenchmarks",
    targets: [
        .executableTarget(
            name: "mbox-generator",
            path: "Sources/mbox-generator"
        )
    ]
)
