import ArgumentParser
import PatchModel
import Review
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output formats of the commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// Writing to the terminal through the file descriptors (the C `stdout` global is not
/// concurrency-safe in Swift 6), and the exit codes of design section 1.
enum Terminal {
    /// Writes all of `text` to standard output, or fails with an I/O error.
    static func write(_ text: String) throws {
        try write(text, to: STDOUT_FILENO)
    }

    static func write(_ text: String, to descriptor: Int32) throws {
        var text = text
        try text.withUTF8 { buffer in try write(buffer, to: descriptor) }
    }

    /// A JSON document on standard output, written out piece by piece as it is made.
    static func write(_ document: JSONValue) throws {
        try document.write { buffer in try write(buffer, to: STDOUT_FILENO) }
    }

    private static func write(_ buffer: UnsafeBufferPointer<UInt8>, to descriptor: Int32) throws {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw ExitCode(FailureCategory.inputOutput.exitCode)
            }
            offset += written
        }
    }

    /// One line on standard error.
    static func complain(_ line: String) {
        try? write("shootdown: \(line)\n", to: STDERR_FILENO)
    }

    /// Colour only on a terminal, and never with `NO_COLOR` set.
    static var style: TextStyle {
        let noColor = getenv("NO_COLOR").map { String(cString: $0) } ?? ""
        return TextStyle(color: isatty(STDOUT_FILENO) == 1 && noColor.isEmpty)
    }

    /// Runs a command body: a located error becomes one line on stderr and its exit code.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as any LocatedError {
            complain(error.description)
            throw ExitCode(error.category.exitCode)
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            // Anything else is a failure to read or write, never "findings" (exit 1).
            complain("\(error)")
            throw ExitCode(FailureCategory.inputOutput.exitCode)
        }
    }
}

extension MboxFormat: ExpressibleByArgument {}
