import Foundation
import Testing

@testable import PatchModel

/// The bytes of a fixture under `Fixtures/mail/`.
func mailFixture(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mail").appendingPathComponent(name)
    return Array(try Data(contentsOf: url))
}

/// A fixture parsed as message 3 of `list.mbox`, its first header on line 100.
func parsedMailFixture(_ name: String) throws -> ParsedMail {
    try ParsedMail(parsing: MailMessage(bytes: try mailFixture(name), index: 3, firstLine: 100, source: "list.mbox"))
}

func parseMail(_ text: String) throws -> ParsedMail {
    try ParsedMail(parsing: MailMessage(bytes: Array(text.utf8)))
}

@Suite struct MailHeaderTests {
    @Test func foldedHeadersAreUnfoldedToOneSpace() throws {
        let mail = try parsedMailFixture("folded.eml")
        #expect(mail.headers.first("subject") == "[PATCH v2 2/3] arm64/mm: notify secondary TLBs from flush_tlb_page()")
        #expect(mail.headers.first("TO") == "Mira Castell <mira@example.org>, \"Linked, Lists\" <lists@example.org>")
        #expect(mail.headers.first("received")?.hasPrefix("from relay.example.org (relay.example.org [192.0.2.7]) by mx.example.net") == true)
        let dkim = try #require(mail.headers.fields.first { $0.name == "DKIM-Signature" })
        #expect(String(decoding: dkim.value, as: UTF8.self).contains("d=example.com; s=sel1; h=From:Date:Subject:Message-ID; bh="))
        #expect(!dkim.value.contains(0x0A))
        #expect(mail.headers.first("X-Empty") == "")
        #expect(mail.headers.first("X-Missing") == nil)
        #expect(mail.headers.fields.count == 13)
        #expect(mail.bodyFirstLine == 23)
        #expect(String(decoding: mail.body, as: UTF8.self).hasPrefix("When a PTE is upgraded"))
    }

    @Test func crlfMessage() throws {
        let mail = try parsedMailFixture("crlf.eml")
        #expect(mail.headers.first("Subject") == "Re: [PATCH 1/4] x86/mm: move the notifier into flush_tlb_mm_range()")
        #expect(mail.headers.first("message-id") == "<crlf-reply-1@example.de>")
        #expect(mail.headers.fields.allSatisfy { !$0.value.contains(0x0D) })
        #expect(mail.bodyFirstLine == 9)
        #expect(mail.body.starts(with: Array("On Tue, Jul 18".utf8)))
        let text = try mail.decodedText()
        #expect(!text.contains(0x0D))
        #expect(String(decoding: text, as: UTF8.self) == "On Tue, Jul 18, 2023 at 05:56:15PM +1000, Dana Okafor wrote:\n> Move the call.\n\nLooks right to me.\n")
    }

    @Test func encodedWordsInQAndBWithLatin1AndUTF8() throws {
        let mail = try parsedMailFixture("encoded-headers.eml")
        #expect(mail.headers.first("From") == "René Müller <rene@example.fr>")
        #expect(mail.headers.first("Subject") == "Re: [PATCH] mm/rmap: éviter une invalidation double")
        #expect(mail.headers.first("Cc") == "Zoë Quinn <zoe@example.org>")
        #expect(mail.headers.first("To") == "Álvaro Gómez <alvaro@example.es>, \"Quoted, Name\" <qn@example.org>")
        #expect(mail.headers.first("X-Latin1-Raw") == "café crème")
    }

    @Test func encodedWordJoining() {
        #expect(EncodedWords.decode(Array("=?utf-8?q?a?= =?utf-8?q?b?=".utf8)) == "ab")
        #expect(EncodedWords.decode(Array("=?utf-8?q?a?= x =?utf-8?q?b?=".utf8)) == "a x b")
        #expect(EncodedWords.decode(Array("x =?utf-8?q?a_b?= y".utf8)) == "x a b y")
        // A UTF-8 character split across two words.
        #expect(EncodedWords.decode(Array("=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=".utf8)) == "éé")
        #expect(EncodedWords.decode(Array("=?UTF-8?Q?=C3?= =?UTF-8?Q?=A9?=".utf8)) == "é")
        #expect(EncodedWords.decode(Array("=?windows-1252?Q?=93quoted=94?=".utf8)) == "\u{201C}quoted\u{201D}")
        #expect(EncodedWords.decode(Array("=?us-ascii?Q?plain?=".utf8)) == "plain")
        #expect(EncodedWords.decode(Array("=?latin1?Q?=E9?= =?utf-8?Q?=C3=A9?=".utf8)) == "éé")
        #expect(EncodedWords.decode(Array("=?x-unknown?Q?=C3=A9?=".utf8)) == "é")
        #expect(EncodedWords.decode(Array("=?utf-8*en?Q?lang?=".utf8)) == "lang")
        // Not encoded words: left as they are.
        #expect(EncodedWords.decode(Array("a =? b ?= c".utf8)) == "a =? b ?= c")
        #expect(EncodedWords.decode(Array("=?utf-8?x?abc?=".utf8)) == "=?utf-8?x?abc?=")
        #expect(EncodedWords.decode(Array("=?utf-8?q?open".utf8)) == "=?utf-8?q?open")
    }

    @Test func allReturnsEveryFieldInOrder() throws {
        let mail = try parseMail("Received: one\nX-A: 1\nreceived: two\n\nbody\n")
        #expect(mail.headers.all("Received") == ["one", "two"])
        #expect(mail.headers.firstRaw("x-a") == Array("1".utf8))
    }

    @Test func messageWithoutBody() throws {
        let noBlank = try parseMail("Subject: only headers\nFrom: a@b.c")
        #expect(noBlank.body.isEmpty)
        #expect(noBlank.headers.first("From") == "a@b.c")
        #expect(noBlank.bodyFirstLine == 3)
        let trailingBlank = try parseMail("Subject: x\n\n")
        #expect(trailingBlank.body.isEmpty)
        #expect(trailingBlank.bodyFirstLine == 3)
        let empty = try ParsedMail(parsing: MailMessage(bytes: []))
        #expect(empty.headers.fields.isEmpty)
        #expect(empty.body.isEmpty)
    }

    @Test func firstLineThatIsNotAHeaderIsMalformed() throws {
        let message = MailMessage(bytes: Array("this is not a header\nSubject: x\n\nbody\n".utf8), index: 2, firstLine: 40, source: "a.mbox")
        #expect(throws: IngestError.self) { try ParsedMail(parsing: message) }
        do {
            _ = try ParsedMail(parsing: message)
        } catch {
            #expect(error.category == .malformed)
            #expect(error.location == InputLocation(file: "a.mbox", message: 2, line: 40))
            #expect(error.reason.contains("this is not a header"))
        }
        #expect(throws: IngestError.self) { try parseMail(" leading continuation: x\n\nbody") }
    }

    @Test func laterLineWithoutColonStartsTheBody() throws {
        let mail = try parseMail("From: a@b.c\nSubject: lenient\nthis line starts the body\nsecond: line\n")
        #expect(mail.headers.fields.map(\.name) == ["From", "Subject"])
        #expect(mail.bodyFirstLine == 3)
        #expect(String(decoding: mail.body, as: UTF8.self) == "this line starts the body\nsecond: line\n")
    }

    @Test func obsoleteBlankBeforeColonAndNamesKeptAsWritten() throws {
        let mail = try parseMail("Subject : spaced\nX-Mailer:git-send-email\n\n")
        #expect(mail.headers.fields.map(\.name) == ["Subject", "X-Mailer"])
        #expect(mail.headers.first("subject") == "spaced")
        #expect(mail.headers.first("x-mailer") == "git-send-email")
    }

    @Test func personParsing() {
        #expect(Person.parse("Dana Okafor <dana@example.com>") == Person(name: "Dana Okafor", email: "dana@example.com"))
        #expect(Person.parse("\"Tian, Kevin\" <kevin@example.com>") == Person(name: "Tian, Kevin", email: "kevin@example.com"))
        #expect(Person.parse("dana@example.com (Dana Okafor)") == Person(name: "Dana Okafor", email: "dana@example.com"))
        #expect(Person.parse("dana@example.com") == Person(name: "", email: "dana@example.com"))
        #expect(Person.parse("<dana@example.com>") == Person(name: "", email: "dana@example.com"))
        #expect(Person.parse("\"Say \\\"Hi\\\" Lee\" <lee@example.com>") == Person(name: "Say \"Hi\" Lee", email: "lee@example.com"))
        #expect(Person.parse("  Alistair   Popple\n\t<ap@example.com> ") == Person(name: "Alistair Popple", email: "ap@example.com"))
        #expect(Person.parse("René Müller <rene@example.fr>") == Person(name: "René Müller", email: "rene@example.fr"))
        #expect(Person.parse("'Single Quoted' <sq@example.com>")?.name == "Single Quoted")
        #expect(Person.parse("") == nil)
        #expect(Person.parse("no address here") == nil)
        #expect(Person.parse("Name <unclosed@example.com")?.email == "unclosed@example.com")
    }

    @Test func personListParsing() {
        let list = Person.parseList(
            "\"Tian, Kevin\" <kevin@example.com>, akpm@example.org, Name (c, d) <n@example.com>,\n <x@example.com>, ")
        #expect(list.map(\.email) == ["kevin@example.com", "akpm@example.org", "n@example.com", "x@example.com"])
        #expect(list.map(\.name) == ["Tian, Kevin", "", "Name", ""])
        #expect(Person.parseList("undisclosed-recipients:;").isEmpty)
        #expect(Person.parseList("team: a@example.com, b@example.com;, c@example.com").map(\.email)
            == ["a@example.com", "b@example.com", "c@example.com"])
        #expect(Person.parseList("").isEmpty)
    }

    @Test func messageIDs() {
        #expect(MessageIDs.parse("<a@host> <b@host>\n <c@host>") == ["<a@host>", "<b@host>", "<c@host>"])
        #expect(MessageIDs.parse("<a@host> (Dana's message of \"Tue, 18 Jul\")") == ["<a@host>"])
        #expect(MessageIDs.parse("junk <a@host>,junk<b@host>") == ["<a@host>", "<b@host>"])
        #expect(MessageIDs.parse("bare@host") == ["<bare@host>"])
        #expect(MessageIDs.parse("bare@host other@host").isEmpty)
        #expect(MessageIDs.parse("no-at-sign").isEmpty)
        #expect(MessageIDs.parse("<< <a@host>") == ["<a@host>"])
        #expect(MessageIDs.parse("<unclosed@host").isEmpty)
        #expect(MessageIDs.parse("").isEmpty)
        let mail = try? parsedMailFixture("base64-reply.eml")
        #expect(MessageIDs.parse(mail?.headers.first("References") ?? "") == ["<cover.1.dana@example.com>", "<reply.2.ilse@example.de>"])
    }

    @Test func neverCrashesOnTruncatedInput() throws {
        let bytes = try mailFixture("encoded-headers.eml")
        for length in 0...bytes.count {
            let message = MailMessage(bytes: Array(bytes.prefix(length)))
            if let mail = try? ParsedMail(parsing: message) {
                _ = mail.headers.first("Subject")
                _ = mail.headers.all("To").map(Person.parseList)
                _ = try? mail.decodedText()
            }
        }
    }

    @Test func randomBytesNeverCrashAnyParser() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt8 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        let alphabet = Array("=?Bq:<>\"()\\,;@ \t\r\nab-+0123456789/".utf8)
        for round in 0..<400 {
            let count = Int(next()) + round
            let bytes = (0..<count).map { _ in next() < 200 ? alphabet[Int(next()) % alphabet.count] : next() }
            let text = String(decoding: bytes, as: UTF8.self)
            _ = EncodedWords.decode(bytes)
            _ = Person.parse(text)
            _ = Person.parseList(text)
            _ = MessageIDs.parse(text)
            _ = MailDate(rfc2822: text)
            _ = MIMEValue(parsing: text)
            if let mail = try? ParsedMail(parsing: MailMessage(bytes: Array("Content-Type: multipart/mixed; boundary=a\n\n".utf8) + bytes)) {
                _ = try? mail.decodedText()
            }
        }
    }

    @Test func pathologicalInputsStayFast() throws {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            _ = MailDate(rfc2822: "1:" + String(repeating: "-", count: 200_000))
            _ = MessageIDs.parse(String(repeating: "<", count: 200_000) + ">")
            _ = MessageIDs.parse(String(repeating: "<a@b> x ", count: 50_000))
            _ = EncodedWords.decode(Array(String(repeating: "=?a?q?", count: 50_000).utf8))
            _ = Person.parseList(String(repeating: "\"a,b\" <c@d>, ", count: 20_000))
        }
        #expect(elapsed < .seconds(10))
        var header = "Subject: big\n"
        for index in 0..<2_000 {
            header += "Received: from relay\(index).example.org\n\tby mx.example.net with ESMTPS\n\tfor <x@example.net>\n"
        }
        let message = MailMessage(bytes: Array((header + "\nbody\n").utf8))
        let mail = try ParsedMail(parsing: message)
        #expect(mail.headers.fields.count == 2_001)
        #expect(mail.headers.all("received").last == "from relay1999.example.org by mx.example.net with ESMTPS for <x@example.net>")
    }
}
