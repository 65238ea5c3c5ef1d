import KernelModel

/// libFuzzer entry: a kernel C source or header file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = KernelScanner.scan(Array(UnsafeBufferPointer(start: data, count: size)), path: "arch/x86/mm/tlb.c")
    return 0
}
