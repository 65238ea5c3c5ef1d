import Foundation
import Testing
@testable import KernelModel

/// The knowledge base's baseline tables are taken from the real files: this suite checks them
/// against the corpus snapshots and, with `SHOOTDOWN_WRITE_BASELINE=1`, writes them anew
/// (`SHOOTDOWN_CORPUS=../shared/corpus SHOOTDOWN_WRITE_BASELINE=1 swift test --filter BaselineTable`).
@Suite("corpus: knowledge base baselines", .enabled(if: Corpus.isPresent))
struct BaselineTableTests {
    static let versions: [(version: String, state: String, origin: String)] = [
        ("v6.5", "before", "mainline just before the secondary-TLB series' central patch (v6.5-rc)"),
        ("v6.6", "series-after", "mainline after the whole secondary-TLB series (merged for v6.6)"),
    ]

    static func tree(_ state: String) throws -> ScannedTree {
        let root = try #require(Corpus.root)
        return ScannedTree(try KernelSources.load(folder: root.appendingPathComponent("kernel/\(state)").path, label: state))
    }

    /// The functions every arch's entry points reach, with only the events placement reads.
    static func table(_ tree: ScannedTree) -> [BaselineFunction] {
        var seen = Set<String>()
        var result: [BaselineFunction] = []
        for knowledge in KnowledgeBase.archs + [KnowledgeBase.generic] {
            let expander = PlacementExpander(tree: tree, arch: knowledge)
            let memo = PlacementExpander.Memo()
            var work = knowledge.entryPoints + knowledge.helpers + KnowledgeBase.generic.entryPoints + KnowledgeBase.generic.helpers
            while let name = work.popLast() {
                guard let definition = tree.definition(of: tree.resolve(name, for: knowledge), for: knowledge),
                      tree.files[definition.file] != nil else { continue }
                let key = definition.file + ":" + definition.function.name + ":\(definition.function.span.first)"
                guard seen.insert(key).inserted else { continue }
                let function = definition.function
                let calls = function.calls.filter { expander.isRelevantCall($0, memo) }
                let names = Set(calls.flatMap { $0.arguments.flatMap(PlacementExpander.identifiers) })
                let assignments = function.assignments.filter { names.contains(PlacementExpander.identifiers($0.variable).first ?? $0.variable) }
                let last = calls.map(\.line).max() ?? 0
                let returns = function.returns.filter { $0.isBeforeEnd && $0.line < last }
                result.append(BaselineFunction(
                    function.name, definition.file, function.span.first...function.span.last,
                    macro: function.kind == .functionMacro, parameters: function.parameters,
                    condition: function.condition.map(BaselineCondition.init),
                    calls: calls.map { .init($0.line, $0.callee, $0.arguments, $0.conditions.map(BaselineCondition.init)) },
                    returns: returns.map { .init($0.line, $0.conditions.map(BaselineCondition.init)) },
                    assignments: assignments.map { .init($0.line, $0.variable, $0.operation, $0.expression, $0.conditions.map(BaselineCondition.init)) }))
                work.append(contentsOf: calls.map(\.callee))
            }
        }
        return result.sorted { ($0.file, $0.lines.lowerBound) < ($1.file, $1.lines.lowerBound) }
    }

    @Test func tablesMatchTheRealFiles() throws {
        for entry in Self.versions {
            let tree = try Self.tree(entry.state)
            let table = Self.table(tree)
            if ProcessInfo.processInfo.environment["SHOOTDOWN_WRITE_BASELINE"] == "1" {
                try Self.write(table, aliases: tree.aliases, version: entry.version, origin: entry.origin)
                continue
            }
            let baseline = try #require(KnowledgeBase.baseline(entry.version))
            #expect(baseline.functions == table, "\(entry.version): the table differs from \(entry.state); rewrite it with SHOOTDOWN_WRITE_BASELINE=1")
        }
    }

    /// The baseline gives the same placement table as the files it was taken from.
    @Test func baselinePlacementEqualsTheFiles() throws {
        for entry in Self.versions {
            let fromFiles = PlacementBuilder.build(try Self.tree(entry.state))
            let baseline = try #require(KnowledgeBase.baseline(entry.version))
            let fromTable = PlacementBuilder.build(baseline.scannedTree())
            for arch in fromFiles.archs {
                let a = arch.entryPoints.map { "\($0.name) \($0.secondaryName) \($0.count) \($0.cpu)" }
                let b = fromTable.arch(arch.knowledge.name)?.entryPoints.map { "\($0.name) \($0.secondaryName) \($0.count) \($0.cpu)" } ?? []
                #expect(a == b, "\(entry.version) \(arch.knowledge.name)")
            }
        }
    }

    static func literal(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func list(_ items: [String]) -> String { "[" + items.map(literal).joined(separator: ", ") + "]" }

    static func write(_ table: [BaselineFunction], aliases: [String: String], version: String, origin: String) throws {
        let name = "baseline_" + version.replacingOccurrences(of: ".", with: "_")
        var out = """
            // The \(version) baseline of the knowledge base: for each function the placement model follows, its
            // place, parameters and the calls, returns and assignments that matter to placement.
            // Taken from the kernel files by BaselineTableTests (Tests/CorpusTests) and checked against them there.

            extension KnowledgeBase {
                /// \(origin).
                public static let \(name) = KernelBaseline(
                    version: \(literal(version)),
                    origin: \(literal(origin)),
                    functions: [

            """
        for function in table {
            out += "            BaselineFunction(\(literal(function.name)), \(literal(function.file)), \(function.lines.lowerBound)...\(function.lines.upperBound)"
            if function.isMacro { out += ", macro: true" }
            out += ", parameters: \(list(function.parameters))"
            if !function.condition.isEmpty { out += ", condition: \(list(function.condition.map(\.literal)))" }
            if !function.calls.isEmpty {
                out += ", calls: [\n"
                for call in function.calls {
                    out += "                .init(\(call.line), \(literal(call.callee)), \(list(call.arguments))"
                    if !call.conditions.isEmpty { out += ", \(list(call.conditions.map(\.literal)))" }
                    out += "),\n"
                }
                out += "            ]"
            }
            if !function.returns.isEmpty {
                out += ", returns: [" + function.returns.map { ".init(\($0.line)" + ($0.conditions.isEmpty ? "" : ", \(list($0.conditions.map(\.literal)))") + ")" }.joined(separator: ", ") + "]"
            }
            if !function.assignments.isEmpty {
                out += ", assignments: [\n"
                for assignment in function.assignments {
                    out += "                .init(\(assignment.line), \(literal(assignment.variable)), \(literal(assignment.operation)), \(literal(assignment.expression))"
                    if !assignment.conditions.isEmpty { out += ", \(list(assignment.conditions.map(\.literal)))" }
                    out += "),\n"
                }
                out += "            ]"
            }
            out += "),\n"
        }
        let kept = aliases.keys.sorted().filter { key in
            KnowledgeBase.generic.entryPoints.contains(key) || NotifierAPI.notifyHelpers.contains(key)
                || KnowledgeBase.archs.contains(where: { $0.entryPoints.contains(key) })
        }
        if kept.isEmpty {
            out += "        ],\n        aliases: [:]\n    )\n}\n"
        } else {
            out += "        ],\n        aliases: [\n"
            for key in kept { out += "            \(literal(key)): \(literal(aliases[key] ?? key)),\n" }
            out += "        ]\n    )\n}\n"
        }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/KernelModel/KnowledgeBase/Baseline+\(version).swift")
        try out.write(to: url, atomically: true, encoding: .utf8)
    }
}
