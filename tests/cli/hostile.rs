//! Hostile input: devices, FIFOs and oversized files never hang pkictl or
//! fill its memory; each is refused with exit 2, naming the file and, for
//! size, the limit.

use std::time::Duration;

use crate::common::*;

/// Runs with --json and a time limit; a hang fails the test instead of
/// blocking it.
fn bounded(env: &Env, args: &[&str]) -> (i32, serde_json::Value) {
    let out = env
        .cmd()
        .args(args)
        .arg("--json")
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some(),
        "pkictl {args:?} hung or was killed"
    );
    (code(&out), parse_json(&out))
}

fn mkfifo(path: &std::path::Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// The error of a document: the envelope's, or the first per-input one.
fn first_error(v: &serde_json::Value) -> &serde_json::Value {
    if v["error"].is_object() {
        &v["error"]
    } else {
        &v["errors"][0]
    }
}

#[test]
fn devices_and_fifos_are_refused_before_they_are_read() {
    let env = Env::with_cas();
    let v = env.issue("web");
    let cert = s(&v["issued"][0], "cert_path").to_string();
    let fifo = env.path("fifo");
    mkfifo(&fifo);
    let fifo = fifo.to_str().unwrap();
    for input in ["/dev/zero", fifo] {
        for args in [
            vec!["verify", input],
            vec!["verify", cert.as_str(), "--crl", input],
            vec!["verify", cert.as_str(), "--roots", input],
            vec!["verify", cert.as_str(), "--untrusted", input],
            vec!["inspect", input],
            vec!["sign-csr", input, "--name", "x"],
            vec!["issue", "--batch", input],
            vec!["check-expiry", input],
            vec!["renew", "web", "--passphrase-file", input],
            vec!["import-ca", "imp", "--cert", input],
        ] {
            let (c, v) = bounded(&env, &args);
            assert_eq!(c, 2, "{args:?}: {v}");
            let e = first_error(&v);
            assert!(
                s(e, "message").contains("not a regular file"),
                "{args:?}: {v}"
            );
        }
    }
}

#[test]
fn oversized_inputs_are_refused_with_the_limit_named() {
    let env = Env::with_cas();
    let big = |name: &str, size: usize| {
        let p = env.path(name);
        std::fs::write(&p, vec![b'a'; size]).unwrap();
        set_mode(&p, 0o600);
        p.to_str().unwrap().to_string()
    };
    let pass = big("pass", 70 << 10);
    let (c, v) = bounded(
        &env,
        &[
            "issue",
            "a",
            "--dns",
            "a.example.com",
            "--passphrase-file",
            &pass,
        ],
    );
    assert_eq!(c, 2, "{v}");
    assert!(s(&v["error"], "message").contains("64 KiB"), "{v}");
    let csr = big("big.csr", (1 << 20) + 1);
    let (c, v) = bounded(&env, &["sign-csr", &csr, "--name", "x"]);
    assert_eq!(c, 2, "{v}");
    assert!(s(&v["error"], "message").contains("1 MiB"), "{v}");
    let crl = big("big.crl", (64 << 20) + 1);
    let (c, v) = bounded(&env, &["verify", &pass, "--crl", &crl]);
    assert_eq!(c, 2, "{v}");
    assert!(s(&v["error"], "message").contains("64 MiB"), "{v}");
}

#[test]
fn a_fifo_or_a_device_in_place_of_the_index_never_hangs_a_command() {
    for kind in ["fifo", "device"] {
        let env = Env::with_cas();
        let index = env.store.join("index.jsonl");
        std::fs::remove_file(&index).unwrap();
        if kind == "fifo" {
            mkfifo(&index);
        } else {
            std::os::unix::fs::symlink("/dev/zero", &index).unwrap();
        }
        // doctor reports it as a problem of the store (exit 1).
        let (c, v) = bounded(&env, &["doctor"]);
        assert_eq!(c, 1, "{kind}: {v}");
        assert_eq!(v["problems"][0]["code"], "index_damaged", "{v}");
        for args in [
            &["list"][..],
            &["audit", "verify"],
            &["check-expiry"],
            &["issue", "a", "--dns", "a.example.com"],
        ] {
            let (c, v) = bounded(&env, args);
            assert_eq!(c, 2, "{kind} {args:?}: {v}");
            assert_eq!(v["error"]["code"], "store_format", "{kind} {args:?}: {v}");
        }
    }
}

#[test]
fn error_messages_quote_little_of_their_input_and_batches_stop_early() {
    let env = Env::with_cas();
    // A 50 MB JSON Lines entry.
    let huge = format!(
        "{{\"name\":\"a\",\"key_type\":\"{}\"}}\n",
        "x".repeat(50 << 20)
    );
    std::fs::write(env.path("huge.jsonl"), huge).unwrap();
    // 8 MB of NUL bytes read as CSV.
    std::fs::write(env.path("zeros.csv"), vec![0u8; 8 << 20]).unwrap();
    // A long garbage value in a flag.
    let long_dns = "x".repeat(100_000);
    for args in [
        vec!["issue", "--batch", "huge.jsonl"],
        vec!["issue", "--batch", "zeros.csv", "--batch-format", "csv"],
        vec!["issue", "a", "--dns", long_dns.as_str()],
    ] {
        let out = env.cmd().args(&args).arg("--json").output().unwrap();
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(
            out.stdout.len() < 20_000,
            "{args:?}: {} bytes of JSON",
            out.stdout.len()
        );
        assert!(
            out.stderr.len() < 20_000,
            "{args:?}: {} bytes on stderr",
            out.stderr.len()
        );
        parse_json(&out);
    }
    // 1,000 bad lines: the first 100 and a note, unless --keep-going.
    let bad: String = (0..1000)
        .map(|i| format!("{{\"name\":\"n{i}\",\"dns\":\"-bad\"}}\n"))
        .collect();
    std::fs::write(env.path("bad.jsonl"), bad).unwrap();
    let (c, v) = env.json(&["issue", "--batch", "bad.jsonl"]);
    assert_eq!(c, 2);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 101, "{}", errors.len());
    assert!(
        s(&errors[100], "message").contains("--keep-going"),
        "{}",
        errors[100]
    );
    let (c, v) = env.json(&["issue", "--batch", "bad.jsonl", "--keep-going"]);
    assert_eq!(c, 2);
    assert_eq!(v["errors"].as_array().unwrap().len(), 1000);
}
