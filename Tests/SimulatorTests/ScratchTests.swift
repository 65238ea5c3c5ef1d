import Testing
import KernelModel
@testable import Simulator

@Test func scratchPrint() {
    for c in scenarioCases {
        let r = ModelChecker.run(c.scenario, on: c.failing)
        print("== \(c.scenario.rawValue) on \(c.failing.arch)-\(c.failing.state): \(r.result)")
        for l in r.trace { print("    " + l) }
    }
}
