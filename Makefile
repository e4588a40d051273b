# shenbao — thin wrapper: install what is missing, build, run or test.
#   make run    install, build, load the demo data and serve on http://127.0.0.1:8080
#   make test   install, build, run every test (unit, API, sanitizers, browser)

SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BUILD := build
BUILD_SAN := build-san
DATA_DIR ?= var
LISTEN ?= 127.0.0.1:8080
# the demo runs inside the 2023 application window, so every step can be walked through
DEMO_NOW ?= 2023-07-15T10:00:00+08:00

RUN_PACKAGES := build-essential meson ninja-build pkg-config python3 \
	libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev \
	libpango1.0-dev libcairo2-dev fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-liberation \
	fonts-dejavu-core fonts-noto-cjk libxlsxwriter-dev libglpk-dev liblapacke-dev libzip-dev libexpat1-dev
TEST_PACKAGES := libcmocka-dev chromium fonts-noto-cjk clang libclang-rt-14-dev poppler-utils qpdf libreoffice-calc-nogui
# make bench-http: the load generator, and curl to wait for the server
BENCH_PACKAGES := wrk curl

WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.js web/package-lock.json

.PHONY: bench bench-http deps-bench fuzz test-fuzz all deps deps-run deps-test build build-san web run test test-unit test-api test-san test-e2e clean

all: build

# Debian packages: only the missing ones are installed (apt-get update first).
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "安装缺少的软件包 / installing:" $$missing; \
		$(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $$missing; \
	fi
	@command -v node >/dev/null && command -v npm >/dev/null || { \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y nodejs npm; }
endef

deps-run:
	$(call apt_install,$(RUN_PACKAGES))

deps-test:
	$(call apt_install,$(RUN_PACKAGES) $(TEST_PACKAGES))

deps: deps-test

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

tests/node_modules/.package-lock.json: tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund

# The UI, with gzip copies the server sends to browsers that accept them.
web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build
	find web/dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.json' \) \
		-size +1k -exec gzip -k -9 -f {} +
	touch $@

web: web/dist/index.html

# reconfigured when a migration or a call's data file is added (the build embeds them)
EMBEDDED := $(wildcard migrations/sqlite/*.sql data/campaigns/*.json data/demo/*)

$(BUILD)/build.ninja: $(EMBEDDED)
	if [ -f $@ ]; then meson setup --reconfigure $(BUILD); else meson setup $(BUILD) --werror; fi

$(BUILD_SAN)/build.ninja: $(EMBEDDED)
	if [ -f $@ ]; then meson setup --reconfigure $(BUILD_SAN); else \
		meson setup $(BUILD_SAN) --werror -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug; fi

build: $(BUILD)/build.ninja web
	ninja -C $(BUILD)

build-san: $(BUILD_SAN)/build.ninja
	ninja -C $(BUILD_SAN)

run: deps-run build
	./$(BUILD)/shenbao demo --data-dir $(DATA_DIR) --now $(DEMO_NOW)
	@echo
	@echo "打开 / open: http://$(LISTEN)/   （演示时钟 / demo clock: $(DEMO_NOW)；Ctrl-C 停止 / to stop）"
	exec ./$(BUILD)/shenbao serve --data-dir $(DATA_DIR) --listen $(LISTEN) --now $(DEMO_NOW) --clock-runs

# ---- tests ----
export ASAN_OPTIONS := detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS := halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS := suppressions=$(CURDIR)/tests/lsan.supp

test-unit: build
	meson test -C $(BUILD) --print-errorlogs

test-api: build
	SHENBAO_BIN=$(BUILD)/shenbao node --test --test-concurrency=2 tests/api/

test-san: build-san web
	meson test -C $(BUILD_SAN) --print-errorlogs
	SHENBAO_BIN=$(BUILD_SAN)/shenbao node --test --test-concurrency=2 tests/api/

test-e2e: build tests/node_modules/.package-lock.json
	SHENBAO_BIN=$(BUILD)/shenbao node --test --test-concurrency=1 tests/e2e/

test: deps-test
	$(MAKE) test-unit test-api test-san test-e2e test-fuzz

# a short run of every fuzzer over its corpus; `make fuzz FUZZ_SECONDS=600` for a long one
test-fuzz:
	$(MAKE) fuzz FUZZ_SECONDS=5

# ---- fuzzing (libFuzzer, clang): tests/fuzz/ ----
BUILD_FUZZ := build-fuzz
FUZZ_SECONDS ?= 10

$(BUILD_FUZZ)/build.ninja:
	CC=clang meson setup $(BUILD_FUZZ) -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug \
		-Dc_args=-fsanitize=fuzzer-no-link

fuzz: $(BUILD_FUZZ)/build.ninja
	ninja -C $(BUILD_FUZZ)
	tests/fuzz/run.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

# document rendering figures (not a test): time per document and peak memory; then the expert
# draw for 2,000 applications and 300 experts (docs/performance.md)
bench: build
	ninja -C $(BUILD) bench/bench_docs bench/bench_draw
	SHENBAO_SOURCE_ROOT=$(CURDIR) ./$(BUILD)/bench/bench_docs 1000 2000
	./$(BUILD)/bench/bench_draw 2000 300 3

# HTTP figures (not a test): N generated applications, wrk at 32 connections, one table of req/s,
# p50/p99 and the share of the same run's /healthz; `make bench-http N=100000 BENCH_SECONDS=10`
N ?= 10000
BENCH_SECONDS ?= 5
deps-bench:
	$(call apt_install,$(RUN_PACKAGES) $(BENCH_PACKAGES))

bench-http: deps-bench
	$(MAKE) build
	bench/http/run.sh $(BUILD)/shenbao $(N) $(BENCH_SECONDS)

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ) web/dist
