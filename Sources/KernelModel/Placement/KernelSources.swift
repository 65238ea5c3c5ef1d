import PatchModel

/// The kernel files the placement model reads, as bytes by path relative to the top of the tree:
/// from a folder, a git tree, or a series applied in memory. `label` names the state (`before`,
/// `after`, a commit) in output.
public struct KernelSources: Sendable {
    public var label: String
    public var files: [String: [UInt8]]

    public init(label: String, files: [String: [UInt8]]) {
        self.label = label
        self.files = files
    }

}

/// Every file of a state scanned once, with the functions and macro aliases indexed by name.
public struct ScannedTree: Sendable {
    public var label: String
    public var files: [String: ScannedFile]
    /// Definitions of each name: the file and the function, in path order.
    public var definitions: NameIndex<[(file: String, function: CFunction)]>
    /// Object-like macros that rename a function (`#define ptep_clear_flush_notify ptep_clear_flush`).
    public var aliases: [String: String]
    /// Every alias `#define` of a name: the file it is in and the name it stands for, in path order.
    public var aliasSites: [String: [(file: String, target: String)]]

    public init(_ sources: KernelSources) {
        // The files are scanned on every core.
        let paths = sources.files.keys.sorted()
        let scanned = Runs.map(paths.count, minimum: 8) { range in
            range.map { KernelScanner.scan(sources.files[paths[$0]] ?? [], path: paths[$0]) }
        }
        self.init(label: sources.label, scanned: Dictionary(uniqueKeysWithValues: zip(paths, scanned)))
    }

    public init(label: String, scanned files: [String: ScannedFile]) {
        self.label = label
        self.files = files
        var definitions: [String: [(file: String, function: CFunction)]] = [:]
        var aliasSites: [String: [(file: String, target: String)]] = [:]
        for path in files.keys.sorted() {
            guard let file = files[path] else { continue }
            for function in file.functions {
                definitions[function.name, default: []].append((path, function))
            }
            for (name, target) in ScannedTree.aliasMacros(file) {
                aliasSites[name, default: []].append((path, target))
            }
        }
        self.definitions = NameIndex(definitions)
        self.aliasSites = aliasSites
        // The last alias in path order wins, as a later `#define` would.
        self.aliases = aliasSites.compactMapValues { $0.last?.target }
        self.fallbacks = [:]
        self.fallbacks = makeFallbacks()
    }

    /// The object-like macros of a file that rename one identifier to another, in file order.
    static func aliasMacros(_ file: ScannedFile) -> [(name: String, target: String)] {
        file.macros.compactMap { macro in
            guard !macro.isFunctionLike else { return nil }
            let body = macro.body.trimmingCharacters(in: " \t")
            guard !body.isEmpty, body != macro.name, body.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                  let first = body.first, !first.isNumber else { return nil }
            return (macro.name, body)
        }
    }

    /// The generic defaults for what the files lack; the `_notify` helpers notify when the tree
    /// still has the pre-v6.6 API (no `mmu_notifier_arch_invalidate_secondary_tlbs`) and may simply
    /// lack their header. A tree whose notifier header is there without them has dropped them, as
    /// v6.6 did: their callers call the plain `ptep_clear_flush()` family.
    private func makeFallbacks() -> [String: BaselineFunction] {
        let renamed = definitions[ScannedTree.renamedNotifier] != nil
        let helpersDropped = definitions[ScannedTree.notifierHeaderMark] != nil
        var fallbacks: [String: BaselineFunction] = [:]
        for function in renamed || helpersDropped ? ScannedTree.fallbacksAfterRename : ScannedTree.fallbacksBeforeRename
        where aliases[function.name] == nil {
            fallbacks[function.name] = function
        }
        return fallbacks
    }

    static let fallbacksBeforeRename = KnowledgeBase.genericFallbacks(notifyHelpersNotify: true)
    static let fallbacksAfterRename = KnowledgeBase.genericFallbacks(notifyHelpersNotify: false)

    /// The name whose definition tells the v6.6 notifier API from the older one.
    static let renamedNotifier = "mmu_notifier_arch_invalidate_secondary_tlbs"

    /// A name `include/linux/mmu_notifier.h` defines in every version: the tree holds the header.
    static let notifierHeaderMark = "mmu_notifier_invalidate_range_end"

    /// This tree with some files replaced by new scans (`nil`: the file is gone), as if scanned
    /// whole: only the index entries of the names those files define are rebuilt.
    public func replacing(_ changes: [String: ScannedFile?], label: String) -> ScannedTree {
        var tree = self
        tree.replace(changes, label: label)
        return tree
    }

    /// `replacing` in place: a tree nothing else holds is changed without copying its tables.
    public mutating func replace(_ changes: [String: ScannedFile?], label: String) {
        self.label = label
        guard !changes.isEmpty else { return }
        // Most often a commit edits bodies: the file defines the same names in the same order and
        // no alias, and only its own index entries change, each in place.
        var changes = changes
        for (path, new) in changes {
            guard let old = files[path], let new, Self.sameDefinitions(old, new) else { continue }
            files[path] = new
            definitions.replaceFunctions(of: path, with: new.functions)
            changes[path] = nil
        }
        guard !changes.isEmpty else { return }
        // Each changed file's definitions and aliases by name, in file order; changed paths in order.
        var names = Set<String>()
        var added: [String: [String: (functions: [CFunction], targets: [String])]] = [:]
        for (path, new) in changes {
            if let old = files[path] {
                for function in old.functions { names.insert(function.name) }
                for alias in ScannedTree.aliasMacros(old) { names.insert(alias.name) }
            }
            if let new {
                var byName: [String: (functions: [CFunction], targets: [String])] = [:]
                for function in new.functions {
                    names.insert(function.name)
                    byName[function.name, default: ([], [])].functions.append(function)
                }
                for alias in ScannedTree.aliasMacros(new) {
                    names.insert(alias.name)
                    byName[alias.name, default: ([], [])].targets.append(alias.target)
                }
                added[path] = byName
            }
            files[path] = new
        }
        let changedPaths = added.keys.sorted()
        for name in names {
            // Kept entries stay in path order; each changed file's entries go in after the last
            // entry of a smaller path, in their order within the file.
            var entries = (definitions[name] ?? []).filter { changes[$0.file] == nil }
            var sites = (aliasSites[name] ?? []).filter { changes[$0.file] == nil }
            for path in changedPaths {
                guard let own = added[path]?[name] else { continue }
                if !own.functions.isEmpty {
                    let at = entries.firstIndex { path < $0.file } ?? entries.count
                    entries.insert(contentsOf: own.functions.map { (file: path, function: $0) }, at: at)
                }
                if !own.targets.isEmpty {
                    let at = sites.firstIndex { path < $0.file } ?? sites.count
                    sites.insert(contentsOf: own.targets.map { (file: path, target: $0) }, at: at)
                }
            }
            definitions[name] = entries.isEmpty ? nil : entries
            aliasSites[name] = sites.isEmpty ? nil : sites
            aliases[name] = sites.last?.target
        }
        fallbacks = makeFallbacks()
    }

    /// A tree of no file, to hold a place while a tree is changed in place.
    public static let empty = ScannedTree(label: "", scanned: [:])

    /// Whether two scans of a file define the same functions in the same order, and neither has
    /// an alias macro: the tree's names and aliases are then the same with either.
    static func sameDefinitions(_ old: ScannedFile, _ new: ScannedFile) -> Bool {
        sameFunctionNames(old, new) && aliasMacros(old).isEmpty && aliasMacros(new).isEmpty
    }

    /// Whether two scans of a file define functions of the same names in the same order.
    static func sameFunctionNames(_ old: ScannedFile, _ new: ScannedFile) -> Bool {
        old.functions.count == new.functions.count && zip(old.functions, new.functions).allSatisfy { $0.name == $1.name }
    }

    /// The names whose definitions or aliases differ between two scans of one file (`nil`: absent).
    public static func changedNames(from old: ScannedFile?, to new: ScannedFile?) -> Set<String> {
        // Most often a commit edits a few bodies: the same names in the same order, side by side.
        if let old, let new, sameFunctionNames(old, new) {
            let oldAliases = aliasMacros(old)
            let newAliases = aliasMacros(new)
            if oldAliases.count == newAliases.count,
               zip(oldAliases, newAliases).allSatisfy({ $0.name == $1.name && $0.target == $1.target }) {
                var changed = Set<String>()
                for (before, after) in zip(old.functions, new.functions) where before != after { changed.insert(before.name) }
                return changed
            }
        }
        return changedNamesByName(from: old, to: new)
    }

    /// `changedNames` by indexing both files by name.
    static func changedNamesByName(from old: ScannedFile?, to new: ScannedFile?) -> Set<String> {
        func index(_ file: ScannedFile?) -> [String: ([CFunction], [String])] {
            var result: [String: ([CFunction], [String])] = [:]
            for function in file?.functions ?? [] { result[function.name, default: ([], [])].0.append(function) }
            for alias in file.map(aliasMacros) ?? [] { result[alias.name, default: ([], [])].1.append(alias.target) }
            return result
        }
        let before = index(old)
        let after = index(new)
        var changed = Set<String>()
        for name in Set(before.keys).union(after.keys) {
            let a = before[name]
            let b = after[name]
            if a?.0 != b?.0 || a?.1 != b?.1 { changed.insert(name) }
        }
        return changed
    }

    /// Generic defaults from the knowledge base for names the files do not define.
    public var fallbacks: [String: BaselineFunction]

    /// Whether one arch sees a file: its own files, the generic ones, and for `generic` everything
    /// outside `arch/`.
    static func sees(_ file: String, _ arch: ArchKnowledge) -> Bool {
        arch.reads(file) || KnowledgeBase.generic.reads(file)
            || (!file.hasPrefix("arch/") && arch.name == KnowledgeBase.generic.name)
    }

    /// Whether a file belongs to the arch itself (for `generic`, any file outside `arch/`).
    static func owns(_ file: String, _ arch: ArchKnowledge) -> Bool {
        arch.name == KnowledgeBase.generic.name ? !file.hasPrefix("arch/") : arch.reads(file)
    }

    /// A name with aliases followed as one arch sees them: only aliases in files it sees (its own
    /// first), and a function or function macro the arch's own files define wins over an alias of
    /// the same name in another `#if` branch (arm64's contpte `ptep_set_access_flags` over the
    /// `#define ptep_set_access_flags __ptep_set_access_flags` of builds without it; the v6.5
    /// `ptep_clear_flush_notify()` macro over its `!CONFIG_MMU_NOTIFIER` alias).
    public func resolve(_ name: String, for arch: ArchKnowledge) -> String {
        var current = name
        var steps = 0
        while steps < 8 {
            if let candidates = definitions[current], candidates.contains(where: { ScannedTree.sees($0.file, arch) }) {
                return current
            }
            guard let sites = aliasSites[current] else { return current }
            let visible = sites.filter { ScannedTree.sees($0.file, arch) }
            guard let site = visible.first(where: { ScannedTree.owns($0.file, arch) }) ?? visible.first,
                  site.target != current else { return current }
            current = site.target
            steps += 1
        }
        return current
    }

    /// A name with aliases followed (at most a few steps).
    public func resolve(_ name: String) -> String {
        var current = name
        var steps = 0
        while let next = aliases[current], steps < 8, next != current {
            current = next
            steps += 1
        }
        return current
    }

    /// The definition of a name as one arch sees it: its own files first, then the generic code;
    /// among several `#if` branches, the one that builds with the features on (fewest `!defined`),
    /// and a real body over an empty stub.
    public func definition(of name: String, for arch: ArchKnowledge) -> (file: String, function: CFunction)? {
        if KnowledgeBase.modelledByKnowledgeBase.contains(name), let fallback = fallbacks[name] {
            return (fallback.file, fallback.function)
        }
        guard let candidates = definitions[name] else {
            return fallbacks[name].map { ($0.file, $0.function) }
        }
        let visible = candidates.filter { ScannedTree.sees($0.file, arch) }
        func rank(_ candidate: (file: String, function: CFunction)) -> (Int, Int, Int) {
            let own = arch.reads(candidate.file) ? 0 : 1
            let negated = candidate.function.condition.filter { condition in
                if case .preprocessor(let text) = condition { return text.hasPrefix("!") || text == "0" }
                return false
            }.count
            let empty = candidate.function.callsAtRecordedLines.isEmpty ? 1 : 0
            return (own, negated, empty)
        }
        return visible.min { rank($0) < rank($1) } ?? fallbacks[name].map { ($0.file, $0.function) }
    }
}

extension String {
    /// The string without the leading and trailing ASCII characters of `characters` (by bytes: a
    /// space before a combining mark goes too, which C source does not have).
    func trimmingCharacters(in characters: StaticString) -> String {
        let set = UnsafeBufferPointer(start: characters.utf8Start, count: characters.utf8CodeUnitCount)
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, set.contains(bytes[start]) { start = bytes.index(after: start) }
        while end > start, set.contains(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        if start == bytes.startIndex, end == bytes.endIndex { return self }
        return String(self[start..<end])
    }
}

extension NameIndex where Value == [(file: String, function: CFunction)] {
    /// `path`'s entries given the functions of a new scan of it that defines the same names in the
    /// same order: the k-th entry of `path` under a name becomes the file's k-th function of that name.
    mutating func replaceFunctions(of path: String, with functions: [CFunction]) {
        var seen: [String: Int] = [:]  // how many of a name already replaced, for names the file repeats
        for function in functions {
            modify(function.name) { entries in
                guard var list = entries else { return }
                entries = nil
                var own: [Int] = []
                for index in list.indices where list[index].file == path { own.append(index) }
                if own.count == 1 {
                    list[own[0]].function = function
                } else if !own.isEmpty {
                    let ordinal = seen[function.name, default: 0]
                    seen[function.name] = ordinal + 1
                    if ordinal < own.count { list[own[ordinal]].function = function }
                }
                entries = list
            }
        }
    }
}
