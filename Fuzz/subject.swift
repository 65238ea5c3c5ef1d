import PatchModel

/// libFuzzer entry: a Subject header value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let subject = SubjectLine(parsing: String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    _ = subject.normalizedTitle
    _ = subject.tags
    return 0
}
