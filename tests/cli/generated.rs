//! The committed completions and man pages match the CLI definition.
//! Regenerate with: PKICTL_REGENERATE=1 cargo test --test cli generated

use std::path::Path;

#[test]
fn completions_and_man_pages_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = pkictl::commands::completions::generated_files().unwrap();
    if std::env::var("PKICTL_REGENERATE").is_ok() {
        pkictl::commands::completions::write_generated(root).unwrap();
        return;
    }
    let mut stale = Vec::new();
    for (rel, bytes) in &files {
        let on_disk = std::fs::read(root.join(rel)).unwrap_or_default();
        if &on_disk != bytes {
            stale.push(rel.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files {stale:?}; run: PKICTL_REGENERATE=1 cargo test --test cli generated"
    );
    for dir in ["completions", "man"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            let rel = format!("{dir}/{}", e.file_name().to_string_lossy());
            assert!(
                files.iter().any(|(r, _)| *r == rel),
                "{rel} is no longer generated; remove it"
            );
        }
    }
}

#[test]
fn the_completions_command_prints_a_script() {
    let out = assert_cmd::Command::cargo_bin("pkictl")
        .unwrap()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("init-ca"));
}
