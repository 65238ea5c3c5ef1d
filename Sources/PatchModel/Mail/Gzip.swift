import CZlib

/// Streaming gzip decompression over zlib, for `.gz` mailboxes as list archives serve them.
/// Multi-member files (`cat a.gz b.gz`) decompress to the concatenation of their members; zero
/// padding after the last member is ignored, as gzip does.
public struct GzipInflater {
    /// The largest piece of output handed out at once.
    public static let outputChunkSize = 64 * 1024

    private let stream: ZStream
    /// Compressed bytes consumed so far, for error messages.
    private var consumed = 0
    /// Some of the current member's bytes have been read and its end not yet seen.
    private var inMember = false
    /// At least one member ended.
    private var sawMemberEnd = false
    /// Only zero bytes may follow.
    private var inPadding = false

    public init() throws(IngestError) {
        stream = try ZStream()
    }

    /// Whether bytes start with the gzip magic number.
    public static func isGzip(_ prefix: some Collection<UInt8>) -> Bool {
        var iterator = prefix.makeIterator()
        return iterator.next() == 0x1F && iterator.next() == 0x8B
    }

    /// Decompresses the next piece of input and returns the output it completes.
    public mutating func inflate(_ chunk: [UInt8]) throws(IngestError) -> [UInt8] {
        var out: [UInt8] = []
        try inflate(chunk) { piece in out += piece }
        return out
    }

    /// Decompresses the next piece of input, handing the output to `sink` in pieces of at most
    /// `outputChunkSize` bytes, so memory stays bounded however well the input compresses.
    public mutating func inflate(_ chunk: [UInt8], into sink: (ArraySlice<UInt8>) throws(IngestError) -> Void)
        throws(IngestError)
    {
        var position = 0
        var output = [UInt8](repeating: 0, count: GzipInflater.outputChunkSize)
        var pendingOutput = false
        while position < chunk.count || pendingOutput {
            if position < chunk.count, !pendingOutput {
                if inPadding {
                    if let junk = chunk[position...].firstIndex(where: { $0 != 0 }) {
                        throw failure("trailing garbage after gzip data", at: consumed + junk - position)
                    }
                    consumed += chunk.count - position
                    return
                }
                if !inMember, sawMemberEnd, chunk[position] != 0x1F {
                    inPadding = true
                    continue
                }
                inMember = true
            }
            let step = try stream.inflate(chunk, from: position, into: &output)
            consumed += step.consumed
            position += step.consumed
            pendingOutput = step.produced == output.count
            if step.produced > 0 { try sink(output[0..<step.produced]) }
            switch step.status {
            case .streamEnd:
                inMember = false
                sawMemberEnd = true
                pendingOutput = false
                if let message = stream.reset() { throw failure(message, at: consumed) }
            case .ok:
                if step.consumed == 0, step.produced == 0 {
                    if position < chunk.count { throw failure("corrupt gzip data", at: consumed) }
                    return
                }
            case .failed(let message):
                throw failure("corrupt gzip data (\(message))", at: consumed)
            }
        }
    }

    /// Declares the input complete; throws when the last member was cut short or there was none.
    public mutating func finish() throws(IngestError) {
        if inMember { throw failure("truncated gzip data: the stream ends inside a member", at: consumed) }
        if !sawMemberEnd { throw failure("empty gzip data", at: consumed) }
    }

    private func failure(_ reason: String, at offset: Int) -> IngestError {
        .malformed(InputLocation(), "\(reason) at byte \(offset)")
    }
}

/// A zlib inflate stream, freed exactly once.
private final class ZStream {
    enum Status { case ok, streamEnd, failed(String) }

    private let pointer: UnsafeMutablePointer<z_stream>

    init() throws(IngestError) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: z_stream())
        let result = shootdown_inflate_init_gzip(pointer)
        guard result == Z_OK else {
            pointer.deinitialize(count: 1)
            pointer.deallocate()
            throw .malformed(InputLocation(), "cannot start zlib (error \(result))")
        }
    }

    deinit {
        inflateEnd(pointer)
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }

    /// One call of `inflate`: input from `start`, output into the whole of `output`.
    func inflate(_ input: [UInt8], from start: Int, into output: inout [UInt8]) throws(IngestError)
        -> (consumed: Int, produced: Int, status: Status)
    {
        let available = input.count - start
        let capacity = output.count
        let (result, inputLeft, outputLeft): (Int32, Int, Int) = input.withUnsafeBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                guard let outputBase = outputBuffer.baseAddress else { return (Z_BUF_ERROR, available, capacity) }
                pointer.pointee.next_in = inputBuffer.baseAddress.map { UnsafeMutablePointer(mutating: $0 + start) }
                pointer.pointee.avail_in = UInt32(clamping: available)
                pointer.pointee.next_out = outputBase
                pointer.pointee.avail_out = UInt32(clamping: capacity)
                let result = CZlib.inflate(pointer, Z_NO_FLUSH)
                let left = (Int(pointer.pointee.avail_in), Int(pointer.pointee.avail_out))
                pointer.pointee.next_in = nil
                pointer.pointee.next_out = nil
                return (result, left.0, left.1)
            }
        }
        let consumed = min(available, Int(UInt32.max)) - inputLeft
        let produced = capacity - outputLeft
        switch result {
        case Z_OK:
            return (consumed, produced, .ok)
        case Z_STREAM_END:
            return (consumed, produced, .streamEnd)
        case Z_BUF_ERROR:
            return (consumed, produced, .ok)
        default:
            return (consumed, produced, .failed(message(result)))
        }
    }

    /// Prepares for the next member; the error message when zlib refuses.
    func reset() -> String? {
        let result = inflateReset(pointer)
        return result == Z_OK ? nil : message(result)
    }

    private func message(_ result: Int32) -> String {
        if let text = pointer.pointee.msg { return String(cString: text) }
        return "zlib error \(result)"
    }
}
