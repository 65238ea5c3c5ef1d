import Foundation
import Testing
import KernelModel

/// Reads a fixture under `Fixtures/scanner/`.
private func fixture(_ name: String) throws -> [UInt8] {
    let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
    if let url = Bundle.module.url(forResource: parts[0], withExtension: parts.count > 1 ? parts[1] : nil,
                                   subdirectory: "Fixtures/scanner") {
        return Array(try Data(contentsOf: url))
    }
    let local = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/scanner/\(name)")
    return Array(try Data(contentsOf: local))
}

private func scanFixture(_ name: String) throws -> ScannedFile {
    KernelScanner.scan(try fixture(name), path: name)
}

private func scan(_ text: String) -> ScannedFile {
    KernelScanner.scan(Array(text.utf8), path: "inline.c")
}

@Suite("KernelScanner: fixtures")
struct ScannerFixtureTests {
    @Test("a static inline helper in a header notifies a page, and a macro reaches it")
    func notifierThroughMacro() throws {
        let file = try scanFixture("demo_tlbflush.h")
        let helper = try #require(file.function(named: "__demo_flush_page_nosync"))
        #expect(helper.kind == .function)
        #expect(helper.isStaticInline)
        #expect(helper.parameters == ["mm", "uaddr"])
        #expect(helper.parameterDeclarations == ["struct mm_struct *mm", "unsigned long uaddr"])
        #expect(helper.span == LineSpan(first: 37, last: 47))
        #expect(helper.bodySpan == LineSpan(first: 39, last: 47))
        // The include guard is not a condition; `#ifndef __ASSEMBLY__` is.
        #expect(helper.condition == [.preprocessor("!defined(__ASSEMBLY__)")])
        let notify = try #require(helper.calls(to: "mmu_notifier_arch_invalidate_secondary_tlbs").first)
        #expect(notify.arguments == ["mm", "uaddr & PAGE_MASK", "(uaddr & PAGE_MASK) + PAGE_SIZE"])
        #expect(notify.line == 45)
        #expect(notify.conditions.isEmpty)

        let macro = try #require(file.function(named: "demo_flush_page_nosync"))
        #expect(macro.kind == .functionMacro)
        #expect(macro.parameters == ["vma", "addr"])
        #expect(macro.calls.map(\.callee) == ["__demo_flush_page_nosync"])
        #expect(macro.calls.first?.arguments == ["(vma)->vm_mm", "addr"])

        let entry = try #require(file.function(named: "demo_flush_page"))
        #expect(entry.calls.map(\.callee) == ["demo_flush_page_nosync", "demo_barrier"])
        #expect(file.function(atLine: 55)?.name == "demo_flush_page")
        #expect(file.function(atLine: 50)?.name == "demo_flush_page_nosync")
        #expect(file.function(atLine: 48) == nil)
    }

    @Test("whole-mm and precedence-slip arguments are kept as written")
    func argumentTexts() throws {
        let file = try scanFixture("demo_tlbflush.h")
        let whole = try #require(file.function(named: "demo_flush_mm")?.calls(to: "mmu_notifier_arch_invalidate_secondary_tlbs").first)
        #expect(whole.arguments == ["mm", "0", "-1UL"])
        let block = try #require(file.function(named: "demo_flush_block")?.calls(to: "mmu_notifier_arch_invalidate_secondary_tlbs").first)
        #expect(block.arguments == ["mm", "addr", "addr & DEMO_BLOCK_MASK + DEMO_BLOCK_SIZE"])
        // Nested calls in arguments are reported too, after the outer call.
        let mm = try #require(file.function(named: "demo_flush_mm"))
        #expect(mm.calls.map(\.callee) == ["demo_barrier", "demo_tlbi", "demo_asid",
                                           "mmu_notifier_arch_invalidate_secondary_tlbs"])
        #expect(mm.calls[1].arguments == ["aside1is", "demo_asid(mm)"])
    }

    @Test("do-while(0) and statement-expression macros are functions; object-like macros keep their body")
    func macros() throws {
        let file = try scanFixture("demo_tlbflush.h")
        let tlbi = try #require(file.function(named: "demo_tlbi"))
        #expect(tlbi.kind == .functionMacro)
        #expect(tlbi.span == LineSpan(first: 19, last: 22))
        #expect(tlbi.calls.map(\.callee) == ["demo_barrier", "demo_write_tlbi"])
        #expect(tlbi.calls.map(\.line) == [20, 21])
        // A do { } while (0) adds no loop condition; the comment is gone from the argument.
        #expect(tlbi.calls.allSatisfy { $0.conditions.isEmpty })
        #expect(tlbi.calls[1].arguments == ["op", "(arg)"])

        let vaddr = try #require(file.function(named: "DEMO_VADDR"))
        #expect(vaddr.kind == .functionMacro)
        #expect(vaddr.bodySpan == LineSpan(first: 26, last: 30))
        #expect(vaddr.assignments.map(\.variable) == ["__va", "__va"])
        #expect(vaddr.assignments.map(\.operation) == ["=", "|="])
        #expect(vaddr.assignments[0].isDeclaration)
        #expect(vaddr.assignments[0].line == 27)

        let all = try #require(file.macro(named: "DEMO_TLB_FLUSH_ALL"))
        #expect(!all.isFunctionLike)
        #expect(all.parameters == nil)
        #expect(all.body == "-1UL")
        #expect(file.function(named: "DEMO_TLB_FLUSH_ALL") == nil)
        let tlbiMacro = try #require(file.macro(named: "demo_tlbi"))
        #expect(tlbiMacro.parameters == ["op", "arg"])
        #expect(tlbiMacro.body.hasPrefix("do { demo_barrier(op); demo_write_tlbi(op, (arg)); } while (0)"))
        #expect(file.includes == ["linux/mm_types.h", "linux/mmu_notifier.h", "demo_internal.h"])
    }

    @Test("a call under #ifdef CONFIG_MMU_NOTIFIER carries that condition; attributes are listed")
    func preprocessorConditionAndAttributes() throws {
        let file = try scanFixture("demo_tlbflush.h")
        let local = try #require(file.function(named: "demo_flush_local"))
        #expect(local.attributes == ["static", "inline", "notrace"])
        #expect(local.calls(to: "demo_notify_local").first?.conditions == [.preprocessor("defined(CONFIG_MMU_NOTIFIER)")])
        #expect(local.calls(to: "demo_barrier").first?.conditions == [])
        let asid = try #require(file.function(named: "demo_asid"))
        #expect(asid.attributes == ["static", "__always_inline"])
        #expect(asid.isStaticInline)
        // A prototype is not a function.
        #expect(file.function(named: "demo_flush_kernel_range") == nil)
        #expect(file.unreadable.isEmpty)
    }

    @Test("early returns before the notifier, with their conditions")
    func earlyReturn() throws {
        let file = try scanFixture("demo_tlb.c")
        let function = try #require(file.function(named: "demo_flush_range_early"))
        // The name on its own line: the span starts at the return type.
        #expect(function.span == LineSpan(first: 29, last: 43))
        #expect(function.attributes == ["static"])
        #expect(!function.isStaticInline)
        #expect(function.returns.count == 2)
        #expect(function.returns.allSatisfy { $0.isBeforeEnd })
        #expect(function.returns[0].conditions == [.statement("!mm_has_cpus(mm)")])
        #expect(function.returns[1].conditions == [.statement("size > DEMO_MAX_OPS * PAGE_SIZE")])
        let notify = try #require(function.calls(to: "mmu_notifier_arch_invalidate_secondary_tlbs").first)
        #expect(notify.line == 42)
        #expect(function.returns.allSatisfy { $0.line < notify.line })
        #expect(function.calls(to: "demo_flush_mm").first?.conditions == [.statement("size > DEMO_MAX_OPS * PAGE_SIZE")])
        #expect(function.assignments.first == Assignment(variable: "size", operation: "=", expression: "end - start",
                                                         line: 33, conditions: [], isDeclaration: true))
    }

    @Test("a loop that advances start before the notifier call")
    func loopConsumesRange() throws {
        let file = try scanFixture("demo_tlb.c")
        let function = try #require(file.function(named: "demo_flush_range_loop"))
        #expect(function.attributes == ["__init"])
        let notify = try #require(function.calls(to: "mmu_notifier_arch_invalidate_secondary_tlbs").first)
        #expect(notify.arguments == ["mm", "start", "end"])
        #expect(notify.conditions.isEmpty)
        let advances = function.assignments.filter { $0.variable == "start" }
        #expect(advances.count == 1)
        #expect(advances.first?.operation == "+=")
        #expect(advances.first?.expression == "PAGE_SIZE")
        #expect(advances.first?.conditions == [.loop("pages > 0")])
        #expect((advances.first?.line ?? .max) < notify.line)
        #expect(function.assignments.contains(Assignment(variable: "pages", operation: "-=", expression: "1", line: 54,
                                                         conditions: [.loop("pages > 0")], isDeclaration: false)))
        // The nested calls inside a macro's arguments are all there.
        #expect(function.calls.map(\.callee) == ["demo_tlbi", "DEMO_VADDR", "demo_asid",
                                                 "mmu_notifier_arch_invalidate_secondary_tlbs"])
    }

    @Test("strings, comments, #if 0, structs, EXPORT_SYMBOL and prototypes do not make functions")
    func notFunctions() throws {
        let file = try scanFixture("demo_tlb.c")
        #expect(file.functions.map(\.name) == ["demo_flush_range_early", "demo_flush_range_loop", "demo_old_flush",
                                               "demo_flush_kind", "demo_pick", "demo_flush_ops"])
        let old = try #require(file.function(named: "demo_old_flush"))
        #expect(old.condition == [.preprocessor("0")])
        // Neither the string nor the comment holds a call.
        let everyCall = file.functions.flatMap(\.calls).map(\.callee)
        #expect(!everyCall.contains("mmu_notifier_invalidate_range"))
        #expect(file.unreadable.isEmpty)
        #expect(file.function(atLine: 59) == nil)  // EXPORT_SYMBOL line
        #expect(file.function(atLine: 9) == nil)   // the string with braces
    }

    @Test("switch cases, goto and labels, do-while, for loops, if/else returns")
    func statements() throws {
        let file = try scanFixture("demo_tlb.c")
        let kind = try #require(file.function(named: "demo_flush_kind"))
        #expect(kind.calls(to: "demo_log").first?.conditions == [.switchCase("kind: 0, 1")])
        #expect(kind.gotos == [CGoto(label: "out", line: 79, conditions: [.switchCase("kind: default")])])
        #expect(kind.labels == [CLabel(name: "out", line: 87)])
        #expect(kind.calls(to: "demo_step").first?.conditions == [.loop("int i = 0; i < kind; i++")])
        #expect(kind.calls(to: "demo_retry").first?.conditions == [.loop("demo_busy()")])
        #expect(kind.calls(to: "demo_busy").first?.conditions == [])
        #expect(kind.returns.map(\.isBeforeEnd) == [true, false])
        #expect(kind.assignments.contains { $0.variable == "name" && $0.expression == "\"}{\"" })

        let pick = try #require(file.function(named: "demo_pick"))
        #expect(pick.returns.map(\.conditions) == [[.statement("a")], [.statement("!(a)")]])
        #expect(pick.returns.map(\.isBeforeEnd) == [false, false])

        let ops = try #require(file.function(named: "demo_flush_ops"))
        #expect(ops.calls.count == 1)
        #expect(ops.calls.first?.callee == "flush")
        #expect(ops.calls.first?.receiver == "ops")
        #expect(ops.assignments.map(\.description) == ["demo_default_ops.count += 1 @102"])
    }

    @Test("braces that balance only per #ifdef branch, and truly broken ones, are recovered from")
    func unbalanced() throws {
        let file = try scanFixture("demo_unbalanced.c")
        #expect(file.functions.map(\.name) == ["demo_flush_all", "demo_twice", "demo_broken", "demo_survivor"])
        let all = try #require(file.function(named: "demo_flush_all"))
        #expect(all.span == LineSpan(first: 5, last: 14))
        #expect(all.calls.map(\.callee) == ["demo_flush_smp", "demo_flush_tail"])
        // The first branch is followed for the braces; the second branch's `if` does not nest.
        let twice = try #require(file.function(named: "demo_twice"))
        #expect(twice.span == LineSpan(first: 16, last: 26))
        #expect(twice.calls(to: "demo_broadcast").first?.conditions == [.statement("global")])
        #expect(twice.calls(to: "demo_after").first?.conditions == [])
        #expect(twice.calls(to: "demo_can_broadcast").first?.conditions == [.preprocessor("!defined(CONFIG_DEMO_GLOBAL)")])
        // The missing `}` is recovered at the column-0 brace; the next function is intact.
        let broken = try #require(file.function(named: "demo_broken"))
        #expect(broken.span == LineSpan(first: 28, last: 33))
        let survivor = try #require(file.function(named: "demo_survivor"))
        #expect(survivor.span == LineSpan(first: 35, last: 38))
        #expect(survivor.calls.map(\.callee) == ["demo_ok"])
        #expect(file.unreadable.map(\.lines) == [LineSpan(first: 9, last: 14), LineSpan(first: 28, last: 33)])
    }
}

@Suite("KernelScanner: small cases")
struct ScannerInlineTests {
    @Test("#if/#elif/#else conditions")
    func elifElse() throws {
        let file = scan("""
        void f(void)
        {
        #if defined(CONFIG_A) && CONFIG_B > 1
        \ta();
        #elif defined(CONFIG_C)
        \tc();
        #else
        \td();
        #endif
        #ifndef CONFIG_E
        \te();
        #else
        \tnot_e();
        #endif
        }
        """)
        let function = try #require(file.function(named: "f"))
        #expect(function.calls.map(\.conditions) == [
            [.preprocessor("defined(CONFIG_A) && CONFIG_B > 1")],
            [.preprocessor("!(defined(CONFIG_A) && CONFIG_B > 1) && defined(CONFIG_C)")],
            [.preprocessor("!(defined(CONFIG_A) && CONFIG_B > 1) && !defined(CONFIG_C)")],
            [.preprocessor("!defined(CONFIG_E)")],
            [.preprocessor("defined(CONFIG_E)")],
        ])
    }

    @Test("conditions interleave outermost first; else-if chains negate")
    func interleaving() throws {
        let file = scan("""
        int g(int x)
        {
        \tif (x > 1) {
        #ifdef CONFIG_X
        \t\tinner(x);
        #endif
        \t} else if (x < 0)
        \t\tnegative(x);
        \telse
        \t\tzero(x);
        \tfor_each_cpu(cpu, mask)
        \t\tper_cpu_flush(cpu);
        \treturn 0;
        }
        """)
        let function = try #require(file.function(named: "g"))
        #expect(function.calls(to: "inner").first?.conditions == [.statement("x > 1"), .preprocessor("defined(CONFIG_X)")])
        #expect(function.calls(to: "negative").first?.conditions == [.statement("!(x > 1)"), .statement("x < 0")])
        #expect(function.calls(to: "zero").first?.conditions == [.statement("!(x > 1)"), .statement("!(x < 0)")])
        #expect(function.calls(to: "per_cpu_flush").first?.conditions == [.loop("for_each_cpu(cpu, mask)")])
        #expect(function.returns.first?.isBeforeEnd == false)
    }

    @Test("kernel declaration shapes: attributes, K&R-style wrapping, returned pointers, macro-made names")
    func declarations() throws {
        let file = scan("""
        static inline void __flush_page_nosync(struct mm_struct *mm,
        \t\t\t\t       unsigned long uaddr)
        {
        }
        __visible noinstr void handler(struct pt_regs *regs) __acquires(lock)
        {
        }
        static struct page *__attribute__((unused)) pick(int (*cb)(void *), int n[])
        {
        \treturn NULL;
        }
        asmlinkage __cpuidle int idle(void) { return 0; }
        SYSCALL_DEFINE2(demo, unsigned long, start, size_t, len)
        {
        }
        static const struct file_operations fops = {
        \t.read = demo_read,
        };
        enum demo { DEMO_A, DEMO_B };
        void proto(int a);
        EXPORT_SYMBOL_GPL(pick)
        void after_export(void)
        {
        }
        """)
        #expect(file.functions.map(\.name) == ["__flush_page_nosync", "handler", "pick", "idle", "SYSCALL_DEFINE2",
                                               "after_export"])
        let nosync = try #require(file.function(named: "__flush_page_nosync"))
        #expect(nosync.span == LineSpan(first: 1, last: 4))
        #expect(nosync.parameters == ["mm", "uaddr"])
        let handler = try #require(file.function(named: "handler"))
        #expect(handler.attributes == ["__visible", "noinstr", "__acquires(lock)"])
        let pick = try #require(file.function(named: "pick"))
        #expect(pick.parameters == ["cb", "n"])
        #expect(pick.attributes == ["static", "__attribute__((unused))"])
        #expect(file.function(named: "idle")?.attributes == ["asmlinkage", "__cpuidle"])
        #expect(file.function(named: "after_export")?.span == LineSpan(first: 22, last: 24))
    }

    @Test("assignments: compound, prefix and postfix steps, members, designators skipped")
    func assignments() throws {
        let file = scan("""
        void h(struct range *r, unsigned long *p)
        {
        \tunsigned long start = r->start, end = start + SZ;
        \tstruct demo d = { .a = 1, [2] = 3 };
        \tr->end <<= 2;
        \t++r->count;
        \t*p = start;
        \tp[1] -= end;
        \tif ((start = next(start)) != end)
        \t\tend--;
        }
        """)
        let function = try #require(file.function(named: "h"))
        #expect(function.assignments.map(\.description) == [
            "start = r->start @3", "end = start + SZ @3", "d = { .a = 1, [2] = 3 } @4", "r->end <<= 2 @5",
            "r->count += 1 @6", "*p = start @7", "p[1] -= end @8", "start = next(start) @9", "end -= 1 @10",
        ])
        #expect(function.assignments.map(\.isDeclaration) == [true, false, true, false, false, false, false, false, false])
        #expect(function.assignments.last?.conditions == [.statement("(start = next(start)) != end")])
    }

    @Test("keywords that look like calls are not calls; asm and sizeof contents are skipped")
    func notCalls() throws {
        let file = scan("""
        int k(void)
        {
        \tint n = sizeof(struct x) + sizeof(fake_a(1));
        \ttypeof(fake_b(2)) v;
        \t__typeof__(n) w;
        \t_Static_assert(sizeof(int) == 4, "int");
        \tasm volatile("isb" : : : "memory");
        \t__asm__ __volatile__(FAKE_C(1) : "=r"(n));
        \twhile (real(n)) { }
        \tswitch (real2(n)) { default: break; }
        \treturn real3(n);
        }
        """)
        let function = try #require(file.function(named: "k"))
        #expect(function.calls.map(\.callee) == ["real", "real2", "real3"])
    }

    @Test("function(atLine:) picks the innermost definition")
    func lineMapping() throws {
        let file = scan("""
        void a(void)
        {
        #define INNER(x) inner_call(x)
        \tINNER(1);
        }

        void b(void)
        {
        }
        """)
        #expect(file.function(atLine: 1)?.name == "a")
        #expect(file.function(atLine: 3)?.name == "INNER")
        #expect(file.function(atLine: 4)?.name == "a")
        #expect(file.function(atLine: 6) == nil)
        #expect(file.function(atLine: 9)?.name == "b")
        #expect(file.function(atLine: 100) == nil)
        #expect(file.function(atLine: 0) == nil)
    }

    @Test("hostile input: no crash, unreadable spans reported, time stays linear")
    func hostile() {
        let cases: [[UInt8]] = [
            [],
            Array("}}}}{{{{".utf8),
            Array("#else\n#endif\n#elif X\nvoid f(void) {".utf8),
            Array("/* never closed\nvoid f(void) { g(); }".utf8),
            Array("void f(void) { g(\"unterminated); }\n".utf8),
            Array("#define\n#define (\n#define F(a, b\n#include\n#if\n".utf8),
            Array("void f(void) { if if if while ( } else else do do }".utf8),
            Array("int x = a ? b ? c : d : e; void f(void) { x = a ? b ? c : d : e; }".utf8),
            (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) },
            Array(repeating: UInt8(ascii: "("), count: 20000) + Array(repeating: UInt8(ascii: ")"), count: 20000),
            Array("void f(void)\n{\n".utf8) + Array(repeating: UInt8(ascii: "{"), count: 5000)
                + Array("\n}\n".utf8),
            Array(String(repeating: "#if A\n{\n#else\n}\n#endif\n", count: 2000).utf8),
            Array("void f(void) {\n".utf8) + Array(String(repeating: "x = y = ", count: 1000).utf8) + Array("0;\n}\n".utf8),
            Array("void f(void) {\n".utf8) + Array(String(repeating: "if (a) return; else ", count: 500).utf8)
                + Array("return;\n}\n".utf8),
        ]
        for source in cases {
            let file = KernelScanner.scan(source, path: "hostile.c")
            #expect(file.path == "hostile.c")
        }
        #expect(!KernelScanner.scan(Array("#else\n".utf8), path: "x").unreadable.isEmpty)
        #expect(!KernelScanner.scan(Array("/* never closed".utf8), path: "x").unreadable.isEmpty)
        #expect(!KernelScanner.scan(Array("#if A\nvoid f(void) { }\n".utf8), path: "x").unreadable.isEmpty)
        let unclosed = KernelScanner.scan(Array("void f(void)\n{\n\tg();\n".utf8), path: "x")
        #expect(unclosed.unreadable.count == 1)
        #expect(unclosed.function(named: "f")?.calls.map(\.callee) == ["g"])

        // Doubling the input roughly doubles the time.
        let unit = Array("static inline void f(struct mm_struct *mm)\n{\n\tif (x) {\n\t\tg(a, b & C + D);\n\t}\n}\n".utf8)
        func time(_ copies: Int) -> Duration {
            let source = Array([[UInt8]](repeating: unit, count: copies).joined())
            let clock = ContinuousClock()
            // The best of three, so a busy machine does not decide the result.
            return (0..<3).map { _ in clock.measure { _ = KernelScanner.scan(source, path: "big.c") } }.min() ?? .zero
        }
        _ = time(500)
        let small = time(4000)
        let large = time(16000)
        #expect(large < small * 12)
    }
}

/// The real kernel files of the shared corpus, when they are there.
private let corpusKernel: String? = {
    var candidates: [String] = []
    if let root = ProcessInfo.processInfo.environment["SHOOTDOWN_CORPUS"] { candidates.append(root + "/kernel") }
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    candidates.append(repository.deletingLastPathComponent().appendingPathComponent("shared/corpus/kernel").path)
    candidates.append("/work/shared/corpus/kernel")
    return candidates.first { FileManager.default.fileExists(atPath: $0 + "/before") }
}()

@Suite("KernelScanner: corpus", .enabled(if: corpusKernel != nil))
struct ScannerCorpusTests {
    private func load(_ relative: String) throws -> (ScannedFile, [Substring]) {
        let root = try #require(corpusKernel)
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative))
        let text = String(decoding: data, as: UTF8.self)
        return (KernelScanner.scan(Array(data), path: relative),
                text.split(separator: "\n", omittingEmptySubsequences: false))
    }

    /// The span starts on the line that names the function (or on its return type line just above) and
    /// ends on a `}` in column 0.
    private func checkSpan(_ function: CFunction, _ lines: [Substring]) {
        let first = lines[function.span.first - 1]
        let next = function.span.first < lines.count ? lines[function.span.first] : ""
        #expect(first.contains(function.name + "(") || next.hasPrefix(function.name + "("),
                "\(function.name) starts at \(function.span.first): \(first)")
        #expect(lines[function.span.last - 1].hasPrefix("}"), "\(function.name) ends at \(function.span.last)")
    }

    @Test("every .c and .h scans without unreadable spans, and every column-0 body is a function")
    func everyFile() throws {
        let root = try #require(corpusKernel)
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        var count = 0
        while let item = enumerator.nextObject() as? String {
            guard item.hasSuffix(".c") || item.hasSuffix(".h") else { continue }
            let (file, lines) = try load(item)
            count += 1
            #expect(file.unreadable.isEmpty, "\(item): \(file.unreadable)")
            for (index, line) in lines.enumerated() where line.hasPrefix("{") {
                #expect(file.function(atLine: index + 1)?.kind == .function, "\(item):\(index + 1)")
            }
        }
        #expect(count >= 48)
    }

    @Test("arm64 tlbflush.h before: the flush functions and their spans")
    func arm64Before() throws {
        let (file, lines) = try load("before/arch/arm64/include/asm/tlbflush.h")
        for name in ["__flush_tlb_page_nosync", "flush_tlb_page", "__flush_tlb_range", "flush_tlb_mm"] {
            let function = try #require(file.function(named: name), "\(name)")
            #expect(function.isStaticInline)
            checkSpan(function, lines)
        }
        #expect(file.function(named: "__flush_tlb_page_nosync")?.parameters == ["mm", "uaddr"])
        // Before the change, nothing in this header notifies.
        #expect(file.functions.allSatisfy { $0.calls.allSatisfy { !$0.callee.hasPrefix("mmu_notifier") } })
        let range = try #require(file.function(named: "__flush_tlb_range"))
        #expect(range.returns.contains { $0.isBeforeEnd && !$0.conditions.isEmpty })
        #expect(range.calls(to: "flush_tlb_mm").count == 1)
        #expect(file.function(named: "__tlbi_user")?.kind == .functionMacro)
    }

    @Test("arm64 tlbflush.h after: the notifier inside __flush_tlb_page_nosync and __flush_tlb_range")
    func arm64After() throws {
        // `after/` (the central patch) still calls mmu_notifier_invalidate_range; `series-after/` has the
        // v6.6 name.
        for (tree, callee) in [("after", "mmu_notifier_invalidate_range"),
                               ("series-after", "mmu_notifier_arch_invalidate_secondary_tlbs")] {
            let (file, lines) = try load("\(tree)/arch/arm64/include/asm/tlbflush.h")
            let page = try #require(file.function(named: "__flush_tlb_page_nosync"))
            checkSpan(page, lines)
            let pageCall = try #require(page.calls(to: callee).first)
            #expect(pageCall.arguments == ["mm", "uaddr & PAGE_MASK", "(uaddr & PAGE_MASK) + PAGE_SIZE"])
            #expect(pageCall.conditions.isEmpty)
            #expect(file.function(atLine: pageCall.line)?.name == "__flush_tlb_page_nosync")

            let range = try #require(file.function(named: "__flush_tlb_range"))
            checkSpan(range, lines)
            let rangeCall = try #require(range.calls(to: callee).first)
            #expect(rangeCall.arguments == ["vma->vm_mm", "start", "end"])
            // The loop consumed `start` before the call.
            #expect(range.assignments.contains { $0.variable == "start" && $0.operation == "+="
                && $0.line < rangeCall.line && $0.conditions.first == .loop("pages > 0") })

            let mm = try #require(file.function(named: "flush_tlb_mm"))
            #expect(mm.calls(to: callee).first?.arguments == ["mm", "0", "-1UL"])
        }
    }

    @Test("asm-generic/tlb.h before: tlb_flush_mmu_tlbonly notifies after tlb_flush")
    func genericBefore() throws {
        let (file, lines) = try load("before/include/asm-generic/tlb.h")
        let function = try #require(file.function(named: "tlb_flush_mmu_tlbonly"))
        checkSpan(function, lines)
        #expect(function.condition == [.preprocessor("defined(CONFIG_MMU)")])
        let notify = try #require(function.calls(to: "mmu_notifier_invalidate_range").first)
        #expect(notify.arguments == ["tlb->mm", "tlb->start", "tlb->end"])
        let flush = try #require(function.calls(to: "tlb_flush").first)
        #expect(flush.line < notify.line)
        #expect(function.returns.first?.isBeforeEnd == true)
        // Two tlb_flush definitions, one per #if branch.
        #expect(file.functions(named: "tlb_flush").count == 2)
    }

    @Test("x86 tlb.c: flush_tlb_mm_range, and the notifier after the change")
    func x86() throws {
        let (before, beforeLines) = try load("before/arch/x86/mm/tlb.c")
        let old = try #require(before.function(named: "flush_tlb_mm_range"))
        checkSpan(old, beforeLines)
        #expect(old.parameters == ["mm", "start", "end", "stride_shift", "freed_tables"])
        #expect(old.calls(to: "mmu_notifier_invalidate_range").isEmpty)
        #expect(old.calls(to: "flush_tlb_multi").count == 1)

        let (after, afterLines) = try load("after/arch/x86/mm/tlb.c")
        let new = try #require(after.function(named: "flush_tlb_mm_range"))
        checkSpan(new, afterLines)
        let notify = try #require(new.calls(to: "mmu_notifier_invalidate_range").first)
        #expect(notify.arguments == ["mm", "start", "end"])
        #expect(notify.conditions.isEmpty)
        // `start`/`end` may be widened to the whole mm before the call.
        #expect(new.assignments.contains { $0.variable == "end" && $0.expression == "TLB_FLUSH_ALL" && $0.line < notify.line })
    }

    @Test("powerpc radix_tlb.c and mmu_notifier.h: #ifdef branches kept as conditions")
    func powerpcAndNotifierHeader() throws {
        let (radix, radixLines) = try load("after/arch/powerpc/mm/book3s64/radix_tlb.c")
        let mm = try #require(radix.function(named: "radix__flush_tlb_mm"))
        checkSpan(mm, radixLines)
        #expect(mm.condition == [.preprocessor("defined(CONFIG_SMP)")])
        #expect(mm.calls(to: "mmu_notifier_invalidate_range").first?.arguments == ["mm", "0", "-1UL"])
        #expect(mm.returns.first?.isBeforeEnd == true)
        #expect(radix.functions(named: "exit_flush_lazy_tlbs").map(\.condition) ==
                [[.preprocessor("defined(CONFIG_SMP)")], [.preprocessor("!defined(CONFIG_SMP)")]])

        let (header, _) = try load("before/include/linux/mmu_notifier.h")
        let notify = try #require(header.function(named: "ptep_clear_flush_notify"))
        #expect(notify.kind == .functionMacro)
        #expect(notify.calls.map(\.callee) == ["ptep_clear_flush", "mmu_notifier_invalidate_range"])
        #expect(header.functions(named: "mmu_notifier_invalidate_range").map(\.condition) ==
                [[.preprocessor("defined(CONFIG_MMU_NOTIFIER)")], [.preprocessor("!defined(CONFIG_MMU_NOTIFIER)")]])
    }
}
