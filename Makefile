# certkit: the two commands a fresh machine needs.
#   make run    install what is missing, build the app, serve it on http://127.0.0.1:8080 (PORT overrides)
#   make test   install what is missing, then every test: Rust, the wasm builds, the browser tests
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CC_wasm32_unknown_unknown := clang
PORT ?= 8080

.PHONY: run test setup web pkg test-rust test-wasm test-e2e bench

run: setup web
	PORT=$(PORT) node scripts/serve.mjs dist

test: setup test-rust test-wasm test-e2e

setup:
	@bash scripts/setup.sh

web:
	bash scripts/build-web.sh

pkg:
	bash scripts/build-pkg.sh

# The core and the CLI, natively.
test-rust:
	cargo test --workspace --exclude certkit-www
	cargo test -p certkit-www --lib --features app

# Every crate for wasm32: the core alone (no browser dependency), pkg/, and the app and worker.
test-wasm:
	cargo build --quiet --lib --target wasm32-unknown-unknown -p certkit --no-default-features --features parquet,gzip
	bash scripts/build-pkg.sh
	bash scripts/build-web.sh

# Browser tests: Playwright (playwright-core) driving Debian's Chromium against dist/ and pkg/.
test-e2e:
	node --test --test-concurrency=1 tests/e2e/

bench:
	bash scripts/bench.sh
