#!/usr/bin/env bash
# Installs every tool the build and the tests need, pinned, and skips what is
# already present. Safe to run again: a warm machine finishes in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the exact `wasm-bindgen` pin in Cargo.toml

say() { printf 'setup: %s\n' "$*" >&2; }

# Debian packages: clang builds zstd's C for wasm32 (gcc would leave env.* imports),
# wabt checks the wasm imports, chromium + driver run the browser tests.
need_apt=()
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
command -v wasm-objdump >/dev/null 2>&1 || need_apt+=(wabt)
[[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
[[ -x /usr/bin/chromedriver ]] || need_apt+=(chromium-driver)
if ((${#need_apt[@]})); then
  say "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes, once)"
  # Not --locked: its lockfile names a crate version the registry here does not serve.
  cargo install -q wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm: binaryen (wasm-opt 132, the only one that handles Yew's output) and playwright-core.
if [[ ! -x node_modules/.bin/wasm-opt || ! -d node_modules/playwright-core || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm packages (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
fi
