import PatchModel

/// libFuzzer entry: a whole mailbox, split in one go and again fed in small chunks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = MboxSplitter.split(bytes)
    var splitter = MboxSplitter()
    var pieces: [MailMessage] = []
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + 7)
        pieces += splitter.feed(bytes[start..<end])
        start = end
    }
    pieces += splitter.finish()
    if whole.map(\.bytes) != pieces.map(\.bytes) { fatalError("chunked split differs from whole split") }
    return 0
}
