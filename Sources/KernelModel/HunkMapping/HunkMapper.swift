#if canImport(Glibc)
import Glibc
#endif
import PatchModel
import Synchronization

/// Maps the hunks of a patch to placement changes (design section 4, "Hunk mapping"): which
/// secondary or CPU invalidations, or entry-point calls, a hunk adds, removes, moves or renames, in
/// which function. With the scanned trees of the states before and after the patch the function
/// comes from whole files; without them, from the hunk's own lines and its section heading.
public enum HunkMapper {
    /// A call that matters to placement, on one added or removed line (or a run of lines that
    /// completes its argument list).
    struct CallLine: Hashable {
        enum Role: Hashable { case secondary, cpu, entryPoint }
        var callee: String
        var role: Role
        var text: String
        var arguments: [String]
        var line: Int
        var isAdded: Bool
        var isDefinition: Bool
        /// The position of the call's (first) line in the hunk.
        var offset: Int
    }

    /// A statement of a hunk: a line, with the following lines of the same kind joined while its
    /// parentheses stay open (a call whose arguments run over several lines). An added or removed
    /// line whose arguments go on in unchanged lines (a renamed call whose second line is context)
    /// reads on through them, as its side of the file has it; those lines stay statements of their own.
    struct Statement {
        var first: NumberedDiffLine
        var text: String
        /// The offset after the statement's last line.
        var end: Int
    }

    /// The hunk's statements: a line, and the lines after it while its parentheses stay open (up to
    /// eight). `changedOnly` leaves out the statements that begin with a context line (their text is
    /// never built).
    static func statements(of hunk: Hunk, changedOnly: Bool = false) -> [Statement] {
        statements(of: hunk.numberedLines, changedOnly: changedOnly)
    }

    /// `statements(of:changedOnly:)` over a hunk's lines already numbered.
    static func statements(of lines: [NumberedDiffLine], changedOnly: Bool) -> [Statement] {
        var result: [Statement] = []
        var index = 0
        var joined: [Int] = []
        while index < lines.count {
            let first = lines[index]
            var depth = balance(first.line.text)
            joined.removeAll(keepingCapacity: true)
            var end = index + 1
            while depth > 0, end < lines.count, lines[end].line.kind == first.line.kind, end - index < 8 {
                depth += balance(lines[end].line.text)
                joined.append(end)
                end += 1
            }
            if first.line.kind != .context {
                var next = end
                while depth > 0, next < lines.count, next - index < 8 {
                    let line = lines[next].line
                    if line.kind == .context || line.kind == first.line.kind {
                        depth += balance(line.text)
                        joined.append(next)
                    }
                    next += 1
                }
            }
            if !changedOnly || first.line.kind != .context {
                var text = first.line.string
                for other in joined { text += " " + lines[other].line.string.trimmingCharacters(in: " \t") }
                result.append(Statement(first: first, text: text, end: end))
            }
            index = end
        }
        return result
    }

    public static func changes(of file: FileDiff, before: ScannedTree?, after: ScannedTree?) -> [PlacementChange] {
        changes(of: file, beforeFiles: before?.files, afterFiles: after?.files)
    }

    /// `changes(of:before:after:)` given only the scanned files of the two states (all it reads of them).
    public static func changes(of file: FileDiff, beforeFiles: [String: ScannedFile]?,
                               afterFiles: [String: ScannedFile]?) -> [PlacementChange] {
        let (before, after) = (beforeFiles, afterFiles)
        let path = file.path
        let area = Area(path: path)
        let arch = area.archName ?? area.description
        let readsFile = KnowledgeBase.reads(path) || file.oldPath.map(KnowledgeBase.reads) == true
        let owner = KnowledgeBase.owner(of: path)
        var result: [PlacementChange] = []
        for hunk in file.hunks {
            let fromTree = after?[path] != nil || before?[file.oldPath ?? path] != nil
            func function(at line: Int, added: Bool) -> String? {
                let tree = added ? after : before
                let treePath = added ? path : (file.oldPath ?? path)
                if let scanned = tree?[treePath], let function = scanned.function(atLine: line) {
                    return function.name
                }
                return functionFromHunk(hunk, line: line, added: added)
            }
            let numbered = hunk.numberedLines
            var calls = callLines(in: numbered, knowledge: owner)
            var hunkChanges: [PlacementChange] = []

            // Renames: a removed line and an added line that differ only by the v6.6 names.
            var removedRenamed = Set<Int>()
            var addedRenamed = Set<Int>()
            let removed = hunk.lines.enumerated().filter { $0.element.kind == .removed }
            let added = hunk.lines.enumerated().filter { $0.element.kind == .added }
            for (removedOffset, removedLine) in removed {
                guard mayRename(removedLine.text) else { continue }
                let renamed = renaming(removedLine.string)
                guard renamed != removedLine.string else { continue }
                if let match = added.first(where: { !addedRenamed.contains($0.offset) && $0.element.string == renamed }) {
                    removedRenamed.insert(removedOffset)
                    addedRenamed.insert(match.offset)
                    let newLine = numbered[match.offset].newLine
                    hunkChanges.append(PlacementChange(kind: .apiRenamed, arch: arch, file: path, line: newLine,
                                                       function: function(at: newLine, added: true),
                                                       call: match.element.string.trimmingCharacters(in: " \t"), fromTree: fromTree))
                }
            }
            calls.removeAll { call in (call.isAdded ? addedRenamed : removedRenamed).contains(call.offset) }

            if readsFile {
                let removedCalls = calls.filter { !$0.isAdded && !$0.isDefinition }
                var addedCalls = calls.filter { $0.isAdded && !$0.isDefinition }
                for call in removedCalls {
                    let name = function(at: call.line, added: false)
                    // The same call added back in the same function: moved, or its range changed.
                    if let index = addedCalls.firstIndex(where: { $0.role == call.role && canonical($0.callee) == canonical(call.callee) }),
                       function(at: addedCalls[index].line, added: true) == name {
                        let partner = addedCalls.remove(at: index)
                        let sameArguments = normalized(partner.arguments) == normalized(call.arguments)
                        let kind: PlacementChangeKind
                        switch call.role {
                        case .secondary where sameArguments && partner.callee != call.callee: kind = .apiRenamed
                        case .secondary: kind = sameArguments ? .secondaryMoved : .secondaryRangeChanged
                        case .cpu: kind = sameArguments ? .noPlacementChange : .cpuFlushAdded
                        case .entryPoint: kind = sameArguments ? .noPlacementChange : .entryPointCallAdded
                        }
                        hunkChanges.append(PlacementChange(kind: kind, arch: arch, file: path, line: partner.line, function: name,
                                                           range: rangeName(partner), call: partner.text, fromTree: fromTree))
                        continue
                    }
                    let kind: PlacementChangeKind = switch call.role {
                    case .secondary: .secondaryRemoved
                    case .cpu: .cpuFlushRemoved
                    case .entryPoint: .entryPointCallRemoved
                    }
                    hunkChanges.append(PlacementChange(kind: kind, arch: arch, file: file.oldPath ?? path, line: call.line,
                                                       function: name, range: rangeName(call), call: call.text, fromTree: fromTree))
                }
                for call in addedCalls {
                    let kind: PlacementChangeKind = switch call.role {
                    case .secondary: .secondaryAdded
                    case .cpu: .cpuFlushAdded
                    case .entryPoint: .entryPointCallAdded
                    }
                    hunkChanges.append(PlacementChange(kind: kind, arch: arch, file: path, line: call.line,
                                                       function: function(at: call.line, added: true), range: rangeName(call),
                                                       call: call.text, fromTree: fromTree))
                }
                if hunkChanges.isEmpty {
                    let changed = numbered.first { $0.line.kind != .context }
                    let number = changed?.number ?? hunk.newStart
                    let added = changed.map { $0.line.kind == .added } ?? true
                    hunkChanges.append(PlacementChange(kind: .noPlacementChange, arch: arch, file: path, line: number,
                                                       function: function(at: number, added: added), fromTree: fromTree))
                }
            }
            result.append(contentsOf: hunkChanges)
        }
        return result
    }

    // MARK: - Lines

    /// The calls on the hunk's added and removed lines, with multi-line argument lists joined.
    static func callLines(in lines: [NumberedDiffLine], knowledge: ArchKnowledge?) -> [CallLine] {
        var result: [CallLine] = []
        for statement in statements(of: lines, changedOnly: true) {
            // A statement without a parenthesis calls nothing.
            guard statement.text.utf8.contains(UInt8(ascii: "(")) else { continue }
            var definition: Bool?
            for (callee, arguments) in calls(in: statement.text) {
                guard let role = role(of: callee, arguments: arguments, knowledge: knowledge) else { continue }
                if definition == nil { definition = isDefinition(statement.text) }
                result.append(CallLine(callee: callee, role: role, text: statement.text.trimmingCharacters(in: " \t"),
                                       arguments: arguments, line: statement.first.number,
                                       isAdded: statement.first.line.kind == .added, isDefinition: definition ?? false,
                                       offset: statement.first.offset))
            }
        }
        return result
    }

    /// The role a call plays. Only `__mmu_notifier_invalidate_range_end` needs its arguments; for
    /// every other name the answer is kept per name and arch (`knowledge` is always one of the
    /// knowledge base's tables), since a range asks about the same callees commit after commit.
    static func role(of callee: String, arguments: [String], knowledge: ArchKnowledge?) -> CallLine.Role? {
        if callee == NotifierAPI.rangeEnd { return roleByName(callee, arguments: arguments, knowledge: knowledge) }
        let key = RoleKey(callee: callee, arch: knowledge?.name)
        if let known = knownRoles.withLock({ $0[key] }) { return known }
        let role = roleByName(callee, arguments: arguments, knowledge: knowledge)
        knownRoles.withLock { $0[key] = .some(role) }
        return role
    }

    private struct RoleKey: Hashable {
        var callee: String
        var arch: String?
    }

    private static let knownRoles = Mutex<[RoleKey: CallLine.Role?]>([:])

    private static func roleByName(_ callee: String, arguments: [String], knowledge: ArchKnowledge?) -> CallLine.Role? {
        if NotifierAPI.isInvalidation(callee, arguments: arguments) || NotifierAPI.notifyHelpers.contains(callee) {
            return .secondary
        }
        let archs = knowledge.map { [$0] } ?? KnowledgeBase.archs
        if archs.contains(where: { $0.primitive(callee) != nil }) { return .cpu }
        if KnowledgeBase.entryPointNames.contains(callee) {
            return .entryPoint
        }
        return nil
    }

    /// A function head or macro definition rather than a call (`static inline void f(`, `#define f(`, `void f(`).
    static func isDefinition(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: " \t")
        if trimmed.hasPrefix("#define") { return true }
        guard let first = text.first, !first.isWhitespace else { return false }
        if trimmed.hasSuffix(";") { return false }
        return trimmed.hasPrefix("static") || trimmed.hasPrefix("void") || trimmed.hasPrefix("extern")
            || trimmed.hasPrefix("inline") || trimmed.hasPrefix("bool") || trimmed.hasPrefix("int")
            || trimmed.hasPrefix("unsigned")
    }

    /// The name a definition line defines: the function of a C head, the macro of a function-like
    /// `#define` (`nil` for an object-like one).
    static func definedName(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: " \t")
        if trimmed.hasPrefix("#") {
            let head = trimmed.dropFirst().drop { $0 == " " || $0 == "\t" }.dropFirst("define".count)
                .drop { $0 == " " || $0 == "\t" }
            let name = head.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            return !name.isEmpty && head.dropFirst(name.count).first == "(" ? String(name) : nil
        }
        return calls(in: text).first?.0
    }

    /// `callee(arguments)` occurrences on a line (comments and strings skipped).
    static func calls(in text: String) -> [(String, [String])] {
        let utf8 = Array(text.utf8)
        if utf8.allSatisfy({ $0 < 0x80 }) {
            return calls(in: utf8) { String(decoding: utf8[$0], as: UTF8.self) }
        }
        // Not ASCII: one code a character, non-ASCII letters and digits as identifier codes.
        let characters = Array(text)
        let codes = characters.map { character -> UInt8 in
            if let ascii = character.asciiValue { return ascii }
            return character.isLetter ? IdentifierCode.letter : character.isNumber ? IdentifierCode.digit : IdentifierCode.other
        }
        return calls(in: codes) { String(characters[$0]) }
    }

    /// Codes of non-ASCII characters in `calls(in:)`.
    enum IdentifierCode {
        static let letter: UInt8 = 0x80
        static let digit: UInt8 = 0x81
        static let other: UInt8 = 0x82
    }

    private static func calls(in codes: [UInt8], text: (Range<Int>) -> String) -> [(String, [String])] {
        func isStart(_ code: UInt8) -> Bool {
            (code >= 0x61 && code <= 0x7A) || (code >= 0x41 && code <= 0x5A) || code == 0x5F || code == IdentifierCode.letter
        }
        func isPart(_ code: UInt8) -> Bool { isStart(code) || (code >= 0x30 && code <= 0x39) || code == IdentifierCode.digit }
        func trimmed(_ range: Range<Int>) -> String {
            var lower = range.lowerBound
            var upper = range.upperBound
            while lower < upper, codes[lower] == 0x20 || codes[lower] == 0x09 { lower += 1 }
            while upper > lower, codes[upper - 1] == 0x20 || codes[upper - 1] == 0x09 { upper -= 1 }
            return text(lower..<upper)
        }
        let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        let open = UInt8(ascii: "("), close = UInt8(ascii: ")"), comma = UInt8(ascii: ",")
        var result: [(String, [String])] = []
        var index = 0
        let count = codes.count
        while index < count {
            let code = codes[index]
            if code == slash, index + 1 < count, codes[index + 1] == star || codes[index + 1] == slash {
                if codes[index + 1] == slash { break }
                index += 2
                while index + 1 < count, !(codes[index] == star && codes[index + 1] == slash) { index += 1 }
                index += 2
                continue
            }
            if code == quote {
                index += 1
                while index < count, codes[index] != quote {
                    if codes[index] == backslash { index += 1 }
                    index += 1
                }
                index += 1
                continue
            }
            if isStart(code) {
                var end = index
                while end < count, isPart(codes[end]) { end += 1 }
                var look = end
                while look < count, codes[look] == 0x20 || codes[look] == 0x09 { look += 1 }
                if look < count, codes[look] == open {
                    var depth = 0
                    var argumentStart = look + 1
                    var arguments: [String] = []
                    var cursor = look
                    while cursor < count {
                        let c = codes[cursor]
                        if c == open { depth += 1; if depth == 1 { cursor += 1; continue } }
                        if c == close { depth -= 1; if depth == 0 { break } }
                        if c == comma, depth == 1 {
                            arguments.append(trimmed(argumentStart..<cursor))
                            argumentStart = cursor + 1
                        }
                        cursor += 1
                    }
                    let last = trimmed(argumentStart..<max(argumentStart, min(cursor, count)))
                    if !last.isEmpty || !arguments.isEmpty { arguments.append(last) }
                    result.append((text(index..<end), arguments))
                }
                index = end
                continue
            }
            index += 1
        }
        return result
    }

    static func balance(_ bytes: [UInt8]) -> Int {
        var depth = 0
        for byte in bytes {
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") { depth -= 1 }
        }
        return depth
    }

    /// The function a hunk line sits in, from the hunk alone: the last function head above it in
    /// the hunk, else the section heading git printed.
    static func functionFromHunk(_ hunk: Hunk, line target: Int, added: Bool) -> String? {
        var current: String?
        for item in hunk.numberedLines {
            let visible = added ? item.line.kind != .removed : item.line.kind != .added
            guard visible else { continue }
            if item.number > target { break }
            if isDefinition(item.line.string), let name = calls(in: item.line.string).first?.0 {
                current = name
            }
            if item.number == target { break }
        }
        if let current { return current }
        return calls(in: hunk.section).first?.0
    }

    static func renaming(_ text: String) -> String {
        // Most lines name none of the old API: one pass over the identifiers tells.
        if text.utf8.allSatisfy({ $0 < 0x80 }),
           !identifiers(inASCII: text).contains(where: { renamedLengths.contains($0.utf8.count) && renamedNames.contains(String($0)) }) {
            return text
        }
        var result = text
        for (old, new) in NotifierAPI.renames {
            result = replacingIdentifier(old, with: new, in: result)
        }
        return result
    }

    /// Whether a line's bytes hold one of `renamedMarks`: every name `renaming` changes holds one,
    /// so a line without is left as it is without reading it as text.
    static func mayRename(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { line in
            renamedMarks.contains { mark in
                mark.withUnsafeBufferPointer { mark in
                    contains(line, mark)
                }
            }
        }
    }

    private static func contains(_ line: UnsafeBufferPointer<UInt8>, _ mark: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress, let first = mark.first, line.count >= mark.count else { return false }
        var index = 0
        while index + mark.count <= line.count {
            guard let found = memchr(base + index, Int32(first), line.count - mark.count + 1 - index) else { return false }
            index = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
            if memcmp(base + index, mark.baseAddress!, mark.count) == 0 { return true }
            index += 1
        }
        return false
    }

    /// Pieces that cover every old name of `NotifierAPI.renames`.
    static let renamedMarks: [[UInt8]] = {
        let marks = ["invalidate_range", "arch_tlbbatch_add_mm"].map { Array($0.utf8) }
        precondition(NotifierAPI.renames.allSatisfy { rename in
            marks.contains { rename.old.contains(String(decoding: $0, as: UTF8.self)) }
        })
        return marks
    }()

    static let renamedNames = Set(NotifierAPI.renames.map(\.old))
    static let renamedLengths = Set(NotifierAPI.renames.map(\.old.utf8.count))

    /// The identifiers of an ASCII line, over its bytes.
    static func identifiers(inASCII text: String) -> [Substring] {
        var result: [Substring] = []
        let utf8 = text.utf8
        var start: String.Index?
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            let part = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x5F || byte >= 0x80
            if part {
                if start == nil { start = index }
            } else if let first = start {
                result.append(text[first..<index])
                start = nil
            }
            index = utf8.index(after: index)
        }
        if let first = start { result.append(text[first..<utf8.endIndex]) }
        return result
    }

    static func replacingIdentifier(_ name: String, with replacement: String, in text: String) -> String {
        var output = ""
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber || character == "_" {
                current.append(character)
            } else {
                output += current == name ? replacement : current
                current = ""
                output.append(character)
            }
        }
        output += current == name ? replacement : current
        return output
    }

    static func canonical(_ callee: String) -> String {
        NotifierAPI.renames.first { $0.old == callee }?.new ?? callee
    }

    static func normalized(_ arguments: [String]) -> [String] {
        arguments.map { $0.filter { !$0.isWhitespace } }
    }

    /// The shape of each start and end pair evaluated so far (the evaluation is pure, and a range
    /// meets the same few argument texts commit after commit).
    private static let rangeShapes = Mutex<[[String]: String]>([:])

    static func rangeName(_ call: CallLine) -> String? {
        guard call.role == .secondary else { return nil }
        if call.arguments.count >= 3, NotifierAPI.invalidationCalls.contains(call.callee) {
            let key = [call.arguments[1], call.arguments[2]]
            if let known = rangeShapes.withLock({ $0[key] }) { return known }
            let shape = RangeEvaluator.evaluate(start: call.arguments[1], end: call.arguments[2]).shape.name
            rangeShapes.withLock { $0[key] = shape }
            return shape
        }
        if NotifierAPI.notifyHelpers.contains(call.callee) {
            return call.callee.hasPrefix("ptep") ? "page" : "huge"
        }
        return "range"
    }
}
