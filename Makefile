# Shootdown: `make run` sets up, builds and reviews the example series; `make test` runs every test.
SWIFT      ?= swift
CONFIG     ?= release
BIN        := .build/$(CONFIG)/shootdown
CORPUS     ?= $(abspath ../shared/corpus)
EXAMPLE    := examples/tlb-secondary-v2.mbox
APT_PKGS   := libgit2-dev pkg-config zlib1g-dev

.PHONY: all deps build run test corpus bench fuzz fuzz-smoke clean

all: build

# Installs the C libraries when they are missing (apt-get as root; otherwise prints the command).
deps:
	@missing=""; \
	pkg-config --exists libgit2 2>/dev/null || missing="$$missing libgit2-dev"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	[ -f /usr/include/zlib.h ] || missing="$$missing zlib1g-dev"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PKGS) >/dev/null || exit 1; \
	  else \
	    echo "missing:$$missing"; echo "run as root: apt-get update && apt-get install -y $(APT_PKGS)"; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG) --static-swift-stdlib --product shootdown

run: build
	$(BIN) review $(EXAMPLE)
	@echo
	@echo "--- reply draft to patch 1 ---"
	$(BIN) reply $(EXAMPLE) --patch 1 --as "Example Reviewer <reviewer@example.org>"

test: deps
	$(SWIFT) test

# Checks against real list mail and kernel files in ../shared/corpus (skipped when it is absent).
# Whole kernel trees (Debian's linux-source-6.1 and -6.12, partly unpacked once into a cache outside the
# repository by Tests/Corpus/kernel-trees.sh) go in SHOOTDOWN_KERNELS, colon-separated.
corpus: build
	@kernels=$$(Tests/Corpus/kernel-trees.sh | paste -sd: -); \
	if [ -d "$(CORPUS)" ]; then \
	  SHOOTDOWN_KERNELS="$$kernels" SHOOTDOWN_CORPUS="$(CORPUS)" SHOOTDOWN_BIN="$(abspath $(BIN))" $(SWIFT) test --filter CorpusTests; \
	else echo "no corpus at $(CORPUS): nothing to check"; fi

bench: build
	Benchmarks/run.sh $(abspath $(BIN))

# libFuzzer over every parser (Fuzz/run.sh; needs swiftc with -sanitize=fuzzer, as the Linux toolchain has).
FUZZ_TARGETS := mbox mime subject trailers patch-body diff c-scanner hunk-locator range-evaluator line-diff
FUZZ_SECONDS ?= 60

fuzz: deps
	@Fuzz/run.sh build
	@for t in $(FUZZ_TARGETS); do Fuzz/run.sh $$t $(FUZZ_SECONDS) || exit 1; done

fuzz-smoke: deps
	@Fuzz/run.sh build
	@for t in $(FUZZ_TARGETS); do Fuzz/run.sh $$t 10 || exit 1; done

clean:
	rm -rf .build .build-fuzz
