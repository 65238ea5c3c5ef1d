import PatchModel

/// How much a finding matters (design section 6).
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// Something a reviewer would say about a patch: severity, a stable code (a failure class of
/// SEMANTICS.md or one of Shootdown's own), where, and the sentence.
public struct Finding: Sendable, Hashable {
    public var severity: Severity
    public var code: String
    public var arch: String?
    public var file: String?
    /// The line in the patched (new) file, or the old file for removed code.
    public var line: Int?
    public var function: String?
    /// One or two plain sentences, phrased as a question where the tool is not sure.
    public var message: String

    public init(severity: Severity, code: String, arch: String? = nil, file: String? = nil, line: Int? = nil,
                function: String? = nil, message: String) {
        self.severity = severity
        self.code = code
        self.arch = arch
        self.file = file
        self.line = line
        self.function = function
        self.message = message
    }
}

/// The trailer a patch has earned, or why not (design section 6).
public enum Verdict: String, Sendable, Hashable, Comparable {
    case reviewedBy = "reviewed-by"
    case notApplicable = "not-applicable"
    case needsWork = "needs-work"

    private var rank: Int {
        switch self {
        case .reviewedBy: 0
        case .notApplicable: 1
        case .needsWork: 2
        }
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }
}
