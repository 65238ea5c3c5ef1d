#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The flavours of mbox: mboxo leaves body lines that begin with `>From ` alone; mboxrd (as list
/// archives and `git format-patch --pretty=mboxrd` write) escapes every `>*From ` line with one more
/// `>`, which reading undoes.
public enum MboxFormat: String, Sendable, CaseIterable {
    /// mboxrd when the first separator line is `From mboxrd@z ...`, else mboxo.
    case auto
    case mboxo
    case mboxrd
}

/// Splits a mailbox into messages, incrementally: bytes go in as chunks of any size, whole messages
/// come out. A line starts a new message only when git would split there (`From ` followed by
/// something that ends in a time and a year, as `git mailsplit` checks), so commit messages whose
/// lines begin with `From ` stay whole. Memory is bounded by the largest message.
public struct MboxSplitter: Sendable {
    public private(set) var format: MboxFormat
    private let source: String?
    /// Bytes of the message being read (from its first header) and any unfinished line.
    private var buffer: [UInt8] = []
    /// Where the next line to examine starts in `buffer`.
    private var lineStart = 0
    /// Where the current message starts in `buffer`, or `nil` before the first separator.
    private var messageStart: Int?
    /// Offsets in `buffer` of mboxrd `>` escapes to drop from the current message.
    private var escapes: [Int] = []
    /// Lines consumed before `buffer`'s first byte, and the file line of the current message's start.
    private var linesBeforeBuffer = 0
    private var linesInBuffer = 0
    private var messageFirstLine = 1
    private var nextIndex = 1
    /// No separator line at the top: the whole input is one message (a single `.eml`).
    private var isSingleMessage = false
    private var sawContent = false

    public init(format: MboxFormat = .auto, source: String? = nil) {
        self.format = format
        self.source = source
    }

    /// Feeds the next chunk; returns the messages it completed, in order.
    public mutating func feed(_ chunk: some Collection<UInt8>) -> [MailMessage] {
        buffer.append(contentsOf: chunk)
        var finished: [MailMessage] = []
        scanCompleteLines(into: &finished)
        compact()
        return finished
    }

    /// Ends the input; returns the last message, if any.
    public mutating func finish() -> [MailMessage] {
        var finished: [MailMessage] = []
        scanCompleteLines(into: &finished)
        if lineStart < buffer.count {
            // The last line has no line end: examine it as a line of its own.
            buffer.append(UInt8(ascii: "\n"))
            scanCompleteLines(into: &finished)
            buffer.removeLast()
            // A separator as that last line starts an empty message after the added line end.
            if let start = messageStart, start > buffer.count { messageStart = buffer.count }
        }
        if let start = messageStart {
            emit(from: start, to: buffer.count, into: &finished)
        }
        buffer = []
        lineStart = 0
        messageStart = nil
        return finished
    }

    /// Splits a whole mailbox held in memory.
    public static func split(_ bytes: [UInt8], format: MboxFormat = .auto, source: String? = nil) -> [MailMessage] {
        var splitter = MboxSplitter(format: format, source: source)
        return splitter.feed(bytes) + splitter.finish()
    }

    private mutating func scanCompleteLines(into finished: inout [MailMessage]) {
        buffer.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var position = lineStart
            while position < count {
                let remaining = count - position
                guard let newline = memchr(base + position, 0x0A, remaining) else { break }
                let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                examineLine(bytes, from: position, to: end, into: &finished)
                linesInBuffer += 1
                position = end + 1
            }
            lineStart = position
        }
    }

    /// Looks at one complete line `bytes[from..<to]` (without its LF).
    private mutating func examineLine(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int,
                                      into finished: inout [MailMessage]) {
        let lineNumber = linesBeforeBuffer + linesInBuffer + 1
        if messageStart == nil && !isSingleMessage {
            // Before the first separator: skip blank lines; anything else decides the input's shape.
            if MboxSplitter.isBlank(bytes, from, to) { return }
            if MboxSplitter.isFromLine(bytes, from, to) {
                if format == .auto {
                    format = MboxSplitter.hasPrefix(bytes, from, to, "From mboxrd@z") ? .mboxrd : .mboxo
                }
                messageStart = to + 1
                messageFirstLine = lineNumber + 1
            } else {
                isSingleMessage = true
                messageStart = from
                messageFirstLine = lineNumber
            }
            sawContent = true
            return
        }
        if !isSingleMessage, bytes[from] == UInt8(ascii: "F"), MboxSplitter.isFromLine(bytes, from, to) {
            if let start = messageStart {
                emit(from: start, to: from, into: &finished)
            }
            escapes.removeAll(keepingCapacity: true)
            messageStart = to + 1
            messageFirstLine = lineNumber + 1
            return
        }
        if format == .mboxrd, bytes[from] == UInt8(ascii: ">") {
            var cursor = from
            while cursor < to, bytes[cursor] == UInt8(ascii: ">") { cursor += 1 }
            if MboxSplitter.hasPrefix(bytes, cursor, to, "From ") {
                escapes.append(from)
            }
        }
    }

    private mutating func emit(from start: Int, to end: Int, into finished: inout [MailMessage]) {
        var end = max(start, end)
        // The blank line that separates messages belongs to the mailbox, not the message.
        if !isSingleMessage, end - start >= 2, buffer[end - 1] == UInt8(ascii: "\n") {
            var previous = end - 2
            if buffer[previous] == UInt8(ascii: "\r"), previous > start { previous -= 1 }
            if buffer[previous] == UInt8(ascii: "\n") { end = previous + 1 }
        }
        var bytes: [UInt8]
        if escapes.isEmpty {
            bytes = Array(buffer[start..<end])
        } else {
            bytes = []
            bytes.reserveCapacity(end - start)
            var cursor = start
            for escape in escapes where escape >= start && escape < end {
                bytes.append(contentsOf: buffer[cursor..<escape])
                cursor = escape + 1
            }
            bytes.append(contentsOf: buffer[cursor..<end])
        }
        escapes.removeAll(keepingCapacity: true)
        if !bytes.isEmpty || !isSingleMessage {
            finished.append(MailMessage(bytes: bytes, index: nextIndex, firstLine: messageFirstLine, source: source))
            nextIndex += 1
        }
    }

    /// Drops bytes that no message needs any more, so the buffer holds at most one message.
    private mutating func compact() {
        let keepFrom = min(messageStart ?? lineStart, lineStart)
        guard keepFrom > 0, keepFrom >= buffer.count / 2 || keepFrom > 1 << 20 else { return }
        buffer.removeFirst(keepFrom)
        lineStart -= keepFrom
        if let start = messageStart { messageStart = start - keepFrom }
        for index in escapes.indices { escapes[index] -= keepFrom }
        linesBeforeBuffer += linesInBuffer
        linesInBuffer = 0
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var index = from
        while index < to {
            let byte = bytes[index]
            if byte != 0x20 && byte != 0x09 && byte != 0x0D { return false }
            index += 1
        }
        return true
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard to - from >= length else { return false }
        let pointer = prefix.utf8Start
        for offset in 0..<length where bytes[from + offset] != pointer[offset] { return false }
        return true
    }

    /// git's test for a separator line: `From `, at least 20 bytes, and a last colon that sits in a
    /// `hh:mm:ss`-like time followed by a year after 1990 (`From 1a2b... Mon Sep 17 00:00:00 2001`).
    static func isFromLine(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ lineEnd: Int) -> Bool {
        var to = lineEnd
        if to > from, bytes[to - 1] == 0x0D { to -= 1 }
        guard to - from >= 20, hasPrefix(bytes, from, to, "From ") else { return false }
        // The last colon, looking from the second-to-last byte back to just after "From ".
        var colon = to - 2
        let floor = from + 5
        while colon >= floor && bytes[colon] != UInt8(ascii: ":") { colon -= 1 }
        guard colon >= floor, colon - 4 >= from, colon + 2 < to else { return false }
        func isDigit(_ index: Int) -> Bool { bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        guard isDigit(colon - 4), isDigit(colon - 2), isDigit(colon - 1), isDigit(colon + 1), isDigit(colon + 2) else {
            return false
        }
        // The year: strtol over what follows the seconds (leading blanks, optional sign, digits).
        var index = colon + 3
        while index < to && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        var negative = false
        if index < to && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var year = 0
        while index < to, isDigit(index), year < 100_000 {
            year = year * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        return !negative && year > 90
    }
}
