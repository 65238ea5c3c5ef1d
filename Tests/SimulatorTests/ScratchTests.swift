import Testing
import KernelModel
@testable import Simulator

@Test func scratchPrint() {
    for p in [ReferencePlacements.arm64Before, ReferencePlacements.arm64After] {
        for r in ModelChecker.runAll(on: p) {
            print("\(p.arch)-\(p.state) \(r.scenario.rawValue): \(r.result) states=\(r.states) tr=\(r.transitions) unresolved=\(r.unresolved)")
            for l in r.trace { print("    " + l) }
        }
    }
}
