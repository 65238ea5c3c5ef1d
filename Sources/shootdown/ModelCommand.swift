import ArgumentParser
import KernelModel
import PatchModel
import Review

/// `shootdown model`: the placement table of a tree.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Print what every flush entry point of every arch invalidates, and through which call chain.",
        discussion: """
            Reads the arch TLB files, the generic mmu_gather and the notifier header of a kernel tree
            and follows each entry point's calls down to the CPU and secondary-TLB invalidations.

            Examples:
              shootdown model --tree ~/linux --arch arm64
              shootdown model --tree ~/linux --format json
            """
    )

    @Option(help: "A kernel tree on disk.", completion: .directory)
    var tree: String

    @Option(help: "Only this arch (arm64, powerpc, x86, riscv, generic).")
    var arch: String?

    @Option(help: "Output format (text or json).")
    var format: OutputFormat = .text

    func validate() throws {
        if let arch, KnowledgeBase.arch(named: arch) == nil {
            throw ValidationError("unknown arch '\(arch)': one of arm64, powerpc, x86, riscv, generic")
        }
    }

    func run() throws {
        try Terminal.run {
            let sources = try KernelSources.load(folder: tree)
            let model = PlacementBuilder.build(sources)
            switch format {
            case .json:
                let source: JSONValue = .object([("kind", .string("tree")), ("path", .string(tree))])
                try Terminal.write(ModelRendering.json(model, source: source, arch: arch).rendered())
            case .text, .markdown:
                try Terminal.write(ModelRendering.text(model, arch: arch, style: Terminal.style))
            }
        }
    }
}
