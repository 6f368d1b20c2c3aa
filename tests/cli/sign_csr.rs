use crate::common::*;
use serde_json::json;

fn fixture(name: &str) -> String {
    format!("{}/fixtures/csr/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn requests_from_openssl_keytool_and_go_are_signed_and_verify() {
    let openssl = tool("openssl");
    let env = Env::with_cas();
    for (f, key) in [
        ("openssl-rsa2048.csr", "rsa-2048"),
        ("openssl-ec256.csr", "ec-p256"),
        ("openssl-ec384-sha256.csr", "ec-p384"),
        ("openssl-ed25519.csr", "ed25519"),
        ("openssl-ec256.der", "ec-p256"),
        ("keytool-ec.csr", "ec-p256"),
        ("keytool-rsa.csr", "rsa-2048"),
        ("go-ec256.csr", "ec-p256"),
        ("go-rsa2048.csr", "rsa-2048"),
        ("go-ed25519.csr", "ed25519"),
    ] {
        let name = f.replace('.', "-");
        let v = env.json_ok(&["sign-csr", &fixture(f), "--name", &name]);
        let i = &v["issued"][0];
        assert_eq!(
            i["certificate"]["key"]["name"], key,
            "{f}: the key of the request, not of its signature"
        );
        assert!(i["key_path"].is_null(), "the store has no key for {f}");
        assert!(
            !env.store
                .join(format!("certs/{name}/current/key.pem"))
                .exists()
        );
        assert_eq!(
            i["certificate"]["extended_key_usage"],
            json!(["serverAuth"])
        );
        if let Some(o) = &openssl {
            let (c, out) = run_tool(
                o,
                &[
                    "verify",
                    "-CAfile",
                    s(i, "ca_path"),
                    "-untrusted",
                    s(i, "chain_path"),
                    s(i, "cert_path"),
                ],
                env.dir.path(),
            );
            assert_eq!(c, 0, "{f}: {out}");
        }
    }
}

#[test]
fn bad_requests_are_refused_with_their_reason_and_nothing_is_written() {
    let env = Env::with_cas();
    let before: Vec<_> = env
        .snapshot()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("index.jsonl"))
        .collect();
    for (f, code) in [
        ("openssl-rsa1024.csr", "weak_key"),
        ("openssl-sha1.csr", "weak_signature"),
        ("openssl-dsa.csr", "weak_key"),
        ("openssl-p192.csr", "weak_key"),
        ("openssl-p521.csr", "unsupported"),
        ("openssl-tampered.csr", "bad_signature"),
        ("openssl-ca.csr", "policy_violation"),
    ] {
        let (c, v) = env.json(&["sign-csr", &fixture(f), "--name", "x"]);
        assert_eq!(c, 2, "{f}");
        assert_eq!(v["error"]["code"], code, "{f}: {v}");
    }
    let garbage = env.path("garbage.csr");
    std::fs::write(&garbage, "nope").unwrap();
    let (c, v) = env.json(&["sign-csr", garbage.to_str().unwrap(), "--name", "x"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "malformed_input");
    let after: Vec<_> = env
        .snapshot()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("index.jsonl"))
        .collect();
    assert_eq!(before, after);
    let (c, v) = env.json(&["sign-csr", &fixture("openssl-ec256.csr")]);
    assert_eq!(c, 2, "--name is required");
    assert_eq!(v["error"]["code"], "usage");
}

#[test]
fn only_subject_and_sans_come_from_the_request_and_drops_are_reported() {
    let env = Env::with_cas();
    let v = env.json_ok(&[
        "sign-csr",
        &fixture("openssl-extras.csr"),
        "--name-from-cn",
        "--profile",
        "mtls",
    ]);
    let c = &v["issued"][0]["certificate"];
    assert_eq!(v["issued"][0]["name"], "pay.acme.example");
    assert_eq!(c["subject"], "CN=pay.acme.example");
    assert_eq!(
        c["sans"]["dns"],
        json!(["pay.acme.example", "www.pay.acme.example"])
    );
    assert_eq!(c["sans"]["ip"], json!(["10.1.2.3"]));
    assert_eq!(
        c["extended_key_usage"],
        json!(["serverAuth", "clientAuth"]),
        "codeSigning was not copied"
    );
    assert_eq!(
        c["key_usage"],
        json!(["digitalSignature"]),
        "nonRepudiation was not copied"
    );
    assert_eq!(
        v["dropped"]["subject"],
        json!([
            "C=DE",
            "O=Acme GmbH",
            "OU=Payments",
            "emailAddress=ops@acme.example"
        ])
    );
    let v = env.json_ok(&[
        "sign-csr",
        &fixture("openssl-extras.csr"),
        "--name",
        "kept",
        "--keep-subject",
        "--dns",
        "other.acme.example",
    ]);
    let c = &v["issued"][0]["certificate"];
    assert_eq!(
        c["subject"],
        "CN=pay.acme.example,OU=Payments,O=Acme GmbH,C=DE"
    );
    assert_eq!(
        c["sans"]["dns"],
        json!(["other.acme.example", "pay.acme.example"]),
        "a SAN flag replaces the set; the host-like CN stays"
    );
    assert!(
        v["dropped"]["sans"]
            .as_array()
            .unwrap()
            .contains(&json!("IP:10.1.2.3"))
    );
    let v = env.json_ok(&[
        "sign-csr",
        &fixture("openssl-ec256.csr"),
        "--name",
        "merged",
        "--dns",
        "extra.example.com",
        "--merge-csr-sans",
    ]);
    assert_eq!(
        v["issued"][0]["certificate"]["sans"]["dns"],
        json!(["extra.example.com", "ec.example.com"])
    );
}

#[test]
fn sign_csr_obeys_policy_and_constraints() {
    let env = Env::with_cas();
    set_policy(&env, "allowed_dns = [\"example.org\"]");
    let (c, v) = env.json(&["sign-csr", &fixture("openssl-ec256.csr"), "--name", "x"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "policy_violation");
    set_policy(&env, "allowed_dns = []\nallowed_key_types = [\"ec-p256\"]");
    let (c, v) = env.json(&["sign-csr", &fixture("go-rsa2048.csr"), "--name", "y"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "policy_violation");
    assert!(s(&v["error"], "message").contains("allowed_key_types"));
}

#[test]
fn a_csr_signed_certificate_renews_only_with_a_new_request() {
    let env = Env::with_cas();
    env.json_ok(&[
        "sign-csr",
        &fixture("openssl-ec256.csr"),
        "--name",
        "ext",
        "--validity",
        "20d",
    ]);
    let v = env.json_ok(&["renew", "--within", "30d"]);
    assert_eq!(v["skipped"][0]["name"], "ext");
    assert_eq!(v["skipped"][0]["reason"], "needs_new_csr");
    let v = env.json_ok(&["renew", "ext", "--csr", &fixture("go-ec256.csr")]);
    let c = &v["renewed"][0]["certificate"];
    assert_eq!(
        c["subject"], "CN=ec.example.com",
        "same subject and SANs, the new request's key"
    );
    assert_eq!(c["days_remaining"], 20);
    assert!(v["renewed"][0]["key_path"].is_null());
}

#[test]
fn the_offline_root_flow_across_two_stores() {
    let root = Env::new();
    root.ok(&["init-ca", "--cn", "Offline Root"]);
    let online = Env::new();
    let csr = online.path("issuing.csr");
    // What the signer decides is refused here, not silently dropped.
    let (c, v) = online.json(&[
        "init-ca",
        "issuing",
        "--cn",
        "Online Issuing",
        "--csr-out",
        csr.to_str().unwrap(),
        "--permit-dns",
        "example.com",
    ]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "usage", "{v}");
    assert!(!csr.exists());
    let v = online.json_ok(&[
        "init-ca",
        "issuing",
        "--cn",
        "Online Issuing",
        "--csr-out",
        csr.to_str().unwrap(),
    ]);
    assert_eq!(v["ca"]["status"], "pending");
    assert!(v["ca"]["certificate"].is_null());
    let (c, v) = online.json(&[
        "issue",
        "web",
        "--dns",
        "web.example.com",
        "--ca",
        "issuing",
    ]);
    assert_eq!(c, 2, "a pending CA cannot issue: {v}");
    let out = root.path("signed");
    let v = root.json_ok(&[
        "sign-csr",
        csr.to_str().unwrap(),
        "--name",
        "issuing",
        "--profile",
        "intermediate-ca",
        "--path-len",
        "0",
        "--permit-dns",
        "example.com",
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    let c = &v["issued"][0]["certificate"];
    assert_eq!(c["is_ca"], true);
    assert_eq!(c["path_len"], 0);
    assert_eq!(c["subject"], "CN=Online Issuing");
    assert_eq!(
        c["name_constraints"]["permitted"]["dns"],
        json!(["example.com"])
    );
    // Completing needs the root's certificate in this store.
    let (c, v) = online.json(&[
        "init-ca",
        "issuing",
        "--import-cert",
        out.join("cert.pem").to_str().unwrap(),
    ]);
    assert_eq!(c, 2);
    assert!(s(&v["error"], "hint").contains("import-ca"), "{v}");
    let v = online.json_ok(&[
        "import-ca",
        "root",
        "--cert",
        root.store
            .join("cas/root/current/cert.pem")
            .to_str()
            .unwrap(),
    ]);
    assert!(v["ca"]["key_path"].is_null());
    assert_eq!(
        v["ca"]["default"], false,
        "a key-less CA never becomes the default issuer"
    );
    // A certificate for another key is refused.
    let (c, _) = online.json(&[
        "init-ca",
        "issuing",
        "--import-cert",
        root.store
            .join("cas/root/current/cert.pem")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(c, 2);
    let v = online.json_ok(&[
        "init-ca",
        "issuing",
        "--import-cert",
        out.join("cert.pem").to_str().unwrap(),
    ]);
    assert_eq!(v["ca"]["default"], true);
    assert!(!online.store.join("cas/issuing/pending").exists());
    online.ok(&["issue", "web", "--dns", "web.example.com"]);
    let (c, v) = online.json(&["issue", "bad", "--dns", "bad.example.org"]);
    assert_eq!(c, 2);
    assert_eq!(
        v["error"]["code"], "name_constraint_violation",
        "the root's constraint reaches the online store"
    );
    let (c, v) = online.json(&["issue", "x", "--dns", "x.example.com", "--ca", "root"]);
    assert_eq!(c, 2);
    assert_eq!(
        v["error"]["code"], "unsupported",
        "no key for the root here: {v}"
    );
    online.json_ok(&["doctor"]);
    if let Some(openssl) = tool("openssl") {
        let cur = online.store.join("certs/web/current");
        let f = |n: &str| cur.join(n).to_str().unwrap().to_string();
        let (c, o) = run_tool(
            &openssl,
            &[
                "verify",
                "-CAfile",
                &f("ca.pem"),
                "-untrusted",
                &f("chain.pem"),
                &f("cert.pem"),
            ],
            online.dir.path(),
        );
        assert_eq!(c, 0, "{o}");
    }
}

#[test]
fn control_characters_in_names_are_refused_at_issuance_and_flagged_when_read() {
    let env = Env::with_cas();
    for args in [
        vec!["issue", "a", "--dns", "a.example.com", "--cn", "a\u{1}b"],
        vec![
            "issue",
            "b",
            "--dns",
            "b.example.com",
            "--subject",
            "O=Ex\tample",
        ],
        vec!["issue", "c", "--dns", "c.example.com", "--cn", "c\u{7f}"],
        vec!["init-ca", "x", "--parent", "root", "--cn", "X\nCA"],
        vec!["csr", "d", "--cn", "d\u{1b}[31m", "--out-dir", "req"],
    ] {
        let (c, v) = env.json(&args);
        assert_eq!(c, 2, "{args:?}: {v}");
        assert_eq!(v["error"]["code"], "policy_violation", "{args:?}: {v}");
        assert!(s(&v["error"], "message").contains("position"), "{v}");
    }
    // A request whose CN hides a NUL.
    let key = rcgen::KeyPair::generate().unwrap();
    let mut p = rcgen::CertificateParams::default();
    p.distinguished_name
        .push(rcgen::DnType::CommonName, "a\0b.example.com");
    let csr = p.serialize_request(&key).unwrap();
    std::fs::write(env.path("nul.csr"), csr.pem().unwrap()).unwrap();
    let (c, v) = env.json(&[
        "sign-csr",
        "nul.csr",
        "--name",
        "nul",
        "--dns",
        "b.example.com",
    ]);
    assert_eq!(c, 2, "{v}");
    assert_eq!(v["error"]["code"], "policy_violation", "{v}");
    assert!(s(&v["error"], "message").contains("U+0000"), "{v}");
    assert!(s(&v["error"], "message").contains("nul.csr"), "{v}");
    // A certificate made elsewhere with such a CN: verify refuses it, inspect warns.
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut cp = rcgen::CertificateParams::default();
    cp.distinguished_name
        .push(rcgen::DnType::CommonName, "Other Root");
    cp.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    cp.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign];
    let ca = cp.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(cp, &ca_key);
    let mut lp = rcgen::CertificateParams::default();
    lp.distinguished_name
        .push(rcgen::DnType::CommonName, "a\0b.example.com");
    lp.subject_alt_names = vec![rcgen::SanType::DnsName("b.example.com".try_into().unwrap())];
    lp.is_ca = rcgen::IsCa::ExplicitNoCa;
    lp.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
    lp.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    lp.use_authority_key_identifier_extension = true;
    lp.serial_number = Some(rcgen::SerialNumber::from(vec![0x42]));
    let leaf = lp.signed_by(&key, &issuer).unwrap();
    std::fs::write(env.path("nul.pem"), leaf.pem()).unwrap();
    std::fs::write(env.path("other-root.pem"), ca.pem()).unwrap();
    let (c, v) = env.json(&["verify", "nul.pem", "--roots", "other-root.pem"]);
    assert_eq!(c, 1, "{v}");
    assert_eq!(v["reason"]["code"], "policy", "{v}");
    assert!(
        s(&v["reason"], "message").contains("control character"),
        "{v}"
    );
    let v = env.json_ok(&["inspect", "nul.pem"]);
    let warns = v["items"][0]["warnings"].to_string();
    assert!(warns.contains("control_character"), "{v}");
}
