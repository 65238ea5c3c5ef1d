// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Shootdown",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "shootdown", targets: ["shootdown"]),
        .library(name: "ShootdownCore", targets: ["PatchModel", "GitSource", "KernelModel", "Simulator", "Review"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // C libraries: libgit2 (git objects, revwalk, diffs), zlib (gzip'd mboxes), glibc's malloc settings.
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // glibc's mallopt, for the executable's allocator settings.
        .systemLibrary(name: "CMalloc"),
        // Ingest and the patch model: mail, MIME, patch mail, diffs, series. Pure Swift over bytes.
        .target(name: "PatchModel", dependencies: ["CZlib"]),
        // Kernel C scan, knowledge base and the flush/notifier placement model.
        .target(name: "KernelModel", dependencies: ["PatchModel"]),
        // The bounded model checker of page tables, CPU TLBs and secondary TLBs.
        .target(name: "Simulator", dependencies: ["KernelModel"]),
        // libgit2: repositories, identity, ranges, trees and blobs.
        .target(name: "GitSource", dependencies: ["CLibGit2", "PatchModel"]),
        // The pipeline facade: runs the stages in order and returns the whole review as a value.
        // Reply drafts and notes come from Mustache templates in templates/ (linked as Templates/),
        // embedded as defaults.
        .target(
            name: "Review",
            dependencies: [
                "PatchModel", "GitSource", "KernelModel", "Simulator",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.embedInCode("Templates/reply.mustache"), .embedInCode("Templates/notes.mustache")]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "shootdown",
            dependencies: [
                "Review", "PatchModel", "GitSource", "KernelModel", "Simulator", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PatchModelTests",
            dependencies: ["PatchModel", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "KernelModelTests",
            dependencies: ["KernelModel", "PatchModel", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "GitSourceTests",
            dependencies: ["GitSource", "PatchModel", "CLibGit2", "TestSupport"]
        ),
        .testTarget(
            name: "ShootdownCLITests",
            dependencies: ["Review", "PatchModel", "shootdown", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SimulatorTests",
            dependencies: ["Simulator", "KernelModel"]
        ),
        // Checks against ../shared/corpus (real list mail and kernel files); enabled by `make corpus`.
        .testTarget(
            name: "CorpusTests",
            dependencies: ["Review", "PatchModel", "GitSource", "KernelModel", "TestSupport"]
        ),
        // What several test targets share: running a program to its end (ChildProcess).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
    ],
    swiftLanguageModes: [.v6]
)
