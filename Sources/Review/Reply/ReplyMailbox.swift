/// Drafts gathered for writing: one mbox holding them all, or one file per patch named as
/// `git format-patch` names patches.
public enum ReplyMailbox {
    /// The separator line before each message, as `git format-patch` writes it.
    public static let separator = "From shootdown Mon Sep 17 00:00:00 2001"

    /// The messages as one mboxrd mailbox: a separator before each, `>` added before any body line
    /// that reads `From ` after zero or more `>`, and a blank line after each message.
    public static func mbox(_ messages: [String]) -> String {
        var out = ""
        for message in messages {
            out += separator + "\n"
            for line in message.split(separator: "\n", omittingEmptySubsequences: false).dropLast(message.hasSuffix("\n") ? 1 : 0) {
                if isFromLine(line) { out += ">" }
                out += line + "\n"
            }
            out += "\n"
        }
        return out
    }

    static func isFromLine(_ line: Substring) -> Bool {
        let rest = line.drop { $0 == ">" }
        return rest.hasPrefix("From ")
    }

    /// `0003-mmu_notifiers-Call-invalidate_range.eml`: the patch number on four digits and the
    /// title made a file name as `git format-patch` does (letters, digits, `.` and `_` kept, other
    /// runs made one `-`), at most 52 characters.
    public static func fileName(index: Int, title: String, extension suffix: String = "eml") -> String {
        var slug = ""
        var pendingDash = false
        for scalar in title.unicodeScalars {
            let keep = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9") || scalar == "." || scalar == "_"
            if keep {
                if pendingDash, !slug.isEmpty { slug += "-" }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        slug = String(slug.prefix(52))
        while let last = slug.last, last == "." || last == "-" { slug.removeLast() }
        while slug.hasPrefix(".") { slug.removeFirst() }
        let number = String(max(0, index))
        let padded = String(repeating: "0", count: max(0, 4 - number.count)) + number
        return slug.isEmpty ? "\(padded).\(suffix)" : "\(padded)-\(slug).\(suffix)"
    }
}
