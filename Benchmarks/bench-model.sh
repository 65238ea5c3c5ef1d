#!/bin/sh
# bench-model.sh BIN [TREE]: times `BIN model --tree TREE --format json` against
# `grep -rl mmu_notifier TREE/arch TREE/include TREE/mm` over the same folders (best of 3 each, wall
# time) and prints the ratio (target: at most 2.0, the model within twice a grep of the tree).
#
# TREE defaults to a whole unpacked 6.12 tree: Debian's linux-source-6.12 unpacked once, all of
# it, into ${XDG_CACHE_HOME:-$HOME/.cache}/shootdown/kernels/6.12-whole (`Tests/Corpus/kernel-trees.sh
# --whole 6.12`; root installs the package with apt-get). The same run also times both over the
# partial tree `make corpus` uses (only the folders the model reads), for comparison.
set -eu

BIN=${1:?usage: bench-model.sh BIN [TREE]}
HERE=$(cd "$(dirname "$0")" && pwd)
TREE=${2:-}
PARTIAL=""
if [ -z "$TREE" ]; then
    TREE=$("$HERE/../Tests/Corpus/kernel-trees.sh" --whole 6.12 || true)
    PARTIAL=$("$HERE/../Tests/Corpus/kernel-trees.sh" | grep '/6\.12$' || true)
fi
if [ -z "$TREE" ] || [ ! -d "$TREE" ]; then
    echo "bench-model: no 6.12 tree (run Tests/Corpus/kernel-trees.sh as root, or pass TREE)" >&2
    exit 66
fi
export LC_ALL=C

now() { date +%s%N; }

# best_of3 COMMAND...: the smallest wall time of three runs, in seconds (standard output discarded).
best_of3() {
    best=""
    for _ in 1 2 3; do
        start=$(now)
        "$@" >/dev/null
        end=$(now)
        elapsed=$((end - start))
        if [ -z "$best" ] || [ "$elapsed" -lt "$best" ]; then best=$elapsed; fi
    done
    awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }'
}

# grep's exit status is 1 when nothing matches; only 2 is a failure.
grep_tree() { grep -rl mmu_notifier "$1/arch" "$1/include" "$1/mm" || [ $? -eq 1 ]; }

# bench TREE: both over one tree, and their ratio.
bench() {
    files=$(find "$1/arch" "$1/include" "$1/mm" -type f | wc -l)
    bytes=$(find "$1/arch" "$1/include" "$1/mm" -type f -exec cat {} + | wc -c)
    model=$(best_of3 "$BIN" model --tree "$1" --format json)
    grep=$(best_of3 grep_tree "$1")
    ratio=$(awk -v a="$model" -v b="$grep" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
    echo "model tree: $1 ($files files, $bytes bytes under arch/ include/ mm/)"
    echo "  shootdown model --tree T --format json:        ${model}s"
    echo "  grep -rl mmu_notifier T/arch T/include T/mm:   ${grep}s"
    echo "  ratio$2:                         $ratio"
}

bench "$TREE" " (target <= 2.0)"
if [ -n "$PARTIAL" ] && [ -d "$PARTIAL" ]; then
    echo "for comparison, the partial tree of make corpus (only the folders the model reads):"
    bench "$PARTIAL" " (no target)    "
fi
