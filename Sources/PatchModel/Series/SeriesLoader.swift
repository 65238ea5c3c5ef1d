import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Which series and version of a mailbox to review.
public struct SeriesSelection: Sendable, Hashable {
    /// The version number (`--version N`); the newest when `nil`.
    public var version: Int?
    /// The series' position in the mailbox (`--series N`, 1-based, as `shootdown series` lists them);
    /// the first series with patches when `nil`.
    public var series: Int?

    public init(version: Int? = nil, series: Int? = nil) {
        self.version = version
        self.series = series
    }
}

/// Reads a mailbox into series: a streaming index of every series (for `shootdown series`), or one
/// version read whole (for `review` and `reply`).
public enum SeriesLoader {
    /// Every series in the mailbox; memory stays bounded by the largest message plus a small summary
    /// per message (`MessageSummary.compact`: no subject text, sender or date for replies and other mail).
    public static func index(path: String, format: MboxFormat = .auto) throws(IngestError) -> MailboxSeries {
        var summaries: [MessageSummary] = []
        var interner = SummaryInterner()
        // Messages are split in order and summarised in batches over the cores; a batch holds a few
        // hundred messages, so memory still follows the largest message, not the mailbox.
        var batch: [MailMessage] = []
        func flush() throws(IngestError) {
            for var summary in try summarize(batch) {
                summary.compact(&interner)
                summaries.append(summary)
            }
            batch.removeAll(keepingCapacity: true)
        }
        try MailboxReader(path: path, format: format).forEachMessage { message throws(IngestError) in
            batch.append(message)
            if batch.count >= 256 { try flush() }
        }
        try flush()
        if summaries.isEmpty { throw IngestError(.malformed, InputLocation(file: path), "no messages") }
        return SeriesAssembler.assemble(summaries)
    }

    /// The summaries of a batch, in order, made on every core; the first error in mailbox order wins.
    static func summarize(_ batch: [MailMessage]) throws(IngestError) -> [MessageSummary] {
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let workers = min(cores, max(1, batch.count / 16))
        guard workers > 1 else {
            var result: [MessageSummary] = []
            for message in batch { result.append(try summary(of: message)) }
            return result
        }
        let slots = UnsafeMutableBufferPointer<Result<MessageSummary, IngestError>?>.allocate(capacity: batch.count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        nonisolated(unsafe) let shared = slots
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < batch.count {
                do throws(IngestError) {
                    shared[index] = .success(try summary(of: batch[index]))
                } catch {
                    shared[index] = .failure(error)
                }
                index += workers
            }
        }
        var result: [MessageSummary] = []
        result.reserveCapacity(batch.count)
        for slot in slots {
            switch slot {
            case .success(let summary)?: result.append(summary)
            case .failure(let error)?: throw error
            case nil: continue
            }
        }
        return result
    }

    /// One version of one series, read whole, with the index of the whole mailbox.
    public static func load(path: String, format: MboxFormat = .auto,
                            selection: SeriesSelection = SeriesSelection()) throws(IngestError) -> (Series, MailboxSeries) {
        var messages: [MailMessage] = []
        var parsed: [ParsedMail] = []
        var summaries: [MessageSummary] = []
        try MailboxReader(path: path, format: format).forEachMessage { message throws(IngestError) in
            let mail = try ParsedMail(parsing: message)
            summaries.append(try MessageSummary(mail, index: message.index, source: message.source))
            messages.append(message)
            parsed.append(mail)
        }
        if summaries.isEmpty { throw IngestError(.malformed, InputLocation(file: path), "no messages") }
        let mailbox = SeriesAssembler.assemble(summaries)
        let version = try choose(selection, in: mailbox, path: path)
        var patches: [Patch] = []
        for summary in version.patches {
            let position = summary.index - 1
            guard messages.indices.contains(position) else { continue }
            let received = version.received(forPatch: summary.subject.index ?? 1)
            patches.append(try Patch(mail: parsed[position], message: messages[position], received: received))
        }
        var cover: CoverLetter?
        if let summary = version.cover, messages.indices.contains(summary.index - 1) {
            let text = try parsed[summary.index - 1].decodedText()
            cover = CoverLetter(subject: summary.subject, author: summary.from, date: summary.date,
                                messageID: summary.messageID, text: String(decoding: text, as: UTF8.self))
        }
        let thread = mailbox.series.first { $0.versions.contains { $0.firstIndex == version.firstIndex } }
        let others = (thread?.versions ?? []).map(\.version).filter { $0 != version.version }
        let series = Series(title: version.title, version: version.version, total: version.total, cover: cover,
                            patches: patches, missing: version.missing, otherVersions: others)
        return (series, mailbox)
    }

    /// The summary of one message.
    public static func summary(of message: MailMessage) throws(IngestError) -> MessageSummary {
        try MessageSummary(try ParsedMail(parsing: message), index: message.index, source: message.source)
    }

    static func choose(_ selection: SeriesSelection, in mailbox: MailboxSeries, path: String) throws(IngestError) -> SeriesVersion {
        let location = InputLocation(file: path)
        guard !mailbox.series.isEmpty else {
            throw IngestError(.malformed, location, "no patch series: no message has a [PATCH] subject")
        }
        let thread: SeriesThread
        if let number = selection.series {
            guard mailbox.series.indices.contains(number - 1) else {
                throw IngestError(.missingInput, location, "no series \(number): the mailbox holds \(mailbox.series.count)")
            }
            thread = mailbox.series[number - 1]
        } else {
            thread = mailbox.series.first { $0.versions.contains { !$0.patches.isEmpty } } ?? mailbox.series[0]
        }
        if let number = selection.version {
            guard let version = thread.version(number) else {
                let known = thread.versions.map { "v\($0.version)" }.joined(separator: ", ")
                throw IngestError(.missingInput, location, "no version \(number) of \"\(thread.title)\": the mailbox holds \(known)")
            }
            return version
        }
        guard let newest = thread.versions.last(where: { !$0.patches.isEmpty }) ?? thread.newest else {
            throw IngestError(.malformed, location, "series \"\(thread.title)\" has no patches")
        }
        return newest
    }
}
