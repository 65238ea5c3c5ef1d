/// One version of a series as a mailbox holds it: the cover letter, the patches present (one per
/// index, in order), the indexes missing, and the trailers reviewers sent in replies.
public struct SeriesVersion: Sendable {
    public var version: Int
    /// `N` of `[PATCH k/N]` (1 for a lone patch).
    public var total: Int
    public var title: String
    public var cover: MessageSummary?
    public var patches: [MessageSummary]
    public var missing: [Int]
    /// Trailers received in replies, by patch index; a reply to the cover letter gives its trailers
    /// to every patch of this version (and of no other version).
    public var receivedTrailers: [Int: [ReceivedTrailer]]
    /// Trailers given in replies to the cover letter.
    public var coverTrailers: [ReceivedTrailer]
    /// Messages sent again for an index already present (a RESEND or a re-posted patch): the newest is kept.
    public var supersededMessages: [MessageSummary]

    /// The Message-IDs of the cover letter and the patches, in order.
    public var messageIDs: [String] { (cover.map { [$0] } ?? []) .map(\.messageID) + patches.map(\.messageID) }
    /// Indexes of the patches present.
    public var present: [Int] { patches.compactMap { $0.subject.index ?? 1 } }
    /// The mailbox position of the version's first message.
    public var firstIndex: Int { ((cover.map { [$0] } ?? []) + patches).map(\.index).min() ?? 0 }

    /// Received trailers of one patch.
    public func received(forPatch index: Int) -> [ReceivedTrailer] { receivedTrailers[index] ?? [] }
}

/// A series in all the versions a mailbox holds, oldest version first.
public struct SeriesThread: Sendable {
    public var title: String
    public var versions: [SeriesVersion]

    /// The newest version (highest version number; the later one when two share a number).
    public var newest: SeriesVersion? { versions.last }

    /// The version with this number, if present.
    public func version(_ number: Int) -> SeriesVersion? { versions.last { $0.version == number } }
}

/// Every series a mailbox holds, and what else it holds.
public struct MailboxSeries: Sendable {
    public var series: [SeriesThread]
    /// Messages read.
    public var messages: Int
    /// Messages that belong to no series (neither a patch nor a reply in a patch's thread).
    public var unattached: [MessageSummary]
}

/// Groups message summaries into series and versions by their threading and subjects, and
/// collects reply trailers onto the patches they answer (as b4 does).
public enum SeriesAssembler {
    public static func assemble(_ summaries: [MessageSummary]) -> MailboxSeries {
        // The first of messages sharing a Message-ID wins; without repeats the array is shared, not copied.
        var messages = summaries
        var position: [String: Int] = [:]
        position.reserveCapacity(summaries.count)
        for (offset, summary) in summaries.enumerated() where position[summary.messageID] == nil {
            position[summary.messageID] = offset
        }
        if position.count != summaries.count {
            messages = []
            position = [:]
            for summary in summaries where position[summary.messageID] == nil {
                position[summary.messageID] = messages.count
                messages.append(summary)
            }
        }
        let parents = messages.map { parent(of: $0, in: position) }
        let roots = rootsOf(parents)

        // Patches and cover letters grouped by (thread root, version); unthreaded lone patches by sender.
        struct GroupKey: Hashable { var root: Int; var version: Int }
        var groups: [GroupKey: [Int]] = [:]
        var groupOrder: [GroupKey] = []
        var looseKeys: [String: (root: Int, date: MailDate?)] = [:]
        var answered = Set<Int>()
        for parent in parents { if let parent { answered.insert(parent) } }
        for (offset, message) in messages.enumerated() where message.isSeriesMessage {
            var root = roots[offset]
            if root == offset, parents[offset] == nil, !answered.contains(offset),
               message.subject.index != nil, message.subject.index != 0 {
                // A patch that threads to nothing and that nothing answers (git format-patch without
                // --thread): join others of the same sender, version and total sent close in time.
                let loose = "\(message.from?.email.lowercased() ?? "")|\(message.subject.version)|\(message.subject.total ?? 0)|\(message.subject.isRFC)|\(message.subject.tags.joined(separator: " "))"
                if let known = looseKeys[loose], SeriesAssembler.close(known.date, message.date) {
                    root = known.root
                } else {
                    looseKeys[loose] = (offset, message.date)
                }
            }
            let key = GroupKey(root: root, version: message.subject.version)
            if groups[key] == nil { groupOrder.append(key) }
            groups[key, default: []].append(offset)
        }

        // Versions of one series: those sharing a thread root, or whose titles agree.
        var versions: [SeriesVersion] = []
        var versionOfMessage: [Int: Int] = [:]
        var versionRoots: [Int] = []
        for key in groupOrder {
            guard let members = groups[key] else { continue }
            let version = makeVersion(members, messages: messages, number: key.version)
            for member in members { versionOfMessage[member] = versions.count }
            versions.append(version)
            versionRoots.append(key.root)
        }

        // Replies: trailers go to the nearest patch or cover letter above them.
        var unattached: [MessageSummary] = []
        for (offset, message) in messages.enumerated() where !message.isSeriesMessage {
            var cursor = parents[offset]
            var steps = 0
            while let current = cursor, versionOfMessage[current] == nil, steps < messages.count {
                cursor = parents[current]
                steps += 1
            }
            guard let target = cursor, let versionIndex = versionOfMessage[target] else {
                unattached.append(message)
                continue
            }
            let answered = messages[target]
            let received = message.replyTrailers.map { ReceivedTrailer($0, from: message.messageID) }
            if received.isEmpty { continue }
            if answered.isCoverLetter {
                versions[versionIndex].coverTrailers.append(contentsOf: received)
                for patch in versions[versionIndex].patches {
                    versions[versionIndex].receivedTrailers[patch.subject.index ?? 1, default: []].append(contentsOf: received)
                }
            } else {
                versions[versionIndex].receivedTrailers[answered.subject.index ?? 1, default: []].append(contentsOf: received)
            }
        }
        for index in versions.indices {
            versions[index].receivedTrailers = versions[index].receivedTrailers.mapValues(deduplicated)
            versions[index].coverTrailers = deduplicated(versions[index].coverTrailers)
        }

        // Union versions into series.
        var leader = Array(versions.indices)
        func find(_ item: Int) -> Int {
            var item = item
            while leader[item] != item {
                leader[item] = leader[leader[item]]
                item = leader[item]
            }
            return item
        }
        var byRoot: [Int: Int] = [:]
        var byTitle: [String: Int] = [:]
        for index in versions.indices {
            if let other = byRoot[versionRoots[index]] { leader[find(index)] = find(other) } else { byRoot[versionRoots[index]] = index }
            let title = normalized(versions[index].title)
            if !title.isEmpty {
                if let other = byTitle[title] { leader[find(index)] = find(other) } else { byTitle[title] = index }
            }
        }
        var seriesOrder: [Int] = []
        var members: [Int: [SeriesVersion]] = [:]
        for index in versions.indices {
            let key = find(index)
            if members[key] == nil { seriesOrder.append(key) }
            members[key, default: []].append(versions[index])
        }
        let series = seriesOrder.compactMap { key -> SeriesThread? in
            guard var list = members[key] else { return nil }
            list.sort { ($0.version, $0.firstIndex) < ($1.version, $1.firstIndex) }
            let title = list.last?.title ?? ""
            return SeriesThread(title: title, versions: list)
        }
        return MailboxSeries(series: series, messages: summaries.count, unattached: unattached)
    }

    private static func makeVersion(_ members: [Int], messages: [MessageSummary], number: Int) -> SeriesVersion {
        var cover: MessageSummary?
        var byIndex: [Int: MessageSummary] = [:]
        var superseded: [MessageSummary] = []
        var total = 1
        for member in members {
            let message = messages[member]
            total = max(total, message.subject.total ?? 1)
            let index = message.subject.index ?? 1
            if index == 0 {
                if let earlier = cover {
                    superseded.append(newer(earlier, message) ? earlier : message)
                    if newer(earlier, message) { cover = message }
                } else {
                    cover = message
                }
                continue
            }
            if let earlier = byIndex[index] {
                superseded.append(newer(earlier, message) ? earlier : message)
                if newer(earlier, message) { byIndex[index] = message }
            } else {
                byIndex[index] = message
            }
        }
        let patches = byIndex.keys.sorted().compactMap { byIndex[$0] }
        let highest = byIndex.keys.max() ?? 0
        total = max(total, highest)
        let missing = (1...max(total, 1)).filter { byIndex[$0] == nil }
        let title = cover?.subject.title ?? byIndex[1]?.subject.title ?? patches.first?.subject.title ?? ""
        return SeriesVersion(version: number, total: total, title: title, cover: cover, patches: patches,
                             missing: missing, receivedTrailers: [:], coverTrailers: [],
                             supersededMessages: superseded)
    }

    /// Whether two messages were sent within a few hours of each other (or their dates are unknown).
    static func close(_ a: MailDate?, _ b: MailDate?) -> Bool {
        guard let a, let b else { return true }
        return abs(a.secondsSinceEpoch - b.secondsSinceEpoch) <= 6 * 3600
    }

    /// Whether `candidate` was sent after `current` (by date, then by position in the mailbox).
    private static func newer(_ current: MessageSummary, _ candidate: MessageSummary) -> Bool {
        if let a = current.date, let b = candidate.date, a != b { return b > a }
        return candidate.index > current.index
    }

    /// The message a message answers: In-Reply-To when the mailbox has it, else the nearest of its References.
    private static func parent(of message: MessageSummary, in position: [String: Int]) -> Int? {
        let own = position[message.messageID]
        if let id = message.inReplyTo, let found = position[id], found != own { return found }
        for id in message.references.reversed() {
            if let found = position[id], found != own { return found }
        }
        return nil
    }

    /// The top of each message's thread; a cycle in the references ends at the first repeat.
    private static func rootsOf(_ parents: [Int?]) -> [Int] {
        var roots = [Int](repeating: -1, count: parents.count)
        for start in parents.indices where roots[start] < 0 {
            var path: [Int] = []
            var seen = Set<Int>()
            var cursor = start
            while roots[cursor] < 0, !seen.contains(cursor), let next = parents[cursor] {
                seen.insert(cursor)
                path.append(cursor)
                cursor = next
            }
            let root = roots[cursor] >= 0 ? roots[cursor] : cursor
            roots[cursor] = root
            for item in path { roots[item] = root }
        }
        return roots
    }

    private static func normalized(_ title: String) -> String {
        title.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    private static func deduplicated(_ trailers: [ReceivedTrailer]) -> [ReceivedTrailer] {
        var seen = Set<String>()
        return trailers.filter { seen.insert($0.key.lowercased() + ":" + $0.value).inserted }
    }
}
