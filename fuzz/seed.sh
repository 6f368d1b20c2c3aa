#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/TARGET) from the project's fixtures,
# the x509-limbo suite and objects made by openssl. Existing corpus files
# are kept; seeds are named by content, so running it twice adds nothing.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)/..
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=fuzz-passphrase

add() { # add TARGET FILE...
    local t=$1
    shift
    mkdir -p "corpus/$t"
    for f in "$@"; do
        [ -s "$f" ] || continue
        cp "$f" "corpus/$t/seed-$(sha256sum "$f" | cut -c1-16)"
    done
}

store=$root/fixtures/snapshot-store
mapfile -t store_pems < <(find "$store" -name '*.pem' -type f)
add sniff "${store_pems[@]}" "$root"/fixtures/csr/*.csr "$root"/fixtures/csr/*.der
add cert_verify $(find "$store" -name 'cert.pem' -type f)
add csr "$root"/fixtures/csr/*.csr "$root"/fixtures/csr/*.der
add crl "$store"/crls/*.pem
add index "$store/index.jsonl"
add config "$store/pkictl.toml"

# Certificates and CRLs of x509-limbo (a sample: one file per distinct object).
python3 - "$root/fixtures/x509-limbo/limbo.json.gz" "$work/limbo" <<'PY'
import gzip, hashlib, json, os, sys
cases = json.load(gzip.open(sys.argv[1]))["testcases"]
out = sys.argv[2]
os.makedirs(out + "/cert", exist_ok=True)
os.makedirs(out + "/crl", exist_ok=True)
seen = set()
for i, c in enumerate(cases):
    pems = [("cert", c["peer_certificate"])] if i % 4 == 0 else []
    pems += [("crl", p) for p in c.get("crls") or []]
    if i % 8 == 0:
        pems += [("cert", p) for p in c["untrusted_intermediates"][:1]]
    for kind, p in pems:
        h = hashlib.sha256(p.encode()).hexdigest()[:16]
        if h not in seen:
            seen.add(h)
            open(f"{out}/{kind}/{h}.pem", "w").write(p)
PY
add cert_verify "$work"/limbo/cert/*
add crl "$work"/limbo/crl/*
add sniff $(ls "$work"/limbo/cert/* | head -200) "$work"/limbo/crl/*

# Keys of every type, plain and encrypted, PEM and DER; PKCS#12 files.
cd "$work"
for spec in "p256 EC -pkeyopt ec_paramgen_curve:P-256" "p384 EC -pkeyopt ec_paramgen_curve:P-384" \
    "rsa RSA -pkeyopt rsa_keygen_bits:2048" "ed25519 ED25519"; do
    n=${spec%% *}
    spec=${spec#* }
    openssl genpkey -algorithm $spec -out "$n.key" 2>/dev/null
    openssl pkey -in "$n.key" -outform DER -out "$n.der"
    openssl pkcs8 -topk8 -in "$n.key" -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter 1000 \
        -passout "pass:$pass" -out "$n.enc"
    openssl pkcs8 -topk8 -in "$n.key" -v2 aes-256-cbc -iter 1000 -passout "pass:$pass" \
        -outform DER -out "$n.enc.der"
    openssl pkey -in "$n.key" -traditional -out "$n.trad" 2>/dev/null || true
    openssl pkey -in "$n.key" -pubout -out "$n.pub"
    openssl req -new -x509 -key "$n.key" -subj "/CN=$n" -days 30 -out "$n.crt" 2>/dev/null
    openssl pkcs12 -export -inkey "$n.key" -in "$n.crt" -passout "pass:$pass" -out "$n.p12"
    openssl pkcs12 -export -inkey "$n.key" -in "$n.crt" -passout "pass:$pass" -legacy \
        -out "$n.legacy.p12" 2>/dev/null || true
    openssl pkcs12 -export -nokeys -in "$n.crt" -passout "pass:$pass" -out "$n.trust.p12"
done
openssl ec -in p256.key -aes256 -passout "pass:$pass" -out legacy-enc.key 2>/dev/null
cd - >/dev/null
add key "$work"/*.key "$work"/*.der "$work"/*.enc "$work"/*.enc.der "$work"/*.trad "$work"/legacy-enc.key
add sniff "$work"/*.enc "$work"/*.pub "$work"/*.p12 "$work"/legacy-enc.key
add p12 "$work"/*.p12

# Batch files, durations and times.
mkdir -p "$work/text"
printf '%s\n' '{"name":"web","dns":["web.example.com"]}' \
    '{"name":"db","cn":"db.internal","ip":["10.0.0.5"],"profile":"mtls","validity":"30d"}' \
    '{"name":"svc","spiffe_id":"spiffe://example.org/ns/a/sa/b","key_type":"ed25519"}' >"$work/text/b1"
printf '%s\n' 'name,cn,dns,ip,profile,validity' 'web,web.example.com,web.example.com;www.example.com,,server,90d' \
    'db,db,,10.0.0.5,client,1y' >"$work/text/b2"
add batch "$work"/text/b1 "$work"/text/b2
i=0
for t in 90d 1y 12h30m 1w2d 3600s 0s 100% 25% 30d 2026-01-01T00:00:00Z 2026-12-05 \
    "2026-12-05 10:00:00" 1y1w1d1h1m1s 9999999999d; do
    i=$((i + 1))
    printf '%s' "$t" >"$work/text/t$i"
    add time "$work/text/t$i"
done
printf 'default_ca = "a.b"\n[ca."a.b"]\nallowed_dns = ["example.com", ".internal"]\nallowed_ip_ranges = ["10.0.0.0/8"]\nmax_validity = "398d"\n[ca."a.b".subject]\nO = "Example"\n' >"$work/text/c1"
add config "$work/text/c1"
for t in corpus/*; do echo "$t: $(ls "$t" | wc -l) files"; done
