#!/usr/bin/env bash
# pkictl against its peers, side by side, in one run; writes bench/RESULTS.md.
#   bash bench/run.sh            the full run (about 5 minutes)
#   bash bench/run.sh --smoke    the same jobs on 200 certificates (CI runs it)
#   bash bench/run.sh --scale 100000   adds the 100,000-certificate store table
# Needs openssl, python3 with venv, GNU time and easy-rsa (bench/deps.sh or
# .ci/run installs them); python `cryptography` goes into a temporary venv.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d "${TMPDIR:-/tmp}/pkictl-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check cryptography
results=bench/RESULTS.md
for a in "$@"; do [ "$a" = --smoke ] && results="$work/RESULTS.md"; done
"$work/venv/bin/python" bench/bench.py --python "$work/venv/bin/python" --work "$work" --results "$results" "$@"
