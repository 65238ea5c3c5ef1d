#!/usr/bin/env bash
# The benchmarks of `make bench`.
#
#   Benchmarks/run.sh BIN [ingest|git|model|sim|all]
#
# BIN is the release `shootdown` binary (absolute path). Inputs are generated under bench-out/ and kept
# there between runs (the file names carry size and seed; a changed generator makes them again).
#
# Environment:
#   BENCH_RUNS=5          timed runs per tool; the best time is reported
#   BENCH_SEED=1          seed of the generated mailboxes
#   BENCH_SIZE_MB=40      size of the ingest mailbox
#   BENCH_LARGE=1         also run `BIN series` on a 400 MB mailbox for peak memory
#   BENCH_MAILINFO=0      skip the `git mailsplit + git mailinfo` row (one run; it forks per message)
#   BENCH_KERNEL=DIR      the kernel tree of the model benchmark (default: the whole 6.12 tree that
#                         Tests/Corpus/kernel-trees.sh --whole 6.12 unpacks into its cache, once per
#                         machine, timed beside the partial tree make corpus uses)
#   BENCH_SPLIT_DIR=DIR   where git mailsplit writes its files (default: a tmpfs under /dev/shm when there
#                         is one, so the figure is git's work and not the file system's: on this machine's
#                         ext4 creating 4,000 files costs ~2 s of system time, 20x the split itself)
set -euo pipefail

usage() {
    echo "usage: $0 BIN [ingest|git|model|sim|all]" >&2
    exit 64
}

[[ $# -ge 1 && $# -le 2 ]] || usage
BIN=$1
WHAT=${2:-all}
if [[ ! -f $BIN || ! -x $BIN ]]; then
    echo "run.sh: $BIN: no such executable (build it with 'make build' first)" >&2
    exit 66
fi
case $BIN in
/*) ;;
*) BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN") ;;
esac

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
OUT=$REPO/bench-out
SCRATCH=$REPO/.build-bench
GENERATOR=$SCRATCH/release/mbox-generator
RUNS=${BENCH_RUNS:-5}
SEED=${BENCH_SEED:-1}
SIZE_MB=${BENCH_SIZE_MB:-40}
TIME=/usr/bin/time

for tool in git swift "$TIME"; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 69; }
done
mkdir -p "$OUT"
WORK=$(mktemp -d "$OUT/tmp.XXXXXX")
if [[ -n ${BENCH_SPLIT_DIR:-} ]]; then
    mkdir -p "$BENCH_SPLIT_DIR"
    SPLIT_PARENT=$(mktemp -d "$BENCH_SPLIT_DIR/shootdown-bench.XXXXXX")
    SPLIT_WHERE=$BENCH_SPLIT_DIR
elif [[ -d /dev/shm && -w /dev/shm ]]; then
    SPLIT_PARENT=$(mktemp -d /dev/shm/shootdown-bench.XXXXXX)
    SPLIT_WHERE=tmpfs
else
    SPLIT_PARENT=$WORK
    SPLIT_WHERE=disk
fi
SPLIT=$SPLIT_PARENT/split
trap 'rm -rf "$WORK" "$SPLIT_PARENT"' EXIT

# --- shared helpers ---------------------------------------------------------------------------------

print_machine() {
    echo "== machine"
    echo "date:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "cpus:    $(nproc) ($(uname -m), $(uname -sr))"
    echo "git:     $(git --version)"
    echo "swift:   $(swift --version 2>/dev/null | head -n 1)"
    echo "binary:  $BIN"
    echo
}

# Builds the tools of Benchmarks/Package.swift (mbox-generator, libgit2-floor).
build_generator() {
    echo "== building the benchmark tools (release)" >&2
    swift build -c release --package-path "$HERE" --scratch-path "$SCRATCH" >"$WORK/build.log" 2>&1 || {
        cat "$WORK/build.log" >&2
        echo "run.sh: building the benchmark tools failed" >&2
        exit 70
    }
}

# The generator's own source: a cached mailbox made by another version of it is made again.
generator_stamp() {
    cat "$HERE"/Sources/mbox-generator/*.swift | sha256sum | cut -c1-16
}

# ensure_mbox SIZE_MB: prints the path of the mboxrd mailbox of that size, generating it once.
# Its summary (messages, series, bytes, ...) is kept beside it in FILE.summary.
ensure_mbox() {
    local size=$1
    local file=$OUT/mbox-$size-seed$SEED.mbox
    local stamp
    stamp=$(generator_stamp)
    if [[ -f $file && -f $file.summary ]] && grep -qx "generator: $stamp" "$file.summary"; then
        echo "$file"
        return
    fi
    echo "== generating $file ($size MiB, seed $SEED)" >&2
    rm -f "$file" "$file.summary"
    "$GENERATOR" --size-mb "$size" --seed "$SEED" --format mboxrd "$file.partial" 2>"$WORK/summary"
    echo "generator: $stamp" >>"$WORK/summary"
    mv "$file.partial" "$file"
    mv "$WORK/summary" "$file.summary"
    sed 's/^/   /' "$file.summary" >&2
    echo "$file"
}

# summary_value FILE KEY
summary_value() {
    sed -n "s/^$2: //p" "$1.summary"
}

# time_best RUNS PREPARE COMMAND...: runs COMMAND RUNS times (PREPARE before each, untimed; standard
# output to /dev/null) under /usr/bin/time and sets BEST_SECONDS (the smallest elapsed time) and PEAK_KB
# (the largest max RSS). /usr/bin/time's %e counts hundredths, too coarse for runs of a few hundredths,
# so the elapsed time is read from the nanosecond clock around it (it includes time's own fork, ~1 ms).
time_best() {
    local runs=$1 prepare=$2
    shift 2
    BEST_SECONDS=""
    PEAK_KB=0
    local i seconds kb start end
    for ((i = 0; i < runs; i++)); do
        $prepare
        start=$(date +%s%N)
        if ! "$TIME" -f '%e s %M KB' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr"; then
            echo "run.sh: failed: $*" >&2
            tail -n 20 "$WORK/stderr" >&2
            tail -n 2 "$WORK/time" >&2
            exit 1
        fi
        end=$(date +%s%N)
        read -r seconds _ kb _ < <(tail -n 1 "$WORK/time")
        if [[ $start =~ ^[0-9]+$ && $end =~ ^[0-9]+$ ]]; then
            seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
        fi
        if [[ -z $BEST_SECONDS ]] || awk -v a="$seconds" -v b="$BEST_SECONDS" 'BEGIN { exit !(a < b) }'; then
            BEST_SECONDS=$seconds
        fi
        if ((kb > PEAK_KB)); then PEAK_KB=$kb; fi
    done
}

table_header() {
    printf '%-40s %9s %9s %12s\n' "tool" "seconds" "MiB/s" "peak RSS"
    printf '%-40s %9s %9s %12s\n' "----" "-------" "-----" "--------"
}

# table_row LABEL BYTES: one row from BEST_SECONDS and PEAK_KB.
table_row() {
    local label=$1 bytes=$2
    local rate
    rate=$(awk -v b="$bytes" -v s="$BEST_SECONDS" 'BEGIN { if (s > 0) printf "%.0f", b / 1048576 / s; else print "-" }')
    printf '%-40s %9s %9s %9s MiB\n' "$label" "$BEST_SECONDS" "$rate" "$(awk -v k="$PEAK_KB" 'BEGIN { printf "%.1f", k / 1024 }')"
    printf '%s\t%s\t%s\t%s\n' "$label" "$BEST_SECONDS" "$rate" "$PEAK_KB" >>"$RESULTS"
}

# --- ingest -------------------------------------------------------------------------------------------

clear_split_dir() {
    rm -rf "$SPLIT"
    mkdir "$SPLIT"
}

no_prepare() { :; }

# What a git-based tool does to get at every message: split, then parse each one.
MAILSPLIT_AND_MAILINFO='git mailsplit --mboxrd -o"$1" "$2" >/dev/null || exit 1
for m in "$1"/*; do git mailinfo "$3/msg" "$3/patch" <"$m" >/dev/null 2>&1 || exit 1; done'

bench_ingest() {
    local file bytes messages series
    file=$(ensure_mbox "$SIZE_MB")
    bytes=$(stat -c %s "$file")
    messages=$(summary_value "$file" messages)
    series=$(summary_value "$file" series)
    RESULTS=$OUT/ingest-results.tsv
    printf 'tool\tseconds\tMiB/s\tpeak_kb\n' >"$RESULTS"

    echo "== ingest: $(basename "$file"): $bytes bytes, $messages messages, $series series; best of $RUNS"
    table_header

    time_best "$RUNS" clear_split_dir git mailsplit --mboxrd -o"$SPLIT" "$file"
    local split_count
    split_count=$(find "$SPLIT" -type f | wc -l)
    table_row "git mailsplit --mboxrd (to $SPLIT_WHERE)" "$bytes"

    if [[ ${BENCH_MAILINFO:-1} != 0 ]]; then
        time_best 1 clear_split_dir sh -c "$MAILSPLIT_AND_MAILINFO" sh "$SPLIT" "$file" "$WORK"
        table_row "git mailsplit + mailinfo (1 run)" "$bytes"
    fi

    time_best "$RUNS" no_prepare "$BIN" series "$file" --format json
    table_row "shootdown series --format json" "$bytes"
    echo

    # Correctness beside speed: every tool must see every message, and every patch and cover letter
    # the generator wrote must land in some series.
    local seen placed sent
    "$BIN" series "$file" --format json >"$WORK/series.json"
    seen=$(grep -o '"messages"[[:space:]]*:[[:space:]]*[0-9]*' "$WORK/series.json" | tail -n 1 | grep -o '[0-9]*$' || true)
    echo "messages: generator $messages, git mailsplit $split_count, shootdown ${seen:-?}"
    if [[ $split_count != "$messages" || $seen != "$messages" ]]; then
        echo "run.sh: WARNING: message counts differ" >&2
    fi
    sent=$(($(summary_value "$file" patches) + $(summary_value "$file" cover-letters)))
    if command -v python3 >/dev/null; then
        placed=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(sum(len(v.get("messageIds", [])) for s in d.get("series", []) for v in s.get("versions", [])))' "$WORK/series.json" 2>/dev/null || echo "?")
        echo "patches and cover letters in a series: shootdown $placed of $sent"
        if [[ $placed =~ ^[0-9]+$ && $placed != "$sent" ]]; then
            echo "run.sh: WARNING: shootdown series left $((sent - placed)) of them out of every series" >&2
        fi
    fi

    if [[ ${BENCH_LARGE:-0} == 1 ]]; then
        local large large_bytes
        large=$(ensure_mbox 400)
        large_bytes=$(stat -c %s "$large")
        echo
        echo "== ingest, large: $(basename "$large"): $large_bytes bytes, $(summary_value "$large" messages) messages; 1 run"
        table_header
        time_best 1 no_prepare "$BIN" series "$large" --format json
        table_row "shootdown series (400 MiB)" "$large_bytes"
    fi
    echo
}

# --- model ------------------------------------------------------------------------------------------

# `shootdown model` on a whole kernel tree beside a grep over the same folders (bench-model.sh).
bench_model() {
    echo "== model: best of 3 (wall time)"
    if ! "$HERE/bench-model.sh" "$BIN" ${BENCH_KERNEL:+"$BENCH_KERNEL"}; then
        echo "run.sh: no kernel tree for the model benchmark (run Tests/Corpus/kernel-trees.sh --whole 6.12 as root, or set BENCH_KERNEL)" >&2
    fi
    echo
}

# --- main ---------------------------------------------------------------------------------------------

print_machine
bench_git() {
    echo "== git: shootdown check beside git log -p"
    BENCH_FLOOR="$SCRATCH/release/libgit2-floor" BENCH_OUT="$OUT" "$HERE/bench-git.sh" "$BIN"
}

bench_sim() {
    echo "== simulator: shootdown simulate beside SPIN"
    "$HERE/bench-sim.sh" "$BIN" "${BENCH_PAGES:-3}" "${BENCH_CPUS:-2}"
}

case $WHAT in
ingest)
    build_generator
    bench_ingest
    ;;
model) bench_model ;;
git)
    build_generator
    bench_git
    ;;
sim) bench_sim ;;
all)
    build_generator
    bench_ingest
    bench_git
    bench_model
    bench_sim
    ;;
*) echo "usage: run.sh BIN [ingest|git|model|sim|all]" >&2; exit 64 ;;
esac
