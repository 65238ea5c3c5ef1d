import PatchModel

/// libFuzzer entry: two versions of a file (the input cut at its first NUL byte, or in half), diffed
/// by `LineDiff`; the hunks applied to the old version must give the new one, line for line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let cut = bytes.firstIndex(of: 0) ?? bytes.count / 2
    let old = Array(bytes[..<cut])
    let new = Array(bytes[min(cut + 1, bytes.count)...])
    let hunks = LineDiff.hunks(old: old, new: new)

    func lines(_ text: [UInt8]) -> [DiffLine] {
        var result: [DiffLine] = []
        var start = 0
        for (index, byte) in text.enumerated() where byte == 0x0A {
            result.append(DiffLine(kind: .context, text: Array(text[start..<index])))
            start = index + 1
        }
        if start < text.count { result.append(DiffLine(kind: .context, text: Array(text[start...]), noNewlineAtEnd: true)) }
        return result
    }
    let before = lines(old)
    var after: [DiffLine] = []
    var next = 0  // the next old line to copy
    for hunk in hunks {
        let first = hunk.oldCount == 0 ? hunk.oldStart : hunk.oldStart - 1
        precondition(first >= next && first <= before.count, "hunk out of order")
        after += before[next..<first]
        next = first
        for line in hunk.lines {
            switch line.kind {
            case .context, .removed:
                precondition(next < before.count && before[next].text == line.text
                             && before[next].noNewlineAtEnd == line.noNewlineAtEnd, "hunk does not match the old file")
                if line.kind == .context { after.append(before[next]) }
                next += 1
            case .added:
                after.append(DiffLine(kind: .context, text: line.text, noNewlineAtEnd: line.noNewlineAtEnd))
            }
        }
    }
    after += before[next...]
    precondition(after == lines(new), "hunks do not give the new file")
    return 0
}
