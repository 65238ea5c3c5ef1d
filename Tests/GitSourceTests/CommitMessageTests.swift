import Testing
@testable import GitSource
import TestSupport

/// The ASCII path of `CommitMessage.split` (bytes) against the character one, on messages made of
/// lines with spaces, tabs, carriage returns alone and before line feeds, and blank lines.
@Suite struct CommitMessageTests {
    static func ascii(_ text: String) -> (title: String, rest: String) {
        var text = text
        return text.withUTF8 { CommitMessage.splitASCII($0) }
    }

    @Test("bytes and characters split ASCII messages alike")
    func asciiAgreesWithCharacters() {
        let pieces = ["mm: change", " ", "\t", "\r", "\n", "\r\n", "\n\n", "x", "Signed-off-by: A <a@b>", "  indented", ""]
        var random = SplitMix(seed: 3)
        var cases = ["", "\n", "title", "title\n", "\n\ntitle\nmore\n\nbody\n", "a\r\nb\n\nc", " \t\n  x \t\r\n\ny", "t\r", "\r\n\r\n"]
        for _ in 0..<5000 {
            cases.append((0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined())
        }
        for text in cases {
            let bytes = Self.ascii(text)
            let characters = CommitMessage.splitCharacters(text)
            #expect(bytes.title == characters.title && bytes.rest == characters.rest, "\(text.debugDescription)")
        }
    }

    @Test("a message that is not ASCII takes the character path")
    func notASCII() {
        let text = "mm: d\u{E9}j\u{E0} vu\n \u{301}x\n\nbody\n"
        #expect(CommitMessage.split(text) == CommitMessage.splitCharacters(text))
    }
}
