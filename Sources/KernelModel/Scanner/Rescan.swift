#if canImport(Glibc)
import Glibc
#endif
import PatchModel

extension KernelScanner {
    /// The scan of `new`, given the scan of `old` and the hunks that turn `old` into `new`.
    ///
    /// A commit mostly edits a few function bodies of a long file. When every hunk falls in stretches
    /// of whole top-level functions that hold no preprocessor directive, only those stretches are
    /// scanned again and the rest of `scanned` is kept, its lines moved; the result equals
    /// `scan(new, path:)`. Anything else (a hunk in a directive, before the first function or after the
    /// last, a note of the old scan or a macro inside a stretch, hunks that do not turn `old` into
    /// `new`) gets the whole scan.
    public static func rescan(_ new: [UInt8], path: String, old: [UInt8], scanned: ScannedFile,
                              hunks: [Hunk]) -> ScannedFile {
        rescan(new, path: path, old: old, oldLines: nil, scanned: scanned, hunks: hunks).file
    }

    /// `rescan`, told the line starts of `old` when an earlier rescan gave them (a file edited commit
    /// after commit is split into lines once per version), and giving those of `new` when it found them.
    public static func rescan(_ new: [UInt8], path: String, old: [UInt8], oldLines: LineStarts?, scanned: ScannedFile,
                              hunks: [Hunk]) -> (file: ScannedFile, lines: LineStarts?) {
        var newLines: LineStarts?
        if let file = splicedScan(new, path: path, old: old, scanned: scanned, hunks: hunks, oldLines: oldLines, newLines: &newLines) {
            return (file, newLines)
        }
        return (scan(new, path: path), newLines)
    }

    /// One stretch scanned again: old lines `old` (whole top-level functions, from the first line of
    /// the first one's declaration to the closing brace of the last), `new` the same stretch after the edit.
    struct RescannedStretch {
        var old: ClosedRange<Int>
        var new: ClosedRange<Int>
    }

    /// The scan of `new` made from `scanned` and scans of the edited stretches, or nil when the
    /// shortcut cannot be shown to give what a whole scan gives.
    ///
    /// Why the result is the whole scan's. A stretch starts with an identifier in column 0 on a line
    /// without `*/`, quote or backslash (the old scan read a function head there, so the lexer is in
    /// code at that line in the file as on its own, the bytes before being the old ones), ends with a
    /// line that is only `}` in column 0, and holds no directive. Every bracket of the stretch, before
    /// and after, pairs inside it, so the brackets outside pair as they did and the stretch pairs as on
    /// its own (before the edit, a file read without a note shows it: a bracket pairing across the
    /// stretch's first head or last `}` would have kept the parser from reading the functions there,
    /// unless a body was cut at a `}` in column 0, which it notes). The parser leaves every function in
    /// a fresh top-level state, so it reaches the stretch's first head as before (that head, byte-identical, is kept from `scanned`),
    /// reads the stretch as on its own (no lookahead leaves it: its last line closes in column 0), and
    /// leaves it as before. The `#if` stack is the first function's; what lies between the stretches is
    /// read as it was, its lines moved.
    static func splicedScan(_ new: [UInt8], path: String, old: [UInt8], scanned: ScannedFile,
                            hunks: [Hunk]) -> ScannedFile? {
        var newLines: LineStarts?
        return splicedScan(new, path: path, old: old, scanned: scanned, hunks: hunks, oldLines: nil, newLines: &newLines)
    }

    /// `splicedScan` with the line starts of `old` when known; sets `newLines` once it has split `new`.
    static func splicedScan(_ new: [UInt8], path: String, old: [UInt8], scanned: ScannedFile, hunks: [Hunk],
                            oldLines known: LineStarts?, newLines found: inout LineStarts?) -> ScannedFile? {
        guard !hunks.isEmpty, scanned.path == path else { return nil }
        let bodies = scanned.functions.filter { $0.kind == .function }
        guard !bodies.isEmpty else { return nil }

        // Old stretches: each edit widened to whole functions, overlapping ones merged, with the
        // number of lines each one gains.
        var stretches: [(lines: ClosedRange<Int>, gain: Int)] = []
        for hunk in hunks {
            var line = hunk.oldCount == 0 ? hunk.oldStart + 1 : hunk.oldStart
            for diffLine in hunk.lines {
                guard diffLine.kind != .context else {
                    line += 1
                    continue
                }
                let isRemoval = diffLine.kind == .removed
                // From the last function whose `{` line comes before the edit to the first whose `}`
                // line comes after it.
                guard let first = bodies.last(where: { $0.bodySpan.first < line }),
                      let last = bodies.first(where: { isRemoval ? $0.span.last > line : $0.span.last >= line }),
                      first.span.first <= last.span.last
                else { return nil }
                let stretch = first.span.first...last.span.last
                let gain = isRemoval ? -1 : 1
                if let previous = stretches.last, previous.lines.upperBound >= stretch.lowerBound {
                    guard previous.lines.lowerBound <= stretch.lowerBound else { return nil }
                    stretches[stretches.count - 1] = (previous.lines.lowerBound...max(previous.lines.upperBound, stretch.upperBound),
                                                      previous.gain + gain)
                } else {
                    stretches.append((stretch, gain))
                }
                if isRemoval { line += 1 }
            }
        }
        guard !stretches.isEmpty else { return nil }

        // The same stretches in the new file; the bytes around them must be the old bytes.
        let oldLines = known ?? LineStarts(old)
        let newLines = LineStarts(new)
        found = newLines
        var mapped: [RescannedStretch] = []
        var shift = 0
        for stretch in stretches {
            let newFirst = stretch.lines.lowerBound + shift
            let newLast = stretch.lines.upperBound + shift + stretch.gain
            shift += stretch.gain
            guard newFirst <= newLast, stretch.lines.upperBound <= oldLines.count, newLast <= newLines.count
            else { return nil }
            mapped.append(RescannedStretch(old: stretch.lines, new: newFirst...newLast))
        }
        var oldGapStart = 0
        var newGapStart = 0
        for index in 0...mapped.count {
            let oldGapEnd = index < mapped.count ? oldLines.start(of: mapped[index].old.lowerBound) : old.count
            let newGapEnd = index < mapped.count ? newLines.start(of: mapped[index].new.lowerBound) : new.count
            let length = oldGapEnd - oldGapStart
            guard length >= 0, newGapEnd - newGapStart == length else { return nil }
            if length > 0 {
                let same = old.withUnsafeBufferPointer { o in
                    new.withUnsafeBufferPointer { n in
                        memcmp(o.baseAddress! + oldGapStart, n.baseAddress! + newGapStart, length) == 0
                    }
                }
                guard same else { return nil }
            }
            if index < mapped.count {
                oldGapStart = oldLines.end(of: mapped[index].old.upperBound)
                newGapStart = newLines.end(of: mapped[index].new.upperBound)
            }
        }

        // Macros and what could not be read sit between the stretches (checked before any scanning):
        // each moves with the gap it is in.
        func gapShift(_ span: LineSpan) -> Int? {
            var shift = 0
            for stretch in mapped {
                if span.last < stretch.old.lowerBound { return shift }
                if span.first <= stretch.old.upperBound { return nil }
                shift = stretch.new.upperBound - stretch.old.upperBound
            }
            return shift
        }
        var macros = scanned.macros
        for index in macros.indices {
            guard let shift = gapShift(macros[index].span) else { return nil }
            macros[index].span = LineSpan(first: macros[index].span.first + shift, last: macros[index].span.last + shift)
        }
        var unreadable: [SourceSpan] = []
        for var span in scanned.unreadable {
            guard let shift = gapShift(span.lines) else { return nil }
            span.lines = LineSpan(first: span.lines.first + shift, last: span.lines.last + shift)
            unreadable.append(span)
        }

        // Scan each new stretch on its own and check it reads as whole functions.
        var functions: [CFunction] = []
        var kept = scanned.functions.makeIterator()
        var pending = kept.next()
        var lineShift = 0
        for stretch in mapped {
            guard isCleanStart(old, oldLines, line: stretch.old.lowerBound),
                  isLoneCloser(new, newLines, line: stretch.new.upperBound),
                  !hasDirective(old, oldLines, stretch.old), !hasDirective(new, newLines, stretch.new),
                  scanned.unreadable.isEmpty
                    || pairsWithin(Array(old[oldLines.start(of: stretch.old.lowerBound)..<oldLines.end(of: stretch.old.upperBound)]))
            else { return nil }
            // Functions before the stretch move by the shift of the gap before it.
            while let function = pending, function.span.last < stretch.old.lowerBound {
                functions.append(function.moved(by: lineShift))
                pending = kept.next()
            }
            // The first function's head, up to the line of its `{`, must be as it was: it is kept.
            guard let head = pending, head.kind == .function, head.span.first == stretch.old.lowerBound,
                  head.bodySpan.first < stretch.old.upperBound,
                  old[oldLines.start(of: head.span.first)..<oldLines.end(of: head.bodySpan.first)]
                    == new[newLines.start(of: stretch.new.lowerBound)..<newLines.end(of: stretch.new.lowerBound + head.bodySpan.first - head.span.first)]
            else { return nil }
            while let function = pending, function.span.first <= stretch.old.upperBound {
                guard function.kind == .function, function.span.last <= stretch.old.upperBound else { return nil }
                pending = kept.next()
            }
            let bytes = Array(new[newLines.start(of: stretch.new.lowerBound)..<newLines.end(of: stretch.new.upperBound)])
            guard var read = scanStretch(bytes) else { return nil }
            let offset = stretch.new.lowerBound - 1
            guard let first = read.first, first.name == head.name,
                  first.bodySpan.first + offset == head.bodySpan.first + (stretch.new.lowerBound - stretch.old.lowerBound),
                  read.last.map({ $0.span.last + offset }) == stretch.new.upperBound
            else { return nil }
            for index in read.indices {
                read[index] = read[index].moved(by: offset)
                read[index].condition = head.condition
            }
            read[0].span.first = head.span.first + (stretch.new.lowerBound - stretch.old.lowerBound)
            read[0].isStaticInline = head.isStaticInline
            read[0].attributes = head.attributes
            read[0].parameters = head.parameters
            read[0].parameterDeclarations = head.parameterDeclarations
            functions += read
            lineShift = stretch.new.upperBound - stretch.old.upperBound
        }
        while let function = pending {
            functions.append(function.moved(by: lineShift))
            pending = kept.next()
        }

        return ScannedFile(path: path, functions: functions, macros: macros, includes: scanned.includes,
                           unreadable: unreadable)
    }

    /// The functions of a stretch scanned on its own, or nil when it is not whole functions with every
    /// bracket paired, nothing unreadable and no directive.
    static func scanStretch(_ source: [UInt8]) -> [CFunction]? {
        let lexed = Lexer.lex(source)
        guard lexed.unreadable.isEmpty, lexed.directives.isEmpty,
              let match = pairedWithin(lexed.tokens) else { return nil }
        var parser = Parser(source: source, tokens: lexed.tokens, match: match,
                            closersAtColumnZero: lexed.closersAtColumnZero)
        parser.run(events: [])
        guard parser.unreadable.isEmpty else { return nil }
        let functions = parser.functions()
        guard !functions.isEmpty, functions.allSatisfy({ $0.kind == .function }) else { return nil }
        return functions
    }

    /// Whether every bracket of a stretch pairs with one in it (its lexing is the file's: see
    /// `splicedScan`).
    static func pairsWithin(_ source: [UInt8]) -> Bool {
        let lexed = Lexer.lex(source)
        return lexed.unreadable.isEmpty && pairedWithin(lexed.tokens) != nil
    }

    /// The pairing of the tokens when every bracket pairs with one among them and they nest less than
    /// half the matcher's limit deep (brackets left open before them add to their depth in the file).
    static func pairedWithin(_ tokens: [Token]) -> [Int32]? {
        let (match, tooDeep) = Brackets.match(tokens)
        guard tooDeep == nil else { return nil }
        var depth = 0
        for (index, token) in tokens.enumerated() where token.kind == .punct {
            switch token.punct {
            case .leftParen, .leftBracket, .leftBrace:
                guard match[index] > index else { return nil }
                depth += 1
                guard depth < Brackets.maximumDepth / 2 else { return nil }
            case .rightParen, .rightBracket, .rightBrace:
                guard match[index] >= 0, match[index] < index else { return nil }
                depth -= 1
            default:
                break
            }
        }
        return match
    }

    /// The line starts with an identifier in column 0 and holds no `*/`, quote or backslash.
    static func isCleanStart(_ bytes: [UInt8], _ lines: LineStarts, line: Int) -> Bool {
        let range = lines.start(of: line)..<lines.end(of: line)
        guard range.lowerBound < range.upperBound else { return false }
        let byte = bytes[range.lowerBound]
        guard (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F else { return false }
        var previous: UInt8 = 0
        for byte in bytes[range] {
            if byte == 0x22 || byte == 0x27 || byte == 0x5C || (previous == 0x2A && byte == 0x2F) { return false }
            previous = byte
        }
        return true
    }

    /// The line is a `}` in column 0 and nothing but blanks after it.
    static func isLoneCloser(_ bytes: [UInt8], _ lines: LineStarts, line: Int) -> Bool {
        let range = lines.start(of: line)..<lines.end(of: line)
        guard range.lowerBound < range.upperBound, bytes[range.lowerBound] == 0x7D else { return false }
        return bytes[(range.lowerBound + 1)..<range.upperBound].allSatisfy {
            $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D
        }
    }

    /// Some line of the range starts, after blanks, with `#`.
    static func hasDirective(_ bytes: [UInt8], _ lines: LineStarts, _ range: ClosedRange<Int>) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            for line in range {
                var index = lines.start(of: line)
                let end = lines.end(of: line)
                while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
                if index < end, bytes[index] == 0x23 { return true }
            }
            return false
        }
    }
}

/// Where each line of a file starts: line `n` (1-based) is `bytes[start(of: n)..<end(of: n)]`, its
/// line end included.
public struct LineStarts: Sendable, Equatable {
    /// `LineDiff.lineStarts`: each line's start, then the end of the bytes.
    private let starts: [Int]

    init(_ bytes: [UInt8]) { starts = LineDiff.lineStarts(bytes) }

    /// The number of lines (a last line without a line end counts).
    var count: Int { starts.count - 1 }

    func start(of line: Int) -> Int { starts[min(max(line - 1, 0), count)] }

    func end(of line: Int) -> Int { starts[min(max(line, 0), count)] }
}

