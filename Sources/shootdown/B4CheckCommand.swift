import ArgumentParser
import PatchModel
import Review

/// `shootdown b4-check`: b4's per-patch check command, one patch mail on stdin, JSON on stdout.
struct B4CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "b4-check",
        abstract: "Check one patch mail from stdin for `b4 review` (prints b4's JSON check result).",
        discussion: """
            Reads one RFC 2822 patch message on standard input, reviews it as \
            a series of one and prints b4's check result: [{"tool": \
            "shootdown", "status": "pass"|"warn"|"fail", "summary": ..., \
            "details": ...}], or [] when the patch touches no file the model \
            reads. Exits 0 whenever it could review.

            Setup:
              git config b4.review-perpatch-check-cmd "shootdown b4-check --tree ."
            """
    )

    @Option(help: "The base tree (accepted for b4's setup; whole-file review is not used yet).", completion: .directory)
    var tree: String?

    func run() throws {
        try Terminal.run {
            let messages = try MailboxReader(path: "-").readAll()
            try Terminal.write(B4Check.check(messages, source: "-").rendered())
        }
    }
}
