use crate::common::*;

#[test]
fn init_ca_creates_a_private_store_with_an_encrypted_root() {
    let env = Env::new();
    let v = env.json_ok(&[
        "init-ca",
        "--cn",
        "Example Root CA",
        "--org",
        "Example",
        "--country",
        "de",
    ]);
    let ca = &v["ca"];
    assert_eq!(s(ca, "name"), "root");
    assert_eq!(ca["default"], true);
    let cert = &ca["certificate"];
    assert_eq!(s(cert, "subject"), "CN=Example Root CA,O=Example,C=DE");
    assert_eq!(cert["is_ca"], true);
    assert_eq!(cert["path_len"], 1);
    assert_eq!(cert["key"]["name"], "ec-p256");
    assert_eq!(
        cert["key_usage"],
        serde_json::json!(["keyCertSign", "cRLSign"])
    );
    assert_eq!(cert["days_remaining"], 3650);
    assert_eq!(v["store"]["source"], "flag");
    assert_eq!(mode(&env.store), 0o700);
    let key = std::path::PathBuf::from(s(ca, "key_path"));
    assert_eq!(mode(&key), 0o600);
    let pem = std::fs::read_to_string(&key).unwrap();
    assert!(
        pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
        "{pem}"
    );
    assert!(s(ca, "cert_path").ends_with("cas/root/current/cert.pem"));
}

#[test]
fn the_first_intermediate_becomes_the_default_issuer_but_later_ones_do_not() {
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Root"]);
    let v = env.json_ok(&["init-ca", "one", "--parent", "root", "--cn", "One"]);
    assert_eq!(v["ca"]["default"], true);
    assert_eq!(v["ca"]["certificate"]["path_len"], 0);
    let v = env.json_ok(&["init-ca", "two", "--parent", "root", "--cn", "Two"]);
    assert_eq!(
        v["ca"]["default"], false,
        "the default changes only while it is a root"
    );
    let v = env.json_ok(&["policy", "show"]);
    assert_eq!(v["default_ca"], "one");
    env.ok(&["ca", "default", "two"]);
    let v = env.json_ok(&["policy", "show"]);
    assert_eq!(v["default_ca"], "two");
    let v = env.json_ok(&[
        "init-ca",
        "three",
        "--parent",
        "root",
        "--cn",
        "Three",
        "--set-default",
    ]);
    assert_eq!(v["ca"]["default"], true);
}

#[test]
fn a_ca_is_never_replaced() {
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Root"]);
    let before = env.snapshot();
    let (c, v) = env.json(&["init-ca", "--cn", "Other Root"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "already_exists");
    let (c, v) = env.json(&["init-ca", "ROOT", "--cn", "Other Root"]);
    assert_eq!(c, 2, "names are unique ignoring case");
    assert_eq!(v["error"]["code"], "already_exists");
    // Only the index may change (its `refused` records); every CA file is byte-identical.
    let after = env.snapshot();
    let strip = |s: Vec<(std::path::PathBuf, Vec<u8>)>| {
        s.into_iter()
            .filter(|(p, _)| !p.ends_with("index.jsonl"))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(before), strip(after));
    let log = std::fs::read_to_string(env.store.join("index.jsonl")).unwrap();
    assert!(log.contains("\"event\":\"refused\""));
}

#[test]
fn path_len_and_validity_of_the_parent_are_enforced() {
    let env = Env::with_cas();
    let (c, v) = env.json(&["init-ca", "sub", "--parent", "issuing", "--cn", "Sub"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "policy_violation", "{v}");
    assert!(s(&v["error"], "message").contains("pathLen 0"));
    let (c, v) = env.json(&[
        "init-ca",
        "sub",
        "--parent",
        "root",
        "--cn",
        "Sub",
        "--path-len",
        "1",
    ]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "policy_violation");
    let (c, v) = env.json(&[
        "init-ca",
        "sub",
        "--parent",
        "root",
        "--cn",
        "Sub",
        "--validity",
        "11y",
    ]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "outlives_issuer");
    assert!(v["error"]["hint"].as_str().unwrap().contains("--validity"));
}

#[test]
fn every_key_type_makes_a_ca() {
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Root", "--key-type", "ec-p384"]);
    for kt in ["ec-p256", "ed25519", "rsa-2048"] {
        let v = env.json_ok(&[
            "init-ca",
            &format!("ca-{kt}"),
            "--parent",
            "root",
            "--cn",
            kt,
            "--key-type",
            kt,
        ]);
        assert_eq!(v["ca"]["certificate"]["key"]["name"], kt);
        assert_eq!(
            v["ca"]["certificate"]["signature_algorithm"],
            "ecdsa-with-SHA384"
        );
    }
}

#[test]
fn name_constraints_go_into_the_certificate_and_exclude_the_other_type() {
    let env = Env::new();
    let v = env.json_ok(&[
        "init-ca",
        "--cn",
        "Root",
        "--permit-dns",
        "example.com",
        "--exclude-dns",
        "bad.example.com",
    ]);
    let nc = &v["ca"]["certificate"]["name_constraints"];
    assert_eq!(nc["critical"], true);
    assert_eq!(nc["permitted"]["dns"], serde_json::json!(["example.com"]));
    assert_eq!(
        nc["excluded"]["dns"],
        serde_json::json!(["bad.example.com"])
    );
    assert_eq!(
        nc["excluded"]["ip"],
        serde_json::json!(["0.0.0.0/0", "::/0"])
    );
    let env = Env::new();
    let v = env.json_ok(&["init-ca", "--cn", "Root", "--permit-ip", "10.0.0.0/8"]);
    let nc = &v["ca"]["certificate"]["name_constraints"];
    assert_eq!(nc["permitted"]["ip"], serde_json::json!(["10.0.0.0/8"]));
    assert_eq!(nc["excluded"]["dns"], serde_json::json!([""]));
}

#[test]
fn a_name_used_by_a_certificate_cannot_name_a_ca() {
    let env = Env::with_cas();
    env.issue("web");
    let (c, v) = env.json(&["init-ca", "web", "--parent", "root", "--cn", "Web CA"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "already_exists");
    let (c, v) = env.json(&["issue", "issuing", "--dns", "x.example.com"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "already_exists");
}

#[test]
fn invalid_names_are_refused() {
    let env = Env::new();
    for bad in ["-x", "a b", "a/b", "ü"] {
        let (c, v) = env.json(&["init-ca", bad, "--cn", "X"]);
        assert_eq!(c, 2, "{bad}");
        assert_eq!(v["error"]["code"], "usage");
    }
    assert!(!env.store.exists(), "a refused init-ca creates no store");
}

#[test]
fn ca_and_certificate_names_with_dots_dashes_underscores_and_digits_work_everywhere() {
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Root"]);
    for (ca, cert) in [
        ("issuing.v2", "web.v2"),
        ("ops-ca_3", "api-1_b"),
        ("2026.q4", "9.9.9"),
    ] {
        env.ok(&["init-ca", ca, "--parent", "root", "--cn", ca]);
        let v = env.json_ok(&["issue", cert, "--ca", ca, "--dns", "a.example.com"]);
        assert_eq!(issued_cert(&v)["ca"], ca);
        let v = env.json_ok(&["policy", "show", "--ca", ca]);
        assert!(v.to_string().contains(ca), "{v}");
        env.ok(&["crl", "--ca", ca]);
        env.ok(&["renew", cert]);
    }
    let text = std::fs::read_to_string(env.store.join("pkictl.toml")).unwrap();
    assert!(text.contains("[ca.\"issuing.v2\"]"), "{text}");
    assert!(text.contains("[ca.\"2026.q4\".subject]"), "{text}");
    let v = env.json_ok(&["list", "--status", "all"]);
    assert_eq!(v["certificates"].as_array().unwrap().len(), 4 + 6);
    let v = env.json_ok(&["doctor"]);
    assert_eq!(v["healthy"], true, "{v}");
}

#[test]
fn doctor_starts_when_pkictl_toml_does_not_parse_and_says_how_to_fix_it() {
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Root"]);
    let p = env.store.join("pkictl.toml");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str("\n[ca.issuing.v2]\nallowed_dns = []\n");
    std::fs::write(&p, text).unwrap();
    let (c, v) = env.json(&["issue", "x", "--dns", "x.example.com"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "store_format");
    let (c, v) = env.json(&["doctor"]);
    assert_eq!(c, 1, "{v}");
    let p = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "config_invalid")
        .unwrap_or_else(|| panic!("no config_invalid problem in {v}"));
    assert!(s(p, "fix").contains("quote"), "{p}");
    assert!(s(p, "path").ends_with("pkictl.toml"));
}
