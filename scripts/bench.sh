#!/usr/bin/env bash
# Times certkit on a generated FOCUS 1.2 file: reading it as CSV, CSV.gz and Parquet.
#
#   scripts/bench.sh [ROWS]        (default 1000000, about 850 MB of CSV)
#
# The files are generated once into bench-data/ (git-ignored) by examples/gen_focus.rs
# and reused. Each measurement prints rows/s, MB/s (of the file as stored) and the
# peak resident memory. Adding a measurement is one more `measure` line at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${1:-1000000}
DATA=bench-data
CSV=$DATA/focus-1.2-$ROWS.csv
GZ=$CSV.gz
PARQUET=$DATA/focus-1.2-$ROWS.parquet
BIN=${CARGO_TARGET_DIR:-target}/release/examples

say() { printf 'bench: %s\n' "$*" >&2; }

say "building (release)"
cargo build --quiet --release --example gen_focus --example read_bench --bin certkit

mkdir -p "$DATA"
if [[ ! -s $CSV || ! -s $PARQUET ]]; then
  say "generating $ROWS rows into $CSV and $PARQUET"
  "$BIN/gen_focus" --rows "$ROWS" --out "$CSV" --parquet "$PARQUET"
fi
if [[ ! -s $GZ ]]; then
  say "compressing $GZ"
  gzip -c -6 "$CSV" > "$GZ.tmp" && mv "$GZ.tmp" "$GZ"
fi

# GNU time gives the peak memory of any command; without it, only commands that print
# peak_rss_mb themselves (read_bench does) get a figure.
GNU_TIME=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then GNU_TIME=/usr/bin/time; fi

printf '%-18s %10s %10s %9s %12s %9s %12s\n' measurement rows file_MB seconds rows/s MB/s peak_RSS_MB
# measure LABEL FILE COMMAND...: runs COMMAND once, FILE being the input it reads.
measure() {
  local label=$1 file=$2; shift 2
  local stats out start end seconds bytes peak
  stats=$(mktemp)
  start=$(date +%s.%N)
  # Exit status 1 is `certkit validate` reporting deviations, which is a result, not a failure.
  local status=0
  if [[ -n $GNU_TIME ]]; then
    out=$("$GNU_TIME" -v -o "$stats" "$@") || status=$?
  else
    out=$("$@") || status=$?
  fi
  if ((status > 1)); then
    say "$label failed (exit $status)"
    return 1
  fi
  end=$(date +%s.%N)
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  bytes=$(stat -c %s "$file")
  peak=$(awk '/Maximum resident set size/ { printf "%.1f", $NF / 1024 }' "$stats")
  if [[ -z $peak ]]; then
    peak=$(sed -n 's/.*peak_rss_mb=\([0-9.]*\).*/\1/p' <<<"$out")
  fi
  rm -f "$stats"
  awk -v l="$label" -v r="$ROWS" -v b="$bytes" -v s="$seconds" -v p="${peak:-n/a}" 'BEGIN {
    printf "%-18s %10d %10.1f %9.2f %12.0f %9.1f %12s\n", l, r, b / 1e6, s, r / s, b / 1e6 / s, p }'
}

measure "read CSV" "$CSV" "$BIN/read_bench" "$CSV"
measure "read CSV.gz" "$GZ" "$BIN/read_bench" "$GZ"
measure "read Parquet" "$PARQUET" "$BIN/read_bench" "$PARQUET"
measure "validate CSV" "$CSV" "${CARGO_TARGET_DIR:-target}/release/certkit" validate --quiet --format json --output /dev/null "$CSV"
measure "validate CSV.gz" "$GZ" "${CARGO_TARGET_DIR:-target}/release/certkit" validate --quiet --format json --output /dev/null "$GZ"
measure "validate Parquet" "$PARQUET" "${CARGO_TARGET_DIR:-target}/release/certkit" validate --quiet --format json --output /dev/null "$PARQUET"
