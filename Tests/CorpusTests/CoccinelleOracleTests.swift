import Foundation
import TestSupport
import KernelModel
import Testing

/// Coccinelle's `spatch` on the PATH (`Tests/Corpus/kernel-trees.sh` installs it as root).
enum Coccinelle {
    static let spatch: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/spatch"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    static var isPresent: Bool { spatch != nil && Corpus.isPresent }

    static let semanticPatch = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus/calls.cocci").path

    /// Runs the semantic patch over files (paths relative to `folder`) and returns its lines.
    static func run(in folder: String, files: [String]) throws -> [String] {
        guard let spatch else { return [] }
        let result = try ChildProcess.run(spatch, ["--very-quiet", "--no-includes", "--include-headers", "--sp-file", semanticPatch] + files,
                                          directory: URL(fileURLWithPath: folder))
        return result.output.split(separator: "\n").map(String.init)
    }
}

/// A call site by file, enclosing function, callee and line: what both tools report.
struct CallKey: Hashable, Comparable, CustomStringConvertible {
    var file: String
    var function: String
    var callee: String
    var line: Int

    static func < (a: CallKey, b: CallKey) -> Bool {
        (a.file, a.line, a.function, a.callee) < (b.file, b.line, b.function, b.callee)
    }

    var description: String { "\(file):\(line): \(function) calls \(callee)" }
}

/// A function definition by file and name.
struct DefinitionKey: Hashable, Comparable, CustomStringConvertible {
    var file: String
    var function: String

    static func < (a: DefinitionKey, b: DefinitionKey) -> Bool { (a.file, a.function) < (b.file, b.function) }

    var description: String { "\(file): \(function)" }
}

/// `make corpus`: an independent oracle for the scanner. Coccinelle parses C for real (without the
/// preprocessor either, with `--no-includes`), so the functions and calls it reports in the corpus
/// kernel files are compared with `KernelScanner.scan`'s. Every disagreement is printed; the ones
/// the placement model depends on (the knowledge base's entry points and helpers, and every call
/// to a notifier or a CPU flush primitive) must not exist.
@Suite("corpus: scanner against Coccinelle", .enabled(if: Coccinelle.isPresent))
struct CoccinelleOracleTests {
    static let states = ["before", "after", "series-before", "series-after"]

    struct Findings {
        var definitions = Set<DefinitionKey>()
        var calls = Set<CallKey>()
    }

    static func corpusFiles() throws -> (root: String, files: [String]) {
        let root = try #require(Corpus.root).appendingPathComponent("kernel").path
        var files: [String] = []
        for state in states {
            let enumerator = FileManager.default.enumerator(atPath: "\(root)/\(state)")
            while let path = enumerator?.nextObject() as? String {
                if path.hasSuffix(".c") || path.hasSuffix(".h") { files.append("\(state)/\(path)") }
            }
        }
        return (root, files.sorted())
    }

    static func spatchFindings(root: String, files: [String]) throws -> Findings {
        var findings = Findings()
        for line in try Coccinelle.run(in: root, files: files) {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let number = Int(fields[3]) else { continue }
            // Calls outside any function (initialisers, attributes) are no business of the model.
            if fields[1] == "something_else" { continue }
            if fields[2] == "-" {
                findings.definitions.insert(DefinitionKey(file: fields[0], function: fields[1]))
            } else {
                findings.calls.insert(CallKey(file: fields[0], function: fields[1], callee: fields[2], line: number))
            }
        }
        return findings
    }

    static func scannerFindings(root: String, files: [String]) throws -> Findings {
        var findings = Findings()
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(root)/\(file)")))
            let scanned = KernelScanner.scan(bytes, path: file)
            // spatch does not see into `#define` bodies: only C function definitions compare.
            for function in scanned.functions where function.kind == .function {
                findings.definitions.insert(DefinitionKey(file: file, function: function.name))
                // A member call (`ops->flush(x)`) is no `identifier(...)` to spatch. Loop macros
                // (`list_for_each_entry(pos, head, member) { }`) stay in: the scanner lists them as
                // calls as well as loop conditions, spatch as iterators, not calls; they are printed
                // as disagreements and matter to nothing.
                for call in function.calls where call.receiver == nil {
                    findings.calls.insert(CallKey(file: file, function: function.name, callee: call.callee, line: call.line))
                }
            }
        }
        return findings
    }

    /// The functions whose bodies the model reads by name: the knowledge base's entry points and helpers
    /// and the notifier API. CPU primitives are leaves (the model never reads their bodies), which
    /// matters here: powerpc's `__tlbie_pid`, `__tlbiel_va`, ... hold `asm volatile(PPC_TLBIE_5(%0,
    /// ...) : : "r"(rb), ...)`, an asm template built by a macro that spatch cannot parse without the
    /// preprocessor, so spatch drops those functions whole (`spatch --parse-c radix_tlb.c` lists them
    /// as bad) while the scanner reads them.
    static func matters(_ name: String) -> Bool {
        let knowledge = KnowledgeBase.archs + [KnowledgeBase.generic]
        return knowledge.contains { $0.entryPoints.contains(name) || $0.helpers.contains(name) }
            || NotifierAPI.invalidationCalls.contains(name) || name == NotifierAPI.rangeEnd
            || NotifierAPI.notifyHelpers.contains(name)
    }

    static func mattersAsCallee(_ name: String) -> Bool {
        NotifierAPI.invalidationCalls.contains(name) || name == NotifierAPI.rangeEnd
            || NotifierAPI.notifyHelpers.contains(name)
            || KnowledgeBase.archs.contains { $0.primitive(name) != nil }
    }

    @Test func scannerAgreesWithCoccinelle() throws {
        let (root, files) = try Self.corpusFiles()
        #expect(files.count >= 40)
        let oracle = try Self.spatchFindings(root: root, files: files)
        let ours = try Self.scannerFindings(root: root, files: files)
        #expect(oracle.definitions.count > 300, "spatch reported \(oracle.definitions.count) functions")

        let onlyOracleDefinitions = oracle.definitions.subtracting(ours.definitions).sorted()
        let onlyOurDefinitions = ours.definitions.subtracting(oracle.definitions).sorted()
        // Calls are compared inside the functions both found (a function one side misses is listed above).
        let common = oracle.definitions.intersection(ours.definitions)
        let onlyOracleCalls = oracle.calls.subtracting(ours.calls)
            .filter { common.contains(DefinitionKey(file: $0.file, function: $0.function)) }.sorted()
        let onlyOurCalls = ours.calls.subtracting(oracle.calls)
            .filter { common.contains(DefinitionKey(file: $0.file, function: $0.function)) }.sorted()

        print("coccinelle oracle: \(files.count) files; spatch \(oracle.definitions.count) functions, \(oracle.calls.count) calls; "
            + "scanner \(ours.definitions.count) functions, \(ours.calls.count) calls")
        print("functions only spatch found (\(onlyOracleDefinitions.count)):")
        for key in onlyOracleDefinitions { print("  \(key)") }
        print("functions only the scanner found (\(onlyOurDefinitions.count)):")
        for key in onlyOurDefinitions { print("  \(key)") }
        print("calls only spatch found (\(onlyOracleCalls.count)):")
        for key in onlyOracleCalls { print("  \(key)") }
        print("calls only the scanner found (\(onlyOurCalls.count)):")
        for key in onlyOurCalls { print("  \(key)") }

        for key in onlyOracleDefinitions + onlyOurDefinitions where Self.matters(key.function) {
            Issue.record("a function the model uses is found by one side only: \(key)")
        }
        for key in onlyOracleCalls + onlyOurCalls where Self.mattersAsCallee(key.callee) {
            Issue.record("a notifier or CPU-primitive call is found by one side only: \(key)")
        }
        // The requirement is not empty: both see the notifier and primitive calls of every state.
        let checked = oracle.calls.filter { Self.mattersAsCallee($0.callee) }.count
        print("notifier and CPU-primitive calls both found: \(ours.calls.filter { Self.mattersAsCallee($0.callee) && oracle.calls.contains($0) }.count) of \(checked)")
        #expect(checked > 100)
        // Beyond those, the two agree on nearly everything.
        let agreement = Double(common.count) / Double(max(1, oracle.definitions.union(ours.definitions).count))
        #expect(agreement > 0.95, "functions in common: \(common.count)")
    }
}
