#!/usr/bin/env bash
# Times the link check as recorded in docs/benchmarks.md: 1,000 unique links to a loopback
# server that responds to each after 50 ms, at a per-host concurrency of 50, then the same files
# offline and with a warm cache. The offline and warm runs alternate in short batches, so that
# a change in the machine's load during the run reaches both alike. Needs hyperfine (Debian:
# apt-get install hyperfine).
# Usage: scripts/bench-links.sh [WORK_DIR] [BATCHES]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/twiml-lint-bench-links}
batches=${2:-10}
cargo build --release --quiet --manifest-path "$top/Cargo.toml" \
  -p twiml-lint-cli --bin twiml-lint --example fault_server
binary="$top/target/release/twiml-lint"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "toolchain: $(rustc --version)"

rm -rf "$work"
mkdir -p "$work/docs"
"$top/target/release/examples/fault_server" 900 > "$work/url.txt" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  [ -s "$work/url.txt" ] && break
  sleep 0.1
done
base=$(cat "$work/url.txt")
port=${base##*:}
for i in $(seq 1 1000); do
  printf '<Response>\n  <Redirect>%s/hangup/%d?delay=50</Redirect>\n</Response>\n' "$base" "$i" \
    > "$work/docs/doc$i.xml"
done

flags="--format compact --no-progress --allow-host 127.0.0.1:$port --max-per-host 50 --max-concurrency 50"
# Fills the cache with the 1,000 responses.
$binary $flags --cache "$work/links-cache" "$work/docs" > /dev/null

hyperfine --warmup 1 --runs 10 -i -N --export-json "$work/links.json" "$binary $flags $work/docs"

for batch in $(seq 1 "$batches"); do
  hyperfine --warmup 3 --runs 20 -i -N --export-json "$work/warm-$batch.json" \
    "$binary $flags --offline $work/docs" \
    "$binary $flags --cache $work/links-cache $work/docs" > /dev/null
done

python3 - "$work" "$batches" <<'EOF'
import json, statistics, sys
work, batches = sys.argv[1], int(sys.argv[2])
links = json.load(open(f"{work}/links.json"))["results"][0]
print(f"1,000 links: {links['mean']:.3f} s ± {links['stddev']:.3f} s, "
      f"{links['mean'] / 1.0:.3f} x the ideal 1.0 s")
ratios = []
for batch in range(1, batches + 1):
    offline, warm = (statistics.median(result["times"])
                     for result in json.load(open(f"{work}/warm-{batch}.json"))["results"])
    ratios.append(warm / offline)
    print(f"batch {batch:2}: offline {offline * 1000:.2f} ms, warm {warm * 1000:.2f} ms, "
          f"warm / offline = {warm / offline:.3f}")
print(f"warm / offline: median {statistics.median(ratios):.3f}, "
      f"from {min(ratios):.3f} to {max(ratios):.3f} over {batches} batches")
EOF
