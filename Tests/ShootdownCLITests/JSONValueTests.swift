import Foundation
import PatchModel
import Review
import Testing

/// The JSON writer of the output contract: escapes, layouts, and long arrays written in runs.
@Suite("JSON writer")
struct JSONValueTests {
    static let awkward = "quote \" backslash \\ newline \n return \r tab \t bell \u{07} escape \u{1B} del \u{7F} é 漢 😀"

    @Test func escapesParseBackToTheSameString() throws {
        for pretty in [true, false] {
            let document = JSONValue.object([("text", .string(Self.awkward)), ("key \"quoted\"", .null)])
            let bytes = Data(document.encoded(pretty: pretty))
            let object = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
            #expect(object["text"] as? String == Self.awkward)
            #expect(object["key \"quoted\""] is NSNull)
        }
    }

    @Test func controlCharactersAreWrittenAsLowercaseUnicodeEscapes() {
        let text = JSONValue.string("a\u{01}b\u{1F}c\u{1B}").rendered(pretty: false)
        #expect(text == #""a\u0001b\u001fc\u001b""#)
        #expect(JSONValue.string("\n\r\t\"\\").rendered(pretty: false) == #""\n\r\t\"\\""#)
    }

    /// Every byte that needs escaping, at every place of strings long enough to be scanned eight
    /// bytes at a time, among bytes that do not (UTF-8 above 0x7F, DEL, the neighbours of the quote and
    /// the backslash); and integers of every width, both signs, and the extremes.
    @Test func escapesAndIntegersAtEveryPlace() {
        func escaped(_ text: String) -> String {
            var out = Array("\"".utf8)
            for byte in text.utf8 {
                switch byte {
                case 0x22: out += Array("\\\"".utf8)
                case 0x5C: out += Array("\\\\".utf8)
                case 0x0A: out += Array("\\n".utf8)
                case 0x0D: out += Array("\\r".utf8)
                case 0x09: out += Array("\\t".utf8)
                case 0..<0x20: out += Array(String(format: "\\u%04x", byte).utf8)
                default: out.append(byte)
                }
            }
            return String(decoding: out + Array("\"".utf8), as: UTF8.self)
        }
        let fillers = ["abcdefgh", "!#[]]]^_", "é漢😀\u{7F}"]
        let specials: [Character] = ["\"", "\\", "\n", "\r", "\t", "\u{00}", "\u{01}", "\u{1F}", "\u{1B}"]
        for filler in fillers {
            for length in 0...19 {
                let plain = String(repeating: filler, count: 3).prefix(length)
                #expect(JSONValue.string(String(plain)).rendered(pretty: false) == escaped(String(plain)))
                for special in specials {
                    for place in 0...plain.count {
                        var text = String(plain)
                        text.insert(special, at: text.index(text.startIndex, offsetBy: place))
                        #expect(JSONValue.string(text).rendered(pretty: false) == escaped(text), "\(text.debugDescription)")
                    }
                }
            }
        }
        var numbers = [0, 9, 10, -1, -9, -10, 99, 100, Int.max, Int.min, Int.min + 1]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            numbers += [power - 1, power, power + 1, -power]
        }
        for number in numbers {
            #expect(JSONValue.int(number).rendered(pretty: false) == String(number))
        }
    }

    @Test func prettyAndCompactLayouts() {
        let document = JSONValue.object([
            ("n", .int(-12)), ("small", .int(7)), ("big", .int(1_234_567)), ("flag", .bool(false)),
            ("list", .array([.int(1), .string("x")])), ("empty", .array([])), ("none", .object([])),
        ])
        #expect(document.rendered(pretty: false)
            == #"{"n":-12,"small":7,"big":1234567,"flag":false,"list":[1,"x"],"empty":[],"none":{}}"#)
        #expect(document.rendered() == """
            {
              "n": -12,
              "small": 7,
              "big": 1234567,
              "flag": false,
              "list": [
                1,
                "x"
              ],
              "empty": [],
              "none": {}
            }

            """)
    }

    /// A fragment is encoded once and copied wherever it goes: at any depth, in either layout,
    /// the document reads as if the value were written there.
    @Test func fragmentsWriteAsTheirValueAtAnyDepth() {
        let value = JSONValue.object([
            ("arch", .string("x86")), ("trace", .array([.string(Self.awkward), .string("b")])),
            ("empty", .array([])), ("nested", .object([("n", .int(3)), ("list", .array([.null, .bool(true)]))])),
        ])
        var plain = value
        var shared = value.fragment
        for _ in 0..<4 {
            for pretty in [true, false] {
                #expect(shared.rendered(pretty: pretty) == plain.rendered(pretty: pretty))
            }
            #expect(shared == plain)
            plain = .object([("k", .array([.int(1), plain]))])
            shared = .object([("k", .array([.int(1), shared]))])
        }
        #expect(JSONValue.string("x").fragment.rendered() == "\"x\"\n")
        // One fragment at one depth, then another, then the first again.
        let fragment = value.fragment
        let mixed = JSONValue.array([fragment, .object([("deeper", .array([fragment]))]), fragment, fragment])
        let written = JSONValue.array([value, .object([("deeper", .array([value]))]), value, value])
        #expect(mixed.rendered(pretty: true) == written.rendered(pretty: true))
    }

    /// A long array is cut into runs written on every core: the pieces join in order.
    @Test func longArraysKeepTheirOrder() throws {
        let values = (0..<1_000).map { JSONValue.object([("i", .int($0)), ("s", .string("item \($0)"))]) }
        let bytes = Data(JSONValue.array(values).encoded(pretty: true))
        let array = try #require(try JSONSerialization.jsonObject(with: bytes) as? [[String: Any]])
        #expect(array.count == 1_000)
        #expect(array.enumerated().allSatisfy { $0.element["i"] as? Int == $0.offset && $0.element["s"] as? String == "item \($0.offset)" })
    }

    @Test func writtenInPiecesIsTheDocument() throws {
        for count in [0, 5, 127, 128, 256, 257, 3_000] {
            let document = JSONValue.object([
                ("head", .string("before")),
                ("patches", .elements(count: count) { .object([("i", .int($0)), ("lines", .array([.string("+x"), .string("-y")]))]) }),
                ("tail", .array([.int(1)])),
            ])
            for pretty in [true, false] {
                var pieces: [[UInt8]] = []
                try document.write(pretty: pretty) { pieces.append(Array($0)) }
                #expect(pieces.flatMap { $0 } == document.encoded(pretty: pretty), "\(count) elements")
                if count >= 3_000, Runs.cores > 1 { #expect(pieces.count > 1) }
            }
        }
    }

    /// Written to a sink, a long array's element functions are made once a worker for the whole
    /// array (what one keeps, the encoded simulation outcomes, serves every wave), and each worker's
    /// function writes the elements the worker takes.
    @Test func eachWorkerMakesOneElementFunctionForTheWholeArray() throws {
        final class Made: @unchecked Sendable {
            private let lock = NSLock()
            private var functions = 0
            var count: Int { lock.withLock { functions } }
            func one() { lock.withLock { functions += 1 } }
        }
        let made = Made()
        let count = 5_000
        let document = JSONValue.elements(count: count, run: {
            made.one()
            var memo: [Int: JSONValue] = [:]
            return { index in
                if let known = memo[index % 7] { return .array([known, .int(index)]) }
                let value = JSONValue.string("shared \(index % 7)")
                memo[index % 7] = value
                return .array([value, .int(index)])
            }
        })
        var pieces: [[UInt8]] = []
        try document.write { pieces.append(Array($0)) }
        #expect(made.count <= max(1, Runs.cores))
        let expected = JSONValue.array((0..<count).map { .array([.string("shared \($0 % 7)"), .int($0)]) })
        #expect(pieces.flatMap { $0 } == expected.encoded())
    }

    @Test func theFirstErrorOfTheSinkStopsTheWriting() {
        struct Closed: Error {}
        let document = JSONValue.object([("patches", .elements(count: 2_000) { .int($0) })])
        var calls = 0
        #expect(throws: Closed.self) {
            try document.write { _ in
                calls += 1
                throw Closed()
            }
        }
        #expect(calls == 1)
    }
}
