/// Where in the input something was found: the file, the message's number in its mailbox (1-based),
/// and a line (1-based, in the file for mailbox errors, in the message for patch errors).
public struct InputLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    public var message: Int?
    public var line: Int?

    public init(file: String? = nil, message: Int? = nil, line: Int? = nil) {
        self.file = file
        self.message = message
        self.line = line
    }

    /// `file:line` or `file: message 3, line 12`, as a compiler or git would say it.
    public var description: String {
        var parts: [String] = []
        if let message { parts.append("message \(message)") }
        if let line { parts.append("line \(line)") }
        let place = parts.joined(separator: ", ")
        switch (file, place.isEmpty) {
        case (let file?, true): return file
        case (let file?, false): return "\(file): \(place)"
        case (nil, false): return place
        case (nil, true): return "<input>"
        }
    }

    /// The same place with the file named, unless a file is already named.
    public func inFile(_ name: String) -> InputLocation {
        var copy = self
        if copy.file == nil { copy.file = name }
        return copy
    }
}

/// What kind of failure an error is; the command line maps each to its exit code
/// (design section 1: 64 usage, 65 malformed, 66 missing input, 74 I/O).
public enum FailureCategory: String, Sendable, Hashable {
    case usage
    case malformed
    case missingInput
    case inputOutput

    /// The sysexits code for this category.
    public var exitCode: Int32 {
        switch self {
        case .usage: 64
        case .malformed: 65
        case .missingInput: 66
        case .inputOutput: 74
        }
    }
}

/// An error that can say where it happened and what kind of failure it is.
public protocol LocatedError: Error, Sendable, CustomStringConvertible {
    var category: FailureCategory { get }
    var location: InputLocation { get }
    var reason: String { get }
}

extension LocatedError {
    /// One line for stderr: `place: reason`.
    public var description: String { "\(location): \(reason)" }
}

/// A failure while reading mail or patches: a malformed message, a missing file, a failed read.
public struct IngestError: LocatedError, Equatable {
    public var category: FailureCategory
    public var location: InputLocation
    public var reason: String

    public init(_ category: FailureCategory, _ location: InputLocation, _ reason: String) {
        self.category = category
        self.location = location
        self.reason = reason
    }

    public static func malformed(_ location: InputLocation, _ reason: String) -> IngestError {
        IngestError(.malformed, location, reason)
    }
}
