/// One message of a mailbox, as the bytes that followed its `From ` separator line (mboxrd
/// `>From` escapes already undone), with where it came from.
public struct MailMessage: Sendable {
    /// Headers, blank line and body, exactly as stored (CRLF line ends are kept).
    public var bytes: [UInt8]
    /// The message's number in its mailbox, from 1.
    public var index: Int
    /// The line of the file on which the message's first header stands (1-based).
    public var firstLine: Int
    /// The file it came from (a path, `-` for stdin), for error messages.
    public var source: String?

    public init(bytes: [UInt8], index: Int = 1, firstLine: Int = 1, source: String? = nil) {
        self.bytes = bytes
        self.index = index
        self.firstLine = firstLine
        self.source = source
    }

    /// The place of a line of this message (1-based within the message) in its file.
    public func location(line: Int? = nil) -> InputLocation {
        InputLocation(file: source, message: index, line: line.map { $0 + firstLine - 1 })
    }
}
