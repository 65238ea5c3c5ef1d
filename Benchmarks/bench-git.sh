#!/bin/sh
# bench-git.sh BIN: times `BIN check` over a generated history of kernel-like C changes against
# `git log -p` over the same range (best of 3 each) and prints the ratio (target: at most 1.0).
# With BENCH_FLOOR set to the libgit2-floor binary (Benchmarks/Package.swift; run.sh builds it), it also
# times libgit2 alone doing the reading check asks of it (one thread, no Swift model): the floor. check
# walks trees and diffs lines itself, so that reading is trees and blobs (`libgit2-floor ... objects`);
# the libgit2 diff it used to ask for (`... patches`) is timed too, for comparison.
#
# The repository is generated once with `git fast-import` and cached under bench-out/ (set
# BENCH_OUT to move it, BENCH_COMMITS to change its size; default 4200 commits).
set -eu

BIN=${1:?usage: bench-git.sh BIN}
OUT=${BENCH_OUT:-bench-out}
COMMITS=${BENCH_COMMITS:-4200}
# v2: the history edits function bodies; the first generator edited any line, heads and braces too,
# and after a few thousand commits most files no longer paired their braces.
REPO="$OUT/git-history-v2-$COMMITS.git"
export LC_ALL=C

generate() {
    rm -rf "$REPO.tmp"
    git init -q --bare "$REPO.tmp"
    # An awk model of a kernel subtree: 160 C files of functions; every commit edits 1-4 files with
    # 2-5 hunks each (replaced, inserted and deleted lines of function bodies), every 25th also adds a
    # function, and every 40th commit renames a file.
    awk -v commits="$COMMITS" '
    function line(f, k,   r) {
        r = int(rand() * 8)
        if (r == 0) return "\tflush_tlb_range(vma, start, end + " k ");"
        if (r == 1) return "\tmmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end);"
        if (r == 2) return "\tif (pte_young(*ptep) && addr < " k ")"
        if (r == 3) return "\t\tret = -EINVAL;"
        if (r == 4) return "\tspin_lock(&mm->page_table_lock);"
        if (r == 5) return "\tspin_unlock(&mm->page_table_lock);"
        if (r == 6) return "\t/* " f " step " k " */"
        return "\tval = READ_ONCE(entry[" k "]);"
    }
    function makefile(f,   n, fn, b) {
        n = 0
        lines[f, ++n] = "// SPDX-License-Identifier: GPL-2.0"
        lines[f, ++n] = "#include <linux/mm.h>"
        lines[f, ++n] = ""
        for (fn = 0; fn < 18; fn++) {
            lines[f, ++n] = "static void " name[f] "_" fn "(struct mm_struct *mm, unsigned long start)"
            lines[f, ++n] = "{"
            for (b = 0; b < 10 + int(rand() * 8); b++) lines[f, ++n] = line(f, b)
            lines[f, ++n] = "}"
            lines[f, ++n] = ""
        }
        count[f] = n
    }
    function emit(f,   i, size) {
        size = 0
        for (i = 1; i <= count[f]; i++) size += length(lines[f, i]) + 1
        printf "M 100644 inline %s\ndata %d\n", path[f], size
        for (i = 1; i <= count[f]; i++) print lines[f, i]
        print ""
    }
    # A line of a function body (the generator indents them; heads, braces and blank lines are not).
    function body(f, i) { return substr(lines[f, i], 1, 1) == "\t" }
    # Commits edit function bodies, as most kernel commits do: each hunk replaces, inserts or deletes
    # lines at the first body line of its part of the file, so every file stays whole C functions.
    function edit(f, serial,   hunks, h, lo, hi, p, op, i, k) {
        hunks = 2 + int(rand() * 4)
        for (h = hunks - 1; h >= 0; h--) {
            lo = 4 + int(h * (count[f] - 4) / hunks)
            hi = 4 + int((h + 1) * (count[f] - 4) / hunks) - 1
            p = lo + int(rand() * (hi - lo + 1))
            while (p <= hi && !body(f, p)) p++
            if (p > hi) continue
            op = int(rand() * 3)
            if (op == 0) {
                lines[f, p] = line(f, serial)
            } else if (op == 1) {
                k = 1 + int(rand() * 3)
                for (i = count[f]; i > p; i--) lines[f, i + k] = lines[f, i]
                for (i = 1; i <= k; i++) lines[f, p + i] = line(f, serial + i)
                count[f] += k
            } else if (count[f] > 120) {
                for (i = p; i < count[f]; i++) lines[f, i] = lines[f, i + 1]
                delete lines[f, count[f]]
                count[f]--
            }
        }
    }
    # A new function after one of the file: a head, braces and a body.
    function addfunction(f, serial,   p, i, k, n) {
        p = 4 + int(rand() * (count[f] - 4))
        while (p <= count[f] && lines[f, p] != "") p++
        if (p > count[f]) return
        n = 4 + int(rand() * 6)
        k = n + 4
        for (i = count[f]; i > p; i--) lines[f, i + k] = lines[f, i]
        lines[f, p + 1] = "static void " name[f] "_n" serial "(struct mm_struct *mm, unsigned long start)"
        lines[f, p + 2] = "{"
        for (i = 1; i <= n; i++) lines[f, p + 2 + i] = line(f, serial + i)
        lines[f, p + n + 3] = "}"
        lines[f, p + n + 4] = ""
        count[f] += k
    }
    BEGIN {
        srand(20230725)
        split("arch/x86/mm arch/arm64/mm arch/powerpc/mm/book3s64 mm drivers/iommu/arm/arm-smmu-v3 drivers/iommu/intel include/linux kernel/events", dirs, " ")
        files = 160
        for (f = 1; f <= files; f++) {
            name[f] = "tlb" f
            path[f] = dirs[1 + (f % 8)] "/" name[f] ".c"
            makefile(f)
        }
        time = 1690000000
        for (c = 1; c <= commits; c++) {
            time += 600
            msg = "mm: change " c "\n\nAdjust the flush ordering for case " c ".\n\nSigned-off-by: Bench Author <bench@example.org>\n"
            printf "commit refs/heads/main\nmark :%d\n", c
            printf "author Bench Author <bench@example.org> %d +0000\n", time
            printf "committer Bench Author <bench@example.org> %d +0000\n", time
            printf "data %d\n%s\n", length(msg), msg
            if (c > 1) printf "from :%d\n", c - 1
            if (c == 1) {
                for (f = 1; f <= files; f++) emit(f)
                continue
            }
            if (c % 40 == 0) {
                f = 1 + int(rand() * files)
                old = path[f]
                name[f] = name[f] "r"
                path[f] = dirs[1 + int(rand() * 8)] "/" name[f] ".c"
                printf "R %s %s\n", old, path[f]
                edit(f, c)
                emit(f)
                continue
            }
            n = 1 + int(rand() * 4)
            for (j = 0; j < n; j++) {
                f = 1 + int(rand() * files)
                if (c % 25 == 0 && j == 0) addfunction(f, c)
                edit(f, c)
                emit(f)
            }
        }
    }' | git --git-dir="$REPO.tmp" fast-import --quiet
    git --git-dir="$REPO.tmp" symbolic-ref HEAD refs/heads/main
    git --git-dir="$REPO.tmp" gc -q --aggressive --prune=now 2>/dev/null || git --git-dir="$REPO.tmp" repack -adq
    mv "$REPO.tmp" "$REPO"
}

mkdir -p "$OUT"
if [ ! -d "$REPO" ]; then
    echo "bench-git: generating $COMMITS commits in $REPO" >&2
    generate
fi

FIRST=$(git --git-dir="$REPO" rev-list --max-parents=0 main)
LAST=$(git --git-dir="$REPO" rev-parse main)
N=$(git --git-dir="$REPO" rev-list --count "$FIRST..$LAST")

# best TIME_FILE: the smallest elapsed time (and its peak RSS) of the runs recorded in TIME_FILE.
best() { sort -n "$1" | head -n 1; }

TIMES="$OUT/bench-git-times"
FLOOR=${BENCH_FLOOR:-}
rm -f "$TIMES.ours" "$TIMES.git" "$TIMES.floor" "$TIMES.patches"
for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -a -o "$TIMES.ours" "$BIN" check "$REPO" "$FIRST..$LAST" --format json >/dev/null
    /usr/bin/time -f '%e %M' -a -o "$TIMES.git" git --git-dir="$REPO" log -p --no-color "$FIRST..$LAST" >/dev/null
    if [ -n "$FLOOR" ]; then
        /usr/bin/time -f '%e %M' -a -o "$TIMES.floor" "$FLOOR" "$REPO" "$FIRST" "$LAST" objects >/dev/null
        /usr/bin/time -f '%e %M' -a -o "$TIMES.patches" "$FLOOR" "$REPO" "$FIRST" "$LAST" patches >/dev/null
    fi
done
set -- $(best "$TIMES.ours")
OURS=$1 OURS_KB=$2
set -- $(best "$TIMES.git")
GIT=$1 GIT_KB=$2
RATIO=$(awk -v a="$OURS" -v b="$GIT" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
echo "git range: $N commits"
echo "  shootdown check --format json: ${OURS}s, ${OURS_KB} KB peak"
echo "  git log -p --no-color:         ${GIT}s, ${GIT_KB} KB peak"
echo "  ratio (target <= 1.0):         $RATIO"
if [ -n "$FLOOR" ]; then
    set -- $(best "$TIMES.floor")
    FLOOR_RATIO=$(awk -v a="$1" -v b="$GIT" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
    echo "  libgit2 alone, one thread:     ${1}s, ${2} KB peak (trees and changed blobs, as check reads them; no model)"
    echo "  libgit2 alone / git log -p:    $FLOOR_RATIO"
    set -- $(best "$TIMES.patches")
    echo "  libgit2's own diff, one thread: ${1}s, ${2} KB peak (tree diffs, patches and lines: what check no longer asks)"
fi
