import PatchModel

/// Formats the index of a mailbox (`shootdown series`): every series, its versions, what is present
/// and missing, and the trailers received (design section 8).
public enum SeriesListing {
    public static func json(_ mailbox: MailboxSeries) -> JSONValue {
        .object([
            ("series", .array(mailbox.series.map(json))),
            ("messages", .int(mailbox.messages)),
            ("unattached", .int(mailbox.unattached.count)),
        ])
    }

    static func json(_ thread: SeriesThread) -> JSONValue {
        .object([
            ("title", .string(thread.title)),
            ("newest", .optional(thread.newest?.version)),
            ("versions", .array(thread.versions.map(json))),
        ])
    }

    static func json(_ version: SeriesVersion) -> JSONValue {
        let author = (version.cover ?? version.patches.first)?.from
        return .object([
            ("version", .int(version.version)),
            ("total", .int(version.total)),
            ("present", .array(version.present.map(JSONValue.int))),
            ("missing", .array(version.missing.map(JSONValue.int))),
            ("coverLetter", .bool(version.cover != nil)),
            ("author", author.map { .object([("name", .string($0.name)), ("email", .string($0.email))]) } ?? .null),
            ("date", .optional((version.cover ?? version.patches.first)?.date?.iso8601)),
            ("messageIds", .array(version.messageIDs.map(JSONValue.string))),
            ("receivedTrailers", .array(version.patches.flatMap { patch in
                version.received(forPatch: patch.subject.index ?? 1).map { trailer in
                    JSONValue.object([
                        ("patch", .int(patch.subject.index ?? 1)),
                        ("key", .string(trailer.key)),
                        ("value", .string(trailer.value)),
                        ("from", .string(trailer.from)),
                    ])
                }
            })),
        ])
    }

    public static func text(_ mailbox: MailboxSeries, style: TextStyle = .plain) -> String {
        var out = ""
        for (offset, thread) in mailbox.series.enumerated() {
            out += style.bold("\(offset + 1). \(thread.title)") + "\n"
            for version in thread.versions {
                let author = (version.cover ?? version.patches.first)?.from?.formatted ?? "unknown sender"
                var line = "   v\(version.version): \(version.patches.count)/\(version.total) patches"
                line += version.cover != nil ? " + cover" : ""
                line += ", \(author)"
                if let date = (version.cover ?? version.patches.first)?.date { line += ", \(date.iso8601)" }
                out += line + "\n"
                if !version.missing.isEmpty {
                    out += "      " + style.warning("missing: " + version.missing.map(String.init).joined(separator: ", ")) + "\n"
                }
                for patch in version.patches {
                    for trailer in version.received(forPatch: patch.subject.index ?? 1) {
                        out += "      \(patch.subject.index ?? 1)/\(version.total): \(trailer.key): \(trailer.value)\n"
                    }
                }
            }
        }
        let series = mailbox.series.count
        out += "\(series) series, \(mailbox.messages) messages"
        if !mailbox.unattached.isEmpty { out += ", \(mailbox.unattached.count) outside any series" }
        out += "\n"
        return out
    }
}
