#!/usr/bin/env bash
# Runs the product over a folder of real TwiML documents and fails if the linter crashes,
# panics or cannot do its job (exit status 2 or above). Findings (exit status 1) are expected.
# Usage: scripts/check-corpus.sh CORPUS_DIR
set -uo pipefail

corpus=${1:?usage: scripts/check-corpus.sh CORPUS_DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
binary="${CARGO_TARGET_DIR:-$top/target}/debug/twiml-lint"
[ -x "$binary" ] || cargo build --quiet --bin twiml-lint --manifest-path "$top/Cargo.toml" || exit 1

output=$(mktemp)
trap 'rm -f "$output"' EXIT
"$binary" --format compact --offline "$corpus" >"$output" 2>&1
status=$?
if [ "$status" -ge 2 ]; then
  echo "check-corpus: twiml-lint exited with status $status on $corpus" >&2
  tail -n 20 "$output" >&2
  exit 1
fi
echo "check-corpus: $(tail -n 1 "$output")"

for extra in "$top"/scripts/check-corpus-*.sh; do
  [ -e "$extra" ] || continue
  "$extra" "$corpus" || exit 1
done
