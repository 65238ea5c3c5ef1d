import PatchModel

/// libFuzzer entry: the decoded body of a patch mail (message, trailers, notes, diffstat, diff).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = PatchMailBody(text: Array(UnsafeBufferPointer(start: data, count: size)))
    _ = try? DiffParser.parse(body.diff, firstLine: body.diffFirstLine ?? 1)
    return 0
}
