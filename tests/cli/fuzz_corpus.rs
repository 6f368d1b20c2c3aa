//! Replays every fuzz corpus file and every input a fuzzer found a defect
//! with (`fuzz/corpus/TARGET`, `fuzz/regressions/TARGET`) through the
//! fuzz targets' own bodies, so a corpus cannot rot and a fixed defect
//! stays fixed. The fuzzers themselves run with `fuzz/run.sh`.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("sniff", targets::sniff),
    ("cert_verify", targets::cert_verify),
    ("csr", targets::csr),
    ("crl", targets::crl),
    ("key", targets::key),
    ("p12", targets::p12),
    ("index", targets::index),
    ("batch", targets::batch),
    ("time", targets::time),
    ("config", targets::config),
    ("pkcs11_uri", targets::pkcs11_uri),
];

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn replay(kind: &str) -> usize {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind);
    let mut count = 0;
    for (name, target) in TARGETS {
        let inputs = files(&base.join(name));
        // On every core: a corpus holds thousands of files.
        let chunks: Vec<&[PathBuf]> = inputs.chunks(inputs.len().div_ceil(4).max(1)).collect();
        std::thread::scope(|s| {
            for chunk in chunks {
                s.spawn(move || {
                    for f in chunk {
                        let data = std::fs::read(f).unwrap();
                        let r = std::panic::catch_unwind(|| target(&data));
                        assert!(r.is_ok(), "fuzz target {name} panicked on {}", f.display());
                    }
                });
            }
        });
        count += inputs.len();
    }
    count
}

#[test]
fn every_corpus_file_passes_its_target() {
    let n = replay("corpus");
    assert!(n > 100, "only {n} corpus files: is fuzz/corpus there?");
}

#[test]
fn every_found_defect_stays_fixed() {
    replay("regressions");
}

#[test]
fn every_target_has_a_corpus() {
    for (name, _) in TARGETS {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(name);
        assert!(!files(&dir).is_empty(), "fuzz/corpus/{name} is empty");
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fuzz/fuzz_targets")
                .join(format!("{name}.rs"))
                .is_file(),
            "no fuzz target {name}"
        );
    }
}
