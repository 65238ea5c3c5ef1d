import Testing
@testable import KernelModel

@Suite("range evaluation")
struct RangeEvaluatorTests {
    @Test(arguments: [
        ("uaddr & PAGE_MASK", "(uaddr & PAGE_MASK) + PAGE_SIZE", RangeShape.page),
        ("start", "end", .span),
        ("0", "-1UL", .wholeMM),
        ("0UL", "TLB_FLUSH_ALL", .wholeMM),
        ("tlb->start", "tlb->end", .span),
        ("haddr & HPAGE_PMD_MASK", "(haddr & HPAGE_PMD_MASK) + HPAGE_PMD_SIZE", .huge),
        ("address & PUD_MASK", "(address & PUD_MASK) + PUD_SIZE", .huge),
        ("start", "start", .empty),
        ("round_down(start, PAGE_SIZE)", "round_up(end, PAGE_SIZE)", .span),
        ("addr", "addr + PAGE_SIZE", .page),
        ("(unsigned long)start", "(unsigned long)end", .span),
        ("start", "end + foo(bar)", .unknown),
    ])
    func shapes(start: String, end: String, expected: RangeShape) {
        #expect(RangeEvaluator.evaluate(start: start, end: end).shape == expected)
    }

    @Test func precedenceMakesTheRangeEmpty() {
        let range = RangeEvaluator.evaluate(start: "uaddr & PAGE_MASK", end: "uaddr & PAGE_MASK + PAGE_SIZE")
        #expect(range.facts.contains(.precedenceSuspect))
        #expect(range.shape == .empty)
        let fine = RangeEvaluator.evaluate(start: "uaddr & PAGE_MASK", end: "(uaddr & PAGE_MASK) + PAGE_SIZE")
        #expect(!fine.facts.contains(.precedenceSuspect))
    }

    @Test func consumedStartIsEmpty() {
        let range = RangeEvaluator.evaluate(start: "start", end: "end", consumed: ["start"])
        #expect(range.facts.contains(.consumedVariable))
        #expect(range.shape == .empty)
    }

    @Test func smallRangesAreMarked() {
        let inclusive = RangeEvaluator.evaluate(start: "start", end: "end - 1")
        #expect(inclusive.facts.contains(.inclusiveEnd))
        let units = RangeEvaluator.evaluate(start: "start", end: "start + nr_pages")
        #expect(units.facts.contains(.unitsMismatch))
    }

    @Test func overflowAtTheTop() {
        let range = RangeEvaluator.evaluate(start: "start", end: "end + PAGE_SIZE")
        #expect(range.facts.contains(.overflowsAtMax))
        #expect(!RangeEvaluator.evaluate(start: "start", end: "end").facts.contains(.overflowsAtMax))
    }

    @Test func parserKeepsPrecedenceAndParentheses() {
        #expect(CExpression.parse("a & b + c") == .binary("&", .name("a"), .binary("+", .name("b"), .name("c"))))
        #expect(CExpression.parse("(a & b) + c") == .binary("+", .parenthesized(.binary("&", .name("a"), .name("b"))), .name("c")))
        #expect(CExpression.parse("vma->vm_mm") == .member("vma->vm_mm"))
        #expect(CExpression.parse("f(x, y)") == .call("f", [.name("x"), .name("y")]))
        #expect(CExpression.parse("0x1000UL") == .number(0x1000))
        #expect(CExpression.parse("a +") == .unreadable("a +"))
        let deep = String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
        #expect(CExpression.parse(deep) == .unreadable(deep))
    }

    @Test func mmReferences() {
        #expect(RangeEvaluator.mm("vma->vm_mm") == .recorded("vma->vm_mm"))
        #expect(RangeEvaluator.mm("current->mm") == .current)
        #expect(RangeEvaluator.mm("current->active_mm") == .current)
        #expect(RangeEvaluator.mm("NULL") == .none)
    }
}
