#if canImport(Glibc)
import Glibc
#endif

/// Two versions of a text file compared line by line the way git's xdiff compares them, so that the
/// hunks are the ones `git log -p` prints: common ends set aside, lines without a partner on the
/// other side marked changed at once, Myers' middle-snake search with xdiff's cost cut-offs
/// (`MiddleSnake`), change groups slid by the indent heuristic (`ChangeCompaction`), three lines of
/// context, changes six or fewer lines apart in one hunk, and a section heading from the old file.
public enum LineDiff {
    /// The hunks that turn `old` into `new` (empty when they are equal).
    public static func hunks(old: [UInt8], new: [UInt8], context: Int = 3, headings: SectionHeadings = .plain) -> [Hunk] {
        hunks(ClassifiedLines(old: old, new: new), context: context, headings: headings)
    }

    static func hunks(_ classified: ClassifiedLines, context: Int, headings: SectionHeadings) -> [Hunk] {
        var sides = classified
        MiddleSnake.markChanges(&sides)
        ChangeCompaction.compact(&sides.old, against: &sides.new)
        ChangeCompaction.compact(&sides.new, against: &sides.old)
        return HunkEmitter(old: sides.old, new: sides.new, context: context, headings: headings).hunks()
    }

    /// Where each line begins, and the end (`starts[n]` for `n` lines): a last line without a line
    /// end is a line; empty bytes have no line.
    public static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 24 + 2)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var index = 0
            while index < buffer.count {
                guard let found = memchr(base + index, 0x0A, buffer.count - index) else { break }
                index = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
                starts.append(index)
            }
        }
        if starts.last != bytes.count { starts.append(bytes.count) }
        return starts
    }

    /// Whether git would call these bytes binary: a NUL byte among the first 8,000.
    public static func looksBinary(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, 0, min(buffer.count, 8000)) != nil
        }
    }
}

/// Which old lines may head a hunk's section, as git's diff drivers choose them.
public enum SectionHeadings: Sendable {
    /// No driver: a line that begins with a letter, `_` or `$`.
    case plain
    /// The `cpp` driver (`diff=cpp`, as the kernel's .gitattributes sets for C files): a line that
    /// begins with a letter or `_` (or `::`), unless it is a label alone (`out:`, `default:`),
    /// perhaps followed by a comment.
    case cpp
}

/// One version of the file: its bytes, where each line begins, each line's class (equal lines,
/// line end included, share a class), and which lines the diff changed.
struct DiffSide {
    let bytes: [UInt8]
    /// `starts[i]` is where line `i` begins; `starts[count]` is the end of the bytes.
    var starts: [Int]
    var classes: [Int32]
    /// `changed[i + 1]` for line `i`; one unchanged sentinel before the first line and one after the last.
    var changed: [Bool]

    var count: Int { classes.count }

    func isChanged(_ line: Int) -> Bool { changed[line + 1] }

    mutating func setChanged(_ line: Int, _ value: Bool) { changed[line + 1] = value }

    /// The line's bytes without its line end, and whether it had one.
    func text(_ line: Int) -> (bytes: ArraySlice<UInt8>, newline: Bool) {
        let end = starts[line + 1]
        if end > starts[line], bytes[end - 1] == UInt8(ascii: "\n") { return (bytes[starts[line]..<(end - 1)], true) }
        return (bytes[starts[line]..<end], false)
    }

    /// The width of the line's leading white space (a tab to the next multiple of eight, at most
    /// 200), or `nil` for a line of white space alone.
    func indent(_ line: Int) -> Int? {
        var width = 0
        for index in starts[line]..<starts[line + 1] {
            switch bytes[index] {
            case UInt8(ascii: " "): width += 1
            case UInt8(ascii: "\t"): width += 8 - width % 8
            case 0x0A, 0x0B, 0x0C, 0x0D: break
            default: return width
            }
            if width >= 200 { return 200 }
        }
        return nil
    }
}

/// Both versions with their lines split and classified, and how often each class occurs on each side.
struct ClassifiedLines {
    var old: DiffSide
    var new: DiffSide
    /// Occurrences of each class in the old version and in the new one.
    var oldCounts: [Int32]
    var newCounts: [Int32]

    init(old oldBytes: [UInt8], new newBytes: [UInt8]) {
        let oldStarts = LineDiff.lineStarts(oldBytes)
        let newStarts = LineDiff.lineStarts(newBytes)
        // The table lives inside the closures that lend it the buffers it points into.
        let table = ClassTable(capacity: oldStarts.count + newStarts.count)
        let (oldClasses, newClasses) = oldBytes.withUnsafeBufferPointer { oldBuffer in
            newBytes.withUnsafeBufferPointer { newBuffer in
                let oldClasses = table.classify(oldBuffer, oldStarts, copying: false)
                return (oldClasses, Self.classifyNew(oldBuffer, oldStarts, oldClasses, newBuffer, newStarts,
                                                     table: table, copying: false))
            }
        }
        self.init(old: oldBytes, oldStarts, oldClasses, new: newBytes, newStarts, newClasses, classCount: table.classCount)
    }

    /// `old` already split and classified in `table`, which keeps its own copy of every line it
    /// holds; the new version's lines are classified in it too.
    init(old oldBytes: [UInt8], _ oldStarts: [Int], _ oldClasses: [Int32],
         new newBytes: [UInt8], _ newStarts: [Int], table: ClassTable) {
        let newClasses = oldBytes.withUnsafeBufferPointer { oldBuffer in
            newBytes.withUnsafeBufferPointer { newBuffer in
                Self.classifyNew(oldBuffer, oldStarts, oldClasses, newBuffer, newStarts, table: table, copying: true)
            }
        }
        self.init(old: oldBytes, oldStarts, oldClasses, new: newBytes, newStarts, newClasses, classCount: table.classCount)
    }

    private init(old oldBytes: [UInt8], _ oldStarts: [Int], _ oldClasses: [Int32],
                 new newBytes: [UInt8], _ newStarts: [Int], _ newClasses: [Int32], classCount: Int) {
        old = DiffSide(bytes: oldBytes, starts: oldStarts, classes: oldClasses,
                       changed: [Bool](repeating: false, count: oldClasses.count + 2))
        new = DiffSide(bytes: newBytes, starts: newStarts, classes: newClasses,
                       changed: [Bool](repeating: false, count: newClasses.count + 2))
        oldCounts = Self.counts(oldClasses, classes: classCount)
        newCounts = Self.counts(newClasses, classes: classCount)
    }

    /// The new version's classes: lines the two versions share at their ends have the old lines'
    /// classes, and only the lines between are looked up (the classes come out as if every line were).
    private static func classifyNew(_ oldBuffer: UnsafeBufferPointer<UInt8>, _ oldStarts: [Int], _ oldClasses: [Int32],
                                    _ newBuffer: UnsafeBufferPointer<UInt8>, _ newStarts: [Int],
                                    table: ClassTable, copying: Bool) -> [Int32] {
        let (prefix, suffix) = commonLines(oldBuffer, oldStarts, newBuffer, newStarts)
        return table.classify(newBuffer, newStarts, sharing: oldClasses, of: oldBuffer, oldStarts,
                              prefix: prefix, suffix: suffix, copying: copying)
    }

    /// How often each of `classes` classes occurs in `lines`.
    static func counts(_ lines: [Int32], classes: Int) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: classes) { counts, initialized in
            counts.initialize(repeating: 0)
            lines.withUnsafeBufferPointer { lines in
                for id in lines { counts[Int(id)] += 1 }
            }
            initialized = classes
        }
    }

    /// How many whole lines the two versions share at their start and at their end (not overlapping).
    static func commonLines(_ old: UnsafeBufferPointer<UInt8>, _ oldStarts: [Int],
                            _ new: UnsafeBufferPointer<UInt8>, _ newStarts: [Int]) -> (prefix: Int, suffix: Int) {
        guard let oldBase = old.baseAddress, let newBase = new.baseAddress else { return (0, 0) }
        let shortest = min(old.count, new.count)
        var same = 0
        while same + 8 <= shortest,
              UnsafeRawPointer(oldBase + same).loadUnaligned(as: UInt64.self)
                == UnsafeRawPointer(newBase + same).loadUnaligned(as: UInt64.self) { same += 8 }
        while same < shortest, oldBase[same] == newBase[same] { same += 1 }
        // Old line i is shared when it ends, line end included, inside the common bytes; a last line
        // without a line end only when both versions end there.
        let oldLines = oldStarts.count - 1
        let newLines = newStarts.count - 1
        var prefix = 0
        while prefix < min(oldLines, newLines), oldStarts[prefix + 1] <= same,
              old[oldStarts[prefix + 1] - 1] == 0x0A || (old.count == new.count && same == old.count) {
            prefix += 1
        }
        var tail = 0
        let tailLimit = shortest - oldStarts[prefix]
        while tail + 8 <= tailLimit,
              UnsafeRawPointer(oldBase + old.count - tail - 8).loadUnaligned(as: UInt64.self)
                == UnsafeRawPointer(newBase + new.count - tail - 8).loadUnaligned(as: UInt64.self) { tail += 8 }
        while tail < tailLimit, oldBase[old.count - 1 - tail] == newBase[new.count - 1 - tail] { tail += 1 }
        // The lines from the end are shared while each starts inside the common end bytes, as far
        // from the end in both versions.
        var suffix = 0
        while suffix < min(oldLines, newLines) - prefix {
            let start = oldStarts[oldLines - 1 - suffix]
            guard old.count - start <= tail, new.count - newStarts[newLines - 1 - suffix] == old.count - start else { break }
            suffix += 1
        }
        return (prefix, suffix)
    }
}

/// The versions of one file diffed one after the other (its path through a range): each version's
/// lines are split and classified once, when it is the new side, and serve again as the old side
/// of the next diff; the class table goes on from diff to diff (new lines' bytes copied into it)
/// and starts again when it is full. Used by one thread at a time.
public final class LineHistory: @unchecked Sendable {
    private var table: ClassTable?
    private var last: (bytes: [UInt8], starts: [Int], classes: [Int32])?

    public init() {}

    /// Roughly the bytes it holds: the last version, its line table and the class table.
    public var footprint: Int {
        (last.map { $0.bytes.count + 12 * $0.starts.count } ?? 0) + (table?.footprint ?? 0)
    }

    /// The hunks that turn `old` into `new`, as `LineDiff.hunks` gives them.
    public func hunks(old: [UInt8], new: [UInt8], context: Int = 3, headings: SectionHeadings = .plain) -> [Hunk] {
        LineDiff.hunks(classified(old: old, new: new), context: context, headings: headings)
    }

    func classified(old: [UInt8], new: [UInt8]) -> ClassifiedLines {
        let newStarts = LineDiff.lineStarts(new)
        let sides: ClassifiedLines
        if let last, let table, last.bytes == old, table.classCount + newStarts.count <= table.capacity {
            sides = ClassifiedLines(old: old, last.starts, last.classes, new: new, newStarts, table: table)
        } else {
            let oldStarts = LineDiff.lineStarts(old)
            // Room for the two versions and as many new lines again before starting over.
            let table = ClassTable(capacity: oldStarts.count + 2 * newStarts.count + 64)
            let oldClasses = old.withUnsafeBufferPointer { table.classify($0, oldStarts, copying: true) }
            sides = ClassifiedLines(old: old, oldStarts, oldClasses, new: new, newStarts, table: table)
            self.table = table
        }
        last = (new, sides.new.starts, sides.new.classes)
        return sides
    }
}

/// An open-addressing table from a line's bytes to its class number, with room for `capacity`
/// classes, allocated at once. A line's bytes are either the caller's (lent for the table's use)
/// or copied into the table's own blocks.
final class ClassTable {
    private let slots: UnsafeMutableBufferPointer<Int32>
    private let hashes: UnsafeMutableBufferPointer<UInt64>
    private let lines: UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>
    private var blocks: [UnsafeMutableRawBufferPointer] = []
    private var blockUsed = 0
    private(set) var classCount = 0
    let capacity: Int
    private let mask: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        var slotCount = 16
        while slotCount < self.capacity * 2 { slotCount <<= 1 }
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: -1)
        mask = slotCount - 1
        hashes = .allocate(capacity: self.capacity)
        lines = .allocate(capacity: self.capacity)
    }

    /// Roughly the bytes it holds.
    var footprint: Int { 4 * (mask + 1) + 24 * capacity + blocks.reduce(0) { $0 + $1.count } }

    deinit {
        slots.deallocate()
        hashes.deallocate()
        lines.deallocate()
        for block in blocks { block.deallocate() }
    }

    /// The classes of the lines of `buffer` (`starts` as `lineStarts` gives them).
    func classify(_ buffer: UnsafeBufferPointer<UInt8>, _ starts: [Int], copying: Bool) -> [Int32] {
        classify(buffer, starts, sharing: [], of: UnsafeBufferPointer(start: nil, count: 0), [0],
                 prefix: 0, suffix: 0, copying: copying)
    }

    /// The classes of the new version's lines, whose first `prefix` and last `suffix` lines are the
    /// old version's (`shared` its classes, `old` and `oldStarts` its lines). Between them, a line
    /// equal to the old line that comes next in order (or to one of the two after it) takes that
    /// line's class without being looked up: most of a file's lines did not change, and a line's
    /// class is the same whichever equal line it comes from. The other lines are looked up; one
    /// found a little further down the old version puts the order there.
    func classify(_ buffer: UnsafeBufferPointer<UInt8>, _ starts: [Int], sharing shared: [Int32],
                  of old: UnsafeBufferPointer<UInt8>, _ oldStarts: [Int],
                  prefix: Int, suffix: Int, copying: Bool) -> [Int32] {
        let count = starts.count - 1
        let oldEnd = shared.count - suffix
        return starts.withUnsafeBufferPointer { starts in
            oldStarts.withUnsafeBufferPointer { oldStarts in
                shared.withUnsafeBufferPointer { shared in
                    [Int32](unsafeUninitializedCapacity: count) { classes, initialized in
                        var next = prefix
                        for line in 0..<count {
                            if line < prefix {
                                classes[line] = shared[line]
                                continue
                            }
                            if line >= count - suffix {
                                classes[line] = shared[shared.count - (count - line)]
                                continue
                            }
                            let text = UnsafeBufferPointer(rebasing: buffer[starts[line]..<starts[line + 1]])
                            var found = false
                            var candidate = next
                            while candidate < min(next + 3, oldEnd) {
                                let start = oldStarts[candidate]
                                if oldStarts[candidate + 1] - start == text.count,
                                   text.isEmpty || memcmp(old.baseAddress! + start, text.baseAddress!, text.count) == 0 {
                                    classes[line] = shared[candidate]
                                    next = candidate + 1
                                    found = true
                                    break
                                }
                                candidate += 1
                            }
                            if found { continue }
                            let id = classify(text, copying: copying)
                            classes[line] = id
                            var ahead = next
                            while ahead < min(next + 16, oldEnd) {
                                if shared[ahead] == id {
                                    next = ahead + 1
                                    break
                                }
                                ahead += 1
                            }
                        }
                        initialized = count
                    }
                }
            }
        }
    }

    /// The class of `line`, a new one when no equal line was seen.
    private func classify(_ line: UnsafeBufferPointer<UInt8>, copying: Bool) -> Int32 {
        let hash = Self.hash(line)
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 31)) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            let other = lines[Int(id)]
            if hashes[Int(id)] == hash, other.count == line.count,
               line.count == 0 || memcmp(other.baseAddress!, line.baseAddress!, line.count) == 0 {
                return id
            }
            slot = (slot + 1) & mask
        }
        let id = classCount
        precondition(id < capacity, "class table full")
        classCount += 1
        slots[slot] = Int32(id)
        hashes[id] = hash
        lines[id] = copying ? keep(line) : line
        return Int32(id)
    }

    /// A copy of `line` in the table's blocks.
    private func keep(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard line.count > 0 else { return line }
        if blocks.isEmpty || blockUsed + line.count > blocks[blocks.count - 1].count {
            blocks.append(.allocate(byteCount: max(1 << 14, line.count), alignment: 8))
            blockUsed = 0
        }
        let block = blocks[blocks.count - 1]
        let copy = UnsafeMutableRawBufferPointer(rebasing: block[blockUsed..<(blockUsed + line.count)])
        copy.copyMemory(from: UnsafeRawBufferPointer(line))
        blockUsed += line.count
        return UnsafeBufferPointer(copy.bindMemory(to: UInt8.self))
    }

    /// A multiply-rotate hash over eight bytes at a time (the last word overlaps the one before).
    static func hash(_ line: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = line.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let count = line.count
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        if count >= 8 {
            var index = 0
            while index + 8 < count {
                hash = ((hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD).rotated(by: 29)
                index += 8
            }
            hash ^= raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else {
            var tail: UInt64 = 0
            for index in 0..<count { tail |= UInt64(base[index]) << UInt64(index * 8) }
            hash ^= tail
        }
        hash = hash &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 33)
    }
}

extension UInt64 {
    fileprivate func rotated(by count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}
