/// The trailers of a commit message (`Signed-off-by:`, `Fixes:`, ...) as `git interpret-trailers` finds
/// them, and the trailers a reviewer gives in a reply, as b4 collects them.
public enum Trailers {
    /// Keys that make a last paragraph a trailer block even when it also holds other lines.
    public static let knownKeys: [String] = [
        "Signed-off-by", "Suggested-by", "Reviewed-by", "Acked-by", "Tested-by", "Reported-by",
        "Fixes", "Link", "Cc", "Co-developed-by", "Closes", "Message-ID",
    ]

    /// Keys whose value names a person (`Name <address>`).
    public static let personKeys: [String] = [
        "Reviewed-by", "Acked-by", "Tested-by", "Reported-by", "Suggested-by", "Co-developed-by",
        "Signed-off-by", "Cc",
    ]

    /// Keys a reviewer may give in a reply.
    public static let replyKeys: [String] = personKeys + ["Link", "Fixes", "Closes"]

    /// Splits a commit message (without its title) into the text and the trailer block at its end.
    ///
    /// The last paragraph is the trailer block when at least a quarter of its lines are trailers and
    /// either one of them has a known key or every line is a trailer. Indented lines continue the
    /// trailer above them; other lines in the block (`[ rebased on v6.5 ]`) are dropped from both
    /// results. `body` has its blank lines trimmed at both ends.
    public static func split(message: String) -> (body: String, trailers: [Trailer]) {
        let lines = splitLines(message)
        var end = lines.count
        while end > 0, isBlank(lines[end - 1]) { end -= 1 }
        var start = end
        while start > 0, !isBlank(lines[start - 1]) { start -= 1 }

        var trailerLines = 0
        var otherLines = 0
        var recognized = false
        var trailers: [Trailer] = []
        var afterTrailer = false
        for line in lines[start..<end] {
            if let first = line.first, first == " " || first == "\t" {
                if afterTrailer, !trailers.isEmpty {
                    let piece = line.trimmingSpaces
                    trailers[trailers.count - 1].value += trailers[trailers.count - 1].value.isEmpty ? piece : " " + piece
                } else {
                    otherLines += 1
                }
                continue
            }
            if line.hasPrefix("(cherry picked from commit ") {
                trailerLines += 1
                recognized = true
                afterTrailer = false
                continue
            }
            if let trailer = parseTrailerLine(line) {
                trailerLines += 1
                if isKnown(trailer.key) { recognized = true }
                trailers.append(trailer)
                afterTrailer = true
            } else {
                otherLines += 1
                afterTrailer = false
            }
        }

        let isBlock = (trailerLines > 0 && otherLines == 0) || (recognized && trailerLines * 3 >= otherLines)
        let bodyEnd = isBlock ? start : end
        var bodyStart = 0
        while bodyStart < bodyEnd, isBlank(lines[bodyStart]) { bodyStart += 1 }
        var trimmedEnd = bodyEnd
        while trimmedEnd > bodyStart, isBlank(lines[trimmedEnd - 1]) { trimmedEnd -= 1 }
        let body = lines[bodyStart..<trimmedEnd].joined(separator: "\n")
        return (body, isBlock ? trailers : [])
    }

    /// The trailers a reviewer gives in a reply (`Reviewed-by: Name <address>`), in order, without repeats.
    ///
    /// Only the reply's own lines count: quoted lines (`>`), anything after the signature (`-- `) and
    /// any diff the reply carries are skipped. A person trailer whose name ran onto the next line
    /// (indented, or an address alone on it) is joined into one.
    public static func received(inReply text: String) -> [Trailer] {
        let lines = splitLines(text)
        var found: [Trailer] = []
        var seen: Set<Trailer> = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line == "-- " { break }
            if isQuoted(line) { continue }
            if line.hasPrefix("diff --git ") { break }
            if line.hasPrefix("--- "), index < lines.count, lines[index].hasPrefix("+++ ") { break }
            guard let parsed = parseTrailerLine(line), let key = canonicalReplyKey(parsed.key) else { continue }
            var value = parsed.value
            let isPerson = personKeys.contains(key)
            if isPerson, !hasAddress(value) {
                var lookahead = index
                var joins = 0
                while joins < 3, lookahead < lines.count, !hasAddress(value) {
                    var next = lookahead
                    while next < lines.count, isBlank(lines[next]) { next += 1 }
                    guard next < lines.count else { break }
                    let candidate = lines[next]
                    if candidate == "-- " || isQuoted(candidate) { break }
                    let indented = candidate.first == " " || candidate.first == "\t"
                    let piece = candidate.trimmingSpaces
                    guard indented || isAddressOnly(piece) else { break }
                    value = value.isEmpty ? piece : value + " " + piece
                    lookahead = next + 1
                    joins += 1
                }
                if hasAddress(value) { index = lookahead }
            }
            if isPerson ? !hasAddress(value) : value.isEmpty { continue }
            let trailer = Trailer(key: key, value: value)
            if seen.insert(trailer).inserted { found.append(trailer) }
        }
        return found
    }

    // MARK: - Lines

    /// `Token: value`, the token letters, digits and `-` (spaces allowed before the colon, as git does).
    static func parseTrailerLine(_ line: Substring) -> Trailer? {
        line.utf8.allSatisfy({ $0 < 0x80 }) ? parseASCIITrailerLine(line) : parseTrailerLineByCharacter(line)
    }

    /// `parseTrailerLine` over `Character`s, for a line that is not ASCII.
    static func parseTrailerLineByCharacter(_ line: Substring) -> Trailer? {
        var tokenEnd = line.startIndex
        var cursor = line.startIndex
        var sawSpace = false
        while cursor < line.endIndex {
            let character = line[cursor]
            if character == ":" { break }
            if !sawSpace, character.isASCII, character.isLetter || character.isNumber || character == "-" {
                cursor = line.index(after: cursor)
                tokenEnd = cursor
                continue
            }
            if cursor > line.startIndex, character == " " || character == "\t" {
                sawSpace = true
                cursor = line.index(after: cursor)
                continue
            }
            return nil
        }
        guard cursor < line.endIndex, tokenEnd > line.startIndex else { return nil }
        let key = String(line[line.startIndex..<tokenEnd])
        let value = line[line.index(after: cursor)...].trimmingSpaces
        return Trailer(key: key, value: value)
    }

    /// `parseTrailerLine` over the bytes of an ASCII line (one byte, one character).
    static func parseASCIITrailerLine(_ line: Substring) -> Trailer? {
        let bytes = line.utf8
        var tokenEnd = bytes.startIndex
        var cursor = bytes.startIndex
        var sawSpace = false
        while cursor < bytes.endIndex {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: ":") { break }
            let isTokenByte = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "-")
            if !sawSpace, isTokenByte {
                cursor = bytes.index(after: cursor)
                tokenEnd = cursor
                continue
            }
            if cursor > bytes.startIndex, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                sawSpace = true
                cursor = bytes.index(after: cursor)
                continue
            }
            return nil
        }
        guard cursor < bytes.endIndex, tokenEnd > bytes.startIndex else { return nil }
        let key = String(line[line.startIndex..<tokenEnd])
        let value = line[bytes.index(after: cursor)...].trimmingSpaces
        return Trailer(key: key, value: value)
    }

    private static let loweredKnownKeys = Set(knownKeys.map { $0.lowercased() })

    private static func isKnown(_ key: String) -> Bool {
        loweredKnownKeys.contains(key.lowercased())
    }

    private static func canonicalReplyKey(_ key: String) -> String? {
        let lowered = key.lowercased()
        return replyKeys.first { $0.lowercased() == lowered }
    }

    private static func isQuoted(_ line: Substring) -> Bool {
        line.first(where: { $0 != " " && $0 != "\t" }) == ">"
    }

    /// `Name <a@b>`, `<a@b>` or a bare `a@b` (possibly followed by a `# comment`).
    private static func hasAddress(_ value: String) -> Bool {
        if let open = value.firstIndex(of: "<"),
           let close = value[open...].firstIndex(of: ">"),
           value[open..<close].contains("@") {
            return true
        }
        guard let first = value.split(separator: " ").first else { return false }
        let address = first.hasPrefix("mailto:") ? first.dropFirst(7) : first
        guard let at = address.firstIndex(of: "@") else { return false }
        return at > address.startIndex && address.index(after: at) < address.endIndex
    }

    private static func isAddressOnly(_ piece: String) -> Bool {
        piece.hasPrefix("<") && piece.hasSuffix(">") && piece.contains("@") && !piece.contains(" ")
    }

    /// Only spaces and tabs (as bytes: a character is one of them only when its one byte is).
    private static func isBlank(_ line: Substring) -> Bool {
        line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Lines without their ends; `\r\n` is one `Character` in Swift, so both ends are separators.
    /// ASCII text is split over its bytes.
    static func splitLines(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return splitLinesByCharacter(text) }
        var lines: [Substring] = []
        var start = utf8.startIndex
        var previous: String.Index?
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == 0x0A {
                let end = previous.map { utf8[$0] == 0x0D && $0 >= start ? $0 : index } ?? index
                lines.append(text[start..<end])
                start = utf8.index(after: index)
            }
            previous = index
            index = utf8.index(after: index)
        }
        lines.append(text[start..<utf8.endIndex])
        return lines
    }

    static func splitLinesByCharacter(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" {
            end = index(before: end)
        }
        return String(self[start..<end])
    }
}
