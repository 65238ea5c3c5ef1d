import Foundation
import TestSupport
import Testing

/// What git and Python read back from a draft: the checks every rendered reply must pass.
struct ParsedDraft {
    var subject: String
    var inReplyTo: String
    var references: [String]
    var from: String
    var to: String
    var cc: String
    var body: String
    /// `git mailinfo`'s view: its Subject line and the message text it kept.
    var mailinfoSubject: String
    var mailinfoAuthor: String
    var mailinfoMessage: String
}

enum DraftParsing {
    static func run(_ executable: String, _ arguments: [String], stdin: Data) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try ChildProcess.run("/usr/bin/env", [executable] + arguments, stdin: stdin)
        return (result.status, result.output, result.errors)
    }

    static let pythonScript = """
        import email, email.policy, json, sys
        m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
        assert not m.defects, m.defects
        print(json.dumps({"subject": str(m["Subject"]), "inReplyTo": str(m["In-Reply-To"] or ""),
            "references": str(m["References"] or "").split(), "from": str(m["From"]), "to": str(m["To"]),
            "cc": str(m["Cc"] or ""), "body": m.get_content(),
            "contentType": m.get_content_type(), "charset": m.get_content_charset()}))
        """

    /// Parses `draft` with `git mailinfo` and with Python's `email` package; both must accept it.
    static func parse(_ draft: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ParsedDraft {
        let data = Data(draft.utf8)
        let python = try run("python3", ["-c", pythonScript], stdin: data)
        #expect(python.status == 0, "python's email package rejected the draft: \(python.stderr)", sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(object["contentType"] as? String == "text/plain", sourceLocation: sourceLocation)
        #expect(object["charset"] as? String == "utf-8", sourceLocation: sourceLocation)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shootdown-mailinfo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let msg = directory.appendingPathComponent("msg").path
        let patch = directory.appendingPathComponent("patch").path
        let mailinfo = try run("git", ["mailinfo", msg, patch], stdin: data)
        #expect(mailinfo.status == 0, "git mailinfo rejected the draft: \(mailinfo.stderr)", sourceLocation: sourceLocation)
        var info: [String: String] = [:]
        for line in mailinfo.stdout.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            info[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        let message = (try? String(contentsOfFile: msg, encoding: .utf8)) ?? ""
        return ParsedDraft(
            subject: object["subject"] as? String ?? "", inReplyTo: object["inReplyTo"] as? String ?? "",
            references: object["references"] as? [String] ?? [], from: object["from"] as? String ?? "",
            to: object["to"] as? String ?? "", cc: object["cc"] as? String ?? "", body: object["body"] as? String ?? "",
            mailinfoSubject: info["Subject"] ?? "", mailinfoAuthor: info["Author"] ?? "", mailinfoMessage: message)
    }

    /// Splits an mbox with `git mailsplit` and returns the messages.
    static func mailsplit(_ mbox: String) throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shootdown-mailsplit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try run("git", ["mailsplit", "--mboxrd", "-o" + directory.path], stdin: Data(mbox.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return try names.map { try String(contentsOfFile: directory.appendingPathComponent($0).path, encoding: .utf8) }
    }
}
