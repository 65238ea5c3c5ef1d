import PatchModel

/// libFuzzer entry: a commit message (trailer block at its end) and the same text as a reply.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = Trailers.split(message: text)
    _ = Trailers.received(inReply: text)
    return 0
}
