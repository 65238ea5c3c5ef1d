import PatchModel

/// libFuzzer entry: one message, headers parsed and the body decoded (MIME, transfer encodings, charsets).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let message = MailMessage(bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    guard let mail = try? ParsedMail(parsing: message) else { return 0 }
    _ = mail.contentType
    _ = mail.headers.first("Subject")
    _ = try? mail.decodedText()
    return 0
}
