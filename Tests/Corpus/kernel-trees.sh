#!/bin/sh
# kernel-trees.sh --whole VERSION [CACHE]: unpacks all of Debian's linux-source-VERSION once into
# CACHE/VERSION-whole and prints that folder (what `make bench` times `model` on).
#
# kernel-trees.sh [CACHE]: makes the parts of Debian's linux-source-6.1 and linux-source-6.12 that the
# placement model reads available under CACHE/6.1 and CACHE/6.12 and prints those two folders, one a
# line (what `make corpus` passes in SHOOTDOWN_KERNELS). Also makes sure `spatch` (Coccinelle) is there
# for the scanner oracle.
#
# CACHE defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/shootdown/kernels, outside the repository. The apt
# download and the partial untar happen once: a folder with a `.complete` stamp is reused as it is.
# Without root, missing packages are not installed: the script says so and leaves that tree out.
# Messages go to standard error; standard output carries only the folders.
set -eu

WHOLE=""
if [ "${1:-}" = "--whole" ]; then
    WHOLE=${2:?usage: kernel-trees.sh --whole VERSION [CACHE]}
    shift 2
fi
CACHE=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/shootdown/kernels}
VERSIONS="6.1 6.12"

say() { echo "kernel-trees: $*" >&2; }

is_root() { [ "$(id -u)" = 0 ]; }

APT_UPDATED=0
apt_install() {
    if ! is_root; then
        say "not root: cannot install $*; run as root: apt-get install -y $*"
        return 1
    fi
    if [ "$APT_UPDATED" = 0 ]; then
        apt-get update -qq >/dev/null 2>&1 || say "apt-get update failed; trying the install anyway"
        APT_UPDATED=1
    fi
    say "installing $* (log: $CACHE/apt.log)"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$CACHE/apt.log" 2>&1; then
        tail -n 20 "$CACHE/apt.log" >&2
        say "installing $* failed"
        return 1
    fi
}

# The members the model reads, relative to the top of the tree (tar --wildcards patterns).
members() {
    for arch in arm64 powerpc x86 riscv; do
        echo "arch/$arch/mm/*"
        echo "arch/$arch/include/asm/*"
    done
    echo "include/asm-generic/*"
    echo "include/linux/mmu_notifier.h"
    echo "include/linux/pgtable.h"
    echo "mm/*"
    echo "fs/proc/task_mmu.c"
}

unpack() {
    version=$1
    target=$CACHE/$version
    if [ -f "$target/.complete" ]; then
        echo "$target"
        return 0
    fi
    tarball=/usr/src/linux-source-$version.tar.xz
    if [ ! -f "$tarball" ]; then
        apt_install "linux-source-$version" || return 0
    fi
    if [ ! -f "$tarball" ]; then
        say "no $tarball after installing linux-source-$version: leaving $version out"
        return 0
    fi
    say "unpacking the model's files of $tarball into $target"
    rm -rf "$target.partial"
    mkdir -p "$target.partial"
    top=linux-source-$version
    # shellcheck disable=SC2046 # one pattern per word, none with spaces
    tar -xJf "$tarball" -C "$target.partial" --strip-components=1 --wildcards \
        $(members | sed "s|^|$top/|")
    rm -rf "$target"
    mv "$target.partial" "$target"
    date -u '+%Y-%m-%d %H:%M:%S UTC' >"$target/.complete"
    echo "$target"
}

# unpack_whole VERSION: the whole tree, for the benchmark.
unpack_whole() {
    version=$1
    target=$CACHE/$version-whole
    if [ -f "$target/.complete" ]; then
        echo "$target"
        return 0
    fi
    tarball=/usr/src/linux-source-$version.tar.xz
    [ -f "$tarball" ] || apt_install "linux-source-$version" || return 1
    [ -f "$tarball" ] || { say "no $tarball after installing linux-source-$version"; return 1; }
    say "unpacking all of $tarball into $target"
    rm -rf "$target.partial"
    mkdir -p "$target.partial"
    tar -xJf "$tarball" -C "$target.partial" --strip-components=1
    rm -rf "$target"
    mv "$target.partial" "$target"
    date -u '+%Y-%m-%d %H:%M:%S UTC' >"$target/.complete"
    echo "$target"
}

mkdir -p "$CACHE"
if [ "$WHOLE" != "" ]; then
    unpack_whole "$WHOLE"
    exit $?
fi
if ! command -v spatch >/dev/null 2>&1; then
    apt_install coccinelle || say "no spatch: the Coccinelle oracle test will be skipped"
fi
for version in $VERSIONS; do
    unpack "$version"
done
