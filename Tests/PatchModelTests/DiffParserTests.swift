import Foundation
import PatchModel
import Testing

@Suite struct DiffParserTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/diffs")

    func fixture(_ name: String) throws -> [FileDiff] {
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(name + ".diff")))
        return try DiffParser.parse(bytes)
    }

    func parse(_ text: String, firstLine: Int = 1) throws -> [FileDiff] {
        try DiffParser.parse(Array(text.utf8), firstLine: firstLine)
    }

    func parseError(_ text: String, firstLine: Int = 1,
                    location: InputLocation = InputLocation()) -> IngestError? {
        do {
            _ = try DiffParser.parse(Array(text.utf8), firstLine: firstLine, location: location)
            return nil
        } catch {
            return error
        }
    }

    /// A hunk's line kinds as ` `, `+` and `-`, as the diff shows them.
    func shape(_ hunk: Hunk) -> String {
        String(hunk.lines.map { line -> Character in
            switch line.kind {
            case .context: " "
            case .added: "+"
            case .removed: "-"
            }
        })
    }

    func numbers(_ hunk: Hunk) -> [Int] { [hunk.oldStart, hunk.oldCount, hunk.newStart, hunk.newCount] }

    // MARK: Fixtures

    @Test func plainModifyWithSectionHeading() throws {
        let files = try fixture("modify-section")
        try #require(files.count == 1)
        let file = files[0]
        #expect(file.kind == .modified)
        #expect(file.oldPath == "arch/toy/include/asm/tlbflush.h")
        #expect(file.newPath == "arch/toy/include/asm/tlbflush.h")
        #expect(file.oldObject == "4f11094")
        #expect(file.newObject == "7b84e39")
        #expect(file.oldMode == "100644" && file.newMode == "100644")
        #expect(file.headerLine == 1)
        #expect(!file.isBinary)
        try #require(file.hunks.count == 1)
        let hunk = file.hunks[0]
        #expect(numbers(hunk) == [26, 6, 26, 8])
        #expect(hunk.section == "static inline void flush_tlb_page(struct vm_area_struct *vma,")
        #expect(hunk.headerLine == 5)
        #expect(shape(hunk) == "   ++   ")
        #expect(hunk.lines[0].text.isEmpty)
        #expect(hunk.lines[3].string.hasPrefix("\tmmu_notifier_arch_invalidate_secondary_tlbs(vma->vm_mm,"))
        #expect(hunk.lines[5].string == "}")
    }

    @Test func severalFilesAndHunks() throws {
        let files = try fixture("several-files")
        #expect(files.map(\.path) == ["arch/toy/include/asm/tlbflush.h", "mm/toy_notify.c"])
        #expect(files.map(\.headerLine) == [1, 29])
        #expect(files.map(\.kind) == [.modified, .modified])
        try #require(files.count == 2)
        #expect(files[0].hunks.map(numbers) == [[4, 6, 4, 7], [17, 6, 18, 7], [37, 6, 39, 7]])
        #expect(files[0].hunks.map(\.headerLine) == [5, 13, 21])
        #expect(files[0].hunks.map(\.section) == [
            "", "static inline void flush_tlb_mm(struct mm_struct *mm)",
            "static inline void flush_tlb_range(struct vm_area_struct *vma,",
        ])
        #expect(files[0].addedCount == 3 && files[0].removedCount == 0)
        #expect(files[1].hunks.map(numbers) == [[4, 7, 4, 5]])
        #expect(files[1].hunks.map(shape) == ["   ---+ "])
        #expect(files[1].addedCount == 1 && files[1].removedCount == 3)
    }

    @Test func newFileStartsAtZero() throws {
        let files = try fixture("new-file")
        try #require(files.count == 1)
        let file = files[0]
        #expect(file.kind == .added)
        #expect(file.oldPath == nil)
        #expect(file.newPath == "include/linux/toy_sva.h")
        #expect(file.newMode == "100644")
        #expect(file.oldMode == nil)
        #expect(file.oldObject == "0000000" && file.newObject == "a3dd82a")
        #expect(file.hunks.map(numbers) == [[0, 0, 1, 3]])
        #expect(file.hunks.map(shape) == ["+++"])
        #expect(file.hunks.first?.lines.last?.string == "void toy_sva_unbind(struct mm_struct *mm);")
    }

    @Test func deletedFile() throws {
        let files = try fixture("deleted-file")
        try #require(files.count == 1)
        #expect(files[0].kind == .deleted)
        #expect(files[0].oldPath == "mm/toy_notify.c")
        #expect(files[0].newPath == nil)
        #expect(files[0].path == "mm/toy_notify.c")
        #expect(files[0].oldMode == "100644")
        #expect(files[0].hunks.map(numbers) == [[1, 10, 0, 0]])
        #expect(files[0].removedCount == 10 && files[0].addedCount == 0)
    }

    @Test func renameWithoutChanges() throws {
        let files = try fixture("rename-pure")
        try #require(files.count == 1)
        #expect(files[0].kind == .renamed)
        #expect(files[0].oldPath == "mm/toy_notify.c")
        #expect(files[0].newPath == "mm/toy_secondary.c")
        #expect(files[0].similarity == 100)
        #expect(files[0].hunks.isEmpty)
    }

    @Test func renameWithChanges() throws {
        let files = try fixture("rename-changed")
        try #require(files.count == 1)
        #expect(files[0].kind == .renamed)
        #expect(files[0].oldPath == "drivers/iommu/toy-sva.c")
        #expect(files[0].newPath == "drivers/iommu/toy-smmu-sva.c")
        #expect(files[0].similarity == 93)
        #expect(files[0].hunks.map(numbers) == [[15, 6, 15, 7]])
        #expect(files[0].hunks.first?.headerLine == 8)
    }

    @Test func renameOfPathsWithSpaces() throws {
        let files = try fixture("rename-spaces")
        try #require(files.count == 1)
        #expect(files[0].kind == .renamed)
        #expect(files[0].oldPath == "mm/toy notify old.c")
        #expect(files[0].newPath == "mm/toy notify new.c")
        #expect(files[0].similarity == 88)
        #expect(files[0].hunks.map(shape) == ["   -+  "])
    }

    @Test func copy() throws {
        let files = try fixture("copy")
        try #require(files.count == 1)
        #expect(files[0].kind == .copied)
        #expect(files[0].oldPath == "drivers/iommu/toy-sva.c")
        #expect(files[0].newPath == "drivers/iommu/toy-sva-v2.c")
        #expect(files[0].similarity == 97)
        #expect(files[0].hunks.map(numbers) == [[5, 7, 5, 7]])
        #expect(files[0].hunks.map(\.section) == [""])
    }

    @Test func modeChangeOnly() throws {
        let files = try fixture("mode-only")
        try #require(files.count == 1)
        #expect(files[0].kind == .modified)
        #expect(files[0].path == "arch/toy/mm/tlb.c")
        #expect(files[0].oldMode == "100644")
        #expect(files[0].newMode == "100755")
        #expect(files[0].hunks.isEmpty)
        #expect(files[0].oldObject == nil)
    }

    @Test func modeChangeWithContent() throws {
        let files = try fixture("mode-and-content")
        try #require(files.count == 1)
        #expect(files[0].oldMode == "100644")
        #expect(files[0].newMode == "100755")
        #expect(files[0].oldObject == "80b7552")
        #expect(files[0].hunks.map(shape) == ["  +"])
        #expect(files[0].hunks.first?.lines.last?.string == "echo done")
    }

    @Test func binaryFilesDiffer() throws {
        let files = try fixture("binary-differ")
        try #require(files.count == 1)
        #expect(files[0].isBinary)
        #expect(files[0].kind == .modified)
        #expect(files[0].path == "arch/toy/mm/ucode.bin")
        #expect(files[0].hunks.isEmpty)
    }

    @Test func gitBinaryPatchLiteral() throws {
        let files = try fixture("binary-literal")
        try #require(files.count == 1)
        #expect(files[0].isBinary)
        #expect(files[0].path == "arch/toy/mm/ucode.bin")
        #expect(files[0].oldObject == "0f9b779e4c89083f414512f9af05da5662ea2b29")
        #expect(files[0].hunks.isEmpty)
    }

    @Test func noNewlineAtEndOnBothSides() throws {
        let files = try fixture("no-newline")
        let hunk = try #require(files.first?.hunks.first)
        #expect(numbers(hunk) == [2, 4, 2, 4])
        #expect(hunk.section == "Toy TLB notes")
        #expect(shape(hunk) == "   -+")
        #expect(hunk.lines.map(\.noNewlineAtEnd) == [false, false, false, true, true])
        #expect(hunk.lines[3].string == "Broadcast is not available.")
        #expect(hunk.lines[4].string == "Broadcast is available on toy v2.")
    }

    @Test func quotedAndSpacedPaths() throws {
        let files = try fixture("quoted-paths")
        #expect(files.map(\.path) == ["Documentation/toy/café.txt", "Documentation/toy/flush notes/order.txt"])
        #expect(files.map(\.oldPath) == ["Documentation/toy/café.txt", "Documentation/toy/flush notes/order.txt"])
        #expect(files.map(\.kind) == [.modified, .modified])
        #expect(files.first?.hunks.first?.lines.last?.string == "Notes by René and Zoë")
    }

    @Test func omittedCountsMeanOne() throws {
        let files = try fixture("omitted-counts")
        let hunks = try #require(files.first?.hunks)
        #expect(hunks.map(numbers) == [[5, 1, 5, 1], [28, 1, 28, 1]])
        #expect(hunks.map(shape) == ["-+", "-+"])
        #expect(hunks.map(\.section) == ["", "void toy_flush_tlb_batch(struct toy_batch *batch)"])
    }

    @Test func signatureAfterTheLastHunkIsNotARemovedLine() throws {
        let files = try fixture("signature")
        try #require(files.count == 1)
        #expect(files[0].headerLine == 14)
        let hunk = try #require(files[0].hunks.first)
        #expect(hunk.headerLine == 18)
        #expect(shape(hunk) == "   ++  ")
        #expect(files[0].removedCount == 0)
    }

    @Test func crlfLineEndsAreDropped() throws {
        let files = try fixture("crlf")
        try #require(files.count == 1)
        #expect(files[0].path == "drivers/iommu/toy-sva.c")
        #expect(files[0].newObject == "fc17ddf")
        #expect(files[0].newMode == "100644")
        let hunk = try #require(files[0].hunks.first)
        #expect(numbers(hunk) == [13, 7, 13, 10])
        #expect(hunk.section == "static void toy_sva_invalidate(struct mmu_notifier *mn, struct mm_struct *mm,")
        #expect(shape(hunk) == "   -++++   ")
        #expect(hunk.lines.allSatisfy { $0.text.last != UInt8(ascii: "\r") })
        #expect(hunk.lines[2].text.isEmpty)
    }

    @Test func emptyContextLineWithoutItsSpace() throws {
        let files = try fixture("empty-context")
        let hunk = try #require(files.first?.hunks.first)
        #expect(numbers(hunk) == [8, 6, 8, 9])
        #expect(shape(hunk) == "   +++   ")
        #expect(hunk.lines[2].kind == .context && hunk.lines[2].text.isEmpty)
    }

    @Test func noPrefixPaths() throws {
        let files = try fixture("no-prefix")
        #expect(files.map(\.oldPath) == ["arch/toy/mm/tlb.c"])
        #expect(files.map(\.newPath) == ["arch/toy/mm/tlb.c"])
    }

    @Test func traditionalDiffWithoutGitHeaders() throws {
        let files = try fixture("traditional")
        #expect(files.map(\.kind) == [.added, .modified, .deleted])
        #expect(files.map(\.oldPath) == [nil, "mm/toy_notify.c", "mm/toy_old.c"])
        #expect(files.map(\.newPath) == ["mm/toy_new.c", "mm/toy_notify.c", nil])
        #expect(files.map(\.headerLine) == [6, 13, 22])
        #expect(files.map { $0.hunks.map(numbers) } == [[[0, 0, 1, 3]], [[7, 4, 7, 5]], [[1, 1, 0, 0]]])
    }

    @Test func rewriteWithDissimilarity() throws {
        let files = try fixture("rewrite")
        try #require(files.count == 1)
        #expect(files[0].kind == .modified)
        #expect(files[0].path == "arch/toy/include/asm/tlbflush.h")
        #expect(files[0].hunks.map(numbers) == [[1, 42, 1, 2]])
        #expect(files[0].removedCount == 42 && files[0].addedCount == 2)
    }

    @Test func combinedDiffIsSkipped() throws {
        let files = try fixture("combined-skipped")
        #expect(files.map(\.path) == ["include/linux/toy_sva.h", "mm/toy_notify.c"])
        #expect(files.map(\.kind) == [.added, .deleted])
        #expect(files.map(\.headerLine) == [1, 24])
    }

    @Test func countsThatLieEndTheHunk() throws {
        let files = try fixture("lying-counts")
        #expect(files.map(\.path) == ["arch/toy/include/asm/tlbflush.h", "mm/toy_notify.c"])
        let last = try #require(files.first?.hunks.last)
        #expect(numbers(last) == [37, 4, 39, 5])
        #expect(shape(last) == "   + ")
        #expect(files.last?.hunks.map(shape) == ["   ---+ "])
    }

    // MARK: Inline cases

    @Test func headerLinesCountFromFirstLine() throws {
        let text = "junk before\n" + "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n"
        let files = try parse(text, firstLine: 40)
        #expect(files.first?.headerLine == 41)
        #expect(files.first?.hunks.first?.headerLine == 44)
    }

    @Test func commitMessageDashesAreNotAHeader() throws {
        let text = "Some text\n---\n+++ not a header\n x.c | 2 +-\n\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n"
        let files = try parse(text)
        #expect(files.map(\.headerLine) == [6])
        #expect(files.map(\.path) == ["x.c"])
    }

    @Test func traditionalDevNullMarksNewAndDeletedFiles() throws {
        let text = "--- /dev/null\n+++ b/new.c\n@@ -0,0 +1 @@\n+x\n--- a/old.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-y\n"
        let files = try parse(text)
        #expect(files.map(\.kind) == [.added, .deleted])
        #expect(files.map(\.path) == ["new.c", "old.c"])
    }

    @Test func quotedNameOnOneSideOnly() throws {
        let text = "diff --git a/plain.c \"b/t\\303\\251st.c\"\nsimilarity index 90%\n"
            + "rename from plain.c\nrename to \"t\\303\\251st.c\"\n"
        let files = try parse(text)
        #expect(files.map(\.oldPath) == ["plain.c"])
        #expect(files.map(\.newPath) == ["tést.c"])
        #expect(files.map(\.kind) == [.renamed])
    }

    @Test func gitNamesAloneGiveThePathsOfAModeChange() throws {
        let files = try parse("diff --git a/my dir/a b.sh b/my dir/a b.sh\nold mode 100644\nnew mode 100755\n")
        #expect(files.map(\.oldPath) == ["my dir/a b.sh"])
        #expect(files.map(\.newPath) == ["my dir/a b.sh"])
    }

    @Test func noNewlineMarkerInsideAHunk() throws {
        let text = "--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n-old\n\\ No newline at end of file\n+new\n+more\n"
        let hunk = try #require(try parse(text).first?.hunks.first)
        #expect(hunk.lines.map(\.noNewlineAtEnd) == [true, false, false])
    }

    @Test func signatureWithoutNewlineAfterAHunkOfRemovedLines() throws {
        let text = "--- a/x\n+++ b/x\n@@ -1,2 +1 @@\n-a\n-b\n+c\n-- \n2.39.0"
        let files = try parse(text)
        #expect(files.first?.hunks.map(shape) == ["--+"])
    }

    @Test func combinedDiffAloneGivesNoFiles() throws {
        let text = "diff --cc x.c\nindex 1,2..3\n--- a/x.c\n+++ b/x.c\n@@@ -1,1 -1,1 +1,1 @@@\n- a\n -b\n++c\n"
        #expect(try parse(text).isEmpty)
    }

    @Test func emptyAndHeaderlessInputs() throws {
        #expect(try parse("").isEmpty)
        #expect(try parse("just a commit message\n\nSigned-off-by: A <a@b>\n").isEmpty)
        #expect(try parse("@@ -1 +1 @@\n-a\n+b\n").isEmpty)
        let bare = try parse("diff --git a/x b/x")
        #expect(bare.map(\.path) == ["x"])
    }

    @Test func dissimilarityAndIndexWithoutMode() throws {
        let text = "diff --git a/x b/x\ndissimilarity index 99%\nindex abc..def\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n"
        let file = try #require(try parse(text).first)
        #expect(file.oldObject == "abc" && file.newObject == "def")
        #expect(file.oldMode == nil && file.newMode == nil)
        #expect(file.hunks.count == 1)
    }

    // MARK: Malformed input

    @Test func badHunkHeaderIsMalformedAtItsLine() {
        let text = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +one @@\n a\n"
        let error = parseError(text, firstLine: 10, location: InputLocation(file: "s.mbox", message: 2))
        #expect(error?.category == .malformed)
        #expect(error?.location == InputLocation(file: "s.mbox", message: 2, line: 13))
        #expect(error?.reason.contains("@@ -1,2 +one @@") == true)
    }

    @Test func truncatedHunkIsMalformedAtItsHeader() {
        let text = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,3 +1,4 @@\n a\n+b\n"
        let error = parseError(text)
        #expect(error?.category == .malformed)
        #expect(error?.location.line == 4)
        #expect(error?.reason.contains("ends early") == true)
    }

    @Test func hunkCutShortByTheNextFileIsMalformed() {
        let text = "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\ndiff --git a/y b/y\n"
        let error = parseError(text)
        #expect(error?.location.line == 5)
        #expect(error?.reason.contains("hunk at line 3 ends early") == true)
    }

    @Test func lineThatDoesNotFitTheCountsIsMalformed() {
        let text = "--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n-a\n-b\n+c\n"
        let error = parseError(text)
        #expect(error?.location.line == 5)
        #expect(error?.reason.contains("does not fit the counts of the hunk at line 3") == true)
    }

    @Test func hunkAfterJunkIsMalformed() {
        let text = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n+extra\n@@ -9 +9 @@\n-c\n+d\n"
        let error = parseError(text)
        #expect(error?.location.line == 7)
        #expect(error?.reason.contains("follows junk after the header at line 3") == true)
    }

    @Test func hugeCountsDoNotParse() {
        let error = parseError("--- a/x\n+++ b/x\n@@ -1,99999999999 +1 @@\n-a\n")
        #expect(error?.location.line == 3)
    }

    @Test func neverCrashesOnTruncatedHeaders() throws {
        let pieces = ["diff --git ", "diff --git \"a/unterminated", "diff --git \"a/x\"", "rename from \"\\",
                      "index ..", "index abc", "similarity index x%", "@@", "@@ -", "--- \"", "+++ ",
                      "GIT binary patch", "\\", "\r", "\r\n", "\"\\7"]
        for first in pieces {
            for second in pieces {
                let text = "diff --git a/x b/x\n" + first + "\n" + second
                _ = try? DiffParser.parse(Array(text.utf8))
                _ = try? DiffParser.parse(Array((first + second).utf8))
            }
        }
    }

    @Test func longInputParsesInLinearTime() throws {
        var text = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,200000 +1,200000 @@\n"
        text += String(repeating: " context line\n", count: 200_000)
        text += String(repeating: "junk\n", count: 100_000)
        let clock = ContinuousClock()
        let start = clock.now
        let files = try parse(text)
        #expect(files.first?.hunks.first?.lines.count == 200_000)
        #expect(clock.now - start < .seconds(10))
    }

    /// Paths that leave the tree once `a/`/`b/` is stripped are refused at their header, naming the path.
    @Test(arguments: [
        "diff --git a/../../etc/passwd b/../../etc/passwd\n--- a/../../etc/passwd\n+++ b/../../etc/passwd\n@@ -1 +1 @@\n-x\n+y\n",
        "diff --git /etc/passwd /etc/passwd\n--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-x\n+y\n",
        "diff --git a/mm/x.c b/mm/x.c\nsimilarity index 90%\nrename from mm/x.c\nrename to mm/../../x.c\n",
        "diff --git a/mm/x.c b/mm/x.c\n--- a/mm/x.c\n+++ \"b/mm/\\000x.c\"\n@@ -1 +1 @@\n-x\n+y\n",
        "some text\n--- a/../../etc/passwd\n+++ b/mm/../../../etc/passwd\n@@ -1 +1 @@\n-x\n+y\n",
        "diff --git a//etc/passwd b//etc/passwd\n--- a//etc/passwd\n+++ b//etc/passwd\n@@ -1 +1 @@\n-x\n+y\n",
    ])
    func pathsOutsideTheTreeAreRefused(text: String) {
        let error = parseError(text, location: InputLocation(file: "x.mbox", message: 4))
        #expect(error?.category == .malformed)
        #expect(error?.reason.contains("names a path outside the tree") == true, "\(String(describing: error))")
        #expect(error?.location.message == 4)
        #expect(error.map { !"\($0)".contains("\n") } == true)
    }

    @Test func pathsInsideTheTreeAreKept() throws {
        let files = try parse("diff --git a/mm/..x/a..b.c b/mm/..x/a..b.c\n--- a/mm/..x/a..b.c\n+++ b/mm/..x/a..b.c\n@@ -1 +1 @@\n-x\n+y\n")
        #expect(files.first?.path == "mm/..x/a..b.c")
        #expect(DiffParser.isInsideTree("mm/./x.c"))
        #expect(!DiffParser.isInsideTree("mm/.."))
        #expect(!DiffParser.isInsideTree("/mm/x.c"))
        #expect(!DiffParser.isInsideTree(""))
    }
}
