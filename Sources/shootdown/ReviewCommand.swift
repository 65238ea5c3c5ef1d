import ArgumentParser
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

    func run() throws {
        try Terminal.run {
            let review = try ReviewPipeline.review(
                mailbox: series, format: mboxFormat,
                selection: SeriesSelection(version: seriesVersion, series: seriesNumber))
            switch format {
            case .json: try Terminal.write(ReviewRendering.json(review).rendered())
            case .text: try Terminal.write(ReviewRendering.text(review, style: Terminal.style))
            case .markdown: try Terminal.write(ReviewRendering.markdown(review))
            }
        }
    }
}
