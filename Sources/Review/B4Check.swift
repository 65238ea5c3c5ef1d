import PatchModel

/// The answer to `b4 review`'s per-patch check protocol: a JSON array with one result per tool,
/// or an empty array when the patch touches nothing the model reads.
public enum B4Check {
    /// Reviews one patch mail (as a series of one) and returns what b4 expects on stdout.
    public static func check(_ messages: [MailMessage], source: String = "-") throws(IngestError) -> JSONValue {
        guard let message = messages.first else {
            throw IngestError(.malformed, InputLocation(file: source), "no message on standard input")
        }
        let mail = try ParsedMail(parsing: message)
        let patch = try Patch(mail: mail, message: message)
        let series = Series(title: patch.subject.title, version: patch.subject.version, total: 1, cover: nil,
                            patches: [patch], missing: [])
        let review = ReviewPipeline.review(series, source: ReviewSource(kind: .mbox, path: source))
        return result(review.patches.first)
    }

    /// `[]` for a patch the model does not read; otherwise one result whose status follows the
    /// verdict: `pass` for reviewed-by, `fail` when an error was found, `warn` otherwise.
    public static func result(_ review: PatchReview?) -> JSONValue {
        guard let review, review.verdict != .notApplicable || !review.findings.isEmpty else { return .array([]) }
        let errors = review.findings.filter { $0.severity == .error }.count
        let warnings = review.findings.filter { $0.severity == .warning }.count
        let notes = review.findings.filter { $0.severity == .note }.count
        let status: String
        let summary: String
        switch review.verdict {
        case .reviewedBy:
            status = "pass"
            let areas = review.areas.map(\.description).joined(separator: ", ")
            summary = notes > 0 ? "reviewed-by: \(count(notes, "note")) on \(areas)" : "reviewed-by: nothing found on \(areas)"
        case .needsWork, .notApplicable:
            status = errors > 0 ? "fail" : "warn"
            var counts: [String] = []
            if errors > 0 { counts.append(count(errors, "error")) }
            if warnings > 0 { counts.append(count(warnings, "warning")) }
            if notes > 0 { counts.append(count(notes, "note")) }
            summary = counts.isEmpty ? "needs-work: a placement change that no simulation shows to be a fix"
                                     : "needs-work: " + counts.joined(separator: ", ")
        }
        let details = review.findings.map(line).joined(separator: "\n")
        return .array([.object([
            ("tool", .string(Shootdown.name)),
            ("status", .string(status)),
            ("summary", .string(summary)),
            ("details", .string(details)),
        ])])
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// `error: arch/x86/mm/tlb.c:412: flush_tlb_mm_range(): message [code]`.
    static func line(_ finding: Finding) -> String {
        var place = finding.file ?? ""
        if let line = finding.line, !place.isEmpty { place += ":\(line)" }
        if let function = finding.function { place += place.isEmpty ? "\(function)()" : ": \(function)()" }
        let prefix = place.isEmpty ? "" : place + ": "
        return "\(finding.severity.rawValue): \(prefix)\(finding.message) [\(finding.code)]"
    }
}
