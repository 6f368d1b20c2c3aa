#!/usr/bin/env bash
# Runs fuzz targets with libFuzzer on the stable toolchain.
#
#   fuzz/run.sh TARGET|all [MINUTES]    (default: every target, 10 minutes each)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). RUSTC_BOOTSTRAP=1 lets the
# stable compiler build with the sanitizer flags cargo-fuzz passes. Each run
# starts from fuzz/corpus/TARGET (seed it with fuzz/seed.sh), stops a run at
# a crash, a hang over 10 s or 2 GB of memory (the input lands in
# fuzz/artifacts/TARGET), and minimizes the corpus afterwards. Copy a found
# input to fuzz/regressions/TARGET: `cargo test fuzz_corpus` replays it.
set -euo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
target=${1:-all}
minutes=${2:-10}
if [ "$target" = all ]; then
    targets=$(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^pkictl-fuzz$')
else
    targets=$target
fi
[ -d corpus ] || ./seed.sh
cargo fuzz build -O
mkdir -p logs
for t in $targets; do
    echo "== $t: $minutes min"
    mkdir -p "corpus/$t"
    status=0
    # -detect_leaks=0: LeakSanitizer reports the 32 bytes glibc keeps for
    # each exited worker thread's thread-local destructors (the scoped
    # threads of parallel::map), a false positive; memory that grows
    # without bound is still caught by -rss_limit_mb and -malloc_limit_mb.
    cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time=$((minutes * 60)) -timeout=10 \
        -rss_limit_mb=2048 -malloc_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 \
        >"logs/$t.log" 2>&1 || status=$?
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|SUMMARY' "logs/$t.log" || true
    cargo fuzz cmin -O "$t" "corpus/$t" >>"logs/$t.log" 2>&1
    echo "corpus/$t: $(ls "corpus/$t" | wc -l) files"
    if [ "$status" != 0 ]; then
        echo "$t stopped with status $status: see fuzz/logs/$t.log and fuzz/artifacts/$t" >&2
        exit "$status"
    fi
done
