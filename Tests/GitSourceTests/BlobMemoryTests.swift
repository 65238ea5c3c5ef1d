import CLibGit2
@testable import GitSource
import Testing

/// The blobs a repository handle holds: the last one per path, and those read ahead, each table
/// within its limit.
@Suite struct BlobMemoryTests {
    static func id(_ digit: Character) -> git_oid {
        git_oid(hex: String(repeating: digit, count: 40))!
    }

    @Test func readAheadKeepsBlobsByIdUpToItsLimit() {
        let memory = BlobMemory(limit: 10)
        #expect(memory.keepAhead([1, 2, 3, 4], id: Self.id("a")))
        #expect(memory.keepAhead([5, 6, 7, 8, 9, 10], id: Self.id("b")))
        // Full: one more byte is refused and not kept.
        #expect(!memory.keepAhead([11], id: Self.id("c")))
        #expect(memory.readAhead(Self.id("a")) == [1, 2, 3, 4])
        #expect(memory.readAhead(Self.id("b")) == [5, 6, 7, 8, 9, 10])
        #expect(memory.readAhead(Self.id("c")) == nil)
        #expect(memory.holdsAhead(Self.id("b")) && !memory.holdsAhead(Self.id("c")))
    }

    @Test func theLastBlobPerPathStartsOverPastItsLimitAndLeavesTheReadAheadAlone() {
        let memory = BlobMemory(limit: 10)
        #expect(memory.keepAhead([1, 2, 3], id: Self.id("a")))
        memory.remember([1, 2, 3, 4, 5, 6], id: Self.id("b"), at: "mm/a.c")
        memory.remember([7, 8, 9], id: Self.id("c"), at: "mm/b.c")
        #expect(memory.bytes(at: "mm/a.c", id: Self.id("b")) == [1, 2, 3, 4, 5, 6])
        // The same path again replaces its bytes in the count.
        memory.remember([1, 2, 3, 4, 5, 6, 7], id: Self.id("d"), at: "mm/a.c")
        #expect(memory.bytes(at: "mm/a.c", id: Self.id("b")) == nil)
        #expect(memory.bytes(at: "mm/b.c", id: Self.id("c")) == [7, 8, 9])
        // Past the limit, the table starts over with the new blob alone.
        memory.remember([1, 2], id: Self.id("e"), at: "mm/c.c")
        #expect(memory.bytes(at: "mm/b.c", id: Self.id("c")) == nil)
        #expect(memory.bytes(at: "mm/c.c", id: Self.id("e")) == [1, 2])
        #expect(memory.readAhead(Self.id("a")) == [1, 2, 3])
    }
}
