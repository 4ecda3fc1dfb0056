#!/usr/bin/env bash
# Builds pkg/: certkit's core as an ES module (wasm-bindgen --target web) for embedding in other sites.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
export CC_wasm32_unknown_unknown=clang
cargo build --quiet --profile wasm --target wasm32-unknown-unknown -p certkit-js
rm -rf pkg && wasm-bindgen --target web --out-dir pkg --out-name certkit "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm/certkit_js.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types pkg/certkit_bg.wasm -o pkg/certkit_bg.wasm
cat > pkg/package.json <<JSON
{
  "name": "certkit",
  "version": "$(grep -m1 '^version' Cargo.toml | cut -d'"' -f2)",
  "description": "certkit's core for JavaScript: FOCUS sample validation and FinOps certification scoring, in WebAssembly",
  "type": "module",
  "main": "certkit.js",
  "types": "certkit.d.ts",
  "files": ["certkit.js", "certkit.d.ts", "certkit_bg.wasm", "certkit_bg.wasm.d.ts"],
  "license": "Apache-2.0"
}
JSON
echo "build-pkg: built pkg/ ($(( $(gzip -9c pkg/certkit_bg.wasm | wc -c) / 1024 )) KB gzip)" >&2
