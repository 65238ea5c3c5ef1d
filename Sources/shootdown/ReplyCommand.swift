import ArgumentParser
import GitSource
import PatchModel
import Review
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ReplyTag: ExpressibleByArgument {}

/// `shootdown reply SERIES --patch N | --all`: the reply drafts, one RFC 5322 message per patch.
struct ReplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply",
        abstract: "Write reply drafts to a series' patches: threaded, quoting what matters, findings inline.",
        discussion: """
            One RFC 5322 message per patch, from the reviewer to the author, \
            copying the patch's To and Cc, threaded under the patch \
            (In-Reply-To, References). The body quotes the commit message, or \
            the hunks the findings concern with each finding below its line, \
            and ends with the trailer when the patch earned it (with \
            --conditional, under a condition) and the sign-off.

            The reviewer is --as "Name <addr>", else git's user.name and \
            user.email (of --tree REPO when given).

            Templates: reply.mustache and notes.mustache are built in; a file \
            of the same name in --template-dir, else in \
            $XDG_CONFIG_HOME/shootdown/templates (~/.config/shootdown/templates), \
            replaces the built-in one.

            Output: standard output, --output FILE, or --output-dir DIR (one \
            NNNN-title.eml per patch). Several drafts to one stream (--all \
            without --output-dir, or --mbox) form an mbox. A file is written \
            whole (a temporary file, then a rename); an existing file is never \
            replaced without --force: that is a usage error (exit 64).

            Examples:
              shootdown reply series.mbox --patch 3 --output 3.eml
              git send-email 3.eml
              shootdown reply series.mbox --all --output-dir replies/
              shootdown reply series.mbox --all --mbox --output replies.mbox
            """
    )

    @Argument(help: "The series: an mbox file, a .gz mbox, a maildir, one message, or - for stdin.",
              completion: .file())
    var series: String

    @Option(help: "The patch to answer (its number in the series).")
    var patch: Int?

    @Flag(help: "Answer every patch of the series.")
    var all = false

    @Option(name: .customLong("as"), help: ArgumentHelp("The reviewer, \"Name <addr>\" (default: git's user.name and user.email).", valueName: "identity"))
    var identity: String?

    @Option(help: "A git repository whose config gives the reviewer's identity.", completion: .directory)
    var tree: String?

    @Option(help: "The reply's Date (RFC 2822, e.g. \"Wed, 15 Nov 2023 10:27:45 +0000\"; default: now).")
    var date: String?

    @Option(help: "The trailer to give: reviewed-by, acked-by or tested-by.")
    var tag: ReplyTag = .reviewedBy

    @Flag(help: "When the patch has not earned the trailer, give it under the condition that the first finding is addressed.")
    var conditional = false

    @Option(help: "The closing line (default: the reviewer's first name).")
    var signoff: String?

    @Option(help: "Write to FILE instead of standard output.", completion: .file())
    var output: String?

    @Option(name: .customLong("output-dir"), help: "Write one file per patch into DIR, named as git format-patch names patches.",
            completion: .directory)
    var outputDirectory: String?

    @Flag(help: "Write the drafts as one mbox (mboxrd).")
    var mbox = false

    @Flag(help: "Replace existing files.")
    var force = false

    @Option(name: .customLong("template-dir"), help: "A folder whose reply.mustache / notes.mustache replace the built-in ones.",
            completion: .directory)
    var templateDirectory: String?

    @Option(name: .customLong("version"), help: "The version to answer (default: the newest).")
    var seriesVersion: Int?

    @Option(name: .customLong("series"), help: "Which series of a mailbox holding several (as `shootdown series` numbers them).")
    var seriesNumber: Int?

    @Option(name: .customLong("mbox-format"), help: "mbox flavour: auto, mboxo or mboxrd.")
    var mboxFormat: MboxFormat = .auto

    func validate() throws {
        if (patch == nil) == !all {
            throw ValidationError("give one of --patch N or --all")
        }
        if output != nil, outputDirectory != nil {
            throw ValidationError("--output and --output-dir exclude each other")
        }
        if mbox, outputDirectory != nil {
            throw ValidationError("--mbox writes one mailbox: use --output, not --output-dir")
        }
    }

    func run() throws {
        try Terminal.run {
            let reviewer = try resolveIdentity()
            let when = try resolveDate()
            let templates = try ReplyTemplates(directories: ReplyTemplates.searchPath(
                templateDir: templateDirectory, environment: Self.environment))
            let review = try ReviewPipeline.review(
                mailbox: series, format: mboxFormat,
                selection: SeriesSelection(version: seriesVersion, series: seriesNumber))
            var chosen = review.patches
            if let number = patch {
                chosen = review.patches.filter { ($0.patch.subject.index ?? 1) == number }
                if chosen.isEmpty {
                    let present = review.patches.map { String($0.patch.subject.index ?? 1) }.joined(separator: ", ")
                    throw ReplyError(.missingInput, InputLocation(file: series),
                                     "no patch \(number) in v\(review.series.version) of \"\(review.series.title)\": it has \(present)")
                }
            }
            let options = ReplyOptions(reviewer: reviewer, date: when, tag: tag, conditional: conditional, signoff: signoff)
            // Everything is rendered before anything is written.
            let drafts = chosen.map { ReplyDraft(review: $0, options: options) }
            let texts = drafts.map(templates.render)

            if let directory = outputDirectory {
                try DraftFiles.makeDirectory(directory)
                let paths = drafts.map { directory + "/" + ReplyMailbox.fileName(index: $0.patchIndex, title: $0.title) }
                for path in paths { try DraftFiles.checkFree(path, force: force) }
                for (path, text) in zip(paths, texts) { try DraftFiles.write(text, to: path, force: force) }
                return
            }
            let text = mbox || texts.count > 1 ? ReplyMailbox.mbox(texts) : texts.first ?? ""
            if let output {
                try DraftFiles.write(text, to: output, force: force)
            } else {
                try Terminal.write(text)
            }
        }
    }

    static var environment: [String: String] {
        var values: [String: String] = [:]
        for name in ["XDG_CONFIG_HOME", "HOME"] {
            if let value = getenv(name) { values[name] = String(cString: value) }
        }
        return values
    }

    /// `--as`, else the config of `--tree`, else the user's git config; none is a usage error.
    func resolveIdentity() throws -> Person {
        if let identity {
            guard let person = Person.parse(identity), !person.email.isEmpty, person.email.contains("@") else {
                throw ReplyError.usage("--as \"\(identity)\" is not \"Name <addr>\"")
            }
            return person
        }
        let found: Person?
        if let tree {
            found = try Repository(path: tree).identity()
        } else {
            found = Repository.defaultIdentity()
        }
        guard let found else {
            throw ReplyError.usage("no reviewer identity: pass --as \"Name <addr>\" (or set git's user.name and user.email)")
        }
        return found
    }

    /// `--date`, else now in the local offset.
    func resolveDate() throws -> MailDate {
        if let date {
            guard let parsed = MailDate(rfc2822: date) else {
                throw ReplyError.usage("--date \"\(date)\" is not an RFC 2822 date such as \"Wed, 15 Nov 2023 10:27:45 +0000\"")
            }
            return parsed
        }
        var now = time(nil)
        var local = tm()
        localtime_r(&now, &local)
        return MailDate(secondsSinceEpoch: Int64(now), utcOffsetMinutes: Int(local.tm_gmtoff) / 60)
    }
}
