import PatchModel
import Review
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing drafts to files: whole or not at all. Each file is written to a temporary file in the
/// same directory, synced, then moved into place: with `rename(2)` when replacing is allowed,
/// with `link(2)` otherwise, so an existing file is never replaced even by a racing writer.
enum DraftFiles {
    /// Fails with a usage error (exit 64) when `path` exists and `force` is off.
    static func checkFree(_ path: String, force: Bool) throws(ReplyError) {
        guard !force else { return }
        var info = stat()
        if lstat(path, &info) == 0 {
            throw ReplyError(.usage, InputLocation(file: path), "exists; use --force to replace it")
        }
    }

    static func write(_ text: String, to path: String, force: Bool) throws(ReplyError) {
        try checkFree(path, force: force)
        let directory = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        let base = path.split(separator: "/").last.map(String.init) ?? "draft"
        var template = ((directory.isEmpty ? "/" : directory + "/") + "." + base + ".XXXXXX").utf8CString
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else { throw failure(path, errno) }
        let temporary = template.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { String(cString: $0) } ?? path
        }
        var written = true
        var code: Int32 = 0
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let count = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    written = false
                    code = errno
                    return
                }
                offset += count
            }
        }
        if written, fchmod(descriptor, 0o644) != 0 || fsync(descriptor) != 0 {
            written = false
            code = errno
        }
        if close(descriptor) != 0, written {
            written = false
            code = errno
        }
        guard written else {
            unlink(temporary)
            throw failure(path, code)
        }
        if force {
            guard rename(temporary, path) == 0 else {
                let error = errno
                unlink(temporary)
                throw failure(path, error)
            }
            return
        }
        if link(temporary, path) != 0 {
            let error = errno
            unlink(temporary)
            if error == EEXIST { throw ReplyError(.usage, InputLocation(file: path), "exists; use --force to replace it") }
            throw failure(path, error)
        }
        unlink(temporary)
    }

    /// Creates `path` as a directory unless it is one already.
    static func makeDirectory(_ path: String) throws(ReplyError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw ReplyError(.usage, InputLocation(file: path), "not a directory")
            }
            return
        }
        if mkdir(path, 0o755) != 0, errno != EEXIST { throw failure(path, errno) }
    }

    static func failure(_ path: String, _ code: Int32) -> ReplyError {
        let category: FailureCategory = code == ENOENT || code == ENOTDIR ? .missingInput : .inputOutput
        return ReplyError(category, InputLocation(file: path), String(cString: strerror(code)).lowercased())
    }
}
