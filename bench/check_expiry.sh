#!/usr/bin/env bash
# Times check-expiry on a store of N certificates (default 100,000) and on a
# directory of 10,000 PEM files. Release build. Building the store takes a
# couple of minutes; it is kept in $BENCH_DIR (default /tmp/pkictl-bench) for
# later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
W=${BENCH_DIR:-/tmp/pkictl-bench}
cargo build --release --quiet
P=$PWD/target/release/pkictl
S=$W/store-$N
mkdir -p "$W"
if [ ! -f "$S/index.jsonl" ]; then
  printf 'bench passphrase\n' > "$W/pw"; chmod 600 "$W/pw"
  "$P" --store "$S" --passphrase-file "$W/pw" -q init-ca --cn "Bench Root"
  "$P" --store "$S" --passphrase-file "$W/pw" -q init-ca issuing --parent root --cn "Bench Issuing"
  for k in $(seq 1 $((N / 1000))); do
    : > "$W/b.jsonl"
    for i in $(seq 1 1000); do
      printf '{"name":"b%d-%d","dns":"b%d-%d.example.com","validity":"%dd"}\n' "$k" "$i" "$k" "$i" $((1 + (i * 7) % 365)) >> "$W/b.jsonl"
    done
    "$P" --store "$S" --passphrase-file "$W/pw" -q issue --batch "$W/b.jsonl"
  done
fi
D=$W/dir-10000
if [ ! -d "$D" ]; then
  mkdir -p "$D"
  for n in $(ls "$S/certs" | head -10000); do cp "$S/certs/$n/current/cert.pem" "$D/$n.pem"; done
fi
sync; sleep 1
t() { local s e; s=$(date +%s.%N); "$@" > /dev/null || true; e=$(date +%s.%N); awk -v a="$s" -v b="$e" -v w="$*" 'BEGIN { printf "%6.2f s  %s\n", b - a, w }'; }
echo "store: $(wc -l < "$S/index.jsonl") index records, $(du -h "$S/index.jsonl" | cut -f1)"
for i in 1 2; do
  t "$P" --store "$S" check-expiry
  t "$P" --store "$S" check-expiry --nagios
  t "$P" --store "$S" check-expiry --json --problems-only
  t "$P" --store "$S" check-expiry --prometheus "$W/pkictl.prom"
  t "$P" --store "$S" check-expiry --json
  t "$P" check-expiry "$D"
done
