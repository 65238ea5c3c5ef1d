#!/bin/sh
# bench-model.sh BIN [TREE]: times `BIN model --tree TREE --format json` against
# `grep -rl mmu_notifier TREE/arch TREE/include TREE/mm` over the same folders (best of 3 each, wall
# time) and prints the ratio (target: at most 2.0, the model within twice a grep of the tree).
#
# TREE defaults to the 6.12 tree `Tests/Corpus/kernel-trees.sh` unpacks (it unpacks it on first use:
# root installs linux-source-6.12 with apt-get).
set -eu

BIN=${1:?usage: bench-model.sh BIN [TREE]}
HERE=$(cd "$(dirname "$0")" && pwd)
TREE=${2:-}
if [ -z "$TREE" ]; then
    TREE=$("$HERE/../Tests/Corpus/kernel-trees.sh" | grep '/6\.12$' || true)
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
grep_tree() { grep -rl mmu_notifier "$TREE/arch" "$TREE/include" "$TREE/mm" || [ $? -eq 1 ]; }

FILES=$(find "$TREE/arch" "$TREE/include" "$TREE/mm" -type f | wc -l)
BYTES=$(find "$TREE/arch" "$TREE/include" "$TREE/mm" -type f -exec cat {} + | wc -c)
MODEL=$(best_of3 "$BIN" model --tree "$TREE" --format json)
GREP=$(best_of3 grep_tree)
RATIO=$(awk -v a="$MODEL" -v b="$GREP" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
echo "model tree: $TREE ($FILES files, $BYTES bytes under arch/ include/ mm/)"
echo "  shootdown model --tree T --format json:        ${MODEL}s"
echo "  grep -rl mmu_notifier T/arch T/include T/mm:   ${GREP}s"
echo "  ratio (target <= 2.0):                         $RATIO"
