import ArgumentParser
import KernelModel
import PatchModel
import Review
import Simulator

/// `shootdown simulate`: the simulator alone, on one arch's placement, with traces.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the scenarios on one arch's placement and print the verdicts and traces.",
        discussion: """
            The placement comes from a kernel tree (--tree), from the knowledge base's baseline of a
            kernel version (--kernel), or from a reference model (--reference, used by the benchmark).
            Larger bounds (--pages, --cpus) make it the simulator's benchmark.

            Examples:
              shootdown simulate --tree ~/linux --arch arm64
              shootdown simulate --kernel v6.5 --arch arm64 --scenario upgrade-with-cached-ro
              shootdown simulate --reference arm64-before --pages 4 --cpus 2 --format json
            """
    )

    @Option(help: "A kernel tree on disk.", completion: .directory)
    var tree: String?

    @Option(help: "A kernel version of the knowledge base (v6.5, v6.6).")
    var kernel: String?

    @Option(help: "A reference placement (arm64-before, arm64-after).")
    var reference: String?

    @Option(help: "The arch (arm64, powerpc, x86, riscv).")
    var arch: String?

    @Option(help: "Only this scenario.")
    var scenario: String?

    @Option(help: "Virtual pages (default: each scenario's own).")
    var pages: Int?

    @Option(help: "CPUs.")
    var cpus: Int = 1

    @Option(help: "Devices behind the IOMMU.")
    var devices: Int = 1

    @Option(name: .customLong("max-states"), help: "Stop a search after this many states.")
    var maxStates: Int = 2_000_000

    @Option(help: "Output format (text or json).")
    var format: OutputFormat = .text

    func validate() throws {
        if [tree, kernel, reference].compactMap({ $0 }).count != 1 {
            throw ValidationError("give one of --tree, --kernel or --reference")
        }
        if reference == nil && arch == nil { throw ValidationError("--arch is needed with --tree or --kernel") }
        if let arch, KnowledgeBase.arch(named: arch) == nil || arch == "generic" {
            throw ValidationError("unknown arch '\(arch)': one of arm64, powerpc, x86, riscv")
        }
        if let scenario, Scenario(rawValue: scenario) == nil {
            throw ValidationError("unknown scenario '\(scenario)': one of " + Scenario.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let kernel, KnowledgeBase.baseline(kernel) == nil { throw ValidationError("the knowledge base has no kernel '\(kernel)'") }
        if let reference, ReferencePlacements.named(reference) == nil {
            throw ValidationError("no reference '\(reference)': one of " + ReferencePlacements.all.keys.sorted().joined(separator: ", "))
        }
        if cpus < 0 || cpus > 4 || devices < 1 || devices > 3 || (pages.map { $0 < 1 || $0 > 8 } ?? false) || maxStates < 1 {
            throw ValidationError("bounds: --pages 1...8, --cpus 0...4, --devices 1...3, --max-states at least 1")
        }
    }

    func run() throws {
        try Terminal.run {
            let placement: ArchPlacement
            var archName = arch ?? ""
            if let reference, let found = ReferencePlacements.named(reference) {
                placement = found
                archName = found.arch
            } else {
                let model: PlacementModel
                if let tree {
                    model = PlacementBuilder.build(try KernelSources.load(folder: tree))
                } else {
                    model = PlacementBuilder.build(KnowledgeBase.baseline(kernel ?? "")?.scannedTree() ?? ScannedTree(label: "", scanned: [:]))
                }
                placement = SimulationPlacement.feasible(model.arch(archName)?.placement ?? ArchPlacement(arch: archName, state: model.label, secondaryUsers: false, entryPoints: [:]))
            }
            let caches = KnowledgeBase.arch(named: archName)?.deviceCachesFaultingEntries ?? true
            let bounds = Bounds(pages: pages, cpus: cpus, devices: devices, maxStates: maxStates,
                                device: caches ? .cachesFaultingEntries : .dropsFaultingEntries)
            let runs: [SimulationRun]
            if let scenario, let chosen = Scenario(rawValue: scenario) {
                runs = [ModelChecker.run(chosen, on: placement, bounds: bounds)]
            } else {
                runs = ModelChecker.runAll(on: placement, bounds: bounds)
            }
            switch format {
            case .json: try Terminal.write(SimulationRendering.json(runs).rendered())
            case .text, .markdown: try Terminal.write(SimulationRendering.text(runs, style: Terminal.style))
            }
        }
    }
}
