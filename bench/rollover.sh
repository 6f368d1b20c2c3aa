#!/usr/bin/env bash
# A root's key rollover on a store with N leaves (default 1,000), each stage
# timed, with what it moved and what the bundles hold:
#   bash bench/rollover.sh [N]
# Needs openssl (the checks between the stages).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --quiet
bin=$PWD/target/release/pkictl
work=$(mktemp -d "${TMPDIR:-/tmp}/pkictl-rollover.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
umask 077
printf 'rollover bench passphrase\n' > pass
export PKICTL_STORE=$work/pki
p() { "$bin" --passphrase-file pass -q "$@"; }
p init-ca --cn "Bench Root CA"
p init-ca issuing --parent root --cn "Bench Issuing CA"
for i in $(seq 1 "$n"); do printf '{"name":"svc%d","dns":"svc%d.example.internal"}\n' "$i" "$i"; done > leaves.jsonl
p issue --batch leaves.jsonl
cp pki/cas/root/current/cert.pem old-root.pem

# stage NAME ARGS…: runs one rollover step, prints its row.
stage() {
    local label=$1; shift
    local t0 t1
    t0=$(date +%s.%N)
    "$bin" --passphrase-file pass --json "$@" > "out-$label.json" 2> "err-$label.txt" || { cat "err-$label.txt"; exit 1; }
    t1=$(date +%s.%N)
    local moved bundle
    moved=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len((d.get("reissue") or {}).get("renewed", [])))' "out-$label.json")
    bundle=$("$bin" bundle --format pem | grep -c 'BEGIN CERTIFICATE')
    printf '| %s | %.2f s | %s | %s | %s |\n' "$label" "$(echo "$t1 - $t0" | bc -l)" \
        "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stage"])' "out-$label.json")" \
        "$moved" "$bundle"
}

echo "Root rollover of a store with $n leaves (release build, $(nproc) cores)"
echo
echo "| step | time | stage after | leaves moved | roots in bundle |"
echo "| --- | --- | --- | --- | --- |"
stage plan ca rollover root --plan
stage start ca rollover root --start
p issue checkout --dns checkout.example.internal
openssl verify -CAfile old-root.pem -untrusted pki/certs/checkout/current/chain.pem pki/certs/checkout/current/cert.pem > /dev/null
stage reissue ca rollover root --reissue --spread 7d --revoke-old
stage finish ca rollover root --finish
"$bin" doctor -q > /dev/null
openssl crl -in pki/crls/root.crl.pem -CAfile old-root.pem -verify -noout 2> /dev/null
echo
echo "Between the stages: a new leaf verified with only the old root (openssl), doctor healthy, the old root's final CRL verified."
