/// Turns the marked lines of both sides into git's hunks: changes whose gap is at most twice the
/// context go in one hunk, each hunk with up to `context` unchanged lines around it, and a section
/// heading found by looking back in the old file from the hunk's first line to the previous hunk's
/// (a hunk that finds none keeps the previous heading, as git does).
struct HunkEmitter {
    let old: DiffSide
    let new: DiffSide
    let context: Int
    let headings: SectionHeadings

    /// A run of changed lines: old `[oldStart, oldStart + oldCount)` replaced by new `[newStart, ...)`.
    struct Change {
        var oldStart: Int, oldCount: Int, newStart: Int, newCount: Int
    }

    func changes() -> [Change] {
        var changes: [Change] = []
        var oldLine = 0
        var newLine = 0
        while oldLine < old.count || newLine < new.count {
            if old.isChanged(oldLine) || new.isChanged(newLine) {
                let change = (oldLine, newLine)
                while old.isChanged(oldLine) { oldLine += 1 }
                while new.isChanged(newLine) { newLine += 1 }
                changes.append(Change(oldStart: change.0, oldCount: oldLine - change.0,
                                      newStart: change.1, newCount: newLine - change.1))
            } else {
                oldLine += 1
                newLine += 1
            }
        }
        return changes
    }

    func hunks() -> [Hunk] {
        let changes = self.changes()
        var hunks: [Hunk] = []
        var heading: ArraySlice<UInt8> = []
        var headingLimit = -1
        var first = 0
        while first < changes.count {
            var last = first
            while last + 1 < changes.count,
                  changes[last + 1].oldStart - (changes[last].oldStart + changes[last].oldCount) <= 2 * context {
                last += 1
            }
            let oldStart = max(changes[first].oldStart - context, 0)
            let newStart = max(changes[first].newStart - context, 0)
            let oldEnd = min(changes[last].oldStart + changes[last].oldCount + context, old.count)
            let newEnd = min(changes[last].newStart + changes[last].newCount + context, new.count)

            var line = oldStart - 1
            while line != headingLimit, line >= 0, line < old.count {
                if let found = sectionHeading(line) {
                    heading = found
                    break
                }
                line -= 1
            }
            headingLimit = oldStart - 1

            var lines: [DiffLine] = []
            lines.reserveCapacity((oldEnd - oldStart) + (newEnd - newStart))
            var newLine = newStart
            var oldLine = oldStart
            for change in changes[first...last] {
                while oldLine < change.oldStart {
                    lines.append(diffLine(new, newLine, .context))
                    oldLine += 1
                    newLine += 1
                }
                for index in change.oldStart..<(change.oldStart + change.oldCount) { lines.append(diffLine(old, index, .removed)) }
                for index in change.newStart..<(change.newStart + change.newCount) { lines.append(diffLine(new, index, .added)) }
                oldLine = change.oldStart + change.oldCount
                newLine = change.newStart + change.newCount
            }
            while newLine < newEnd {
                lines.append(diffLine(new, newLine, .context))
                newLine += 1
            }
            let oldCount = oldEnd - oldStart
            let newCount = newEnd - newStart
            let oldNumber = oldCount == 0 ? oldStart : oldStart + 1
            let newNumber = newCount == 0 ? newStart : newStart + 1
            hunks.append(Hunk(oldStart: oldNumber, oldCount: oldCount, newStart: newNumber, newCount: newCount,
                              section: section(heading, oldNumber, oldCount, newNumber, newCount),
                              lines: lines, headerLine: 0))
            first = last + 1
        }
        return hunks
    }

    func diffLine(_ side: DiffSide, _ index: Int, _ kind: DiffLine.Kind) -> DiffLine {
        let text = side.text(index)
        return DiffLine(kind: kind, text: Array(text.bytes), noNewlineAtEnd: !text.newline)
    }

    /// The heading old line `line` gives under `headings`: the line without its trailing white
    /// space, at most 80 bytes.
    func sectionHeading(_ line: Int) -> ArraySlice<UInt8>? {
        let start = old.starts[line]
        var end = old.starts[line + 1]
        while end > start, Self.isSpace(old.bytes[end - 1]) { end -= 1 }
        guard end > start else { return nil }
        let text = old.bytes[start..<end]
        let first = text[start]
        switch headings {
        case .plain:
            guard Self.isLetter(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: "$") else { return nil }
        case .cpp:
            guard !Self.isLabel(text) else { return nil }
            var index = start
            if text.starts(with: [UInt8(ascii: ":"), UInt8(ascii: ":")]) {
                index += 2
                while index < end, Self.isSpace(text[index]) { index += 1 }
            }
            guard index < end, Self.isLetter(text[index]) || text[index] == UInt8(ascii: "_") else { return nil }
        }
        return old.bytes[start..<min(end, start + 80)]
    }

    /// `[ \t]*identifier:[[:space:]]*` then the end or a comment: a jump target or access label.
    static func isLabel(_ text: ArraySlice<UInt8>) -> Bool {
        var index = text.startIndex
        while index < text.endIndex, text[index] == 0x20 || text[index] == 0x09 { index += 1 }
        guard index < text.endIndex, isLetter(text[index]) || text[index] == UInt8(ascii: "_") else { return false }
        while index < text.endIndex, isLetter(text[index]) || isDigit(text[index]) || text[index] == UInt8(ascii: "_") { index += 1 }
        guard index < text.endIndex, text[index] == UInt8(ascii: ":") else { return false }
        index += 1
        while index < text.endIndex, isSpace(text[index]) { index += 1 }
        if index == text.endIndex { return true }
        return index + 1 < text.endIndex && text[index] == UInt8(ascii: "/")
            && (text[index + 1] == UInt8(ascii: "/") || text[index + 1] == UInt8(ascii: "*"))
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
    static func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The heading as git's 128-byte hunk header keeps it, without trailing spaces.
    func section(_ heading: ArraySlice<UInt8>, _ oldNumber: Int, _ oldCount: Int, _ newNumber: Int, _ newCount: Int) -> String {
        guard !heading.isEmpty else { return "" }
        func range(_ number: Int, _ count: Int) -> Int {
            String(number).utf8.count + (count == 1 ? 0 : 1 + String(count).utf8.count)
        }
        // "@@ -" range " +" range " @@" and a space, then the heading and a line end.
        let used = 4 + range(oldNumber, oldCount) + 2 + range(newNumber, newCount) + 3 + 1
        var text = heading.prefix(max(0, 128 - used - 1))
        while text.last == UInt8(ascii: " ") { text = text.dropLast() }
        return String(decoding: text, as: UTF8.self)
    }
}
