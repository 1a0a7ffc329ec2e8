#!/bin/sh
# Parses every file of a folder of real TwiML with the release build of the `twiml` crate.
# Fails when the parser panics or crashes, when a span points outside its file, or when its
# verdict on well-formedness differs from the folder's MANIFEST.tsv.
#
# Usage: scripts/check-corpus-parse.sh FOLDER
set -eu

if [ "$#" -ne 1 ]; then
    echo "usage: $0 FOLDER" >&2
    exit 2
fi
if [ ! -d "$1" ]; then
    echo "$0: $1 is not a folder of TwiML files" >&2
    exit 2
fi
folder=$(cd "$1" && pwd)

cd "$(dirname "$0")/.."
cargo run --quiet --release -p twiml --example check_corpus -- "$folder"
