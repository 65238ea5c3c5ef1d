import Foundation

/// A program a test ran to its end: its exit status and all it printed. Both outputs are drained
/// while it runs (a full pipe would stop it), and standard input is written and then closed.
public struct ChildProcess: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data

    /// Standard output as text (invalid UTF-8 repaired).
    public var output: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error as text (invalid UTF-8 repaired).
    public var errors: String { String(decoding: stderr, as: UTF8.self) }

    /// Runs `executable` with `arguments`; `environment` replaces the test's own when given.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           directory: URL? = nil, stdin: Data? = nil) throws -> ChildProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return ChildProcess(status: process.terminationStatus, stdout: outData, stderr: errData)
    }

    /// The test's environment with `changes` applied.
    public static func environment(_ changes: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in changes { environment[key] = value }
        return environment
    }
}
