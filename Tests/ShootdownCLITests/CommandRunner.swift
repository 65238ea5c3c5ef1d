import Foundation
import TestSupport
import Testing

/// Runs the built `shootdown` binary, as a user would, and captures what it prints.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CommandRunner {
    /// The `shootdown` binary next to the test bundle (SwiftPM builds executables beside tests).
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["SHOOTDOWN_BIN"] {
            return URL(fileURLWithPath: path)
        }
        let products = Bundle.module.bundleURL.deletingLastPathComponent()
        return products.appendingPathComponent("shootdown")
    }

    /// The repository's top folder.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func fixture(_ path: String) -> String {
        repository.appendingPathComponent(path).path
    }

    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
                    directory: URL? = nil) throws -> CommandResult {
        let result = try ChildProcess.run(binary.path, arguments,
                                          environment: ChildProcess.environment(["NO_COLOR": "1"].merging(environment) { $1 }),
                                          directory: directory, stdin: stdin)
        return CommandResult(status: result.status, stdout: result.output, stderr: result.errors)
    }

    /// Compares `actual` with a golden file; `SHOOTDOWN_RECORD=1` writes it instead.
    static func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = repository.appendingPathComponent("Tests/ShootdownCLITests/Fixtures/golden/\(name)")
        if ProcessInfo.processInfo.environment["SHOOTDOWN_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "output differs from golden file \(name); re-record with SHOOTDOWN_RECORD=1 swift test --filter ShootdownCLITests", sourceLocation: sourceLocation)
    }
}
