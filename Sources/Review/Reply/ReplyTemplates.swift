import Mustache
import PatchModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure while writing replies: an unusable template, a missing identity, a file in the way.
public struct ReplyError: LocatedError, Equatable {
    public var category: FailureCategory
    public var location: InputLocation
    public var reason: String

    public init(_ category: FailureCategory, _ location: InputLocation, _ reason: String) {
        self.category = category
        self.location = location
        self.reason = reason
    }

    /// A usage error of a command, with no file to point at (`reply: no reviewer identity ...`).
    public static func usage(_ reason: String, command: String = "reply") -> ReplyError {
        ReplyError(.usage, InputLocation(file: command), reason)
    }
}

/// The Mustache templates replies and notes are rendered from: the ones built into the binary
/// (from `templates/`), each replaced by a user's file of the same name where one exists.
public struct ReplyTemplates: Sendable {
    /// The template names and the defaults embedded from `templates/`.
    public static let defaults: [(name: String, text: String)] = [
        ("reply", String(decoding: PackageResources.reply_mustache, as: UTF8.self)),
        ("notes", String(decoding: PackageResources.notes_mustache, as: UTF8.self)),
    ]

    let library: MustacheLibrary
    /// Where each template came from: a file path, or `built-in`.
    public let origins: [String: String]

    /// Loads the templates; the first directory holding `NAME.mustache` wins for that name.
    public init(directories: [String]) throws(ReplyError) {
        var library = MustacheLibrary()
        var origins: [String: String] = [:]
        for (name, builtIn) in ReplyTemplates.defaults {
            var text = builtIn
            var origin = "built-in"
            for directory in directories {
                let path = directory.hasSuffix("/") ? directory + name + ".mustache" : directory + "/" + name + ".mustache"
                guard ReplyTemplates.isFile(path) else { continue }
                do {
                    text = String(decoding: try MailboxReader.readFile(path), as: UTF8.self)
                } catch {
                    throw ReplyError(error.category, error.location, error.reason)
                }
                origin = path
                break
            }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch {
                throw ReplyError(.malformed, InputLocation(file: origin), "not a usable Mustache template: \(error)")
            }
            origins[name] = origin
        }
        self.library = library
        self.origins = origins
    }

    /// The directories a user's templates are looked for in: `--template-dir` when given, then
    /// `$XDG_CONFIG_HOME/shootdown/templates` (else `~/.config/shootdown/templates`).
    public static func searchPath(templateDir: String?, environment: [String: String]) -> [String] {
        var directories: [String] = []
        if let templateDir { directories.append(templateDir) }
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            directories.append(config + "/shootdown/templates")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append(home + "/.config/shootdown/templates")
        }
        return directories
    }

    /// The whole message: headers, a blank line, the body; lines end in `\n`.
    public func render(_ draft: ReplyDraft) -> String {
        var text = library.render(draft.templateContext, withTemplate: "reply") ?? ""
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    /// The text review notes of one patch.
    public func renderNotes(_ review: PatchReview) -> String {
        var text = library.render(ReplyTemplates.notesContext(review), withTemplate: "notes") ?? ""
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    static func notesContext(_ review: PatchReview) -> [String: Any] {
        let patch = review.patch
        var context: [String: Any] = [
            "index": String(patch.subject.index ?? 1),
            "total": String(patch.subject.total ?? 1),
            "title": patch.subject.title,
            "author": patch.author.formatted,
            "verdict": review.verdict.rawValue,
        ]
        context["files"] = review.files.map { file -> [String: Any] in
            ["line": "\(file.area): \(file.path) +\(file.added) -\(file.removed)"]
        }
        if !review.findings.isEmpty {
            context["findings"] = review.findings.map { finding -> [String: Any] in
                var place = finding.file ?? ""
                if let line = finding.line, !place.isEmpty { place += ":\(line)" }
                let prefix = place.isEmpty ? "" : place + ": "
                return ["line": "\(finding.severity.rawValue): \(prefix)\(finding.message) [\(finding.code)]"]
            }
        }
        return context
    }

    static func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}

extension ReplyDraft {
    /// The draft as the template sees it; absent values are absent keys, so `{{#cc}}` skips.
    public var templateContext: [String: Any] {
        var context: [String: Any] = [
            "from": from, "to": to, "subject": subject, "date": date, "messageID": messageID,
            "attribution": attribution, "signoff": signoff, "verdict": verdict.rawValue,
        ]
        if let cc { context["cc"] = cc }
        if let inReplyTo { context["inReplyTo"] = inReplyTo }
        if let references { context["references"] = references }
        if let condition { context["condition"] = condition }
        if let trailer { context["trailer"] = trailer }
        context["parts"] = parts.map { part -> [String: Any] in
            var entry: [String: Any] = ["cut": part.cut]
            if !part.quoted.isEmpty { entry["quoted"] = part.quoted.joined(separator: "\n") }
            if !part.comment.isEmpty { entry["comment"] = part.comment.joined(separator: "\n") }
            return entry
        }
        return context
    }
}
