# The two commands of the README: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift
VENV := .venv
PYTHON ?= python3
SYSTEM_PACKAGES := libcurl4-openssl-dev libsqlite3-dev libncursesw5-dev libstb-dev libwebp-dev tmux
BENCH_PACKAGES := nginx-light wrk
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test test-swift test-clients build release deps venv bench clean

## Install the system packages Prism builds against, when missing.
deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product prism

## Build (release) and start the gateway in local mode, data in ./data.
run: release
	.build/release/prism serve

## Every test: Swift tests, then the official SDKs against the real binary.
test: test-swift test-clients

test-swift: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

$(VENV)/.ready: Tests/clients/requirements.txt
	$(PYTHON) -m venv $(VENV) || ( DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV) )
	$(VENV)/bin/pip install -q --disable-pip-version-check -r Tests/clients/requirements.txt
	touch $@

venv: $(VENV)/.ready

test-clients: build venv
	PRISM_BIN=$(CURDIR)/.build/debug/prism PRISM_TUI_BIN=$(CURDIR)/.build/debug/prism-tui $(VENV)/bin/python -m pytest -q Tests/clients

## Latency, throughput, CPU and memory against an nginx mock upstream; prints one table.
bench: release venv
	@missing=""; for p in $(BENCH_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	PRISM_BIN=$(CURDIR)/.build/release/prism $(VENV)/bin/python bench/bench.py

clean:
	rm -rf .build $(VENV)
