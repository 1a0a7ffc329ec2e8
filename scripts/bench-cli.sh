#!/usr/bin/env bash
# Times the twiml-lint binary against xmllint and cat over generated corpora, as recorded in
# docs/benchmarks.md. Needs hyperfine and xmllint (Debian: apt-get install hyperfine
# libxml2-utils). Usage: scripts/bench-cli.sh [WORK_DIR]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/twiml-lint-bench}
binary="$top/target/release/twiml-lint"
cargo build --release --quiet --bin twiml-lint --manifest-path "$top/Cargo.toml"

[ -d "$work/typical" ] || python3 "$top/scripts/generate-bench-corpus.py" "$work/typical" 10000 500 3000
[ -d "$work/large" ] || python3 "$top/scripts/generate-bench-corpus.py" "$work/large" 500 60000 64000
[ -d "$work/one" ] || { mkdir -p "$work/one"; cp "$work/typical/doc-00000.xml" "$work/one/"; }

for corpus in typical large; do
  dir="$work/$corpus"
  hyperfine --warmup 3 --min-runs 10 -i \
    --export-markdown "$work/$corpus.md" \
    -n "twiml-lint" "$binary --offline --format compact $dir" \
    -n "xmllint --noout" "xmllint --noout $dir/*.xml" \
    -n "cat" "cat $dir/*.xml"
done

hyperfine --warmup 10 --min-runs 50 -N -i --export-markdown "$work/one.md" \
  -n "twiml-lint, one file" "$binary --offline --format compact $work/one/doc-00000.xml"

# Peak memory as the number of files grows: it must stay flat because files are checked one
# at a time per worker.
for count in 1000 10000; do
  /usr/bin/time -f "$count files: max RSS %M KiB" \
    "$binary" --offline --format compact "$work/typical" --shard "1/$((10000 / count))" >/dev/null || true
done
