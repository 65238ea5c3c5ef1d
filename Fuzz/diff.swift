import PatchModel

/// libFuzzer entry: the diff part of a patch.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? DiffParser.parse(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
