# The two commands of the README: `make demo` (the main job) and `make test` (the whole suite).
.PHONY: demo test build release deps bench

deps:
	@scripts/deps.sh

build: deps
	swift build

# The binary to install: the Swift runtime and Foundation linked in (see docs/DECISIONS.md, speed of plan).
release: deps
	swift build -c release --static-swift-stdlib --product runbook

test: deps
	swift build --build-tests
	swift test

demo: deps
	@scripts/demo.sh

bench: deps
	@bench/plan-speed.sh
