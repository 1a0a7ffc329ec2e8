#!/usr/bin/env bash
# Times the twiml-lint binary against xmllint and cat over generated corpora, as recorded in
# docs/benchmarks.md: (a) 10,000 typical documents, (b) 500 documents near the 64 kB limit,
# (c) one file with process start, (d) peak memory as the number of files grows. Needs
# hyperfine and xmllint (Debian: apt-get install hyperfine libxml2-utils).
# Usage: scripts/bench-cli.sh [WORK_DIR]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/twiml-lint-bench}
binary="$top/target/release/twiml-lint"
cargo build --release --quiet --bin twiml-lint --manifest-path "$top/Cargo.toml"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "toolchain: $(rustc --version)"

[ -d "$work/typical" ] || python3 "$top/scripts/generate-bench-corpus.py" "$work/typical" 10000 500 3000
[ -d "$work/large" ] || python3 "$top/scripts/generate-bench-corpus.py" "$work/large" 500 60000 64000
[ -d "$work/one" ] || { mkdir -p "$work/one"; cp "$work/typical/doc-00000.xml" "$work/one/"; }

# Prints each command's mean and its ratio to twiml-lint's, from hyperfine's JSON export.
ratios() {
  python3 - "$1" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
lint = results[0]["mean"]
for result in results:
    print(f"  {result['command']:<16} {result['mean'] * 1000:8.1f} ms ± {result['stddev'] * 1000:5.1f}"
          f"   twiml-lint / this = {lint / result['mean']:.2f}")
EOF
}

for corpus in typical large; do
  dir="$work/$corpus"
  hyperfine --warmup 3 --min-runs 10 -i \
    --export-markdown "$work/$corpus.md" --export-json "$work/$corpus.json" \
    -n "twiml-lint" "$binary --offline --format compact $dir" \
    -n "xmllint --noout" "xmllint --noout $dir/*.xml" \
    -n "cat" "cat $dir/*.xml"
  echo "$corpus:"
  ratios "$work/$corpus.json"
done

hyperfine --warmup 10 --min-runs 50 -N -i --export-markdown "$work/one.md" \
  -n "twiml-lint, one file" "$binary --offline --format compact $work/one/doc-00000.xml"

# Peak memory as the number of files grows: it must stay flat, because each worker holds one
# file at a time and the output waits in a temporary file rather than in memory.
for shards in 10 1; do
  /usr/bin/time -f "$((10000 / shards)) files: max RSS %M KiB" \
    "$binary" --offline --format compact "$work/typical" --shard "1/$shards" >/dev/null || true
done
