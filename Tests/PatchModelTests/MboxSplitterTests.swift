import Testing
@testable import PatchModel

@Suite("mbox splitting")
struct MboxSplitterTests {
    static let formatPatchSeparator = "From 4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b Mon Sep 17 00:00:00 2001"

    static func mbox(_ messages: [String], separator: String = formatPatchSeparator) -> [UInt8] {
        Array(messages.map { "\(separator)\n\($0)\n" }.joined().utf8)
    }

    static func text(_ message: MailMessage) -> String { String(decoding: message.bytes, as: UTF8.self) }

    @Test func splitsOnGitSeparatorsOnly() {
        let first = "From: A <a@example.org>\nSubject: one\n\nFrom the device's point of view this is fine.\nFrom here on: nothing.\n"
        let second = "From: B <b@example.org>\nSubject: two\n\nbody\n"
        let messages = MboxSplitter.split(Self.mbox([first, second]))
        #expect(messages.count == 2)
        #expect(Self.text(messages[0]).contains("From the device's point of view"))
        #expect(Self.text(messages[0]).contains("From here on: nothing."))
        #expect(messages.map(\.index) == [1, 2])
        #expect(messages[0].firstLine == 2)
        #expect(messages[1].firstLine == 9)
    }

    @Test func fromLineRuleFollowsGit() {
        func check(_ line: String) -> Bool {
            let bytes = Array(line.utf8)
            return bytes.withUnsafeBufferPointer { MboxSplitter.isFromLine($0, 0, $0.count) }
        }
        #expect(check("From mboxrd@z Thu Jan  1 00:00:00 1970"))
        #expect(check("From 1234abcd Mon Sep 17 00:00:00 2001"))
        #expect(check("From someone@example.org Tue Jul 25 13:42:02 2023"))
        #expect(!check("From the device's point of view"))
        #expect(!check("From: A <a@example.org>"))
        #expect(check("From x Mon Sep 17 00:00:00 1970 extra:"))
        #expect(!check("From x Mon Sep 17 00:00:00 extra"))
        #expect(!check("From a Thu Jan  1 00:00:00 0089"))
        #expect(!check("From short 1:1"))
        #expect(!check("From :"))
    }

    @Test func mboxrdUnescapesOneLevel() {
        let body = "Subject: x\n\n>From quoted\n>>From twice\n>not from\n"
        let messages = MboxSplitter.split(Self.mbox([body], separator: "From mboxrd@z Thu Jan  1 00:00:00 1970"))
        #expect(messages.count == 1)
        #expect(Self.text(messages[0]) == "Subject: x\n\nFrom quoted\n>From twice\n>not from\n")
    }

    @Test func mboxoKeepsEscapes() {
        let body = "Subject: x\n\n>From quoted\n"
        let messages = MboxSplitter.split(Self.mbox([body]))
        #expect(Self.text(messages[0]) == "Subject: x\n\n>From quoted\n")
        let forced = MboxSplitter.split(Self.mbox([body]), format: .mboxrd)
        #expect(Self.text(forced[0]) == "Subject: x\n\nFrom quoted\n")
    }

    @Test func crlfSeparatorsAndBodies() {
        let raw = "From 1234abcd Mon Sep 17 00:00:00 2001\r\nSubject: a\r\n\r\nbody\r\n\r\nFrom 1234abcd Mon Sep 17 00:00:00 2001\r\nSubject: b\r\n\r\nbody b\r\n"
        let messages = MboxSplitter.split(Array(raw.utf8))
        #expect(messages.count == 2)
        #expect(Self.text(messages[0]) == "Subject: a\r\n\r\nbody\r\n")
        #expect(Self.text(messages[1]) == "Subject: b\r\n\r\nbody b\r\n")
    }

    @Test func singleMessageWithoutSeparator() {
        let raw = "\nFrom: A <a@example.org>\nSubject: [PATCH] x\n\nbody\nFrom 1234abcd Mon Sep 17 00:00:00 2001\n"
        let messages = MboxSplitter.split(Array(raw.utf8))
        #expect(messages.count == 1)
        #expect(messages[0].firstLine == 2)
        #expect(Self.text(messages[0]).hasSuffix("From 1234abcd Mon Sep 17 00:00:00 2001\n"))
    }

    @Test func lastLineWithoutNewline() {
        let raw = "From 1234abcd Mon Sep 17 00:00:00 2001\nSubject: a\n\nlast"
        let messages = MboxSplitter.split(Array(raw.utf8))
        #expect(messages.count == 1)
        #expect(Self.text(messages[0]) == "Subject: a\n\nlast")
        let trailing = MboxSplitter.split(Array("From 1234abcd Mon Sep 17 00:00:00 2001\nSubject: a\n\nlast\n".utf8))
        #expect(Self.text(trailing[0]) == "Subject: a\n\nlast\n")
    }

    @Test func emptyInputs() {
        #expect(MboxSplitter.split([]).isEmpty)
        #expect(MboxSplitter.split(Array("\n\n  \n".utf8)).isEmpty)
        let onlySeparator = MboxSplitter.split(Array("From 1234abcd Mon Sep 17 00:00:00 2001\n".utf8))
        #expect(onlySeparator.count == 1)
        #expect(onlySeparator[0].bytes.isEmpty)
    }

    /// Feeding in chunks of any size gives the same messages as one feed.
    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func chunkedFeedingIsIdentical(chunkSize: Int) {
        let messages = (1...6).map { "Subject: m\($0)\n\n>From x\nFrom not a separator\nline \($0)\n" }
        let whole = Self.mbox(messages, separator: "From mboxrd@z Thu Jan  1 00:00:00 1970")
        let expected = MboxSplitter.split(whole)
        var splitter = MboxSplitter()
        var got: [MailMessage] = []
        var offset = 0
        while offset < whole.count {
            let end = min(offset + chunkSize, whole.count)
            got += splitter.feed(whole[offset..<end])
            offset = end
        }
        got += splitter.finish()
        #expect(got.count == 6)
        #expect(got.map(\.bytes) == expected.map(\.bytes))
        #expect(got.map(\.firstLine) == expected.map(\.firstLine))
        #expect(Self.text(got[0]) == "Subject: m1\n\nFrom x\nFrom not a separator\nline 1\n")
    }

    /// Found by fuzzing (Fuzz/mbox): a separator as the last line, without a line end, pointed the
    /// message start past the end of the buffer.
    @Test func separatorWithoutLineEndAtTheEnd() {
        let alone = MboxSplitter.split(Array("From 1234abcd Mon Sep 17 00:00:00 2001".utf8))
        #expect(alone.count == 1)
        #expect(alone.first?.bytes.isEmpty == true)
        let text = "From a Mon Sep 17 00:00:00 2001\nSubject: one\n\nbody\nFrom b Mon Sep 17 00:00:00 2001"
        let messages = MboxSplitter.split(Array(text.utf8))
        #expect(messages.count == 2)
        #expect(messages.first.map(Self.text) == "Subject: one\n\nbody\n")
        #expect(messages.last?.bytes.isEmpty == true)
        #expect(messages.last?.firstLine == 6)
    }
}
