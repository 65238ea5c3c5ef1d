/// A `Content-Transfer-Encoding`, and the decoders of base64 and quoted-printable shared with
/// RFC 2047 encoded words.
public enum TransferEncoding: Sendable, Hashable {
    /// `7bit`, `8bit`, `binary`, or anything unknown: the bytes are the content.
    case identity
    case quotedPrintable
    case base64

    public init(label: String) {
        switch label.lowercased().filter({ $0 != "\"" && !$0.isWhitespace }) {
        case "quoted-printable": self = .quotedPrintable
        case "base64": self = .base64
        default: self = .identity
        }
    }

    /// Base64 decoding that skips whitespace and padding. `invalidAt` is the offset (from the start of
    /// `input`) of the first byte outside the alphabet, which is skipped when decoding goes on.
    static func decodeBase64(_ input: ArraySlice<UInt8>) -> (bytes: [UInt8], invalidAt: Int?) {
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3 + 3)
        var accumulator: UInt32 = 0
        var bits = 0
        var invalidAt: Int?
        var offset = 0
        for byte in input {
            defer { offset += 1 }
            let value = base64Value[Int(byte)]
            if value < 64 {
                accumulator = (accumulator << 6) | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                    accumulator &= (1 << UInt32(bits)) - 1
                }
            } else if value == padding {
                accumulator = 0
                bits = 0
            } else if value == whitespace {
                continue
            } else if invalidAt == nil {
                invalidAt = offset
            }
        }
        return (out, invalidAt)
    }

    private static let padding: UInt8 = 0xFE
    private static let whitespace: UInt8 = 0xFD

    private static let base64Value: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        table[Int(UInt8(ascii: "="))] = padding
        for byte in [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), 0x0B, 0x0C] {
            table[Int(byte)] = whitespace
        }
        return table
    }()

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// Quoted-printable body decoding: `=XX` escapes, `=` before a line end (after optional trailing
    /// blanks) is a soft line break; an `=` that starts neither is kept as it is.
    static func decodeQuotedPrintable(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = input.startIndex
        let end = input.endIndex
        while index < end {
            let byte = input[index]
            guard byte == UInt8(ascii: "=") else {
                out.append(byte)
                index += 1
                continue
            }
            var after = index + 1
            while after < end, input[after] == UInt8(ascii: " ") || input[after] == UInt8(ascii: "\t") {
                after += 1
            }
            if after == end {
                index = end
            } else if input[after] == UInt8(ascii: "\n") {
                index = after + 1
            } else if input[after] == UInt8(ascii: "\r"), after + 1 < end, input[after + 1] == UInt8(ascii: "\n") {
                index = after + 2
            } else if index + 2 < end, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// The `Q` encoding of RFC 2047: quoted-printable where `_` is a space.
    static func decodeQ(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = input.startIndex
        while index < input.endIndex {
            let byte = input[index]
            if byte == UInt8(ascii: "_") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "="), index + 2 < input.endIndex,
                let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
                continue
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }
}
