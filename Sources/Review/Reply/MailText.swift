import PatchModel

/// The small pieces of RFC 5322 and list etiquette a reply is made of: header folding, RFC 2047
/// encoded words, addresses, quoting and wrapping.
public enum MailText {
    /// Header lines are folded before this column.
    public static let headerWidth = 78
    /// Comments are wrapped at this column.
    public static let bodyWidth = 72

    // MARK: Headers

    /// A header value with control characters (line breaks in input-derived text) made spaces, so
    /// a value can never start a new header or end the header block.
    public static func headerSafe(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
        }
        return out
    }

    /// `items` joined by `separator`, folded so no line passes `headerWidth` where it can be helped:
    /// a break goes between items, and the continuation line starts with one space. `name` is the
    /// header's name, whose `Name: ` takes the first line's first columns.
    public static func fold(name: String, items: [String], separator: String = ", ") -> String {
        var out = ""
        var column = name.utf8.count + 2
        for (offset, item) in items.enumerated() {
            let last = offset == items.count - 1
            let piece = last ? item : item + separator.trimmingTrailingSpaces
            let width = piece.utf8.count
            if offset > 0 {
                if column + 1 + width > headerWidth {
                    out += "\n "
                    column = 1
                } else {
                    out += " "
                    column += 1
                }
            }
            out += piece
            column += width
        }
        return out
    }

    /// Unstructured text (a subject) folded at its spaces.
    public static func foldText(name: String, _ text: String) -> String {
        fold(name: name, items: text.split(separator: " ", omittingEmptySubsequences: false).map(String.init),
             separator: " ")
    }

    /// A display name as a header may carry it: as is when it is plain ASCII, quoted when it holds
    /// specials (`"Tian, Kevin"`), RFC 2047 encoded words when it is not ASCII.
    public static func phrase(_ name: String) -> String {
        let name = headerSafe(name)
        if !name.unicodeScalars.allSatisfy(\.isASCII) { return encodedWords(name) }
        let specials = Set("()<>[]:;@\\,.\"")
        if name.contains(where: { specials.contains($0) }) {
            var quoted = "\""
            for character in name {
                if character == "\\" || character == "\"" { quoted.append("\\") }
                quoted.append(character)
            }
            return quoted + "\""
        }
        return name
    }

    /// `Name <addr>` for a header, the name made safe by `phrase`.
    public static func address(_ person: Person) -> String {
        let email = headerSafe(person.email).filter { $0 != " " }
        if person.name.isEmpty { return email }
        return "\(phrase(person.name)) <\(email)>"
    }

    /// Unstructured text (a subject) made ASCII: unchanged when it is, else its words from the
    /// first non-ASCII one on become encoded words.
    public static func unstructured(_ text: String) -> String {
        let text = headerSafe(text)
        if text.unicodeScalars.allSatisfy(\.isASCII) { return text }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        guard let first = words.firstIndex(where: { !$0.unicodeScalars.allSatisfy(\.isASCII) }) else { return text }
        let plain = words[..<first].joined(separator: " ")
        let encoded = encodedWords(words[first...].joined(separator: " "))
        return plain.isEmpty ? encoded : plain + " " + encoded
    }

    /// `=?UTF-8?Q?...?=` words of at most 75 characters, separated by spaces, never splitting a
    /// character's bytes across two words.
    public static func encodedWords(_ text: String) -> String {
        let prefix = "=?UTF-8?Q?"
        let suffix = "?="
        let room = 75 - prefix.utf8.count - suffix.utf8.count
        var words: [String] = []
        var current = ""
        for character in text {
            var piece = ""
            for byte in String(character).utf8 {
                if isQSafe(byte) {
                    piece.unicodeScalars.append(Unicode.Scalar(byte))
                } else if byte == UInt8(ascii: " ") {
                    piece += "_"
                } else {
                    piece += "=" + hex(byte)
                }
            }
            if current.utf8.count + piece.utf8.count > room, !current.isEmpty {
                words.append(prefix + current + suffix)
                current = ""
            }
            current += piece
        }
        if !current.isEmpty || words.isEmpty { words.append(prefix + current + suffix) }
        return words.joined(separator: " ")
    }

    /// Bytes RFC 2047 lets a `Q` word in a phrase carry as themselves.
    private static func isQSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "*"),
             UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            true
        default:
            false
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    // MARK: Body

    /// `line` quoted as mutt quotes: `> ` before it, a bare `>` for an empty line.
    public static func quote(_ line: String) -> String {
        line.isEmpty ? ">" : "> " + line
    }

    /// Text wrapped at `width` columns on spaces; a line break in the text starts a new line, a
    /// word longer than the width stands on its own line.
    public static func wrap(_ text: String, width: Int = bodyWidth) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var length = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                let count = word.count
                if length > 0, length + 1 + count > width {
                    lines.append(line)
                    line = ""
                    length = 0
                }
                if length > 0 {
                    line += " "
                    length += 1
                }
                line += word
                length += count
            }
            lines.append(line)
        }
        while lines.last == "" { lines.removeLast() }
        return lines
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}

/// The local fields of a `MailDate` in its own offset, read back from its RFC 2822 form.
struct MailDateFields {
    var weekday: String
    var day: Int
    var month: String
    var monthNumber: Int
    var year: Int
    var hour: Int
    var minute: Int
    var second: Int
    var zone: String

    init(_ date: MailDate) {
        // "Tue, 14 Nov 2023 09:12:31 +0100"
        let words = date.rfc2822.split(separator: " ").map(String.init)
        let time = (words.count > 4 ? words[4] : "00:00:00").split(separator: ":").map { Int($0) ?? 0 }
        weekday = words.first.map { String($0.dropLast()) } ?? "Thu"
        day = words.count > 1 ? Int(words[1]) ?? 1 : 1
        month = words.count > 2 ? words[2] : "Jan"
        monthNumber = (MailDateFields.months.firstIndex(of: month) ?? 0) + 1
        year = words.count > 3 ? Int(words[3]) ?? 1970 : 1970
        hour = time.count > 0 ? time[0] : 0
        minute = time.count > 1 ? time[1] : 0
        second = time.count > 2 ? time[2] : 0
        zone = words.count > 5 ? words[5] : "+0000"
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func padded(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// mutt's attribution date: `Thu, Jul 20, 2023 at 06:39:25PM +1000`.
    var mutt: String {
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        let half = hour < 12 ? "AM" : "PM"
        return "\(weekday), \(month) \(Self.padded(day)), \(year) at "
            + "\(Self.padded(twelve)):\(Self.padded(minute)):\(Self.padded(second))\(half) \(zone)"
    }

    /// `20230720183925`.
    var compact: String {
        Self.padded(year, 4) + Self.padded(monthNumber) + Self.padded(day) + Self.padded(hour)
            + Self.padded(minute) + Self.padded(second)
    }
}
