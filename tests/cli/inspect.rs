use crate::common::*;
use std::path::{Path, PathBuf};

fn inspect(env: &Env, files: &[&Path]) -> (i32, serde_json::Value) {
    let mut c = env.cmd();
    c.arg("inspect").arg("--json").args(files);
    let out = c.output().unwrap();
    (code(&out), parse_json(&out))
}

/// "Jan  1 00:00:00 2000 GMT" → Unix time.
fn openssl_date(s: &str) -> i64 {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| *m == parts[0])
    .unwrap()
        + 1;
    let text = format!(
        "{}-{:02}-{:02}T{}Z",
        parts[3],
        month,
        parts[1].parse::<u32>().unwrap(),
        parts[2]
    );
    time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339)
        .unwrap()
        .unix_timestamp()
}

#[test]
fn every_system_root_parses_with_openssls_dates_and_fingerprint() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let dir = Path::new("/etc/ssl/certs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(
        files.len() > 100,
        "the system trust store is installed (ca-certificates)"
    );
    let env = Env::new();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let (c, v) = inspect(&env, &refs);
    assert_eq!(c, 0, "{}", v["errors"]);
    let items = v["items"].as_array().unwrap();
    let mut checked = 0;
    let mut serial_zero = 0;
    for f in &files {
        let path = f.to_str().unwrap();
        let item = items
            .iter()
            .find(|i| i["path"] == path && i["index"] == 1)
            .unwrap_or_else(|| panic!("{path} missing"));
        let (rc, out) = run_tool(
            &openssl,
            &[
                "x509",
                "-in",
                path,
                "-noout",
                "-startdate",
                "-enddate",
                "-fingerprint",
                "-sha256",
                "-serial",
            ],
            dir,
        );
        assert_eq!(rc, 0, "{out}");
        for line in out.lines() {
            if let Some(d) = line.strip_prefix("notBefore=") {
                assert_eq!(item["not_before_unix"], openssl_date(d), "{path}");
            } else if let Some(d) = line.strip_prefix("notAfter=") {
                assert_eq!(item["not_after_unix"], openssl_date(d), "{path}");
            } else if let Some(fp) = line.split("Fingerprint=").nth(1) {
                assert_eq!(
                    item["fingerprint_sha256"],
                    fp.replace(':', "").to_lowercase(),
                    "{path}"
                );
            } else if let Some(sn) = line.strip_prefix("serial=") {
                assert_eq!(item["serial"], sn.to_lowercase(), "{path}");
                if sn.trim_start_matches('0').is_empty() {
                    serial_zero += 1;
                }
            }
        }
        checked += 1;
    }
    assert_eq!(checked, files.len());
    let _ = serial_zero;
    // The bundle holds every root.
    let bundle = items
        .iter()
        .filter(|i| i["path"] == "/etc/ssl/certs/ca-certificates.crt")
        .count();
    assert!(
        bundle > 100,
        "every certificate of a bundle is shown ({bundle})"
    );
}

#[test]
fn garbage_empty_and_truncated_inputs_exit_2_without_a_panic() {
    let env = Env::with_cas();
    env.issue("web");
    let cert = std::fs::read(env.store.join("certs/web/current/cert.pem")).unwrap();
    let der = pem::parse(&cert).unwrap().into_contents();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"this is not a certificate at all\n".to_vec()),
        ("empty", Vec::new()),
        ("truncated.pem", cert[..cert.len() / 2].to_vec()),
        ("truncated.der", der[..der.len() - 10].to_vec()),
        (
            "random",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                .collect(),
        ),
        (
            "badbase64.pem",
            b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n".to_vec(),
        ),
    ];
    for (name, data) in &cases {
        let p = env.path(name);
        std::fs::write(&p, data).unwrap();
        let (c, v) = inspect(&env, &[&p]);
        assert_eq!(c, 2, "{name}: {v}");
        assert_eq!(v["errors"][0]["path"], p.to_str().unwrap());
        assert!(v["errors"][0]["message"].as_str().unwrap().len() > 10);
    }
    // One bad input among good ones: the good ones are still shown.
    let good = env.store.join("certs/web/current/cert.pem");
    let (c, v) = inspect(&env, &[&good, &env.path("garbage")]);
    assert_eq!(c, 2);
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let (c, _) = inspect(&env, &[&env.path("does-not-exist")]);
    assert_eq!(c, 2);
}

#[test]
fn der_stdin_and_chains() {
    let env = Env::with_cas();
    let v = env.issue("web");
    let full = s(&v["issued"][0], "fullchain_path").to_string();
    let (c, v) = inspect(&env, &[Path::new(&full)]);
    assert_eq!(c, 0);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["kind"], "certificate");
    assert_eq!(items[1]["is_ca"], true);
    let der = pem::parse(std::fs::read(&full).unwrap())
        .unwrap()
        .into_contents();
    let out = env
        .cmd()
        .args(["inspect", "-", "--json"])
        .write_stdin(der)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
    let v = parse_json(&out);
    assert_eq!(v["items"][0]["path"], "-");
    assert_eq!(v["items"][0]["subject"], "CN=web");
}

#[test]
fn keys_are_described_never_shown() {
    let env = Env::with_cas();
    let v = env.issue("web");
    let key = s(&v["issued"][0], "key_path").to_string();
    let out = env
        .cmd()
        .args(["inspect", &key, "--json"])
        .output()
        .unwrap();
    let body = String::from_utf8_lossy(&out.stdout).to_string();
    let v = parse_json(&out);
    assert_eq!(v["items"][0]["kind"], "private_key");
    assert_eq!(v["items"][0]["encrypted"], false);
    assert_eq!(v["items"][0]["key"]["name"], "ec-p256");
    let leaf_spki = issued_cert(&env.json_ok(&["list"])).clone();
    let _ = leaf_spki;
    let key_pem = std::fs::read_to_string(&key).unwrap();
    let b64 = key_pem.lines().nth(1).unwrap();
    assert!(!body.contains(b64), "no key material in the output");

    // An encrypted CA key: KDF parameters without a passphrase, the key type with one.
    let ca_key = env.store.join("cas/root/current/key.pem");
    let out = assert_cmd::Command::cargo_bin("pkictl")
        .unwrap()
        .args(["inspect", ca_key.to_str().unwrap(), "--json"])
        .env_remove("PKICTL_PASSPHRASE")
        .output()
        .unwrap();
    let v = parse_json(&out);
    let item = &v["items"][0];
    assert_eq!(item["encrypted"], true);
    assert_eq!(item["encryption"]["kdf"], "pbkdf2");
    assert_eq!(item["encryption"]["prf"], "hmac-sha256");
    assert_eq!(item["encryption"]["iterations"], 600000);
    assert_eq!(item["encryption"]["salt_bytes"], 16);
    assert_eq!(item["encryption"]["cipher"], "aes-256-cbc");
    assert!(item["key"].is_null());
    let (_, v) = env.json(&["inspect", ca_key.to_str().unwrap()]);
    assert_eq!(v["items"][0]["key"]["name"], "ec-p256");
}

#[test]
fn plain_language_warnings() {
    let env = Env::with_cas();
    env.issue_valid("long", "500d");
    env.ok(&["issue", "nosan", "--profile", "client"]);
    let long = env.store.join("certs/long/current/cert.pem");
    let nosan = env.store.join("certs/nosan/current/cert.pem");
    let (_, v) = inspect(&env, &[&long, &nosan]);
    let codes = |i: usize| {
        v["items"][i]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(
        codes(0).contains(&"long_validity".to_string()),
        "{:?}",
        codes(0)
    );
    assert!(codes(1).contains(&"no_san".to_string()), "{:?}", codes(1));
    let out = env
        .cmd()
        .args([
            "inspect",
            long.to_str().unwrap(),
            "--json",
            "--at",
            "2040-01-01T00:00:00Z",
        ])
        .output()
        .unwrap();
    let v = parse_json(&out);
    assert!(v["items"][0]["warnings"].to_string().contains("expired"));
    assert!(v["items"][0]["days_remaining"].as_i64().unwrap() < 0);
}

#[test]
fn openssl_made_objects_are_read() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::new();
    let d = env.dir.path();
    let ok = |args: &[&str]| {
        let (c, out) = run_tool(&openssl, args, d);
        assert_eq!(c, 0, "openssl {args:?}: {out}");
    };
    ok(&["genrsa", "-out", "rsa1024.pem", "1024"]);
    ok(&["genrsa", "-traditional", "-out", "rsa-pkcs1.pem", "2048"]);
    ok(&[
        "ecparam",
        "-name",
        "prime256v1",
        "-genkey",
        "-noout",
        "-out",
        "ec-sec1.pem",
    ]);
    ok(&[
        "ecparam",
        "-name",
        "secp521r1",
        "-genkey",
        "-noout",
        "-out",
        "p521.pem",
    ]);
    ok(&[
        "pkey",
        "-in",
        "ec-sec1.pem",
        "-pubout",
        "-out",
        "ec-pub.pem",
    ]);
    ok(&[
        "req",
        "-new",
        "-key",
        "ec-sec1.pem",
        "-subj",
        "/CN=req.example.com",
        "-addext",
        "subjectAltName=DNS:req.example.com,IP:10.0.0.1",
        "-out",
        "req.csr",
    ]);
    ok(&[
        "req",
        "-x509",
        "-key",
        "rsa1024.pem",
        "-subj",
        "/CN=weak",
        "-sha1",
        "-days",
        "30",
        "-out",
        "weak.pem",
    ]);
    ok(&[
        "genpkey",
        "-algorithm",
        "ed25519",
        "-aes256",
        "-pass",
        "pass:x",
        "-out",
        "ed-enc.pem",
    ]);
    let (c, v) = inspect(
        &env,
        &[
            &d.join("rsa-pkcs1.pem"),
            &d.join("ec-sec1.pem"),
            &d.join("p521.pem"),
            &d.join("ec-pub.pem"),
            &d.join("req.csr"),
            &d.join("weak.pem"),
            &d.join("ed-enc.pem"),
        ],
    );
    assert_eq!(c, 0, "{v}");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items[0]["key"]["name"], "rsa-2048");
    assert_eq!(items[0]["format"], "PKCS#1");
    assert_eq!(items[1]["key"]["name"], "ec-p256");
    assert_eq!(items[2]["key"]["name"], "ec-p521");
    assert_eq!(items[3]["kind"], "public_key");
    assert_eq!(items[3]["spki_sha256"], items[1]["spki_sha256"]);
    assert_eq!(items[4]["kind"], "csr");
    assert_eq!(items[4]["signature_valid"], true);
    assert_eq!(items[4]["sans"]["ip"][0], "10.0.0.1");
    let weak: Vec<String> = items[5]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        weak.contains(&"weak_key".into()) && weak.contains(&"weak_signature".into()),
        "{weak:?}"
    );
    assert_eq!(items[6]["encrypted"], true);
    assert!(items[6]["encryption"]["iterations"].as_u64().unwrap() < 600000);
    assert!(items[6]["warnings"].to_string().contains("weak_kdf"));
}

#[test]
fn a_certificate_with_a_huge_san_list_is_read() {
    let env = Env::new();
    let key = rcgen::KeyPair::generate().unwrap();
    let names: Vec<String> = (0..5000).map(|i| format!("host-{i}.example.com")).collect();
    let params = rcgen::CertificateParams::new(names).unwrap();
    let cert = params.self_signed(&key).unwrap();
    let p = env.path("huge.pem");
    std::fs::write(&p, cert.pem()).unwrap();
    let (c, v) = inspect(&env, &[&p]);
    assert_eq!(c, 0);
    assert_eq!(v["items"][0]["sans"]["dns"].as_array().unwrap().len(), 5000);
}

#[test]
fn bad_inputs_are_named_on_stderr_and_keep_stdout_clean() {
    let env = Env::with_cas();
    let v = env.issue("web");
    let cert = std::fs::read_to_string(s(&v["issued"][0], "cert_path")).unwrap();
    let d = env.dir.path();
    let truncated = &cert[..cert.len() / 2];
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.in", Vec::new()),
        ("truncated.in", truncated.as_bytes().to_vec()),
        (
            "binary.in",
            vec![0xff, 0x00, 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0x01],
        ),
        ("garbage.in", b"hello world\nnot a certificate\n".to_vec()),
        ("cert-not-csr.in", cert.as_bytes().to_vec()),
    ];
    for (name, bytes) in &cases {
        std::fs::write(d.join(name), bytes).unwrap();
    }
    let mut names: Vec<&str> = cases.iter().map(|(n, _)| *n).collect();
    names.push("missing.in");
    for name in names {
        let is_cert = name == "cert-not-csr.in";
        let mut runs: Vec<Vec<&str>> = vec![
            vec!["sign-csr", name, "--name", "x"],
            vec!["issue", "--batch", name, "--batch-format", "jsonl"],
        ];
        if !is_cert {
            runs.push(vec!["inspect", name]);
            runs.push(vec!["verify", name]);
        }
        for args in runs {
            let out = env.cmd().args(&args).output().unwrap();
            let (stdout, stderr) = (
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
            );
            assert_eq!(code(&out), 2, "{args:?}: {}", text(&out));
            assert!(
                stderr.contains(name),
                "{args:?}: the input is not named on stderr:\n{}",
                text(&out)
            );
            assert!(
                !stdout.contains(name) && !stdout.contains("error"),
                "{args:?}: the error is on stdout:\n{}",
                text(&out)
            );
        }
    }
    // A batch error names the file once and the line once.
    std::fs::write(
        d.join("bad.jsonl"),
        "{\"name\":\"a\",\"dns\":\"a.example.com\"}\n{\"name\": 5}\n",
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["issue", "--batch", "bad.jsonl"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2, "{}", text(&out));
    assert_eq!(stderr.matches("bad.jsonl").count(), 1, "{stderr}");
    assert_eq!(
        stderr.matches("line").count(),
        0,
        "the line is given as file:2 only: {stderr}"
    );
    assert!(stderr.contains("bad.jsonl:2"), "{stderr}");
}

#[test]
fn a_key_that_asks_for_an_absurd_kdf_cost_is_described_not_opened() {
    // 4,000,000,000 PBKDF2 iterations: before the bound, inspect ran for hours.
    let env = Env::new();
    let key = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/regressions/sniff/absurd-pbkdf2-iterations.pem"
    );
    let start = std::time::Instant::now();
    let (c, v) = env.json(&["inspect", key]);
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(c, 0, "{v}");
    let w = v["items"][0]["warnings"].to_string();
    assert!(
        w.contains("weak_encryption") && w.contains("4000000000"),
        "{v}"
    );
}
