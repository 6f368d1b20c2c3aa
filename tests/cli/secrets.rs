//! Secrets never leak: every command a test runs through `Env::run` and
//! `Env::json` has its stdout and stderr searched for its environment's
//! passphrase and every line of every private key under it, and when an
//! `Env` ends, the index, metadata, policy file and hook output are
//! searched too (`common.rs`). These tests prove the search finds what it
//! looks for.

use std::os::unix::process::ExitStatusExt;
use std::process::{ExitStatus, Output};

use crate::common::{Env, key_lines};

fn output(stdout: &str, stderr: &str) -> Output {
    Output {
        status: ExitStatus::from_raw(0),
        stdout: stdout.as_bytes().to_vec(),
        stderr: stderr.as_bytes().to_vec(),
    }
}

#[test]
fn the_leak_check_finds_a_key_line_and_the_passphrase() {
    let env = Env::with_cas();
    env.issue("web");
    let key = std::fs::read_to_string(env.store.join("certs/web/current/key.pem")).unwrap();
    let line = key_lines(&key)[1].clone();
    let secrets = env.secrets();
    assert!(secrets.contains(&line), "the store's leaf key is collected");
    assert!(
        secrets.iter().filter(|s| s.len() == 64).count() >= 3,
        "the CA keys (encrypted) and the leaf key are collected: {}",
        secrets.len()
    );
    for (out, err) in [
        (format!("{{\"x\": \"{line}\"}}"), String::new()),
        (String::new(), format!("error: {line}")),
        (
            String::new(),
            "pass was correct horse battery staple".to_string(),
        ),
    ] {
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            env.assert_no_secrets(&["list"], &output(&out, &err))
        }));
        assert!(caught.is_err(), "not caught: {out}{err}");
    }
    // A key asked for on stdout is the one exception; stderr still counts.
    env.assert_no_secrets(&["export", "web", "--out", "-"], &output(&key, ""));
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        env.assert_no_secrets(&["export", "web", "--out", "-"], &output("", &key))
    }));
    assert!(caught.is_err());
}

#[test]
fn no_command_prints_a_key_or_passphrase() {
    // The everyday commands on a store with keys, each checked by `Env::run`.
    let env = Env::with_cas();
    env.issue("web");
    let key = env.store.join("certs/web/current/key.pem");
    let key = key.to_str().unwrap();
    for args in [
        &["list"][..],
        &["inspect", key],
        &["inspect", "pki/cas/root/current/key.pem"],
        &["renew", "web"],
        &["revoke", "web"],
        &["audit"],
        &["doctor"],
        &[
            "export",
            "web",
            "--format",
            "k8s-secret",
            "--out",
            "web.yaml",
        ],
        &["issue", "x", "--dns", "x.example.com", "--dry-run"],
        &["issue", "y", "--dns", "y.example.com", "--out-dir", "y"],
    ] {
        env.run(args);
        env.json(args);
    }
}
