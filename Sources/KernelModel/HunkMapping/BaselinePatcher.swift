import PatchModel

/// Applies a patch's hunks to the functions of a knowledge-base baseline (design section 4, item 2):
/// there are no whole files, so each hunk's function is found from its own lines and its section
/// heading, its removed calls are taken out of that function and its added calls put in, anchored
/// on the calls around them. Hunks in files the model does not read change nothing.
public enum BaselinePatcher {
    public static func apply(_ files: [FileDiff], to tree: ScannedTree, label: String) -> ScannedTree {
        var scanned = tree.files
        for file in files where KnowledgeBase.reads(file.path) {
            let path = file.path
            var target = scanned[path] ?? ScannedFile(path: path, functions: [], macros: [])
            for hunk in file.hunks {
                target = apply(hunk, to: target, knowledge: KnowledgeBase.owner(of: path))
            }
            scanned[path] = target
        }
        return ScannedTree(label: label, scanned: scanned)
    }

    static func apply(_ hunk: Hunk, to file: ScannedFile, knowledge: ArchKnowledge?) -> ScannedFile {
        var functions = file.functions
        /// The function added by this hunk that later added lines belong to.
        var openedFunction: Int?
        /// The last call seen in the hunk, to anchor insertions: (function index, position in its calls).
        var anchor: (function: Int, position: Int)?

        func functionIndex(for line: Int, added: Bool) -> Int? {
            if let opened = openedFunction, added { return opened }
            if let name = HunkMapper.functionFromHunk(hunk, line: line, added: added),
               let index = functions.firstIndex(where: { $0.name == name }) {
                return index
            }
            return nil
        }

        let lines = hunk.lines
        let statements = HunkMapper.statements(of: hunk)
        // Definitions the hunk takes out and does not put back (`#define ptep_clear_flush_notify(...)`
        // deleted whole): the function goes, so the generic default for its name takes over.
        let defined = { (kind: DiffLine.Kind) -> Set<String> in
            Set(statements.filter { $0.first.line.kind == kind && HunkMapper.isDefinition($0.text) }
                .compactMap { HunkMapper.definedName($0.text) })
        }
        let deleted = defined(.removed).subtracting(defined(.added))
        for statement in statements {
            let item = statement.first.line
            let text = statement.text
            let oldLine = statement.first.oldLine
            let newLine = statement.first.newLine
            let calls = HunkMapper.calls(in: text).filter { callee, arguments in
                HunkMapper.role(of: callee, arguments: arguments, knowledge: knowledge) != nil
                    || functions.contains { $0.name == callee }
            }
            switch item.kind {
            case .context:
                if let function = functionIndex(for: newLine, added: true) {
                    for (callee, _) in calls {
                        if let position = functions[function].calls.lastIndex(where: { $0.callee == callee }) {
                            anchor = (function, position)
                        }
                    }
                }
            case .removed:
                if let function = functionIndex(for: oldLine, added: false) {
                    for (callee, arguments) in calls {
                        let wanted = HunkMapper.normalized(arguments)
                        let candidates = functions[function].calls.indices.filter { functions[function].calls[$0].callee == callee }
                        let exact = candidates.first { HunkMapper.normalized(functions[function].calls[$0].arguments) == wanted }
                        if let position = exact ?? candidates.first {
                            functions[function].calls.remove(at: position)
                            anchor = position > 0 ? (function, position - 1) : nil
                        }
                    }
                }
            case .added:
                if HunkMapper.isDefinition(text), !text.hasPrefix("#"), let name = HunkMapper.definedName(text),
                   !functions.contains(where: { $0.name == name }) {
                    let line = max(oldLine - 1, 1)
                    let parameters = parameterNames(text)
                    functions.append(CFunction(name: name, kind: .function, parameters: parameters,
                                               span: LineSpan(first: line, last: line), bodySpan: LineSpan(first: line, last: line)))
                    openedFunction = functions.count - 1
                    anchor = nil
                } else if text.hasPrefix("}") {
                    openedFunction = nil
                } else if let function = functionIndex(for: newLine, added: true) {
                    for (callee, arguments) in calls {
                        let position: Int
                        if let anchor, anchor.function == function {
                            position = min(anchor.position + 1, functions[function].calls.count)
                        } else if closesFunction(lines, after: statement.end) {
                            // Added just before the function's closing brace: its last step.
                            position = functions[function].calls.count
                        } else {
                            position = functions[function].calls.firstIndex { $0.line >= oldLine } ?? functions[function].calls.count
                        }
                        let line = position < functions[function].calls.count ? functions[function].calls[position].line
                            : (functions[function].calls.last?.line ?? functions[function].span.first)
                        // A line at the body's top level (one tab in, as kernel style indents) sits
                        // under no `if`; deeper, it shares the conditions of the call before it.
                        let depth = item.text.prefix { $0 == 0x09 }.count + item.text.prefix { $0 == 0x20 }.count / 8
                        let conditions = depth > 1 && position > 0 ? functions[function].calls[position - 1].conditions : []
                        functions[function].calls.insert(CallSite(callee: callee, arguments: arguments, line: line, conditions: conditions),
                                                         at: position)
                        anchor = (function, position)
                        let last = max(functions[function].span.last, line)
                        functions[function].span = LineSpan(first: functions[function].span.first, last: last)
                    }
                }
            }
        }
        functions.removeAll { deleted.contains($0.name) }
        return ScannedFile(path: file.path, functions: functions, macros: file.macros, includes: file.includes,
                           unreadable: file.unreadable)
    }

    /// Whether the first line after `index` that the patch keeps is the `}` that ends a function.
    static func closesFunction(_ lines: [DiffLine], after index: Int) -> Bool {
        var cursor = index
        while cursor < lines.count, lines[cursor].kind == .added { cursor += 1 }
        guard cursor < lines.count else { return false }
        return lines[cursor].text.first == UInt8(ascii: "}")
    }

    /// The parameter names of a function head (`struct mm_struct *mm, unsigned long start` -> `mm`, `start`).
    static func parameterNames(_ head: String) -> [String] {
        guard let open = head.firstIndex(of: "(") else { return [] }
        let inside = head[head.index(after: open)...].prefix { $0 != ")" }
        return inside.split(separator: ",").compactMap { declaration in
            PlacementExpander.identifiers(String(declaration)).last
        }.filter { $0 != "void" }
    }

    /// The baseline a series most likely applies to: the version whose functions hold the calls the
    /// hunks remove or keep as context, and not yet the calls they add.
    public static func closestBaseline(for files: [FileDiff], among baselines: [KernelBaseline] = KnowledgeBase.baselines) -> KernelBaseline? {
        var best: (score: Int, baseline: KernelBaseline)?
        for baseline in baselines {
            let tree = baseline.scannedTree()
            var score = 0
            for file in files where KnowledgeBase.reads(file.path) {
                guard let scanned = tree.files[file.path] else { continue }
                for hunk in file.hunks {
                    for line in hunk.lines {
                        let present = HunkMapper.calls(in: line.string).contains { callee, arguments in
                            scanned.functions.contains { function in
                                function.calls.contains { $0.callee == callee && HunkMapper.normalized($0.arguments) == HunkMapper.normalized(arguments) }
                            }
                        }
                        guard present else { continue }
                        score += line.kind == .added ? -2 : 1
                    }
                }
            }
            if best == nil || score >= (best?.score ?? 0) { best = (score, baseline) }
        }
        return best?.baseline
    }
}
