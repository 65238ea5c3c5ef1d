#!/usr/bin/env bash
# Fuzz/run.sh TARGET SECONDS: builds the libFuzzer harness Fuzz/TARGET.swift and runs it for SECONDS.
#
# How it builds (swiftc only, no SwiftPM): PatchModel and KernelModel are compiled once with
# `-sanitize=fuzzer,address` into static libraries and .swiftmodule files under .build-fuzz/
# (rebuilt when a source is newer than its library); each harness is one small file compiled against
# them and linked with `-lz` (CZlib is a system module found through `-I Sources/CZlib`).
# Corpus: Fuzz/seeds/TARGET/ (read only) plus .build-fuzz/corpus/TARGET/ (what the fuzzer adds).
# Crashes go to .build-fuzz/crashes/TARGET-*; reproduce one with `.build-fuzz/fuzz-TARGET FILE`.
# Environment: FUZZ_MAX_LEN (default 16384).
set -euo pipefail
cd "$(dirname "$0")/.."

targets="mbox mime subject trailers patch-body diff c-scanner hunk-locator range-evaluator line-diff"
usage() { echo "usage: Fuzz/run.sh TARGET SECONDS   (TARGET: $targets, or 'build' to only compile all)" >&2; exit 64; }
[ $# -ge 1 ] || usage
target=$1
seconds=${2:-60}

out=.build-fuzz
flags=(-parse-as-library -O -g -sanitize=fuzzer,address -I "$out" -I Sources/CZlib)
mkdir -p "$out"

# Quiet the linker's harmless "Cannot export local symbol '__asan_...'" warnings (ld.gold).
quiet() { grep -v -e "Cannot export local symbol" -e "^$" >&2 || true; }

# build_module NAME: compiles Sources/NAME into $out/libNAME.a and $out/NAME.swiftmodule when stale.
build_module() {
    local name=$1 lib="$out/lib$1.a"
    if [ -f "$lib" ] && [ -z "$(find "Sources/$name" -name '*.swift' -newer "$lib" -print -quit)" ] \
        && { [ "$name" = PatchModel ] || [ ! "$out/libPatchModel.a" -nt "$lib" ]; }; then
        return 0
    fi
    echo "fuzz: compiling $name" >&2
    rm -f "$lib"  # a failed compile must not leave a library that looks fresh
    swiftc "${flags[@]}" -module-name "$name" $(find "Sources/$name" -name '*.swift' | sort) \
        -emit-module -emit-module-path "$out/$name.swiftmodule" -emit-library -static -o "$lib" 2>&1 | quiet
    [ -f "$lib" ] || { echo "fuzz: compiling $name failed" >&2; exit 1; }
}

# build_harness TARGET: links Fuzz/TARGET.swift with the modules into $out/fuzz-TARGET when stale.
build_harness() {
    local t=$1 bin="$out/fuzz-$1"
    [ -f "Fuzz/$t.swift" ] || usage
    build_module PatchModel
    local libs=("$out/libPatchModel.a")
    if grep -q '^import KernelModel' "Fuzz/$t.swift"; then
        build_module KernelModel
        libs=("$out/libKernelModel.a" "$out/libPatchModel.a")
    fi
    if [ -f "$bin" ] && [ ! "Fuzz/$t.swift" -nt "$bin" ] && [ ! "${libs[0]}" -nt "$bin" ] && [ ! "${libs[-1]}" -nt "$bin" ]; then
        return 0
    fi
    echo "fuzz: linking $t" >&2
    swiftc "${flags[@]}" -module-name "Fuzz_${t//-/_}" "Fuzz/$t.swift" "${libs[@]}" -lz -o "$bin" 2>&1 | quiet
    [ -f "$bin" ] || { echo "fuzz: linking $t failed" >&2; exit 1; }
}

if [ "$target" = build ]; then
    for t in $targets; do build_harness "$t"; done
    exit 0
fi
case " $targets " in *" $target "*) ;; *) usage ;; esac
build_harness "$target"

corpus="$out/corpus/$target"
mkdir -p "$corpus" "$out/crashes"
log="$out/fuzz-$target.log"
set +e
export SWIFT_BACKTRACE=enable=no
# The modules' own test fixtures seed the fuzzers too (read only), so they are not copied here.
case $target in
c-scanner) fixtures="Tests/KernelModelTests/Fixtures/scanner Tests/KernelModelTests/Fixtures/placement/patterns/arch/arm64/include/asm" ;;
diff) fixtures="Tests/PatchModelTests/Fixtures/diffs" ;;
mbox) fixtures="Tests/PatchModelTests/Fixtures/mbox" ;;
mime) fixtures="Tests/PatchModelTests/Fixtures/mail" ;;
patch-body) fixtures="Tests/PatchModelTests/Fixtures/bodies" ;;
*) fixtures="" ;;
esac
seeds="Fuzz/seeds/$target"
[ -d "$seeds" ] || seeds=""
# shellcheck disable=SC2086
"$out/fuzz-$target" "$corpus" $seeds $fixtures \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len="${FUZZ_MAX_LEN:-16384}" \
    -artifact_prefix="$out/crashes/$target-" -print_final_stats=1 >"$log" 2>&1
status=$?
set -e
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
if [ $status -ne 0 ]; then
    grep -E "ERROR|SUMMARY|Fatal error|Test unit written|==[0-9]+==" "$log" | head -20 >&2
    echo "fuzz $target: FAILED (exit $status) after ${runs:-?} executions; log $log" >&2
    exit 1
fi
echo "fuzz $target: ${runs:-?} executions in $seconds s, no crash (corpus $(ls "$corpus" | wc -l) files)"
