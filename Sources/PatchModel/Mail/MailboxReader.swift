#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads mail from where a reviewer keeps it: an mbox file (mboxo or mboxrd), a gzipped mbox (as
/// list archives serve threads), a maildir, a single message, or standard input (`-`). Messages are
/// handed over one at a time as they are read, so memory stays bounded by the largest message.
/// This is ingest's I/O edge; everything after it works on values.
public struct MailboxReader: Sendable {
    public var path: String
    public var format: MboxFormat
    /// Bytes read per `read(2)`.
    public var chunkSize = 1 << 20

    public init(path: String, format: MboxFormat = .auto) {
        self.path = path
        self.format = format
    }

    /// Calls `body` with every message in order; stops at the first error `body` throws.
    public func forEachMessage(_ body: (MailMessage) throws(IngestError) -> Void) throws(IngestError) {
        if path != "-", MailboxReader.isDirectory(path) {
            try readMaildir(body)
            return
        }
        let descriptor: Int32
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            if descriptor < 0 {
                let code = errno
                let category: FailureCategory = (code == ENOENT || code == ENOTDIR) ? .missingInput : .inputOutput
                throw IngestError(category, InputLocation(file: path), MailboxReader.describe(errno: code))
            }
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        try readStream(descriptor, body)
    }

    /// Every message, in order, held in memory.
    public func readAll() throws(IngestError) -> [MailMessage] {
        var messages: [MailMessage] = []
        try forEachMessage { message throws(IngestError) in messages.append(message) }
        return messages
    }

    private func readStream(_ descriptor: Int32, _ body: (MailMessage) throws(IngestError) -> Void) throws(IngestError) {
        var splitter = MboxSplitter(format: format, source: path)
        var inflater: GzipInflater?
        var first = true
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw IngestError(.inputOutput, InputLocation(file: path), MailboxReader.describe(errno: errno))
            }
            if count == 0 { break }
            let bytes = chunk[0..<count]
            if first {
                first = false
                if GzipInflater.isGzip(bytes) {
                    do { inflater = try GzipInflater() } catch { throw error.inFile(path) }
                }
            }
            let messages: [MailMessage]
            if inflater != nil {
                let plain: [UInt8]
                do { plain = try inflater!.inflate(Array(bytes)) } catch { throw error.inFile(path) }
                messages = splitter.feed(plain)
            } else {
                messages = splitter.feed(bytes)
            }
            for message in messages { try body(message) }
        }
        if inflater != nil {
            do { try inflater!.finish() } catch { throw error.inFile(path) }
        }
        for message in splitter.finish() { try body(message) }
    }

    /// A maildir: the files of `new/` and `cur/`, in name order (delivery time leads the names).
    private func readMaildir(_ body: (MailMessage) throws(IngestError) -> Void) throws(IngestError) {
        var files: [String] = []
        for folder in ["new", "cur"] {
            let directory = path + "/" + folder
            guard let handle = opendir(directory) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }
                files.append(directory + "/" + name)
            }
        }
        if files.isEmpty, !MailboxReader.isDirectory(path + "/cur"), !MailboxReader.isDirectory(path + "/new") {
            throw IngestError(.malformed, InputLocation(file: path), "a directory that is not a maildir (no cur/ or new/)")
        }
        files.sort { MailboxReader.deliveryKey($0) < MailboxReader.deliveryKey($1) }
        for (offset, file) in files.enumerated() {
            var bytes = try MailboxReader.readFile(file)
            if GzipInflater.isGzip(bytes) {
                do {
                    var inflater = try GzipInflater()
                    bytes = try inflater.inflate(bytes)
                    try inflater.finish()
                } catch { throw error.inFile(file) }
            }
            try body(MailMessage(bytes: bytes, index: offset + 1, firstLine: 1, source: file))
        }
    }

    /// Maildir names start with the delivery time in seconds; order by it, then by the whole name.
    private static func deliveryKey(_ path: String) -> (Int, String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let seconds = Int(name.prefix { $0.isNumber }) ?? 0
        return (seconds, name)
    }

    /// A whole file's bytes.
    public static func readFile(_ path: String) throws(IngestError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            let code = errno
            let category: FailureCategory = (code == ENOENT || code == ENOTDIR) ? .missingInput : .inputOutput
            throw IngestError(category, InputLocation(file: path), describe(errno: code))
        }
        defer { close(descriptor) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw IngestError(.inputOutput, InputLocation(file: path), describe(errno: errno))
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func describe(errno code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}

extension IngestError {
    /// The same error with the file named, unless one is already named.
    public func inFile(_ file: String) -> IngestError {
        IngestError(category, location.inFile(file), reason)
    }
}
