#!/usr/bin/env bash
# Times pkictl's store operations (release build). Not a test: numbers vary
# with the machine. Usage: bash bench/run.sh [N]   (N certificates, default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
cargo build --release --quiet
P=$PWD/target/release/pkictl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'bench passphrase\n' > "$work/pw"; chmod 600 "$work/pw"

now() { date +%s.%N; }
# Let earlier writes reach the disk so each timing pays only for its own.
settle() { sync; sleep 2; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

new_store() {
  local s=$1
  "$P" --store "$s" --passphrase-file "$work/pw" -q init-ca --cn "Bench Root"
  "$P" --store "$s" --passphrase-file "$work/pw" -q init-ca issuing --parent root --cn "Bench Issuing"
}

batch_file() {  # batch_file N PREFIX FILE
  : > "$3"
  for i in $(seq 1 "$1"); do
    printf '{"name":"%s-%d","dns":"%s-%d.example.com"}\n' "$2" "$i" "$2" "$i" >> "$3"
  done
}

echo "pkictl $($P --version | cut -d' ' -f2), $(nproc) cores"

# 1. N certificates with one `issue --batch`.
new_store "$work/a"
batch_file "$N" svc "$work/batch.jsonl"
settle
t0=$(now); "$P" --store "$work/a" --passphrase-file "$work/pw" -q issue --batch "$work/batch.jsonl"; t1=$(now)
echo "issue --batch of $N certificates:          $(elapsed "$t0" "$t1") s"

# 2. N separate `issue` calls (each decrypts the CA key: ~0.1 s of PBKDF2 by design).
new_store "$work/b"
settle
t0=$(now)
for i in $(seq 1 "$N"); do
  "$P" --store "$work/b" --passphrase-file "$work/pw" -q issue "one-$i" --dns "one-$i.example.com"
done
t1=$(now)
echo "$N separate issue calls:                  $(elapsed "$t0" "$t1") s"

# 3. A store of 10,000 certificates: list --json, and one more issue.
new_store "$work/c"
for k in $(seq 1 10); do
  batch_file 1000 "b$k" "$work/b$k.jsonl"
  "$P" --store "$work/c" --passphrase-file "$work/pw" -q issue --batch "$work/b$k.jsonl"
done
settle
t0=$(now); "$P" --store "$work/c" list --json > "$work/list.json"; t1=$(now)
echo "list --json, store of 10,000 (+2 CAs):     $(elapsed "$t0" "$t1") s ($(wc -c < "$work/list.json") bytes)"
t0=$(now); "$P" --store "$work/c" list --status all > /dev/null; t1=$(now)
echo "list (table), store of 10,000:             $(elapsed "$t0" "$t1") s"
for s in a c; do
  settle
  t0=$(now); "$P" --store "$work/$s" --passphrase-file "$work/pw" -q issue "extra" --dns extra.example.com; t1=$(now)
  echo "one issue into store $s ($(wc -l < "$work/$s/index.jsonl") records): $(elapsed "$t0" "$t1") s"
done
echo "index size at 10,000: $(du -h "$work/c/index.jsonl" | cut -f1)"
