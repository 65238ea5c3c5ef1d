import PatchModel

/// A JSON document with its object keys in the order the output contract gives them.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// A string, or `null` for `nil`.
    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    /// An integer, or `null` for `nil`.
    public static func optional(_ number: Int?) -> JSONValue { number.map(JSONValue.int) ?? .null }

    /// The document as text: two-space indentation when `pretty`, one line otherwise.
    public func rendered(pretty: Bool = true) -> String {
        var output = ""
        output.reserveCapacity(4096)
        write(into: &output, indent: pretty ? 0 : nil)
        if pretty { output.append("\n") }
        return output
    }

    private func write(into output: inout String, indent: Int?) {
        switch self {
        case .null: output.append("null")
        case .bool(let value): output.append(value ? "true" : "false")
        case .int(let value): output.append(String(value))
        case .double(let value):
            output.append(value.isFinite ? String(value) : "null")
        case .string(let value): JSONValue.writeString(value, into: &output)
        case .array(let values):
            if values.isEmpty { output.append("[]"); return }
            output.append("[")
            // A long array (the patches of a long range) is written on every core, in runs.
            let parts = Runs.map(values.count, minimum: 128) { range -> [String] in
                var part = ""
                for offset in range {
                    if offset > 0 { part.append(",") }
                    JSONValue.newline(&part, indent.map { $0 + 1 })
                    values[offset].write(into: &part, indent: indent.map { $0 + 1 })
                }
                return [part]
            }
            for part in parts { output.append(part) }
            JSONValue.newline(&output, indent)
            output.append("]")
        case .object(let members):
            if members.isEmpty { output.append("{}"); return }
            output.append("{")
            for (offset, member) in members.enumerated() {
                if offset > 0 { output.append(",") }
                JSONValue.newline(&output, indent.map { $0 + 1 })
                JSONValue.writeString(member.0, into: &output)
                output.append(indent == nil ? ":" : ": ")
                member.1.write(into: &output, indent: indent.map { $0 + 1 })
            }
            JSONValue.newline(&output, indent)
            output.append("}")
        }
    }

    private static func newline(_ output: inout String, _ indent: Int?) {
        guard let indent else { return }
        output.append("\n")
        output.append(String(repeating: "  ", count: indent))
    }

    private static func writeString(_ value: String, into output: inout String) {
        output.append("\"")
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output.append(value)
            output.append("\"")
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }
}
