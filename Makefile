# The front door: `make demo` and `make test` do all set-up themselves on a fresh Debian 12 machine.
# Everything else is plain CMake presets (CMakePresets.json); see DEVELOPERS.md.

SHELL := /bin/bash
.DEFAULT_GOAL := build

JOBS ?= 2
PREFIX ?= /usr/local
DEV_DIR := build/dev
ASAN_DIR := build/asan
RELEASE_DIR := build/release
FUZZ_DIR := build/fuzz
TIDY_DIR := build/tidy
PACKAGE_DIR := build/package-test
FUZZ_SECONDS ?= 15
# Extra cache settings for the first configure of build/dev and build/asan (.ci/run passes
# -DCMAKE_CXX_FLAGS_DEBUG=-g1: line tables only, enough for sanitizer reports and backtraces).
CONFIGURE_ARGS ?=

# Debian packages, by purpose (DEVELOPERS.md explains each).
REQUIRED_PACKAGES := build-essential cmake ninja-build pkg-config libpq-dev libsqlite3-dev sqlite3 \
	libfmt-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libssl-dev libpg-query-dev \
	libgtest-dev libgmock-dev postgresql-15 pgbouncer lld
CI_PACKAGES := clang-19 clang-tidy-19 clang-format-19 libclang-rt-19-dev
OPTIONAL_PACKAGES := graphviz

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
CLANG_FORMAT ?= clang-format-19
CLANG_TIDY ?= clang-tidy-19
# Sources we format: everything tracked (or new and not ignored) under our own directories.
FORMAT_FILES = $(shell git ls-files --cached --others --exclude-standard -- \
	'include/*.hpp' 'src/*.hpp' 'src/*.cpp' 'tests/*.hpp' 'tests/*.cpp' 'tools/*.hpp' 'tools/*.cpp' \
	'bench/*.cpp' 'examples/*.cpp' 'fuzz/*.cpp' 2>/dev/null)

.PHONY: deps deps-ci deps-optional build test demo bench asan asan-build format format-check tidy install \
	package-test fuzz clean help

help:
	@echo "make demo          set up everything, start the embedded PostgreSQL, run the demo"
	@echo "make test          set up everything, build (build/dev) and run the whole suite"
	@echo "make build         configure + build build/dev (Debug, -Werror)"
	@echo "make asan          the whole suite under ASan+UBSan (build/asan; make asan-build: only build)"
	@echo "make bench         release build, run every benchmark"
	@echo "make format        clang-format -i;  make format-check: fail on any diff"
	@echo "make tidy          clang-tidy-19 on src/ and tools/"
	@echo "make install       release build installed to PREFIX=$(PREFIX)"
	@echo "make package-test  install to a temp prefix and build tests/package against it"
	@echo "make fuzz          build fuzz/*_fuzz.cpp with clang-19 and run each $(FUZZ_SECONDS)s"
	@echo "make deps          install missing Debian packages (deps-ci adds clang-19 tools)"
	@echo "make clean         remove build/dev, build/asan, build/release, build/fuzz"

# Installs exactly the missing packages of $(1); apt-get update only when something is missing.
define apt_install
	@command -v dpkg-query >/dev/null || { echo "deps: not a Debian system; install by hand: $(1)"; exit 0; }; \
	missing=""; \
	for p in $(1); do \
		st=$$(dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null || true); \
		[ "$$st" = "install ok installed" ] || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "deps: installing$$missing"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing \
			$(2); \
	fi
endef

deps:
	$(call apt_install,$(REQUIRED_PACKAGES))

deps-optional:
	$(call apt_install,$(OPTIONAL_PACKAGES),|| echo "deps: optional packages not installed (ER diagrams are not rendered)")

deps-ci: deps deps-optional
	$(call apt_install,$(CI_PACKAGES))

$(DEV_DIR)/build.ninja:
	cmake --preset dev $(CONFIGURE_ARGS)

build: deps $(DEV_DIR)/build.ninja
	cmake --build --preset dev -j $(JOBS)

# Builds everything it can (-k 0: one broken executable does not hide the others' results), runs
# the suite, and fails when either the build or a test failed.
test: deps $(DEV_DIR)/build.ninja
	@rc=0; cmake --build --preset dev -j $(JOBS) -- -k 0 || rc=$$?; \
	rm -rf $(DEV_DIR)/test-results; \
	ctest --test-dir $(DEV_DIR) --output-on-failure -j $(JOBS) || rc=$$?; \
	exit $$rc

demo: deps $(DEV_DIR)/build.ninja
	cmake --build --preset dev -j $(JOBS) --target strata strata_demo strata_todo_service
	cd examples/demo && ../../$(DEV_DIR)/examples/demo/strata_demo
	examples/todo/demo.sh $(DEV_DIR)

$(ASAN_DIR)/build.ninja:
	cmake --preset asan $(CONFIGURE_ARGS)

# Only the build of `make asan` (.ci/run starts it early, in the background).
asan-build: deps $(ASAN_DIR)/build.ninja
	cmake --build --preset asan -j $(JOBS) -- -k 0

asan: deps $(ASAN_DIR)/build.ninja
	@rc=0; cmake --build --preset asan -j $(JOBS) -- -k 0 || rc=$$?; \
	rm -rf $(ASAN_DIR)/test-results; \
	ctest --preset asan -j $(JOBS) || rc=$$?; \
	exit $$rc

$(RELEASE_DIR)/build.ninja:
	cmake --preset release

bench: deps $(RELEASE_DIR)/build.ninja
	cmake --build --preset release -j $(JOBS)
	@set -e; for b in $(RELEASE_DIR)/bench/*_bench; do \
		[ -x "$$b" ] || continue; echo "== $$b"; "$$b"; done

format:
	$(CLANG_FORMAT) -i $(FORMAT_FILES)

format-check:
	$(CLANG_FORMAT) --dry-run --Werror $(FORMAT_FILES)

# clang-tidy checks one unit per target (cmake/tidy/units.cmake explains why) made from a
# configure-only, non-unity build tree; positions are mapped back to source:line.
tidy: deps-ci
	cmake -S . -B $(TIDY_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_UNITY_BUILD=OFF \
		-DSTRATA_BUILD_TESTS=OFF -DSTRATA_BUILD_BENCH=OFF -DSTRATA_BUILD_EXAMPLES=OFF >/dev/null
	cmake -DCOMPILE_DB=$(TIDY_DIR)/compile_commands.json -DSOURCE_DIR=$(CURDIR) \
		-DOUT_DIR=$(CURDIR)/$(TIDY_DIR)/units -P cmake/tidy/units.cmake
	cmake/tidy/selftest.sh $(CLANG_TIDY) $(CURDIR)
	set -o pipefail; cmake/tidy/run_units.sh $(CLANG_TIDY) $(CURDIR)/$(TIDY_DIR)/units \
		$(CURDIR)/.clang-tidy $(JOBS) 2>&1 | awk -f cmake/tidy/map_locations.awk $(TIDY_DIR)/units/*.map -

install: deps $(RELEASE_DIR)/build.ninja
	cmake --build --preset release -j $(JOBS)
	$(SUDO) cmake --install $(RELEASE_DIR) --prefix $(PREFIX)

# Installs the dev build into a private prefix, then builds and runs the consumer project.
package-test: build
	rm -rf $(PACKAGE_DIR)
	cmake --install $(DEV_DIR) --prefix $(CURDIR)/$(PACKAGE_DIR)/prefix
	cmake -S tests/package -B $(PACKAGE_DIR)/consumer -G Ninja \
		-DCMAKE_PREFIX_PATH=$(CURDIR)/$(PACKAGE_DIR)/prefix -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(PACKAGE_DIR)/consumer -j $(JOBS)
	$(PACKAGE_DIR)/consumer/strata_package_test
	cd $(PACKAGE_DIR)/consumer && ctest --output-on-failure -j $(JOBS)

$(FUZZ_DIR)/build.ninja:
	cmake --preset fuzz

fuzz: deps-ci $(FUZZ_DIR)/build.ninja
	cmake --build --preset fuzz -j $(JOBS) --target $(basename $(notdir $(wildcard fuzz/*_fuzz.cpp)))
	@set -e; for f in $(FUZZ_DIR)/fuzz/*_fuzz; do \
		[ -x "$$f" ] || continue; name=$$(basename "$$f"); \
		corpus=$(FUZZ_DIR)/corpus/$$name; mkdir -p "$$corpus"; \
		seeds=""; [ -d fuzz/corpus/$$name ] && seeds=fuzz/corpus/$$name; \
		echo "== $$name ($(FUZZ_SECONDS)s)"; \
		"$$f" -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 "$$corpus" $$seeds; \
	done

clean:
	rm -rf $(DEV_DIR) $(ASAN_DIR) $(RELEASE_DIR) $(FUZZ_DIR) $(PACKAGE_DIR) $(TIDY_DIR)
