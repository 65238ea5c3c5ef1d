/// A character set named by a MIME `charset` parameter or an encoded word, and its conversion to UTF-8.
public enum Charset: Sendable, Hashable {
    case utf8
    /// `us-ascii`: 7-bit in theory, but 8-bit bytes that arrive under it are usually UTF-8.
    case ascii
    case latin1
    case latin9
    case windows1252
    /// A charset not known here: its bytes are read as UTF-8, invalid sequences repaired.
    case unknown(String)
    /// No charset given: UTF-8 when the bytes are valid UTF-8, else Latin-1.
    case unspecified

    /// The charset a MIME label names (`UTF-8`, `"iso-8859-1"`, `latin1`, `cp1252`, ...).
    public init(label: String) {
        var name = label.lowercased()
        name.removeAll { $0 == "\"" || $0 == " " || $0 == "\t" }
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        switch name {
        case "": self = .unspecified
        case "utf-8", "utf8": self = .utf8
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us": self = .ascii
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "iso-ir-100":
            self = .latin1
        case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin9", "latin-9", "l9": self = .latin9
        case "windows-1252", "cp1252", "x-cp1252", "win-1252": self = .windows1252
        default: self = .unknown(name)
        }
    }

    /// The bytes as UTF-8.
    public func utf8(_ bytes: some Collection<UInt8>) -> [UInt8] {
        switch self {
        case .utf8, .unknown:
            return Charset.repairedUTF8(bytes)
        case .ascii, .unspecified:
            return Charset.isValidUTF8(bytes) ? Array(bytes) : Charset.singleByte(bytes, Charset.latin1Scalar)
        case .latin1:
            return Charset.singleByte(bytes, Charset.latin1Scalar)
        case .latin9:
            return Charset.singleByte(bytes, Charset.latin9Scalar)
        case .windows1252:
            return Charset.singleByte(bytes, Charset.windows1252Scalar)
        }
    }

    /// The bytes as a `String`.
    public func string(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: utf8(bytes), as: UTF8.self)
    }

    static func isValidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        if !bytes.contains(where: { $0 >= 0x80 }) { return true }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    static func repairedUTF8(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if isValidUTF8(bytes) { return Array(bytes) }
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    static func singleByte(_ bytes: some Collection<UInt8>, _ scalar: (UInt8) -> UInt32) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else {
                appendUTF8(scalar(byte), to: &out)
            }
        }
        return out
    }

    static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            out.append(UInt8(value))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (value >> 6)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (value >> 12)))
            out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        default:
            out.append(UInt8(0xF0 | ((value >> 18) & 0x07)))
            out.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    static func latin1Scalar(_ byte: UInt8) -> UInt32 { UInt32(byte) }

    static func latin9Scalar(_ byte: UInt8) -> UInt32 {
        switch byte {
        case 0xA4: 0x20AC
        case 0xA6: 0x0160
        case 0xA8: 0x0161
        case 0xB4: 0x017D
        case 0xB8: 0x017E
        case 0xBC: 0x0152
        case 0xBD: 0x0153
        case 0xBE: 0x0178
        default: UInt32(byte)
        }
    }

    /// 0x80...0x9F of windows-1252; the five unassigned bytes stay C1 controls, as WHATWG maps them.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func windows1252Scalar(_ byte: UInt8) -> UInt32 {
        (0x80...0x9F).contains(byte) ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
    }
}
