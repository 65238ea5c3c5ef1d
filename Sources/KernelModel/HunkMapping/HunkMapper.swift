import PatchModel

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
    }

    public static func changes(of file: FileDiff, before: ScannedTree?, after: ScannedTree?) -> [PlacementChange] {
        let path = file.path
        let area = Area(path: path)
        let arch = area.archName ?? area.description
        let readsFile = KnowledgeBase.reads(path) || file.oldPath.map(KnowledgeBase.reads) == true
        var result: [PlacementChange] = []
        for hunk in file.hunks {
            let fromTree = after?.files[path] != nil || before?.files[file.oldPath ?? path] != nil
            func function(at line: Int, added: Bool) -> String? {
                let tree = added ? after : before
                let treePath = added ? path : (file.oldPath ?? path)
                if let scanned = tree?.files[treePath], let function = scanned.function(atLine: line) {
                    return function.name
                }
                return functionFromHunk(hunk, line: line, added: added)
            }
            var calls = callLines(in: hunk, knowledge: KnowledgeBase.owner(of: path))
            var hunkChanges: [PlacementChange] = []

            // Renames: a removed line and an added line that differ only by the v6.6 names.
            var removedRenamed = Set<Int>()
            var addedRenamed = Set<Int>()
            let removed = hunk.lines.enumerated().filter { $0.element.kind == .removed }
            let added = hunk.lines.enumerated().filter { $0.element.kind == .added }
            for (removedOffset, removedLine) in removed {
                let renamed = renaming(removedLine.string)
                guard renamed != removedLine.string else { continue }
                if let match = added.first(where: { !addedRenamed.contains($0.offset) && $0.element.string == renamed }) {
                    removedRenamed.insert(removedOffset)
                    addedRenamed.insert(match.offset)
                    let newLine = newLineNumber(hunk, offset: match.offset)
                    hunkChanges.append(PlacementChange(kind: .apiRenamed, arch: arch, file: path, line: newLine,
                                                       function: function(at: newLine, added: true),
                                                       call: match.element.string.trimmingCharacters(in: " \t"), fromTree: fromTree))
                }
            }
            calls.removeAll { call in
                let offsets = call.isAdded ? addedRenamed : removedRenamed
                return offsets.contains(offsetOf(hunk, line: call.line, added: call.isAdded) ?? -1)
            }

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
                    let line = firstChangedLine(hunk)
                    hunkChanges.append(PlacementChange(kind: .noPlacementChange, arch: arch, file: path, line: line.number,
                                                       function: function(at: line.number, added: line.added), fromTree: fromTree))
                }
            }
            result.append(contentsOf: hunkChanges)
        }
        return result
    }

    // MARK: - Lines

    static func newLineNumber(_ hunk: Hunk, offset: Int) -> Int {
        var line = hunk.newStart
        for (index, item) in hunk.lines.enumerated() {
            if index == offset { return line }
            if item.kind != .removed { line += 1 }
        }
        return line
    }

    static func offsetOf(_ hunk: Hunk, line target: Int, added: Bool) -> Int? {
        var oldLine = hunk.oldStart
        var newLine = hunk.newStart
        for (index, item) in hunk.lines.enumerated() {
            switch item.kind {
            case .context: oldLine += 1; newLine += 1
            case .added:
                if added && newLine == target { return index }
                newLine += 1
            case .removed:
                if !added && oldLine == target { return index }
                oldLine += 1
            }
        }
        return nil
    }

    static func firstChangedLine(_ hunk: Hunk) -> (number: Int, added: Bool) {
        var oldLine = hunk.oldStart
        var newLine = hunk.newStart
        for item in hunk.lines {
            switch item.kind {
            case .context: oldLine += 1; newLine += 1
            case .added: return (newLine, true)
            case .removed: return (oldLine, false)
            }
        }
        return (hunk.newStart, true)
    }

    /// The calls on the hunk's added and removed lines, with multi-line argument lists joined.
    static func callLines(in hunk: Hunk, knowledge: ArchKnowledge?) -> [CallLine] {
        var result: [CallLine] = []
        var oldLine = hunk.oldStart
        var newLine = hunk.newStart
        var index = 0
        let lines = hunk.lines
        while index < lines.count {
            let item = lines[index]
            let number = item.kind == .removed ? oldLine : newLine
            switch item.kind {
            case .context: oldLine += 1; newLine += 1; index += 1; continue
            case .added: newLine += 1
            case .removed: oldLine += 1
            }
            var text = item.string
            // Join following lines of the same kind while parentheses stay open.
            var lookahead = index + 1
            while balance(text) > 0, lookahead < lines.count, lines[lookahead].kind == item.kind, lookahead - index < 8 {
                text += " " + lines[lookahead].string.trimmingCharacters(in: " \t")
                lookahead += 1
            }
            let definition = isDefinition(text)
            for (callee, arguments) in calls(in: text) {
                guard let role = role(of: callee, arguments: arguments, knowledge: knowledge) else { continue }
                result.append(CallLine(callee: callee, role: role, text: text.trimmingCharacters(in: " \t"),
                                       arguments: arguments, line: number, isAdded: item.kind == .added,
                                       isDefinition: definition))
            }
            index += 1
        }
        return result
    }

    static func role(of callee: String, arguments: [String], knowledge: ArchKnowledge?) -> CallLine.Role? {
        if NotifierAPI.isInvalidation(callee, arguments: arguments) || NotifierAPI.notifyHelpers.contains(callee) {
            return .secondary
        }
        let archs = knowledge.map { [$0] } ?? KnowledgeBase.archs
        if archs.contains(where: { $0.primitive(callee) != nil }) { return .cpu }
        if (KnowledgeBase.archs + [KnowledgeBase.generic]).contains(where: { $0.entryPoints.contains(callee) }) {
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

    /// `callee(arguments)` occurrences on a line (comments and strings skipped).
    static func calls(in text: String) -> [(String, [String])] {
        let characters = Array(text)
        var result: [(String, [String])] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "/", index + 1 < characters.count, characters[index + 1] == "*" || characters[index + 1] == "/" {
                if characters[index + 1] == "/" { break }
                index += 2
                while index + 1 < characters.count, !(characters[index] == "*" && characters[index + 1] == "/") { index += 1 }
                index += 2
                continue
            }
            if character == "\"" {
                index += 1
                while index < characters.count, characters[index] != "\"" {
                    if characters[index] == "\\" { index += 1 }
                    index += 1
                }
                index += 1
                continue
            }
            if character.isLetter || character == "_" {
                var end = index
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" { end += 1 }
                let name = String(characters[index..<end])
                var look = end
                while look < characters.count, characters[look] == " " || characters[look] == "\t" { look += 1 }
                if look < characters.count, characters[look] == "(" {
                    var depth = 0
                    var argument = ""
                    var arguments: [String] = []
                    var cursor = look
                    while cursor < characters.count {
                        let c = characters[cursor]
                        if c == "(" { depth += 1; if depth == 1 { cursor += 1; continue } }
                        if c == ")" { depth -= 1; if depth == 0 { break } }
                        if c == ",", depth == 1 {
                            arguments.append(argument.trimmingCharacters(in: " \t"))
                            argument = ""
                        } else {
                            argument.append(c)
                        }
                        cursor += 1
                    }
                    let last = argument.trimmingCharacters(in: " \t")
                    if !last.isEmpty || !arguments.isEmpty { arguments.append(last) }
                    result.append((name, arguments))
                }
                index = end
                continue
            }
            index += 1
        }
        return result
    }

    static func balance(_ text: String) -> Int {
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
        }
        return depth
    }

    /// The function a hunk line sits in, from the hunk alone: the last function head above it in
    /// the hunk, else the section heading git printed.
    static func functionFromHunk(_ hunk: Hunk, line target: Int, added: Bool) -> String? {
        var oldLine = hunk.oldStart
        var newLine = hunk.newStart
        var current: String?
        for item in hunk.lines {
            let number = item.kind == .removed ? oldLine : newLine
            let visible = added ? item.kind != .removed : item.kind != .added
            if visible, number > target { break }
            if visible, isDefinition(item.string), let name = calls(in: item.string).first?.0 {
                current = name
            }
            if visible, number == target { break }
            switch item.kind {
            case .context: oldLine += 1; newLine += 1
            case .added: newLine += 1
            case .removed: oldLine += 1
            }
        }
        if let current { return current }
        return calls(in: hunk.section).first?.0
    }

    static func renaming(_ text: String) -> String {
        var result = text
        for (old, new) in NotifierAPI.renames {
            result = replacingIdentifier(old, with: new, in: result)
        }
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

    static func rangeName(_ call: CallLine) -> String? {
        guard call.role == .secondary else { return nil }
        if call.arguments.count >= 3, NotifierAPI.invalidationCalls.contains(call.callee) {
            return RangeEvaluator.evaluate(start: call.arguments[1], end: call.arguments[2]).shape.name
        }
        if NotifierAPI.notifyHelpers.contains(call.callee) {
            return call.callee.hasPrefix("ptep") ? "page" : "huge"
        }
        return "range"
    }
}
