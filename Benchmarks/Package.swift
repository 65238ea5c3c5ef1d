// swift-tools-version: 6.1
// Benchmark tools for Shootdown, kept out of the main package so `make bench` builds them on their own.
// mbox-generator has no dependencies; libgit2-floor links the same libgit2 as the main package.
import PackageDescription

let package = Package(
    name: "ShootdownBenchmarks",
    targets: [
        .executableTarget(
            name: "mbox-generator",
            path: "Sources/mbox-generator"
        ),
        // libgit2 (Debian's libgit2-dev, as the main package) for libgit2-floor.
        .systemLibrary(name: "CGit2", path: "Sources/CGit2", pkgConfig: "libgit2"),
        .executableTarget(
            name: "libgit2-floor",
            dependencies: ["CGit2"],
            path: "Sources/libgit2-floor"
        ),
    ]
)
