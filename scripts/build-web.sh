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
# A folder of this run's own: two builds at once (several people share this checkout) must not
# write into each other's files.
tmp=$(mktemp -d "$out.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# A build stopped by Ctrl+C or a timeout leaves no half-built folder either: exiting from
# these traps runs the one above.
trap 'exit 130' INT
trap 'exit 143' TERM

build() { # crate-feature binary rustc-opt-level [wasm-opt-level]
  local feature=$1 bin=$2 opt=$3 level=${4:-}
  CARGO_PROFILE_WASM_OPT_LEVEL=$opt \
    cargo build --quiet --profile wasm --target wasm32-unknown-unknown -p certkit-www --bin "$bin" --features "$feature"
  wasm-bindgen --target web --no-typescript --out-dir "$tmp" "$target/$bin.wasm"
  [ -n "$level" ] || return 0
  wasm-opt "$level" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-reference-types "$tmp/${bin}_bg.wasm" -o "$tmp/${bin}_bg.wasm"
}

# The page's shell is optimized for size: it is what a first visit downloads. The worker is
# optimized for speed (opt-level 3, not the wasm profile's "z"): it parses hundreds of MB and
# loads only when a file is dropped. Measured in Chromium on a 169 MB CSV: opt-level 3 validates
# about 20 % faster than "z" (2.3 MB gzip instead of 1.6). wasm-opt -O3 on top gained nothing
# measurable, shaved 0.15 MB of gzip and took 17 minutes on this machine, so the worker skips it.
build app certkit-app z -Oz
build worker certkit-worker 3

# The worker must not import anything from `env`: that would mean C code built by the wrong compiler.
if wasm-objdump -x -j Import "$tmp/certkit-worker_bg.wasm" | grep -q '<- env\.'; then
  echo "build-web: the worker's wasm imports from env (C code not built for wasm32):" >&2
  wasm-objdump -x -j Import "$tmp/certkit-worker_bg.wasm" | grep '<- env\.' >&2
  exit 1
fi

cp index.html www/static/*.js www/static/*.css "$tmp/"
chmod 755 "$tmp"
rm -rf "$out" && mv "$tmp" "$out"
printf 'build-web: built %s (' "$out" >&2
for f in "$out"/*_bg.wasm; do printf '%s %s KB gzip; ' "$(basename "$f")" "$(( $(gzip -9c "$f" | wc -c) / 1024 ))" >&2; done
printf ')\n' >&2
