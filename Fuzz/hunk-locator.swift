import PatchModel

/// libFuzzer entry: a file and a diff, separated by the first NUL byte (no NUL: the diff alone,
/// applied to an empty file and to a missing one). Every file of the diff is applied to the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let original: [UInt8]?
    let diff: ArraySlice<UInt8>
    if let nul = bytes.firstIndex(of: 0) {
        original = Array(bytes[..<nul])
        diff = bytes[(nul + 1)...]
    } else {
        original = nil
        diff = bytes[...]
    }
    guard let files = try? DiffParser.parse(Array(diff)) else { return 0 }
    for file in files {
        _ = HunkLocator.apply(file, to: original)
        _ = HunkLocator.applyAll(file, to: original ?? [])
    }
    return 0
}
