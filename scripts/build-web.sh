#!/usr/bin/env bash
# Builds the web app into dist/: the Yew shell, the validation worker, and the static files.
# Usage: scripts/build-web.sh   (release build; run scripts/setup.sh first, `make` does)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
# zstd is C: for wasm32 it must be compiled by clang (gcc leaves env.* imports that fail at load).
export CC_wasm32_unknown_unknown=clang AR_wasm32_unknown_unknown=llvm-ar
command -v llvm-ar >/dev/null 2>&1 || export AR_wasm32_unknown_unknown=$(ls /usr/bin/llvm-ar-* 2>/dev/null | head -n1)

out=dist
target=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm
rm -rf "$out.tmp" && mkdir -p "$out.tmp"

build() { # crate-feature binary wasm-opt-level
  local feature=$1 bin=$2 level=$3
  cargo build --quiet --profile wasm --target wasm32-unknown-unknown -p certkit-www --bin "$bin" --features "$feature"
  wasm-bindgen --target web --no-typescript --out-dir "$out.tmp" "$target/$bin.wasm"
  wasm-opt "$level" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-reference-types "$out.tmp/${bin}_bg.wasm" -o "$out.tmp/${bin}_bg.wasm"
}

build app certkit-app -Oz
build worker certkit-worker -O3

# The worker must not import anything from `env`: that would mean C code built by the wrong compiler.
if wasm-objdump -x -j Import "$out.tmp/certkit-worker_bg.wasm" | grep -q '<- env\.'; then
  echo "build-web: the worker's wasm imports from env (C code not built for wasm32):" >&2
  wasm-objdump -x -j Import "$out.tmp/certkit-worker_bg.wasm" | grep '<- env\.' >&2
  exit 1
fi

cp index.html www/static/*.js www/static/*.css "$out.tmp/"
rm -rf "$out" && mv "$out.tmp" "$out"
printf 'build-web: built %s (' "$out" >&2
for f in "$out"/*_bg.wasm; do printf '%s %s KB gzip; ' "$(basename "$f")" "$(( $(gzip -9c "$f" | wc -c) / 1024 ))" >&2; done
printf ')\n' >&2
