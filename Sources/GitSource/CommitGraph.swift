import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// git's commit-graph (`objects/info/commit-graph`, or the chain of split graphs under
/// `objects/info/commit-graphs/` that `git commit-graph write --split`, `git fetch` and `git
/// maintenance` write; format version 1, SHA-1): every commit's position, id and parents, read
/// without inflating a commit. libgit2 1.5 refuses the files git 2.39 writes (it stops at chunk ids
/// it does not know), so its revision walk reads every commit of a range, serially, before any run
/// can start; the range walk reads the graph itself for the ranges a first-parent chain settles
/// (`Repository.linearChain`).
///
/// Positions run across the layers of a chain, base first, as git numbers them. The files are mapped,
/// not read: a short range of a large repository touches a few pages of them. Every offset and
/// position is checked against the files' sizes, so a truncated or corrupt graph reads as no graph
/// (or as a commit it does not hold) and the revision walk decides instead.
final class CommitGraph {
    /// The layers, base first, and the position of each one's first commit.
    private let layers: [CommitGraphFile]
    private let starts: [Int]
    /// The commits the graph holds.
    let count: Int

    /// A parent field's value for "no parent".
    private static let noParent: UInt32 = 0x7000_0000

    /// The commit-graph of the objects directory `objects`: its single file, else its chain of split
    /// graphs; `nil` when there is none, or one this reader does not know (another version or hash)
    /// or that is malformed (a layer missing, out of order, or a chain line that is no object id).
    convenience init?(objects: String) {
        let info = (objects.hasSuffix("/") ? objects : objects + "/") + "info/"
        if let single = CommitGraphFile(path: info + "commit-graph", bases: []) {
            self.init(layers: [single])
            return
        }
        guard let chain = Self.contents(of: info + "commit-graphs/commit-graph-chain") else { return nil }
        var layers: [CommitGraphFile] = []
        var hashes: [git_oid] = []
        for line in chain.split(separator: UInt8(ascii: "\n")) {
            // A graph's name is its hash in lowercase hex; anything else could name another file.
            let name = String(decoding: line, as: UTF8.self)
            guard line.count == 40, let hash = git_oid(hex: name), hash.hex == name,
                  let layer = CommitGraphFile(path: info + "commit-graphs/graph-" + name + ".graph",
                                              bases: hashes.map { withUnsafeBytes(of: $0.id) { Array($0) } })
            else { return nil }
            layers.append(layer)
            hashes.append(hash)
        }
        guard !layers.isEmpty else { return nil }
        self.init(layers: layers)
    }

    private init(layers: [CommitGraphFile]) {
        self.layers = layers
        var starts: [Int] = []
        var total = 0
        for layer in layers {
            starts.append(total)
            total += layer.count
        }
        self.starts = starts
        count = total
    }

    /// The position of commit `id`, when the graph holds it.
    func position(of id: git_oid) -> Int? {
        for index in layers.indices.reversed() {
            if let local = layers[index].position(of: id) { return starts[index] + local }
        }
        return nil
    }

    /// The id of the commit at `position` (below `count`).
    func id(at position: Int) -> git_oid {
        let (layer, local) = place(position)
        return layers[layer].id(at: local)
    }

    /// The parents of the commit at `position`: `.one(p)` for a commit with one parent (at `p`),
    /// `.root` for none, `.several` for a merge, `.unknown` for a parent outside the graph.
    func parents(at position: Int) -> Parents {
        let (layer, local) = place(position)
        let (first, second) = layers[layer].parentFields(at: local)
        if second != Self.noParent { return .several }
        if first == Self.noParent { return .root }
        guard Int(first) < count else { return .unknown }
        return .one(Int(first))
    }

    /// What a commit's parent fields say.
    enum Parents: Equatable {
        case root
        case one(Int)
        case several
        /// A parent field that points outside the graph: the file is corrupt.
        case unknown
    }

    /// The layer holding `position`, and the position within it.
    private func place(_ position: Int) -> (layer: Int, local: Int) {
        var layer = layers.count - 1
        while starts[layer] > position { layer -= 1 }
        return (layer, position - starts[layer])
    }

    /// A small file's bytes (a chain lists a few dozen lines at most).
    private static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard got >= 0 else { return nil }
            if got == 0 { return bytes }
            bytes += buffer[..<got]
        }
        return nil
    }
}

/// One commit-graph file, mapped: its fan-out table, sorted ids and commit data.
private final class CommitGraphFile {
    private let base: UnsafeRawPointer
    private let size: Int
    /// Where the fan-out table (256 big-endian counts), the sorted ids and the commit data start.
    private let fanout: Int
    private let ids: Int
    private let data: Int
    /// The commits the file holds.
    let count: Int

    private static let idSize = 20
    /// A commit's data: its tree id, two parent fields and its generation and time.
    private static let dataSize = idSize + 16

    /// Maps the file at `path`, which must name the graphs `bases` (their hashes, base first) below
    /// it: none for a single file or a chain's base; `nil` when it is absent or not sound.
    convenience init?(path: String, bases: [[UInt8]]) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0, status.st_size < Int.max / 2 else { return nil }
        let size = Int(status.st_size)
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else { return nil }
        self.init(mapped: UnsafeRawPointer(mapped), size: size, bases: bases)
    }

    /// Takes a mapped file (which it then owns and unmaps) when its header and chunks are sound.
    private init?(mapped: UnsafeRawPointer, size: Int, bases: [[UInt8]]) {
        guard let layout = Self.layout(UnsafeRawBufferPointer(start: mapped, count: size), bases: bases) else {
            munmap(UnsafeMutableRawPointer(mutating: mapped), size)
            return nil
        }
        base = mapped
        self.size = size
        (fanout, ids, data, count) = layout
    }

    /// Where a graph's fan-out, ids and commit data start, and how many commits it holds: the header
    /// ("CGPH", version 1, hash version 1, the number of base graphs), then a table of chunks (id,
    /// offset) ending with an entry whose offset is the end of the last chunk. A layer above others
    /// lists their hashes (BASE chunk), which must be the chain's.
    private static func layout(_ bytes: UnsafeRawBufferPointer, bases: [[UInt8]]) -> (fanout: Int, ids: Int, data: Int, count: Int)? {
        let size = bytes.count
        guard size >= 8, bytes[0] == 0x43, bytes[1] == 0x47, bytes[2] == 0x50, bytes[3] == 0x48,
              bytes[4] == 1, bytes[5] == 1, Int(bytes[7]) == bases.count else { return nil }
        let chunks = Int(bytes[6])
        guard size >= 8 + 12 * (chunks + 1) else { return nil }
        var found: [UInt32: (start: Int, end: Int)] = [:]
        for index in 0..<chunks {
            let entry = 8 + 12 * index
            let start = offset(bytes, entry + 4)
            let end = offset(bytes, entry + 16)
            guard start <= end, end <= size else { return nil }
            found[word(bytes, entry)] = (start, end)
        }
        // OIDF, OIDL, CDAT.
        guard let fanout = found[0x4F49_4446], fanout.end - fanout.start == 1024,
              let ids = found[0x4F49_444C], let data = found[0x4344_4154] else { return nil }
        let count = Int(word(bytes, fanout.start + 4 * 255))
        guard ids.end - ids.start == count * idSize, data.end - data.start >= count * dataSize else { return nil }
        if !bases.isEmpty {
            guard let listed = found[0x4241_5345], listed.end - listed.start == bases.count * idSize,
                  Array(bytes[listed.start..<listed.end]) == Array(bases.joined()) else { return nil }
        }
        return (fanout.start, ids.start, data.start, count)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

    /// The position of commit `id` in this file, when it holds it.
    func position(of id: git_oid) -> Int? {
        let bytes = UnsafeRawBufferPointer(start: base, count: size)
        return withUnsafeBytes(of: id.id) { key -> Int? in
            let first = Int(key[0])
            var low = first == 0 ? 0 : Int(Self.word(bytes, fanout + 4 * (first - 1)))
            var high = Int(Self.word(bytes, fanout + 4 * first))
            guard low <= high, high <= count else { return nil }
            while low < high {
                let middle = (low + high) / 2
                let order = memcmp(base + ids + middle * Self.idSize, key.baseAddress!, Self.idSize)
                if order == 0 { return middle }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// The id of the commit at `position` in this file.
    func id(at position: Int) -> git_oid {
        var id = git_oid()
        withUnsafeMutableBytes(of: &id.id) { $0.copyMemory(from: UnsafeRawBufferPointer(start: base + ids + position * Self.idSize, count: Self.idSize)) }
        return id
    }

    /// The two parent fields of the commit at `position` in this file (positions in the whole chain).
    func parentFields(at position: Int) -> (UInt32, UInt32) {
        let bytes = UnsafeRawBufferPointer(start: base, count: size)
        let record = data + position * Self.dataSize + Self.idSize
        return (Self.word(bytes, record), Self.word(bytes, record + 4))
    }

    private static func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// A chunk table offset, clamped so that an absurd one fails the size check.
    private static func offset(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Int {
        let value = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        return value > UInt64(Int.max / 2) ? Int.max / 2 : Int(value)
    }
}

extension Repository {
    /// `base..tip` when the first-parent chain from `tip` reaches `base` through commits that each have
    /// one parent: the range is then that chain alone, and its one topological order is the chain's,
    /// oldest first. `nil` when the chain meets a merge or a root first, or a commit that cannot be
    /// read (the revision walk then decides, and reports). Parents come from the commit-graph when it
    /// holds the commit, else from the commit itself.
    func linearChain(from tip: git_oid, to base: git_oid) -> [ObjectName]? {
        let graph = git_repository_commondir(handle).flatMap { CommitGraph(objects: String(cString: $0) + "objects") }
        var chain: [git_oid] = []
        var current = tip
        var position = graph?.position(of: tip)
        var graphSteps = 0
        while !current.isSame(as: base) {
            let parent: git_oid
            if let graph, let at = position {
                // A cycle in a corrupt graph would never end.
                graphSteps += 1
                guard graphSteps <= graph.count, case .one(let next) = graph.parents(at: at) else { return nil }
                parent = graph.id(at: next)
                position = next
            } else {
                guard let only = onlyParent(of: current) else { return nil }
                parent = only
                position = graph?.position(of: only)
            }
            chain.append(current)
            current = parent
        }
        return chain.reversed().map(\.hex)
    }

    /// The parent of commit `id` when it has exactly one.
    private func onlyParent(of id: git_oid) -> git_oid? {
        var oid = id
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, handle, &oid) == 0, let commit else { return nil }
        defer { git_commit_free(commit) }
        guard git_commit_parentcount(commit) == 1, let parent = git_commit_parent_id(commit, 0) else { return nil }
        return parent.pointee
    }
}
