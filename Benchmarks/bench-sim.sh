#!/usr/bin/env bash
# The simulator beside SPIN: states per second and bytes per state.
#
#   Benchmarks/bench-sim.sh BIN [PAGES] [CPUS]
#
# BIN is the shootdown binary (e.g. .build/release/shootdown). It runs
# `shootdown simulate --reference arm64-before|arm64-after --pages N --cpus M --format json`
# (every scenario on the reference placements) and SPIN on ../shared/bench/tlbscale.pml with the
# same pages and CPUs (override the model with TLBSCALE=path).
#
# SPIN runs the model exhaustively: no -DBUGGY, since the model tests `#ifndef BUGGY`, so even
# -DBUGGY=0 drops the notifier and pan stops at the first assertion after a few thousand states.
# The shootdown side is short, so it runs REPEAT times (default 5) and the fastest is kept.
# Extra spin defines go in SPIN_DEFINES (e.g. SPIN_DEFINES=-DBUGGY=0 for the buggy variant).
# pan is built with -DMEMLIM (MB, default 2048) because the model grows fast with NV.
set -euo pipefail

BIN=${1:?usage: bench-sim.sh BIN [PAGES] [CPUS]}
PAGES=${2:-3}
CPUS=${3:-2}
MEMLIM=${MEMLIM:-2048}
SPIN_DEFINES=${SPIN_DEFINES:-}
REPEAT=${REPEAT:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
TLBSCALE=${TLBSCALE:-$HERE/../../shared/bench/tlbscale.pml}
[ -f "$TLBSCALE" ] || TLBSCALE=/work/shared/bench/tlbscale.pml

if ! command -v spin >/dev/null; then
    echo "spin is missing; installing it (apt-get install -y spin)" >&2
    apt-get install -y spin >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for round in $(seq 1 "$REPEAT"); do
    for ref in arm64-before arm64-after; do
        "$BIN" simulate --reference "$ref" --pages "$PAGES" --cpus "$CPUS" --format json >"$work/$ref.$round.json"
    done
done

python3 - "$work" "$REPEAT" >"$work/shootdown.txt" <<'PY'
import json, sys
work, repeat = sys.argv[1], int(sys.argv[2])
best = None
for round in range(1, repeat + 1):
    seconds = sum(run["seconds"] for ref in ("arm64-before", "arm64-after")
                  for run in json.load(open(f"{work}/{ref}.{round}.json"))["runs"])
    if best is None or seconds < best[0]:
        best = (seconds, round)
paths = [f"{work}/{ref}.{best[1]}.json" for ref in ("arm64-before", "arm64-after")]
states = transitions = 0
seconds = 0.0
nbytes = 0
have_bytes = True
runs = 0
for path in paths:
    for run in json.load(open(path))["runs"]:
        runs += 1
        states += run["states"]
        transitions += run["transitions"]
        seconds += run["seconds"]
        if "bytes" in run:
            nbytes += run["bytes"]
        else:
            have_bytes = False
rate = states / seconds if seconds > 0 else 0
per = f"{nbytes / states:.1f}" if have_bytes and states else "n/a"
print(f"{runs} {states} {transitions} {seconds:.4f} {rate:.0f} {per}")
PY
read -r runs sd_states sd_transitions sd_seconds sd_rate sd_bytes <"$work/shootdown.txt"

cp "$TLBSCALE" "$work/tlbscale.pml"
(
    cd "$work"
    # shellcheck disable=SC2086
    spin -DNV="$PAGES" -DNC="$CPUS" $SPIN_DEFINES -a tlbscale.pml >/dev/null
    gcc -O2 -DSAFETY -DMEMLIM="$MEMLIM" -o pan pan.c 2>/dev/null
    ./pan -m1000000 >pan.out 2>&1 || true
)
spin_states=$(awk '/states, stored/ {print $1; exit}' "$work/pan.out")
spin_equiv=$(awk '/equivalent memory usage for states/ {print $1; exit}' "$work/pan.out")
spin_actual=$(awk '/total actual memory usage/ {print $1; exit}' "$work/pan.out")
spin_seconds=$(awk '/pan: elapsed time/ {print $4; exit}' "$work/pan.out")
spin_errors=$(awk '/errors:/ {for (i = 1; i <= NF; i++) if ($i == "errors:") print $(i + 1); exit}' "$work/pan.out")

python3 - "$PAGES" "$CPUS" "$runs" "$sd_states" "$sd_seconds" "$sd_rate" "$sd_bytes" \
    "${spin_states:-0}" "${spin_seconds:-0}" "${spin_equiv:-0}" "${spin_actual:-0}" "${spin_errors:-?}" <<'PY'
import sys
pages, cpus, runs, sd_states, sd_seconds, sd_rate, sd_bytes, sp_states, sp_seconds, sp_equiv, sp_actual, sp_errors = sys.argv[1:]
sd_states, sd_seconds, sd_rate = int(sd_states), float(sd_seconds), float(sd_rate)
sp_states, sp_seconds = int(sp_states), float(sp_seconds)
sp_rate = sp_states / sp_seconds if sp_seconds > 0 else float("nan")
mb = 1024 * 1024
sp_equiv_b = float(sp_equiv) * mb / sp_states if sp_states else float("nan")
sp_actual_b = float(sp_actual) * mb / sp_states if sp_states else float("nan")
print(f"bounds: {pages} pages, {cpus} CPUs, 1 device")
print(f"{'':12} {'states':>12} {'seconds':>9} {'states/s':>12} {'bytes/state':>12}")
print(f"{'shootdown':12} {sd_states:>12} {sd_seconds:>9.4f} {sd_rate:>12.0f} {sd_bytes:>12}   ({runs} runs: every scenario, arm64 before and after; fastest of the repeats)")
print(f"{'spin':12} {sp_states:>12} {sp_seconds:>9.2f} {sp_rate:>12.0f} {sp_equiv_b:>12.1f}   (tlbscale.pml, errors {sp_errors}; {sp_actual_b:.1f} bytes/state with the hash table)")
if sp_rate == sp_rate and sp_rate > 0:
    print(f"speed: {sd_rate / sp_rate:.1f}x SPIN's states per second")
if sd_bytes != "n/a" and sp_states:
    print(f"memory: {float(sd_bytes) / sp_equiv_b:.2f} of SPIN's bytes per state")
PY
