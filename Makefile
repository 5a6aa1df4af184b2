# A thin layer over CMake.  `make` (build) and `make install` only build
# and install gocc: they need gcc, cmake and the -dev packages of
# `scripts/deps.sh core` and install no package, so a user without root
# can run them.  `make demo` and `make test`, the README's two commands,
# work on a fresh Debian bookworm machine: they install what is missing
# first, as do the optional targets, each only the packages it needs.
BUILD  ?= build
PREFIX ?= /usr/local
JOBS   ?= $(shell nproc)

.PHONY: all build demo test bench torture fuzz stress install clean

# Prerequisites in the order listed: the packages before the build.  The
# build runs its own jobs (-j$(JOBS)).
.NOTPARALLEL:

all: build

build:
	@cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

# scripts/deps.sh GROUP: install the packages of GROUP that are missing.
deps-%:
	@scripts/deps.sh $*

demo: deps-demo build
	$(BUILD)/examples/demo
	$(BUILD)/examples/sieve
	@scripts/with-server.sh $(BUILD)/examples/httpd \
		'echo "curl http://127.0.0.1:$$PORT/"; curl -sS --max-time 10 http://127.0.0.1:$$PORT/'

test: deps-test build
	@scripts/test.sh $(BUILD)

bench: deps-bench build
	@bench/run.sh $(BUILD)

torture: deps-torture build
	@plugin/torture.sh $(BUILD)

fuzz: deps-fuzz build
	@plugin/fuzz.sh $(BUILD)

stress: deps-stress build
	@scripts/stress.sh $(BUILD)

install: build
	@cmake --install $(BUILD)

clean:
	rm -rf $(BUILD)
