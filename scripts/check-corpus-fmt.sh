#!/usr/bin/env bash
# Checks that `twiml-lint fmt` is idempotent on real TwiML: formats a copy of the corpus, then
# runs `fmt --check` on the copy, which must find nothing left to change. The corpus itself is
# never written.
#
# Usage: scripts/check-corpus-fmt.sh [CORPUS_FOLDER]
#   CORPUS_FOLDER defaults to ../shared/corpus/real beside the repository.
#   TWIML_LINT may name a built binary; otherwise the debug binary is built with cargo.
#
# Exit status: 0 when idempotent, 1 when a second pass would change a file or fmt failed,
# 2 when the corpus is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:-$root/../shared/corpus/real}"
if [[ ! -d "$corpus" ]]; then
    echo "corpus folder not found: $corpus; pass the corpus folder as the first argument" >&2
    exit 2
fi

binary="${TWIML_LINT:-}"
if [[ -z "$binary" ]]; then
    cargo build --quiet --manifest-path "$root/Cargo.toml" -p twiml-lint-cli
    binary="${CARGO_TARGET_DIR:-$root/target}/debug/twiml-lint"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R "$corpus/." "$work/corpus"
# The copies keep the read-only mode of the corpus, and fmt leaves read-only files alone.
chmod -R u+w "$work/corpus"
total="$(find "$work/corpus" -type f \( -name '*.xml' -o -name '*.twiml' \) | wc -l)"

# First pass: rewrite the copy. Exit status 1 only means that some files are not well-formed
# and were left as they were; 2 means fmt could not read or write a file.
status=0
"$binary" fmt "$work/corpus" 2>"$work/first.log" || status=$?
if [[ $status -gt 1 ]]; then
    echo "fmt failed with exit status $status on the corpus copy:" >&2
    grep -v '^formatted ' "$work/first.log" >&2 || true
    exit 1
fi
refused="$(grep -c ': cannot format: ' "$work/first.log" || true)"

# Second pass: nothing may be left to change.
status=0
"$binary" fmt --check "$work/corpus" >"$work/changed.txt" 2>"$work/second.log" || status=$?
changed="$(grep -c . "$work/changed.txt" || true)"
if [[ $changed -gt 0 ]]; then
    echo "fmt is not idempotent: a second pass would change $changed files:" >&2
    sed "s|^$work/corpus/||" "$work/changed.txt" >&2
    exit 1
fi
if [[ $status -gt 1 ]]; then
    echo "fmt --check failed with exit status $status:" >&2
    cat "$work/second.log" >&2
    exit 1
fi

echo "fmt is idempotent on $total corpus files ($refused not well-formed, left as they were)"
