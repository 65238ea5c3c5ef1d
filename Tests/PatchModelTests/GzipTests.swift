import Foundation
import Testing

@testable import PatchModel

@Suite struct GzipTests {
    /// Compresses `data` with /bin/gzip through a temporary file.
    private func gzip(_ data: [UInt8], level: String = "-6") throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("shootdown-gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input.mbox")
        try Data(data).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = [level, "-n", input.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return Array(try Data(contentsOf: directory.appendingPathComponent("input.mbox.gz")))
    }

    private func inflate(_ data: [UInt8], chunk: Int) throws -> [UInt8] {
        var inflater = try GzipInflater()
        var out: [UInt8] = []
        var start = 0
        while start < data.count {
            let end = min(start + chunk, data.count)
            out += try inflater.inflate(Array(data[start..<end]))
            start = end
        }
        try inflater.finish()
        return out
    }

    private var sample: [UInt8] {
        var text = ""
        for index in 0..<3000 {
            text += "From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: [PATCH \(index)/3000] mm: flush\n\n+\tflush_tlb_page(vma, addr);\n"
        }
        return Array(text.utf8)
    }

    @Test func magic() {
        #expect(GzipInflater.isGzip([0x1F, 0x8B, 0x08]))
        #expect(!GzipInflater.isGzip([0x1F]))
        #expect(!GzipInflater.isGzip(Array("From ".utf8)))
        #expect(!GzipInflater.isGzip([UInt8]()))
    }

    @Test func roundTripInChunksOfEverySize() throws {
        let original = sample
        let compressed = try gzip(original)
        #expect(GzipInflater.isGzip(compressed.prefix(2)))
        for chunk in [1, 7, 512, 65_536, compressed.count] {
            #expect(try inflate(compressed, chunk: chunk) == original)
        }
    }

    @Test func multiMemberFile() throws {
        let first = Array("first member\n".utf8)
        let second = sample
        let joined = try gzip(first) + gzip(second) + gzip([])
        #expect(try inflate(joined, chunk: 100) == first + second)
        #expect(try inflate(joined, chunk: joined.count) == first + second)
    }

    @Test func zeroPaddingAfterTheLastMemberIsIgnored() throws {
        let compressed = try gzip(sample) + [UInt8](repeating: 0, count: 512)
        #expect(try inflate(compressed, chunk: 300) == sample)
    }

    @Test func truncatedStreamThrowsOnFinish() throws {
        let compressed = try gzip(sample)
        var inflater = try GzipInflater()
        _ = try inflater.inflate(Array(compressed.dropLast(20)))
        #expect(throws: IngestError.self) { try inflater.finish() }
        do {
            try inflater.finish()
        } catch {
            #expect(error.category == .malformed)
            #expect(error.location.file == nil)
            #expect(error.location.inFile("list.mbox.gz").description.hasPrefix("list.mbox.gz"))
            #expect(error.reason.contains("truncated"))
        }
        var empty = try GzipInflater()
        #expect(throws: IngestError.self) { try empty.finish() }
    }

    @Test func corruptDataThrows() throws {
        var compressed = try gzip(sample)
        for index in 20..<60 { compressed[index] ^= 0x5A }
        #expect(throws: IngestError.self) { _ = try inflate(compressed, chunk: 4096) }
        let garbage = try gzip(Array("x\n".utf8)) + Array("not gzip".utf8)
        #expect(throws: IngestError.self) { _ = try inflate(garbage, chunk: 4096) }
    }

    @Test func outputComesInBoundedPieces() throws {
        let zeros = [UInt8](repeating: 0x61, count: 5_000_000)
        let compressed = try gzip(zeros, level: "-9")
        var inflater = try GzipInflater()
        var total = 0
        var largest = 0
        try inflater.inflate(compressed) { piece in
            total += piece.count
            largest = max(largest, piece.count)
        }
        try inflater.finish()
        #expect(total == zeros.count)
        #expect(largest <= GzipInflater.outputChunkSize)
    }

    @Test func corpusStyleFixture() throws {
        let mbox = try mailFixture("folded.eml") + mailFixture("crlf.eml")
        #expect(try inflate(try gzip(mbox), chunk: 64) == mbox)
    }
}
