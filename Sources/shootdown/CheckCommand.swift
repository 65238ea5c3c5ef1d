import ArgumentParser
import GitSource
import PatchModel
import Review
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `shootdown check REPO RANGE`: review the commits of a git range, reading them through libgit2.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Review the commits of a git range: A..B, A...B, or one revision.",
        discussion: """
            Walks the range oldest first in topological order, as `git log --reverse --topo-order`,
            and diffs every commit against its first parent (a root commit against the empty tree),
            with the indent heuristic, as `git log -p` does. Merge commits are skipped unless
            --merges. Renames are detected, as `git log -p` does by default since git 2.9
            (diff.renames=true); --no-renames shows a renamed file as a deletion and an addition.

            Examples:
              shootdown check ~/linux v6.5..v6.6-rc1
              shootdown check . origin/main...HEAD --format json
              shootdown check . HEAD
            """
    )

    @Argument(help: "The git repository (a work tree, its .git, or a bare repository).", completion: .directory)
    var repository: String

    @Argument(help: "The range: A..B, A...B, or one revision.")
    var range: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Flag(help: "Keep merge commits (diffed against their first parent).")
    var merges = false

    @Flag(name: [.customLong("find-renames"), .customShort("M")], help: "Detect renames (the default, as in git log).")
    var findRenames = false

    @Flag(name: .customLong("no-renames"), help: "Do not detect renames, as git log --no-renames.")
    var noRenames = false

    func run() throws {
        try Terminal.run {
            let progress: (@Sendable (Int, Int) -> Void)? = isatty(STDERR_FILENO) == 1 ? Self.progress : nil
            let review = try ReviewPipeline.review(range: range, repository: repository,
                                                   options: WalkOptions(merges: merges, findRenames: !noRenames),
                                                   progress: progress)
            if progress != nil, review.patches.count > 50 { try? Terminal.write("\r\u{1B}[K", to: STDERR_FILENO) }
            switch format {
            case .json: try Terminal.write(ReviewRendering.json(review))
            case .text: try Terminal.write(ReviewRendering.text(review, style: Terminal.style))
            case .markdown: try Terminal.write(ReviewRendering.markdown(review))
            }
            // Done: end here rather than free every diff line of a long range one by one (a tenth
            // of the run for thousands of commits), as git itself does.
            if review.patches.count > 200 { Glibc.exit(EXIT_SUCCESS) }
        }
    }

    /// `\r`-updated progress on a terminal, for ranges of more than 50 commits, about every percent.
    @Sendable static func progress(done: Int, total: Int) {
        guard total > 50 else { return }
        let step = max(1, total / 100)
        guard done % step == 0 || done == total else { return }
        try? Terminal.write("\rdiffing commits: \(done)/\(total)", to: STDERR_FILENO)
    }
}
