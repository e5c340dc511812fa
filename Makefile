# The two commands of the README: `make demo` (the main job) and `make test` (the whole suite).
.PHONY: demo test build deps bench

deps:
	@scripts/deps.sh

build: deps
	swift build

test: deps
	swift build --build-tests
	swift test

demo: deps
	@scripts/demo.sh

bench: deps
	@bench/plan-speed.sh
