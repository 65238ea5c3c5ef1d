import Foundation
import Testing

/// `shootdown reply` and `shootdown b4-check` end to end, on the example series.
@Suite("shootdown reply and b4-check")
struct ReplyCommandTests {
    static let example = "examples/tlb-secondary-v2.mbox"
    static let reviewer = "Example Reviewer <reviewer@example.org>"
    static let date = "Wed, 15 Nov 2023 10:27:45 +0000"
    static let patch1ID = "<27875b5decd07b671bed8cc294e0af43fbb204ee.1699949550.git.ines.kowalczyk@example.org>"
    static let coverID = "<cover.1699949550.git.ines.kowalczyk@example.org>"

    /// A folder of its own for a test, and an environment with no user templates in it.
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shootdown-reply-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func reply(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> CommandResult {
        var env = ["XDG_CONFIG_HOME": "/nonexistent/shootdown-test-config"]
        for (key, value) in environment { env[key] = value }
        return try CommandRunner.run(["reply"] + arguments, environment: env, directory: directory ?? CommandRunner.repository)
    }

    static let fixed = ["--as", reviewer, "--date", date, "--conditional"]

    @Test func draftsPatchOneAsGolden() throws {
        let result = try Self.reply([CommandRunner.fixture(Self.example), "--patch", "1"] + Self.fixed)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        try CommandRunner.expectGolden(result.stdout, "reply-example-1.eml")

        let parsed = try DraftParsing.parse(result.stdout)
        #expect(parsed.subject == "Re: [PATCH v2 1/3] arm64: tlbflush: Invalidate secondary TLBs with the CPU TLB")
        #expect(parsed.inReplyTo == Self.patch1ID)
        #expect(parsed.references == [Self.coverID, Self.patch1ID])
        #expect(parsed.to == "Ines Kowalczyk <ines.kowalczyk@example.org>")
        #expect(parsed.cc.contains("Dana Okafor <dana.okafor@example.org>"))
        #expect(!parsed.cc.contains("ines.kowalczyk"))
        #expect(parsed.body.contains("\nReviewed-by: Example Reviewer <reviewer@example.org>\n\nExample\n"))
        // Patch 1 fixes the permission upgrade on arm64 and raises nothing: the draft quotes the
        // message and diffstat and gives the trailer without a condition.
        #expect(parsed.body.hasPrefix("On Tue, Nov 14, 2023 at 09:12:31AM +0100, Ines Kowalczyk wrote:\n> An SMMU"))
        #expect(!parsed.body.contains("above addressed"))
        #expect(parsed.mailinfoSubject == "arm64: tlbflush: Invalidate secondary TLBs with the CPU TLB")
        #expect(parsed.mailinfoAuthor == "Example Reviewer")
        #expect(parsed.mailinfoMessage.contains("Reviewed-by: Example Reviewer <reviewer@example.org>"))
        // Header lines fit in 78 columns unless one message id alone is longer.
        let headers = result.stdout.components(separatedBy: "\n\n").first ?? ""
        let long = headers.split(separator: "\n").filter { $0.count > 78 }
        #expect(long.count == 2)
        for line in long {
            let words = String(line).split(separator: " ").map(String.init).filter { !$0.hasSuffix(":") }
            #expect(words.count == 1, "\(line)")
        }
    }

    @Test func draftsEveryPatchAsOneMbox() throws {
        let result = try Self.reply([Self.example, "--all", "--mbox"] + Self.fixed)
        #expect(result.status == 0, "\(result.stderr)")
        try CommandRunner.expectGolden(result.stdout, "reply-example-all.mbox")
        let messages = try DraftParsing.mailsplit(result.stdout)
        #expect(messages.count == 3)
        for (offset, message) in messages.enumerated() {
            #expect(message.contains("Subject: Re: [PATCH v2 \(offset + 1)/3]"))
            // mailsplit keeps the From_ line; the rest is the draft as --patch writes it.
            let single = try Self.reply([Self.example, "--patch", "\(offset + 1)"] + Self.fixed)
            #expect(message == "From shootdown Mon Sep 17 00:00:00 2001\n" + single.stdout + "\n")
            let parsed = try DraftParsing.parse(single.stdout)
            #expect(parsed.inReplyTo.hasPrefix("<"))
            #expect(parsed.references.first == Self.coverID)
            #expect(parsed.references.last == parsed.inReplyTo)
        }
        let implied = try Self.reply([Self.example, "--all"] + Self.fixed)
        #expect(implied.stdout == result.stdout)
        // Message-IDs are stable for the same patch and date, and differ between patches.
        let ids = result.stdout.split(separator: "\n").filter { $0.hasPrefix("Message-ID: ") }
        #expect(Set(ids).count == 3)
        #expect(ids.allSatisfy { $0.hasPrefix("Message-ID: <20231115102745.") && $0.hasSuffix("@shootdown>") })
    }

    @Test func writesAFileAtomicallyAndNeverOverwritesWithoutForce() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("1.eml").path
        let first = try Self.reply([CommandRunner.fixture(Self.example), "--patch", "1", "--output", target] + Self.fixed)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.isEmpty)
        let written = try String(contentsOfFile: target, encoding: .utf8)
        let parsed = try DraftParsing.parse(written)
        #expect(parsed.inReplyTo == Self.patch1ID)
        #expect(parsed.references == [Self.coverID, Self.patch1ID])
        #expect(parsed.body.contains("\nReviewed-by: Example Reviewer <reviewer@example.org>\n"))
        // Only the draft is left in the folder: the temporary file was renamed into place.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["1.eml"])

        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: target))
        let again = try Self.reply([CommandRunner.fixture(Self.example), "--patch", "2", "--output", target] + Self.fixed)
        #expect(again.status == 64)
        #expect(again.stderr == "shootdown: \(target): exists; use --force to replace it\n")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "mine\n")

        let forced = try Self.reply([CommandRunner.fixture(Self.example), "--patch", "2", "--output", target, "--force"] + Self.fixed)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("Subject: Re: [PATCH v2 2/3]"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["1.eml"])
    }

    @Test func writesOneFilePerPatchIntoADirectory() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("replies").path
        let result = try Self.reply([CommandRunner.fixture(Self.example), "--all", "--output-dir", out] + Self.fixed)
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names == [
            "0001-arm64-tlbflush-Invalidate-secondary-TLBs-with-the-CP.eml",
            "0002-x86-mm-Invalidate-secondary-TLBs-in-flush_tlb_mm_ran.eml",
            "0003-asm-generic-tlb-Stop-invalidating-secondary-TLBs-in.eml",
        ])
        for name in names {
            let text = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            let parsed = try DraftParsing.parse(text)
            #expect(parsed.subject.hasPrefix("Re: [PATCH v2 \(name.prefix(4).last ?? "?")/3]"))
            #expect(parsed.inReplyTo.hasSuffix(".1699949550.git.ines.kowalczyk@example.org>"))
            #expect(parsed.references.count == 2)
            #expect(parsed.mailinfoMessage.contains("Reviewed-by: Example Reviewer <reviewer@example.org>"))
        }
        // A second run finds the files there and writes nothing.
        let again = try Self.reply([CommandRunner.fixture(Self.example), "--all", "--output-dir", out] + Self.fixed)
        #expect(again.status == 64)
        #expect(again.stderr.contains("exists; use --force"))
    }

    @Test func leavesTheReviewerOutOfCc() throws {
        let result = try Self.reply([Self.example, "--patch", "1", "--as", "Haruto Mbeki <Haruto.Mbeki@example.com>", "--date", Self.date])
        #expect(result.status == 0, "\(result.stderr)")
        let parsed = try DraftParsing.parse(result.stdout)
        #expect(!parsed.cc.lowercased().contains("haruto"))
        #expect(parsed.cc.contains("Tobias Lindqvist <tobias.lindqvist@example.com>"))
        #expect(result.stdout.hasSuffix("\n\nHaruto\n"))
    }

    @Test func choosesTheTrailerAndTheSignoff() throws {
        let result = try Self.reply([Self.example, "--patch", "2", "--tag", "acked-by", "--signoff", "Thanks,\nE."] + Self.fixed)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("\nAcked-by: Example Reviewer <reviewer@example.org>\n\nThanks,\nE.\n"))
        #expect(!result.stdout.contains("Reviewed-by: Example"))
        let parsed = try DraftParsing.parse(result.stdout)
        #expect(parsed.mailinfoMessage.contains("Acked-by: Example Reviewer <reviewer@example.org>"))
        #expect(parsed.subject.hasPrefix("Re: [PATCH v2 2/3] x86/mm:"))
    }

    @Test func encodesANonASCIIReviewer() throws {
        let result = try Self.reply([Self.example, "--patch", "3", "--as", "Zoë Ångström <zoe@example.org>", "--date", Self.date, "--conditional"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("From: =?UTF-8?Q?Zo=C3=AB_=C3=85ngstr=C3=B6m?= <zoe@example.org>\n"))
        let parsed = try DraftParsing.parse(result.stdout)
        #expect(parsed.from == "Zoë Ångström <zoe@example.org>")
        #expect(parsed.mailinfoAuthor == "Zoë Ångström")
        #expect(parsed.body.hasSuffix("Reviewed-by: Zoë Ångström <zoe@example.org>\n\nZoë\n"))
    }

    @Test func takesTheIdentityFromGitConfig() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let repo = directory.appendingPathComponent("repo")
        _ = try DraftParsing.run("git", ["init", "-q", repo.path], stdin: Data())
        _ = try DraftParsing.run("git", ["-C", repo.path, "config", "user.name", "Tree Reviewer"], stdin: Data())
        _ = try DraftParsing.run("git", ["-C", repo.path, "config", "user.email", "tree@example.org"], stdin: Data())
        let empty = ["HOME": directory.path, "XDG_CONFIG_HOME": directory.path, "GIT_CONFIG_NOSYSTEM": "1"]
        let fromTree = try Self.reply([Self.example, "--patch", "1", "--tree", repo.path, "--date", Self.date, "--conditional"], environment: empty)
        #expect(fromTree.status == 0, "\(fromTree.stderr)")
        #expect(fromTree.stdout.hasPrefix("From: Tree Reviewer <tree@example.org>\n"))
        #expect(fromTree.stdout.hasSuffix("Reviewed-by: Tree Reviewer <tree@example.org>\n\nTree\n"))
        #expect(try DraftParsing.parse(fromTree.stdout).mailinfoAuthor == "Tree Reviewer")

        let none = try Self.reply([Self.example, "--patch", "1", "--date", Self.date], environment: empty)
        #expect(none.status == 64)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr.contains("pass --as \"Name <addr>\""))
    }

    @Test func refusesBadArguments() throws {
        #expect(try Self.reply([Self.example] + Self.fixed).status == 64)
        #expect(try Self.reply([Self.example, "--patch", "1", "--all"] + Self.fixed).status == 64)
        #expect(try Self.reply([Self.example, "--patch", "1", "--as", "nobody"]).status == 64)
        #expect(try Self.reply([Self.example, "--patch", "1", "--as", Self.reviewer, "--date", "yesterday"]).status == 64)
        let missing = try Self.reply([Self.example, "--patch", "7"] + Self.fixed)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("no patch 7"))
    }

    @Test func aUserTemplateWinsFileByFile() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let templates = directory.appendingPathComponent("shootdown/templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("{{% CONTENT_TYPE: TEXT }}\nSubject: {{{subject}}}\n\nAs <{{{from}}}> sees it: {{verdict}}\n".utf8)
            .write(to: templates.appendingPathComponent("reply.mustache"))
        let fromConfig = try Self.reply([Self.example, "--patch", "1"] + Self.fixed, environment: ["XDG_CONFIG_HOME": directory.path])
        #expect(fromConfig.status == 0, "\(fromConfig.stderr)")
        // TEXT content type: nothing is HTML-escaped, even in {{double}} tags.
        #expect(fromConfig.stdout.hasSuffix("\n\nAs <Example Reviewer <reviewer@example.org>> sees it: reviewed-by\n"))
        let explicit = try Self.reply([Self.example, "--patch", "1", "--template-dir", templates.path] + Self.fixed)
        #expect(explicit.stdout == fromConfig.stdout)
        let broken = directory.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data("{{#parts}}unclosed\n".utf8).write(to: broken.appendingPathComponent("reply.mustache"))
        let bad = try Self.reply([Self.example, "--patch", "1", "--template-dir", broken.path] + Self.fixed)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("reply.mustache"))
    }

    // MARK: b4-check

    @Test func b4CheckPassesAPatchTheModelReads() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: CommandRunner.fixture("Tests/ShootdownCLITests/Fixtures/reply/arm64-page.eml")))
        let result = try CommandRunner.run(["b4-check", "--tree", "."], stdin: data)
        #expect(result.status == 0, "\(result.stderr)")
        let array = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(array?.count == 1)
        #expect(array?.first?["tool"] as? String == "shootdown")
        #expect(array?.first?["status"] as? String == "pass")
        #expect((array?.first?["summary"] as? String)?.contains("arm64") == true)
        #expect(array?.first?["details"] as? String == "")
    }

    @Test func b4CheckSaysNothingAboutDocumentation() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: CommandRunner.fixture("Tests/ShootdownCLITests/Fixtures/reply/docs-only.eml")))
        let result = try CommandRunner.run(["b4-check"], stdin: data)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "[]\n")
    }

    @Test func b4CheckRejectsWhatIsNotMail() throws {
        let result = try CommandRunner.run(["b4-check"], stdin: Data("not a message\n".utf8))
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
    }
}
