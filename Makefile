# A thin layer over CMake.  `make demo` and `make test` work on a fresh
# Debian bookworm machine: both install what is missing first.
BUILD  ?= build
PREFIX ?= /usr/local
JOBS   ?= $(shell nproc)

.PHONY: all deps build demo test bench torture fuzz stress install clean

all: build

deps:
	@scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	$(BUILD)/examples/demo
	$(BUILD)/examples/sieve
	@scripts/with-server.sh $(BUILD)/examples/httpd \
		'echo "curl http://127.0.0.1:$$PORT/"; curl -sS --max-time 10 http://127.0.0.1:$$PORT/'

test: build
	@scripts/test.sh $(BUILD)

bench: build
	@bench/run.sh $(BUILD)

torture: build
	@plugin/torture.sh $(BUILD)

fuzz: build
	@plugin/fuzz.sh $(BUILD)

stress: build
	@scripts/stress.sh $(BUILD)

install: build
	@cmake --install $(BUILD)

clean:
	rm -rf $(BUILD)
