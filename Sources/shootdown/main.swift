import ArgumentParser
import CMalloc
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
              shootdown check ~/linux v6.5..mm-stable
              shootdown series linux-mm-2023-07.mbox
              shootdown model --tree ~/linux --arch arm64
              shootdown review series.mbox --tree ~/linux --base v6.5
              shootdown reply series.mbox --patch 3 --output 3.eml
            """,
        version: Shootdown.version,
        subcommands: [ReviewCommand.self, CheckCommand.self, SeriesCommand.self, ReplyCommand.self,
                      ModelCommand.self, SimulateCommand.self, B4CheckCommand.self]
    )
}

shootdown_tune_malloc()
ShootdownCommand.main()
