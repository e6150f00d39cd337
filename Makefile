# The two commands of the README: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift
VENV := .venv
PYTHON ?= python3
SYSTEM_PACKAGES := libcurl4-openssl-dev libsqlite3-dev libncursesw5-dev libstb-dev libwebp-dev tmux
# What the tests start for themselves: a throwaway PostgreSQL cluster (and moto's S3 server, from the venv),
# and Debian's chromium, which Playwright drives for the dashboard tests (never `playwright install`).
TEST_PACKAGES := postgresql chromium
BENCH_PACKAGES := nginx-light wrk postgresql linux-perf
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

# Installs the Debian packages of $(1) that are missing.
define install_missing
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

.PHONY: run test test-swift test-clients test-deps build release deps venv bench profile clean
.PHONY: fuzz fuzz-smoke screenshots

## Install the system packages Prism builds against, when missing.
deps:
	$(call install_missing,$(SYSTEM_PACKAGES))

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product prism

## Build (release) and start the gateway in local mode, data in ./data.
run: release
	.build/release/prism serve

## Every test: Swift tests, then the official SDKs against the real binary, then a short fuzzing run.
test: test-swift test-clients fuzz-smoke

## PostgreSQL for the store conformance suite and the replica tests (never a mock of our own stores).
test-deps: deps
	$(call install_missing,$(TEST_PACKAGES))

# At most 64 tests at once (32 under a limit of fewer than 4,096 descriptors): each runs gateways and fake
# upstreams of its own, and all 487 at once held over 5,000 file descriptors, past a stock limit, and ran
# slower (64 at once peak at about 950 descriptors, 32 at 600). The soft limit is raised to the hard one
# first. The failures are repeated at the end, where a short log shows them.
test-swift: test-deps venv
	$(SWIFT) build --build-tests
	ulimit -n $$(ulimit -Hn) 2>/dev/null; width=64; [ "$$(ulimit -n)" != unlimited ] && [ "$$(ulimit -n)" -lt 4096 ] && width=32; \
	  (SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$$width $(SWIFT) test; echo $$? > .build/swift-test.rc) 2>&1 | tee .build/swift-test.log; \
	  grep -E "^✘|Fatal error" .build/swift-test.log | grep -v "^✘ Suite" | tail -40; exit $$(cat .build/swift-test.rc)

$(VENV)/.ready: Tests/clients/requirements.txt
	$(PYTHON) -m venv $(VENV) || ( DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV) )
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check -r Tests/clients/requirements.txt
	touch $@

venv: $(VENV)/.ready

test-clients: build venv test-deps
	PRISM_BIN=$(CURDIR)/.build/debug/prism PRISM_TUI_BIN=$(CURDIR)/.build/debug/prism-tui $(VENV)/bin/python -m pytest -q Tests/clients

## The dashboard's screenshots in docs/screenshots/ (the README shows them), taken by the browser tests.
screenshots: build venv test-deps
	PRISM_SCREENSHOTS=$(CURDIR)/docs/screenshots PRISM_BIN=$(CURDIR)/.build/debug/prism $(VENV)/bin/python -m pytest -q Tests/clients/test_dashboard.py

## Latency, throughput, CPU and memory against an nginx mock upstream, then storage on SQLite and PostgreSQL
## (one replica and two); prints one table.
bench: release venv
	$(call install_missing,$(BENCH_PACKAGES))
	PRISM_BIN=$(CURDIR)/.build/release/prism $(VENV)/bin/python bench/bench.py

## Where Prism's CPU goes (bench/PROFILE.md): perf samples of the release binary under wrk, per scenario.
profile: release venv
	$(call install_missing,$(BENCH_PACKAGES))
	PRISM_BIN=$(CURDIR)/.build/release/prism $(VENV)/bin/python bench/profile.py

## Fuzzing (Fuzz/README.md): each libFuzzer target for FUZZ_SECONDS (default 60), then 5000 fuzzed requests
## against the debug binary, then ten minutes of schemathesis against the OpenAPI document.
fuzz: build venv
	bash Fuzz/build.sh && bash Fuzz/run.sh $${FUZZ_SECONDS:-60}
	PRISM_FUZZ_CASES=5000 PRISM_BIN=$(CURDIR)/.build/debug/prism PRISM_TUI_BIN=$(CURDIR)/.build/debug/prism-tui $(VENV)/bin/python -m pytest -q Tests/clients/test_fuzz_bodies.py
	PRISM_SCHEMATHESIS_SECONDS=600 PRISM_SCHEMATHESIS_EXAMPLES=200 PRISM_BIN=$(CURDIR)/.build/debug/prism $(VENV)/bin/python -m pytest -q Tests/clients/test_openapi.py

## Each libFuzzer target for 10 s with seed 1 (builds them first; needs nothing else built).
fuzz-smoke:
	bash Fuzz/build.sh && bash Fuzz/run.sh 10 1

clean:
	rm -rf .build $(VENV)
