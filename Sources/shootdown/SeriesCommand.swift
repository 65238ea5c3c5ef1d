import ArgumentParser
import PatchModel
import Review

/// `shootdown series ARCHIVE`: list every series in a mailbox.
struct SeriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series",
        abstract: "List every series in a mailbox: versions, patches present and missing, trailers received.",
        discussion: """
            Streams the mailbox (memory stays bounded by the largest message), so it suits a day of a
            list or a whole archive.

            Examples:
              shootdown series linux-mm.mbox
              shootdown series thread.t.mbox.gz --format json
            """
    )

    @Argument(help: "The mailbox: an mbox file, a .gz mbox, a maildir, or - for stdin.", completion: .file())
    var archive: String

    @Option(help: "Output format (text or json).")
    var format: OutputFormat = .text

    @Option(name: .customLong("mbox-format"), help: "mbox flavour: auto, mboxo or mboxrd.")
    var mboxFormat: MboxFormat = .auto

    func run() throws {
        try Terminal.run {
            let mailbox = try SeriesLoader.index(path: archive, format: mboxFormat)
            switch format {
            case .json: try Terminal.write(SeriesListing.json(mailbox).rendered())
            case .text, .markdown: try Terminal.write(SeriesListing.text(mailbox, style: Terminal.style))
            }
        }
    }
}
