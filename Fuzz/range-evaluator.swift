import KernelModel

/// libFuzzer entry: the start and end arguments of a flush call, one per line (the first line is
/// the start, the rest the end); each is also parsed as an expression alone.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let start = String(lines.first ?? "")
    let end = lines.count > 1 ? String(lines[1]) : ""
    _ = RangeEvaluator.evaluate(start: start, end: end)
    _ = CExpression.parse(start).hasPrecedenceSuspect
    _ = CExpression.parse(end).names
    _ = RangeEvaluator.mm(start)
    return 0
}
