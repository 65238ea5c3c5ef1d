import ArgumentParser
import Review

/// The `shootdown` command and its subcommands.
struct ShootdownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shootdown",
        abstract: "Review Linux kernel patch series that move TLB flushes and secondary-TLB invalidations.",
        version: Shootdown.version
    )
}

ShootdownCommand.main()
