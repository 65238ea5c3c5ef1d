import ArgumentParser
import Review

/// The `shootdown` command and its subcommands.
struct ShootdownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shootdown",
        abstract: "Review Linux kernel patch series that move TLB flushes and secondary-TLB invalidations.",
        discussion: """
            Examples:
              shootdown review series.mbox
              shootdown review thread.t.mbox.gz --format json
              b4 mbox <msgid> -o - | shootdown review -
              shootdown series linux-mm-2023-07.mbox
              shootdown reply series.mbox --patch 3 --output 3.eml
            """,
        version: Shootdown.version,
        subcommands: [ReviewCommand.self, SeriesCommand.self, ReplyCommand.self, B4CheckCommand.self]
    )
}

ShootdownCommand.main()
