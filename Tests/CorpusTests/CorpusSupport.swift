import Foundation
import TestSupport

/// Where `make corpus` says the real corpus is (`SHOOTDOWN_CORPUS`), when it is there.
enum Corpus {
    static let root: URL? = {
        guard let path = ProcessInfo.processInfo.environment["SHOOTDOWN_CORPUS"], !path.isEmpty else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return URL(fileURLWithPath: path)
    }()

    static var isPresent: Bool { root != nil }

    /// The thread files of `series/`: every `.mbox` and `.t.mbox.gz`.
    static var threads: [URL] {
        guard let root else { return [] }
        let folder = root.appendingPathComponent("series")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".mbox") || $0.hasSuffix(".mbox.gz") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// The `.index.tsv` beside a thread file (`x.t.mbox.gz` and `x.mbox` both use `x.index.tsv`).
    static func index(for thread: URL) -> [IndexRow] {
        var name = thread.lastPathComponent
        for suffix in [".t.mbox.gz", ".mbox.gz", ".mbox"] where name.hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
            break
        }
        let url = thread.deletingLastPathComponent().appendingPathComponent(name + ".index.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap(IndexRow.init)
    }

    /// The `shootdown` binary `make corpus` built.
    static var binary: String? { ProcessInfo.processInfo.environment["SHOOTDOWN_BIN"] }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        guard let binary else { return (-1, Data(), "no SHOOTDOWN_BIN") }
        let result = try ChildProcess.run(binary, arguments)
        return (result.status, result.stdout, result.errors)
    }
}

/// One row of a corpus `.index.tsv`: version, subject, sender, date, Message-ID, In-Reply-To.
struct IndexRow {
    var version: String
    var subject: String
    var from: String
    var messageID: String
    var inReplyTo: String?

    init?(_ line: Substring) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 6 else { return nil }
        version = fields[0]
        subject = fields[1]
        from = fields[2]
        messageID = fields[4]
        inReplyTo = fields[5].isEmpty ? nil : fields[5]
    }

    var isReply: Bool {
        let lower = subject.lowercased()
        return lower.hasPrefix("re:") || lower.hasPrefix("fwd:")
    }

    /// `k` of `[... k/N]` in the subject.
    var patchIndex: Int? {
        guard let open = subject.firstIndex(of: "["), let close = subject.firstIndex(of: "]"), open < close else { return nil }
        let tags = subject[subject.index(after: open)..<close].split(separator: " ")
        guard let numbering = tags.last(where: { $0.contains("/") }) else { return nil }
        return Int(numbering.split(separator: "/").first ?? "")
    }
}
