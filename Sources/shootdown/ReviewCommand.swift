import ArgumentParser
import KernelModel
import PatchModel
import Review

/// `shootdown review SERIES`: read a series from mail and review its newest version.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review a patch series from an mbox, a gzipped mbox, a maildir or stdin.",
        discussion: """
            Reads every message, assembles the series by threading and subjects, picks the newest
            version (or --version N) and prints, per patch, the files touched grouped by area and the
            trailers given and received in replies.

            Examples:
              shootdown review series.mbox
              shootdown review thread.t.mbox.gz --version 3 --format json
              cat series.mbox | shootdown review -
              shootdown review series.mbox --tree ~/linux --base v6.5

            With --tree, the patches are applied in memory, in order, onto the base (--base, else the
            cover letter's base-commit: when the repository has it, else HEAD), as git apply places
            hunks (stated line, then the nearest exact match; no fuzz). Nothing is written to the
            repository. Files the tree lacks are reported and skipped.
            """
    )

    @Argument(help: "The series: an mbox file, a .gz mbox, a maildir, one message, or - for stdin.",
              completion: .file())
    var series: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Option(name: .customLong("version"), help: "The version to review (default: the newest).")
    var seriesVersion: Int?

    @Option(name: .customLong("series"), help: "Which series of a mailbox holding several (as `shootdown series` numbers them).")
    var seriesNumber: Int?

    @Option(name: .customLong("mbox-format"), help: "mbox flavour: auto, mboxo or mboxrd.")
    var mboxFormat: MboxFormat = .auto

    @Option(help: "A git repository whose files the series is applied to, in memory.", completion: .directory)
    var tree: String?

    @Option(help: "The revision to apply the series onto (with --tree).")
    var base: String?

    @Option(help: "Without --tree: the kernel version whose knowledge-base baseline the hunks apply to (v6.5, v6.6); default: the one the hunks match best.")
    var kernel: String?

    func validate() throws {
        if let kernel, KnowledgeBase.baseline(kernel) == nil {
            let known = KnowledgeBase.baselines.map(\.version).joined(separator: ", ")
            throw ValidationError("unknown kernel '\(kernel)': the knowledge base holds \(known)")
        }
    }

    func run() throws {
        try Terminal.run {
            let selection = SeriesSelection(version: seriesVersion, series: seriesNumber)
            if base != nil, tree == nil { throw ValidationError("--base needs --tree") }
            let review = if let tree {
                try ReviewPipeline.review(mailbox: series, format: mboxFormat, selection: selection, tree: tree, base: base)
            } else {
                try ReviewPipeline.review(mailbox: series, format: mboxFormat, selection: selection, kernel: kernel)
            }
            switch format {
            case .json: try Terminal.write(ReviewRendering.json(review))
            case .text: try Terminal.write(ReviewRendering.text(review, style: Terminal.style))
            case .markdown: try Terminal.write(ReviewRendering.markdown(review))
            }
        }
    }
}
