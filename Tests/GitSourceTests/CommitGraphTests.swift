import CLibGit2
import Foundation
@testable import GitSource
import Testing

/// The range walk through git's commit-graph file: a chain of single-parent commits is read from
/// the graph (and from the commits the graph does not hold yet), anything else, or a graph that is
/// not sound, goes to libgit2's revision walk; each way lists what `git rev-list` lists.
@Suite struct CommitGraphTests {
    /// A linear history of `count` commits, the graph written once after the first `graphed`, or
    /// (`splitEvery`) a new split layer after every so many.
    static func linear(_ count: Int, graphed: Int = 0, splitEvery: Int = 0) throws -> (ScratchRepository, [String]) {
        let repo = try ScratchRepository()
        var ids: [String] = []
        for index in 1...count {
            try repo.write("mm/file\(index % 3).c", ScratchRepository.lines(index, "f"))
            ids.append(try repo.commit("mm: change \(index)"))
            if index == graphed { try repo.git("commit-graph", "write", "--reachable") }
            if splitEvery > 0, index % splitEvery == 0 { try repo.git("commit-graph", "write", "--reachable", "--split=no-merge") }
        }
        return (repo, ids)
    }

    static func graphPath(_ repo: ScratchRepository) -> String { repo.path + "/.git/objects/info/commit-graph" }

    /// What git lists for `range`, oldest first.
    static func gitList(_ repo: ScratchRepository, _ range: String) throws -> [String] {
        try repo.git("rev-list", "--reverse", "--topo-order", range).split(separator: "\n").map(String.init)
    }

    static func ranges(_ ids: [String]) -> [String] {
        ["\(ids[0])..\(ids[11])", "\(ids[3])..\(ids[8])", "\(ids[7])..\(ids[14])", "\(ids[12])..\(ids[14])",
         "\(ids[2])..HEAD", "\(ids[9])..\(ids[4])", "\(ids[5])..\(ids[5])"]
    }

    @Test func theGraphReadsAsGitWroteIt() throws {
        let (repo, ids) = try Self.linear(6, graphed: 6)
        let graph = try #require(CommitGraph(objects: repo.path + "/.git/objects"))
        #expect(graph.count == 6)
        for (index, id) in ids.enumerated() {
            let position = try #require(graph.position(of: git_oid(hex: id)!))
            #expect(graph.id(at: position).hex == id)
            let parents = graph.parents(at: position)
            if index == 0 {
                #expect(parents == .root)
            } else {
                guard case .one(let parent) = parents else { Issue.record("\(id): \(parents)"); continue }
                #expect(graph.id(at: parent).hex == ids[index - 1])
            }
        }
        #expect(graph.position(of: git_oid(hex: String(repeating: "0", count: 40))!) == nil)
        #expect(graph.position(of: git_oid(hex: String(repeating: "f", count: 40))!) == nil)
    }

    /// Ranges along the chain, with a graph that holds the older commits only, with none, and
    /// ranges that are empty or run backwards.
    @Test func linearRangesListAsGitListsThem() throws {
        let (repo, ids) = try Self.linear(15, graphed: 10)
        let repository = try Repository(path: repo.path)
        for range in Self.ranges(ids) {
            let expected = try Self.gitList(repo, range)
            #expect(try repository.commits(in: RevisionRange.parse(range)) == expected, "\(range), graph")
        }
        try FileManager.default.removeItem(atPath: Self.graphPath(repo))
        let without = try Repository(path: repo.path)
        for range in Self.ranges(ids) {
            #expect(try without.commits(in: RevisionRange.parse(range)) == Self.gitList(repo, range), "\(range), no graph")
        }
    }

    /// A merge on the chain, or a base off it: the revision walk lists the range.
    @Test func mergesAndBasesOffTheChainGoToTheRevisionWalk() throws {
        let (repo, ids) = try RangeTests.history()
        try repo.git("commit-graph", "write", "--reachable")
        let repository = try Repository(path: repo.path)
        let through = try repository.commits(in: RevisionRange.parse("\(ids["c1"]!)..main"))
        #expect(Set(through) == Set(try Self.gitList(repo, "\(ids["c1"]!)..main")))
        #expect(through.contains(ids["m"]!))
        #expect(through.last == ids["c4"]!)
        // side is not on main's first-parent chain: main's commits since the merge base.
        let off = try repository.commits(in: RevisionRange.parse("side..main"))
        #expect(Set(off) == Set(try Self.gitList(repo, "side..main")))
        #expect(!off.contains(ids["s1"]!))
    }

    /// A graph cut short, one of garbage, one whose commits are each their own parent, one of
    /// another version: read as no graph, or walked no further than it can be trusted, never a hang.
    @Test func aGraphThatIsNotSoundListsAsGitDoes() throws {
        let (repo, ids) = try Self.linear(15, graphed: 15)
        let path = Self.graphPath(repo)
        let expected = try Self.ranges(ids).map { try Self.gitList(repo, $0) }
        let sound = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        var cyclic = sound
        let data = try #require(Self.chunk(sound, "CDAT"))
        for position in 0..<15 {
            let field = data + position * 36 + 20
            cyclic[field..<(field + 4)] = [0, 0, 0, UInt8(position)]
        }
        var otherVersion = sound
        otherVersion[4] = 2
        let cases: [(String, [UInt8])] = [
            ("cut short", Array(sound.prefix(sound.count / 2))), ("garbage", (0..<4096).map { UInt8(($0 * 37) & 0xFF) }),
            ("cyclic", cyclic), ("version 2", otherVersion), ("header only", Array(sound.prefix(8))), ("empty", []),
        ]
        for (name, bytes) in cases {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let repository = try Repository(path: repo.path)
            for (range, listed) in zip(Self.ranges(ids), expected) {
                #expect(try repository.commits(in: RevisionRange.parse(range)) == listed, "\(name): \(range)")
            }
            if name == "cyclic" {
                // Every commit its own parent: the chain never reaches its base, and is given up.
                #expect(repository.linearChain(from: git_oid(hex: ids[14])!, to: git_oid(hex: ids[2])!) == nil)
            }
        }
    }

    /// A chain of split graphs, three layers (as `git fetch` and `git maintenance` write them): the
    /// positions run across the layers, and ranges list as git lists them.
    @Test func aChainOfSplitGraphsReadsAsOneGraph() throws {
        let (repo, ids) = try Self.linear(18, splitEvery: 6)
        let chain = try String(contentsOfFile: repo.path + "/.git/objects/info/commit-graphs/commit-graph-chain", encoding: .utf8)
        #expect(chain.split(separator: "\n").count == 3)
        let graph = try #require(CommitGraph(objects: repo.path + "/.git/objects"))
        #expect(graph.count == 18)
        for (index, id) in ids.enumerated() {
            let position = try #require(graph.position(of: git_oid(hex: id)!))
            #expect(graph.id(at: position).hex == id)
            if index == 0 {
                #expect(graph.parents(at: position) == .root)
            } else {
                guard case .one(let parent) = graph.parents(at: position) else { Issue.record("\(id)"); continue }
                #expect(graph.id(at: parent).hex == ids[index - 1])
            }
        }
        let repository = try Repository(path: repo.path)
        for range in ["\(ids[0])..\(ids[17])", "\(ids[4])..\(ids[13])", "\(ids[11])..HEAD", "\(ids[15])..\(ids[2])"] {
            #expect(try repository.commits(in: RevisionRange.parse(range)) == Self.gitList(repo, range), "\(range)")
        }
    }

    /// A chain whose upper layer names another base, whose lines are not object ids (a path among
    /// them), whose layers are listed out of order, or that names a layer that is gone: read as no
    /// graph, and ranges still list as git's.
    @Test func aChainThatIsNotSoundReadsAsNoGraph() throws {
        let (repo, ids) = try Self.linear(12, splitEvery: 6)
        let ranges = ["\(ids[0])..\(ids[11])", "\(ids[7])..HEAD"]
        let expected = try ranges.map { try Self.gitList(repo, $0) }
        let directory = repo.path + "/.git/objects/info/commit-graphs/"
        let chainPath = directory + "commit-graph-chain"
        let sound = try String(contentsOfFile: chainPath, encoding: .utf8)
        let lines = sound.split(separator: "\n").map(String.init)
        try #require(lines.count == 2)
        let cases = [
            "../../../../../etc/passwd\n" + lines[1] + "\n",
            lines.reversed().joined(separator: "\n") + "\n",
            lines[0].uppercased() + "\n" + lines[1] + "\n",
            lines[0] + "\n" + String(repeating: "0", count: 40) + "\n",
            "",
        ]
        // The upper layer names another base than the chain's.
        let upper = directory + "graph-" + lines[1] + ".graph"
        var layer = try Array(Data(contentsOf: URL(fileURLWithPath: upper)))
        let listed = try #require(Self.chunk(layer, "BASE"))
        layer[listed] ^= 0xFF
        try FileManager.default.removeItem(atPath: upper)
        try Data(layer).write(to: URL(fileURLWithPath: upper))
        #expect(CommitGraph(objects: repo.path + "/.git/objects") == nil, "another base")
        for (range, listed) in zip(ranges, expected) {
            #expect(try Repository(path: repo.path).commits(in: RevisionRange.parse(range)) == listed, "another base: \(range)")
        }
        for text in cases {
            try text.write(toFile: chainPath, atomically: true, encoding: .utf8)
            #expect(CommitGraph(objects: repo.path + "/.git/objects") == nil, "\(text.debugDescription)")
            let repository = try Repository(path: repo.path)
            for (range, listed) in zip(ranges, expected) {
                #expect(try repository.commits(in: RevisionRange.parse(range)) == listed, "\(text.debugDescription): \(range)")
            }
        }
    }

    /// Where chunk `name` starts in a commit-graph file.
    static func chunk(_ bytes: [UInt8], _ name: String) -> Int? {
        let chunks = Int(bytes[6])
        for index in 0..<chunks {
            let entry = 8 + 12 * index
            if Array(bytes[entry..<(entry + 4)]) == Array(name.utf8) {
                return bytes[(entry + 4)..<(entry + 12)].reduce(0) { $0 << 8 | Int($1) }
            }
        }
        return nil
    }
}
