import Foundation
import Synchronization
import PatchModel

/// A JSON document with its object keys in the order the output contract gives them.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// An array whose elements are made as it is written, on every core: a long range's patches,
    /// whose whole tree is then never held at once. Each run of the array makes its elements with
    /// a function of its own from `run`, so what that function keeps (a memo of shared parts) stays
    /// on one core.
    case elements(count: Int, run: @Sendable () -> (Int) -> JSONValue)
    /// A value encoded once and copied as bytes wherever it is written, at any depth.
    case fragment(JSONFragment)

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.elements, _), (_, .elements), (.fragment, _), (_, .fragment): lhs.materialized == rhs.materialized
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// An array of `count` elements made by `element` as it is written.
    public static func elements(count: Int, _ element: @escaping @Sendable (Int) -> JSONValue) -> JSONValue {
        .elements(count: count, run: { element })
    }

    /// The value with its made-as-written arrays made.
    var materialized: JSONValue {
        switch self {
        case .elements(let count, let run):
            .array({ let element = run(); return (0..<count).map { element($0).materialized } }())
        case .array(let values): .array(values.map(\.materialized))
        case .object(let members): .object(members.map { ($0.0, $0.1.materialized) })
        case .fragment(let fragment): fragment.value.materialized
        default: self
        }
    }

    /// A string, or `null` for `nil`.
    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    /// An integer, or `null` for `nil`.
    public static func optional(_ number: Int?) -> JSONValue { number.map(JSONValue.int) ?? .null }

    /// The document as text: two-space indentation when `pretty`, one line otherwise.
    public func rendered(pretty: Bool = true) -> String {
        String(decoding: encoded(pretty: pretty), as: UTF8.self)
    }

    /// The value as a fragment, encoded now.
    public var fragment: JSONValue { .fragment(JSONFragment(self)) }

    /// The document as UTF-8 bytes: two-space indentation when `pretty`, one line otherwise.
    public func encoded(pretty: Bool = true) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(into: &output, indent: pretty ? 0 : nil)
        if pretty { output.append(UInt8(ascii: "\n")) }
        return output
    }

    /// The document handed to `sink` in pieces, in order, as `encoded(pretty:)` makes it whole: a long
    /// array made on every core goes out run by run, so a long range's document is never held twice.
    /// The first error `sink` throws stops the writing and is thrown.
    public func write(pretty: Bool = true, to sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var failure: (any Error)?
        try withoutActuallyEscaping(sink) { sink in
            let flush: (inout [UInt8]) -> Void = { buffer in
                if failure == nil {
                    do { try buffer.withUnsafeBufferPointer(sink) } catch { failure = error }
                }
                buffer.removeAll(keepingCapacity: true)
            }
            var output: [UInt8] = []
            output.reserveCapacity(1 << 16)
            write(into: &output, indent: pretty ? 0 : nil, flush: flush)
            if pretty { output.append(UInt8(ascii: "\n")) }
            flush(&output)
            if let failure { throw failure }
        }
    }

    private func write(into output: inout [UInt8], indent: Int?, flush: ((inout [UInt8]) -> Void)? = nil) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): JSONValue.writeInteger(value, into: &output)
        case .double(let value):
            output.append(contentsOf: (value.isFinite ? String(value) : "null").utf8)
        case .string(let value): JSONValue.writeString(value, into: &output)
        case .fragment(let fragment): fragment.write(into: &output, indent: indent)
        case .array(let values):
            JSONValue.writeArray(count: values.count, into: &output, indent: indent) { { values[$0] } }
        case .elements(let count, let run):
            JSONValue.writeArray(count: count, into: &output, indent: indent, flush: flush, run)
        case .object(let members):
            if members.isEmpty { output.append(contentsOf: "{}".utf8); return }
            output.append(UInt8(ascii: "{"))
            for (offset, member) in members.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.newline(&output, indent.map { $0 + 1 })
                JSONValue.writeString(member.0, into: &output)
                output.append(UInt8(ascii: ":"))
                if indent != nil { output.append(UInt8(ascii: " ")) }
                member.1.write(into: &output, indent: indent.map { $0 + 1 }, flush: flush)
            }
            JSONValue.newline(&output, indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// A long array (the patches of a long range) is written on every core, in runs; a short one in
    /// place. Written to a sink, the runs go in waves of `waveCount` elements, each wave's parts handed
    /// out before the next is made, so the memory of one wave serves the next: parts the size of the
    /// whole array, made in fresh pages, were 40% of a 4,199-commit check's page faults and 57 MB of
    /// its peak.
    private static func writeArray(count: Int, into output: inout [UInt8], indent: Int?,
                                   flush: ((inout [UInt8]) -> Void)? = nil, _ run: @escaping @Sendable () -> (Int) -> JSONValue) {
        if count == 0 { output.append(contentsOf: "[]".utf8); return }
        output.append(UInt8(ascii: "["))
        let inner = indent.map { $0 + 1 }
        let writePart: @Sendable (Range<Int>, (Int) -> JSONValue, Int) -> [[UInt8]] = { range, element, estimate in
            var part: [UInt8] = []
            part.reserveCapacity(estimate * range.count)
            for offset in range {
                if offset > 0 { part.append(UInt8(ascii: ",")) }
                JSONValue.newline(&part, inner)
                element(offset).write(into: &part, indent: inner)
            }
            return [part]
        }
        if count < minimumParallelCount || Runs.cores == 1 {
            let element = run()
            for offset in 0..<count {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.newline(&output, inner)
                element(offset).write(into: &output, indent: inner)
                if let flush, output.count >= 1 << 20 { flush(&output) }
            }
        } else if let flush {
            // What came before goes out first, then each wave's parts in order. Each worker makes
            // its elements with one function from `run` for the whole array, so what that function
            // keeps (the encoded simulation outcomes) serves every wave: a function a part, 17 waves
            // of 8 parts for 4,199 patches, encoded the same outcomes 136 times.
            flush(&output)
            let elements = WorkerElements(run)
            var start = 0
            // The bytes an element took in the wave before (with some room), so a part's bytes are
            // made in one block rather than copied as it grows.
            var estimate = 0
            while start < count {
                let end = min(count, start + waveCount)
                // More runs than cores, so a core that finishes early takes another.
                let runs = Runs.bounds(end - start, runs: min(end - start, 4 * Runs.cores))
                    .map { ($0.lowerBound + start)..<($0.upperBound + start) }
                let elementBytes = estimate
                var written = 0
                for var part in Runs.map(runs, byWorker: { worker, range in
                    writePart(range, elements.function(for: worker), elementBytes)
                }) {
                    written += part.count
                    flush(&part)
                }
                estimate = written / (end - start) + written / (end - start) / 4
                start = end
            }
        } else {
            // One run a core, each with its own element function.
            for part in Runs.map(count, minimum: minimumParallelCount, { range in writePart(range, run(), 0) }) {
                output.append(contentsOf: part)
            }
        }
        JSONValue.newline(&output, indent)
        output.append(UInt8(ascii: "]"))
    }

    /// The elements of a long array written to a sink at a time, over all cores.
    private static let waveCount = 256

    /// Arrays at least this long are written on every core.
    private static let minimumParallelCount = 128

    /// A line end and the indentation of depth `indent` (none when compact), copied from static
    /// memory (`lineStart`): a shared array of spaces was retained and released by every core for
    /// every line, and appending a repeated space was a tenth of writing.
    fileprivate static func newline(_ output: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        let width = 2 * indent
        if width < lineStart.utf8CodeUnitCount {
            output.append(contentsOf: UnsafeBufferPointer(start: lineStart.utf8Start, count: width + 1))
        } else {
            output.append(UInt8(ascii: "\n"))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width))
        }
    }

    /// A line end and the spaces of the deepest indentation a review document reaches (deeper lines
    /// append their spaces).
    private static let lineStart: StaticString = "\n                                                                "

    private static func writeInteger(_ value: Int, into output: inout [UInt8]) {
        if value >= 0, value < 10 {
            output.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        guard value > Int.min else { output.append(contentsOf: String(value).utf8); return }
        // The digits from the last, in a buffer on the stack.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value.magnitude
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 { output.append(UInt8(ascii: "-")) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    private static func writeString(_ value: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        if value.utf8.withContiguousStorageIfAvailable({ writeEscaped($0, into: &output) }) == nil {
            var value = value
            value.withUTF8 { writeEscaped($0, into: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The bytes of a string's text, with quotes, backslashes and control bytes escaped.
    private static func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var clean = bytes.startIndex
        // Eight bytes at a time while none needs escaping (most text needs none).
        var first = bytes.startIndex
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while first + 8 <= bytes.endIndex, !mayNeedEscape(raw.loadUnaligned(fromByteOffset: first, as: UInt64.self)) {
                first += 8
            }
        }
        for index in first..<bytes.endIndex {
            let byte = bytes[index]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            let escape: StaticString
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case UInt8(ascii: "\n"): escape = "\\n"
            case UInt8(ascii: "\r"): escape = "\\r"
            case UInt8(ascii: "\t"): escape = "\\t"
            default: escape = "\\u00"
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<index]))
            output.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
            if escape.utf8CodeUnitCount == 4 {  // `\u00`, then the byte's two hex digits
                output.append(hexDigit(byte >> 4))
                output.append(hexDigit(byte & 0xF))
            }
            clean = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<bytes.endIndex]))
    }

    /// Whether one of eight bytes may be below 0x20, a quote or a backslash (no false negatives).
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let below = (word &- ones &* 0x20) & ~word & highs != 0
        return below || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}

/// The element function of each worker writing a long array, made from the array's `run` when the
/// worker first needs it. A worker writes one part at a time, and the next wave's workers start only
/// once the last wave's are done, so a function is never used by two threads at once.
private final class WorkerElements: @unchecked Sendable {
    private let run: @Sendable () -> (Int) -> JSONValue
    private var functions: [Int: (Int) -> JSONValue] = [:]
    private let lock = NSLock()

    init(_ run: @escaping @Sendable () -> (Int) -> JSONValue) { self.run = run }

    func function(for worker: Int) -> (Int) -> JSONValue {
        lock.lock()
        defer { lock.unlock() }
        if let known = functions[worker] { return known }
        let made = run()
        functions[worker] = made
        return made
    }
}

/// A JSON value encoded once, on one line and indented from depth 0, for a value a document repeats
/// (a long range shows the same simulation outcomes patch after patch): writing it at depth `d`
/// indents every line after the first by `d` more levels. The last depth's bytes are kept, since a
/// document writes a fragment at the same depth each time.
public final class JSONFragment: Sendable {
    public let value: JSONValue
    let compact: [UInt8]
    let pretty: [UInt8]
    /// Where each line of `pretty` after the first starts.
    let lineStarts: [Int]
    private let indented = Mutex<(indent: Int, bytes: [UInt8])?>(nil)

    public init(_ value: JSONValue) {
        self.value = value
        compact = value.encoded(pretty: false)
        var pretty = value.encoded(pretty: true)
        pretty.removeLast()  // the document's final newline
        self.pretty = pretty
        lineStarts = pretty.indices.filter { pretty[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }
    }

    func write(into output: inout [UInt8], indent: Int?) {
        guard let indent else { output.append(contentsOf: compact); return }
        guard indent > 0 else { output.append(contentsOf: pretty); return }
        if let known = indented.withLock({ $0?.indent == indent ? $0?.bytes : nil }) {
            output.append(contentsOf: known)
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pretty.count + lineStarts.count * 2 * indent)
        pretty.withUnsafeBufferPointer { pretty in
            var start = 0
            for next in lineStarts {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: pretty[start..<(next - 1)]))
                JSONValue.newline(&bytes, indent)
                start = next
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: pretty[start...]))
        }
        output.append(contentsOf: bytes)
        indented.withLock { $0 = (indent, bytes) }
    }
}
