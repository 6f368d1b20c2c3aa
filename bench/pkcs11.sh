#!/usr/bin/env bash
# `issue --batch` of N certificates (default 1,000) from an intermediate
# whose key is in a SoftHSM2 token, against the same with file keys;
# three runs each on copies of the same two stores:
#   bash bench/pkcs11.sh [N]
# Needs softhsm2 (.ci/run installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --quiet
bin=$PWD/target/release/pkictl
work=$(mktemp -d "${TMPDIR:-/tmp}/pkictl-pkcs11.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir tokens
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$work" > softhsm2.conf
export SOFTHSM2_CONF=$work/softhsm2.conf PKICTL_PKCS11_MODULE=/usr/lib/softhsm/libsofthsm2.so PKICTL_PKCS11_PIN=bench-pin
softhsm2-util --init-token --free --label bench --pin bench-pin --so-pin bench-so-pin > /dev/null
for i in $(seq 1 "$n"); do printf '{"name":"s%d","dns":"s%d.example.internal"}\n' "$i" "$i"; done > batch.jsonl
"$bin" --store token init-ca --cn "Bench Root" --key-uri 'pkcs11:token=bench;object=root' -q
"$bin" --store token init-ca issuing --parent root --cn "Bench Issuing" --key-uri 'pkcs11:token=bench;object=issuing' -q
"$bin" --store file init-ca --cn "Bench Root" --no-passphrase -q 2> /dev/null
"$bin" --store file init-ca issuing --parent root --cn "Bench Issuing" --no-passphrase -q 2> /dev/null
echo "issue --batch of $n (ec-p256 leaves, release build, $(nproc) cores)"
echo
echo "| CA key | run | seconds | certificates per second |"
echo "| --- | --- | --- | --- |"
for kind in token file; do
    for run in 1 2 3; do
        rm -rf copy && cp -a "$kind" copy
        t0=$(date +%s.%N)
        "$bin" --store copy issue --batch batch.jsonl -q
        t1=$(date +%s.%N)
        s=$(echo "$t1 - $t0" | bc -l)
        printf '| %s | %d | %.2f | %.0f |\n' "$kind" "$run" "$s" "$(echo "$n / $s" | bc -l)"
    done
done
