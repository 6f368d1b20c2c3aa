use crate::common::*;
use serde_json::json;

#[test]
fn issue_writes_the_five_files_with_the_right_modes() {
    let env = Env::with_cas();
    let v = env.json_ok(&[
        "issue",
        "web",
        "--dns",
        "web.example.com",
        "--ip",
        "10.0.0.5",
    ]);
    assert_eq!(v["changed"], true);
    let i = &v["issued"][0];
    let cert = &i["certificate"];
    assert_eq!(
        cert["sans"],
        json!({"dns": ["web.example.com"], "ip": ["10.0.0.5"], "email": [], "uri": []})
    );
    assert_eq!(cert["extended_key_usage"], json!(["serverAuth"]));
    assert_eq!(cert["key_usage"], json!(["digitalSignature"]));
    assert_eq!(cert["status"], "valid");
    assert_eq!(cert["profile"], "server");
    assert_eq!(cert["ca"], "issuing");
    assert_eq!(cert["days_remaining"], 90);
    assert_eq!(s(cert, "serial").len(), 32, "16-byte serials");
    assert!(cert["subject_key_id"].is_string() && cert["authority_key_id"].is_string());
    let nb = cert["not_before_unix"].as_i64().unwrap();
    let na = cert["not_after_unix"].as_i64().unwrap();
    assert_eq!(
        na - nb,
        90 * 86400 + 300,
        "backdated five minutes, validity not shortened"
    );
    for (field, m) in [
        ("cert_path", 0o644),
        ("key_path", 0o600),
        ("chain_path", 0o644),
        ("fullchain_path", 0o644),
        ("ca_path", 0o644),
    ] {
        let p = std::path::PathBuf::from(s(i, field));
        assert!(
            p.to_string_lossy().contains("/certs/web/current/"),
            "{field}: {}",
            p.display()
        );
        assert_eq!(mode(&p), m, "{field}");
    }
    let chain = std::fs::read_to_string(s(i, "chain_path")).unwrap();
    let full = std::fs::read_to_string(s(i, "fullchain_path")).unwrap();
    let leaf = std::fs::read_to_string(s(i, "cert_path")).unwrap();
    assert_eq!(
        chain.matches("BEGIN CERTIFICATE").count(),
        1,
        "the intermediate only"
    );
    assert_eq!(full, format!("{leaf}{chain}"));
}

#[test]
fn serials_are_random_and_distinct() {
    let env = Env::with_cas();
    let a = env.issue("a");
    let b = env.issue("b");
    assert_ne!(issued_cert(&a)["serial"], issued_cert(&b)["serial"]);
}

#[test]
fn a_host_like_cn_is_always_among_the_sans() {
    let env = Env::with_cas();
    let v = env.json_ok(&["issue", "api.example.com"]);
    assert_eq!(issued_cert(&v)["sans"]["dns"], json!(["api.example.com"]));
    let v = env.json_ok(&["issue", "byip", "--cn", "10.9.8.7", "--profile", "client"]);
    assert_eq!(issued_cert(&v)["sans"]["ip"], json!(["10.9.8.7"]));
    let v = env.json_ok(&["issue", "alice", "--profile", "client"]);
    assert_eq!(
        issued_cert(&v)["sans"],
        json!({"dns": [], "ip": [], "email": [], "uri": []}),
        "clients get no default SAN"
    );
}

#[test]
fn a_server_certificate_without_a_san_is_refused_with_a_hint() {
    let env = Env::with_cas();
    let (c, v) = env.json(&["issue", "web"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "usage");
    assert!(s(&v["error"], "hint").contains("--dns"));
}

#[test]
fn profiles_set_their_extended_key_usage() {
    let env = Env::with_cas();
    let cases = [
        (
            vec!["issue", "s", "--dns", "s.example.com"],
            json!(["serverAuth"]),
        ),
        (
            vec![
                "issue",
                "c",
                "--profile",
                "client",
                "--email",
                "c@example.com",
            ],
            json!(["clientAuth"]),
        ),
        (
            vec!["issue", "m", "--profile", "mtls", "--dns", "m.example.com"],
            json!(["serverAuth", "clientAuth"]),
        ),
        (
            vec![
                "issue",
                "p",
                "--spiffe-id",
                "spiffe://prod.example/ns/a/sa/p",
            ],
            json!(["serverAuth", "clientAuth"]),
        ),
    ];
    for (args, eku) in cases {
        let v = env.json_ok(&args);
        assert_eq!(issued_cert(&v)["extended_key_usage"], eku, "{args:?}");
    }
    let v = env.json_ok(&["list"]);
    let spiffe = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "p")
        .unwrap()
        .clone();
    assert_eq!(spiffe["profile"], "spiffe");
    assert_eq!(
        spiffe["sans"]["uri"],
        json!(["spiffe://prod.example/ns/a/sa/p"])
    );
}

#[test]
fn spiffe_ids_are_validated() {
    let env = Env::with_cas();
    for bad in [
        "spiffe://Prod.example/x",
        "spiffe://prod.example",
        "spiffe://prod.example/a?x=1",
        "https://prod.example/a",
    ] {
        let (c, v) = env.json(&["issue", "p", "--spiffe-id", bad]);
        assert_eq!(c, 2, "{bad}");
        assert_eq!(v["error"]["code"], "usage", "{bad}");
    }
    let (c, _) = env.json(&[
        "issue",
        "p",
        "--spiffe-id",
        "spiffe://prod.example/a",
        "--uri",
        "https://other.example/",
    ]);
    assert_eq!(c, 2, "exactly one URI SAN");
}

#[test]
fn rsa_leaves_also_get_key_encipherment() {
    let env = Env::with_cas();
    let v = env.json_ok(&[
        "issue",
        "r",
        "--dns",
        "r.example.com",
        "--key-type",
        "rsa-2048",
    ]);
    assert_eq!(
        issued_cert(&v)["key_usage"],
        json!(["digitalSignature", "keyEncipherment"])
    );
    assert_eq!(
        issued_cert(&v)["key"],
        json!({"type": "rsa", "name": "rsa-2048", "curve": null, "bits": 2048})
    );
}

#[test]
fn outliving_the_issuer_is_refused_never_clamped() {
    let env = Env::with_cas();
    let (c, v) = env.json(&[
        "issue",
        "web",
        "--dns",
        "web.example.com",
        "--validity",
        "6y",
    ]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "outlives_issuer");
    assert!(s(&v["error"], "hint").contains("--validity"));
    let (c, v) = env.json(&[
        "issue",
        "web",
        "--dns",
        "web.example.com",
        "--not-after",
        "2099-01-01T00:00:00Z",
    ]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "outlives_issuer");
}

#[test]
fn not_after_and_subject_are_honoured() {
    let env = Env::with_cas();
    let v = env.json_ok(&[
        "issue",
        "web",
        "--dns",
        "web.example.com",
        "--not-after",
        "2027-01-01T00:00:00Z",
        "--subject",
        "O=Example Inc,OU=Payments,C=US",
    ]);
    let c = issued_cert(&v);
    assert_eq!(c["not_after"], "2027-01-01T00:00:00Z");
    assert_eq!(c["subject"], "CN=web,OU=Payments,O=Example Inc,C=US");
}

#[test]
fn an_active_name_is_refused_then_superseded_or_accepted_if_absent() {
    let env = Env::with_cas();
    let first = env.issue("web");
    let serial1 = s(issued_cert(&first), "serial").to_string();
    let (c, v) = env.json(&["issue", "web", "--dns", "web.example.com"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "already_exists");
    assert!(s(&v["error"], "hint").contains("--supersede"));

    let v = env.json_ok(&["issue", "web", "--dns", "web.example.com", "--if-absent"]);
    assert_eq!(v["changed"], false);
    assert_eq!(issued_cert(&v)["serial"], serial1.as_str());
    let (c, v) = env.json(&["issue", "web", "--dns", "other.example.com", "--if-absent"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "exists_different");

    let v = env.json_ok(&["issue", "web", "--dns", "web.example.com", "--supersede"]);
    let serial2 = s(issued_cert(&v), "serial").to_string();
    assert_eq!(issued_cert(&v)["replaces"], serial1.as_str());
    let list = env.json_ok(&["list", "--status", "all"]);
    let old = list["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["serial"] == serial1.as_str())
        .unwrap()
        .clone();
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["replaced_by"], serial2.as_str());
    // The superseded certificate's files stay in its own immutable directory.
    assert!(
        env.store
            .join("certs/web")
            .join(&serial1)
            .join("cert.pem")
            .exists()
    );
    assert_eq!(
        std::fs::read_link(env.store.join("certs/web/current"))
            .unwrap()
            .to_string_lossy(),
        serial2
    );
}

#[test]
fn dry_run_decrypts_and_writes_nothing() {
    let env = Env::with_cas();
    let before = env.snapshot();
    // No passphrase source at all: a dry run must not need one.
    let out = assert_cmd::Command::cargo_bin("pkictl")
        .unwrap()
        .args([
            "--store",
            env.store.to_str().unwrap(),
            "issue",
            "web",
            "--dns",
            "web.example.com",
            "--dry-run",
            "--json",
        ])
        .env_remove("PKICTL_PASSPHRASE")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
    let v = parse_json(&out);
    let c = issued_cert(&v);
    assert!(c["serial"].is_null() && c["fingerprint_sha256"].is_null());
    assert_eq!(c["sans"]["dns"], json!(["web.example.com"]));
    assert_eq!(c["issuer"], "CN=Test Issuing CA");
    assert_eq!(
        before,
        env.snapshot(),
        "the store is byte for byte unchanged"
    );
}

#[test]
fn out_dir_gets_a_copy_and_no_keep_key_keeps_the_key_only_there() {
    let env = Env::with_cas();
    let out = env.path("out");
    let v = env.json_ok(&[
        "issue",
        "web",
        "--dns",
        "web.example.com",
        "--out-dir",
        out.to_str().unwrap(),
        "--no-keep-key",
    ]);
    assert_eq!(mode(&out.join("key.pem")), 0o600);
    assert!(out.join("fullchain.pem").exists() && out.join("ca.pem").exists());
    assert_eq!(
        s(&v["issued"][0], "key_path"),
        out.join("key.pem").to_str().unwrap()
    );
    assert!(!env.store.join("certs/web/current/key.pem").exists());
    // Existing outputs are never overwritten silently.
    let (c, v) = env.json(&[
        "issue",
        "web2",
        "--dns",
        "web2.example.com",
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "already_exists");
    assert!(
        env.json(&["list"]).1["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"] != "web2"),
        "nothing issued"
    );
    env.ok(&[
        "issue",
        "web2",
        "--dns",
        "web2.example.com",
        "--out-dir",
        out.to_str().unwrap(),
        "--overwrite",
    ]);
    let (c, _) = env.json(&[
        "issue",
        "web3",
        "--dns",
        "web3.example.com",
        "--no-keep-key",
    ]);
    assert_eq!(c, 2, "--no-keep-key needs --out-dir so the key is not lost");
}

#[test]
fn issuing_from_a_root_warns() {
    let env = Env::with_cas();
    let v = env.json_ok(&["issue", "web", "--dns", "web.example.com", "--ca", "root"]);
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "issued_from_root")
    );
    assert_eq!(
        std::fs::read_to_string(s(&v["issued"][0], "chain_path")).unwrap(),
        "",
        "no intermediates"
    );
}

#[test]
fn batch_jsonl_issues_everything_with_one_decryption() {
    let env = Env::with_cas();
    let batch = env.path("batch.jsonl");
    let mut lines = String::new();
    for i in 0..25 {
        lines.push_str(&format!(
            "{{\"name\":\"svc-{i}\",\"dns\":\"svc-{i}.example.com\",\"profile\":\"mtls\"}}\n"
        ));
    }
    lines.push_str("{\"name\":\"ed\",\"dns\":[\"ed.example.com\"],\"key_type\":\"ed25519\",\"validity\":\"30d\"}\n");
    std::fs::write(&batch, lines).unwrap();
    let out_dir = env.path("out");
    let v = env.json_ok(&[
        "issue",
        "--batch",
        batch.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(v["issued"].as_array().unwrap().len(), 26);
    assert_eq!(v["issued"][0]["name"], "svc-0", "input order is kept");
    assert_eq!(v["issued"][25]["certificate"]["days_remaining"], 30);
    assert!(out_dir.join("svc-7/key.pem").exists());
    let list = env.json_ok(&["list"]);
    assert_eq!(list["certificates"].as_array().unwrap().len(), 28);
}

#[test]
fn a_batch_with_one_bad_line_signs_nothing() {
    let env = Env::with_cas();
    let batch = env.path("b.csv");
    std::fs::write(&batch, "name,dns,profile\ngood,good.example.com;www.good.example.com,mtls\nbad,not_a_host,server\ngood,dup.example.com,server\n").unwrap();
    let before = env.snapshot();
    let (c, v) = env.json(&["issue", "--batch", batch.to_str().unwrap()]);
    assert_eq!(c, 2);
    assert!(
        v.get("error").is_none(),
        "per-line trouble is not the envelope"
    );
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["line"], 3);
    assert_eq!(errors[0]["name"], "bad");
    assert_eq!(errors[0]["code"], "usage");
    assert_eq!(errors[1]["line"], 4);
    assert_eq!(v["issued"], json!([]));
    let strip = |s: Vec<(std::path::PathBuf, Vec<u8>)>| {
        s.into_iter()
            .filter(|(p, _)| !p.ends_with("index.jsonl"))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(before), strip(env.snapshot()));
    // --keep-going issues the good line.
    let (c, v) = env.json(&["issue", "--batch", batch.to_str().unwrap(), "--keep-going"]);
    assert_eq!(c, 2, "trouble on some lines still exits 2");
    assert_eq!(v["issued"][0]["name"], "good");
    assert_eq!(
        v["issued"][0]["certificate"]["sans"]["dns"],
        json!(["good.example.com", "www.good.example.com"])
    );
}

#[test]
fn batch_from_stdin_with_an_explicit_format() {
    let env = Env::with_cas();
    let out = env
        .cmd()
        .args(["issue", "--batch", "-", "--batch-format", "csv", "--json"])
        .write_stdin("dns,name\nx.example.com,x\n")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert_eq!(parse_json(&out)["issued"][0]["name"], "x");
}

#[test]
fn bad_batch_files_are_refused() {
    let env = Env::with_cas();
    let b = env.path("b.jsonl");
    std::fs::write(
        &b,
        "{\"name\":\"a\",\"dns\":\"a.example.com\",\"colour\":\"red\"}\n",
    )
    .unwrap();
    let (c, v) = env.json(&["issue", "--batch", b.to_str().unwrap()]);
    assert_eq!(c, 2);
    assert_eq!(v["errors"][0]["code"], "malformed_input");
    std::fs::write(&b, "").unwrap();
    let (c, v) = env.json(&["issue", "--batch", b.to_str().unwrap()]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "malformed_input");
}

#[test]
fn issuing_an_existing_name_points_to_renew_first() {
    let env = Env::with_cas();
    env.issue("web");
    let (c, v) = env.json(&["issue", "web", "--dns", "web.example.com"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "already_exists");
    let hint = s(&v["error"], "hint");
    let renew = hint
        .find("pkictl renew web")
        .unwrap_or_else(|| panic!("{hint}"));
    let supersede = hint.find("--supersede").unwrap_or_else(|| panic!("{hint}"));
    assert!(renew < supersede, "renew comes first: {hint}");
}

#[test]
fn backdating_is_bounded_by_the_issuer_and_by_24_hours() {
    let env = Env::with_cas();
    let now = pkictl::timeutil::now_unix();
    let soon = (now + 30 * 86_400).to_string();
    // More than 24 hours back needs --backdate-ok.
    for args in [
        vec![
            "issue",
            "a",
            "--dns",
            "a.example.com",
            "--not-before",
            "2020-01-01T00:00:00Z",
            "--not-after",
            &soon,
        ],
        vec!["issue", "a", "--dns", "a.example.com", "--backdate", "25h"],
    ] {
        let (c, v) = env.json(&args);
        assert_eq!(c, 2, "{args:?}: {v}");
        assert_eq!(v["error"]["code"], "usage", "{v}");
        assert!(s(&v["error"], "hint").contains("--backdate-ok"), "{v}");
    }
    // Never before the issuer's own notBefore, even with --backdate-ok.
    let hour_ago = (now - 3600).to_string();
    for extra in [&[][..], &["--backdate-ok"][..]] {
        let mut args = vec![
            "issue",
            "b",
            "--dns",
            "b.example.com",
            "--not-before",
            &hour_ago,
        ];
        args.extend_from_slice(extra);
        let (c, v) = env.json(&args);
        assert_eq!(c, 2, "{v}");
        assert_eq!(v["error"]["code"], "policy_violation", "{v}");
        assert!(s(&v["error"], "hint").contains("--not-before"), "{v}");
    }
    let (c, v) = env.json(&[
        "issue",
        "b",
        "--dns",
        "b.example.com",
        "--not-before",
        "2020-01-01T00:00:00Z",
        "--not-after",
        &soon,
        "--backdate-ok",
    ]);
    assert_eq!(c, 2, "{v}");
    assert_eq!(v["error"]["code"], "policy_violation", "{v}");
    // Within both bounds it works.
    let v = env.json_ok(&["issue", "c", "--dns", "c.example.com", "--backdate", "2m"]);
    let nb = issued_cert(&v)["not_before_unix"].as_i64().unwrap();
    assert!((now - 130..=now - 110).contains(&nb), "{nb} vs {now}");
}

#[test]
fn batch_files_refuse_duplicate_columns_and_accept_a_bom_in_both_formats() {
    let env = Env::with_cas();
    std::fs::write(env.path("dup.csv"), "name,name,dns\na,b,a.example.com\n").unwrap();
    let (c, v) = env.json(&["issue", "--batch", "dup.csv"]);
    assert_eq!(c, 2, "{v}");
    assert_eq!(v["error"]["code"], "malformed_input", "{v}");
    assert!(s(&v["error"], "message").contains("twice"), "{v}");
    std::fs::write(
        env.path("bom.jsonl"),
        "\u{feff}{\"name\":\"j\",\"dns\":\"j.example.com\"}\n",
    )
    .unwrap();
    std::fs::write(env.path("bom.csv"), "\u{feff}name,dns\nk,k.example.com\n").unwrap();
    for f in ["bom.jsonl", "bom.csv"] {
        let v = env.json_ok(&["issue", "--batch", f]);
        assert_eq!(v["issued"].as_array().unwrap().len(), 1, "{f}: {v}");
    }
}
