use crate::common::*;

fn refused(env: &Env, args: &[&str], code: &str) -> serde_json::Value {
    let (c, v) = env.json(args);
    assert_eq!(c, 2, "{args:?} should be refused: {v}");
    assert_eq!(v["error"]["code"], code, "{args:?}: {v}");
    v
}

#[test]
fn allowed_dns_suffixes() {
    let env = Env::with_cas();
    set_policy(&env, "allowed_dns = [\"example.com\", \".internal\"]");
    env.ok(&["issue", "a", "--dns", "example.com"]);
    env.ok(&["issue", "b", "--dns", "b.example.com"]);
    env.ok(&["issue", "c", "--dns", "c.internal"]);
    let v = refused(
        &env,
        &["issue", "d", "--dns", "internal"],
        "policy_violation",
    );
    assert!(s(&v["error"], "message").contains("allowed_dns"));
    refused(
        &env,
        &["issue", "e", "--dns", "badexample.com"],
        "policy_violation",
    );
}

#[test]
fn wildcards_need_allow_wildcards() {
    let env = Env::with_cas();
    refused(
        &env,
        &["issue", "w", "--dns", "*.example.com"],
        "policy_violation",
    );
    set_policy(&env, "allow_wildcards = true");
    let v = env.json_ok(&["issue", "w", "--dns", "*.example.com"]);
    assert_eq!(issued_cert(&v)["sans"]["dns"][0], "*.example.com");
}

#[test]
fn ip_ranges() {
    let env = Env::with_cas();
    set_policy(&env, "allowed_ip_ranges = [\"10.0.0.0/8\", \"fd00::/8\"]");
    env.ok(&["issue", "a", "--ip", "10.1.2.3"]);
    env.ok(&["issue", "b", "--ip", "fd00::1"]);
    refused(
        &env,
        &["issue", "c", "--ip", "192.168.1.1"],
        "policy_violation",
    );
}

#[test]
fn uri_prefixes_and_email_domains() {
    let env = Env::with_cas();
    set_policy(
        &env,
        "allowed_uri_prefixes = [\"spiffe://prod.example/\"]\nallowed_email_domains = [\"example.com\"]",
    );
    env.ok(&["issue", "a", "--spiffe-id", "spiffe://prod.example/ns/a"]);
    refused(
        &env,
        &["issue", "b", "--spiffe-id", "spiffe://dev.example/ns/b"],
        "policy_violation",
    );
    env.ok(&[
        "issue",
        "c",
        "--profile",
        "client",
        "--email",
        "c@example.com",
    ]);
    refused(
        &env,
        &[
            "issue",
            "d",
            "--profile",
            "client",
            "--email",
            "d@evil.example",
        ],
        "policy_violation",
    );
}

#[test]
fn key_types_and_rsa_size() {
    let env = Env::with_cas();
    set_policy(
        &env,
        "allowed_key_types = [\"ec-p256\", \"rsa-3072\"]\nmin_rsa_bits = 3072",
    );
    env.ok(&["issue", "a", "--dns", "a.example.com"]);
    refused(
        &env,
        &[
            "issue",
            "b",
            "--dns",
            "b.example.com",
            "--key-type",
            "ed25519",
        ],
        "policy_violation",
    );
    let v = refused(
        &env,
        &[
            "issue",
            "c",
            "--dns",
            "c.example.com",
            "--key-type",
            "rsa-2048",
        ],
        "policy_violation",
    );
    let msg = s(&v["error"], "message");
    assert!(
        msg.contains("allowed_key_types") && msg.contains("min_rsa_bits"),
        "every broken rule is listed: {msg}"
    );
}

#[test]
fn profiles_and_max_validity() {
    let env = Env::with_cas();
    set_policy(
        &env,
        "allowed_profiles = [\"server\"]\nmax_validity = \"30d\"",
    );
    let v = refused(
        &env,
        &["issue", "a", "--dns", "a.example.com"],
        "policy_violation",
    );
    assert!(s(&v["error"], "message").contains("max_validity"));
    env.issue_valid("a", "30d");
    refused(
        &env,
        &["issue", "b", "--profile", "client", "--validity", "7d"],
        "policy_violation",
    );
}

#[test]
fn subject_defaults_apply() {
    let env = Env::with_cas();
    let p = env.store.join("pkictl.toml");
    let text = std::fs::read_to_string(&p).unwrap().replace(
        "[ca.issuing.subject]\n",
        "[ca.issuing.subject]\nO = \"Example Inc\"\nC = \"US\"\n",
    );
    std::fs::write(&p, text).unwrap();
    let v = env.json_ok(&["issue", "a", "--dns", "a.example.com"]);
    assert_eq!(issued_cert(&v)["subject"], "CN=a,O=Example Inc,C=US");
}

#[test]
fn a_refusal_is_logged_and_changes_nothing_else() {
    let env = Env::with_cas();
    set_policy(&env, "allowed_dns = [\"example.com\"]");
    let before: Vec<_> = env
        .snapshot()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("index.jsonl"))
        .collect();
    refused(
        &env,
        &["issue", "x", "--dns", "x.other.org"],
        "policy_violation",
    );
    let after: Vec<_> = env
        .snapshot()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("index.jsonl"))
        .collect();
    assert_eq!(before, after);
    let log = std::fs::read_to_string(env.store.join("index.jsonl")).unwrap();
    let last: serde_json::Value = serde_json::from_str(log.lines().last().unwrap()).unwrap();
    assert_eq!(last["event"], "refused");
    assert_eq!(last["reason"], "policy_violation");
    assert_eq!(last["name"], "x");
    // The edit of pkictl.toml itself was recorded before the refusal.
    assert!(log.contains("\"event\":\"policy_changed\""));
    env.ok(&["audit", "verify"]);
}

#[test]
fn a_permit_dns_ca_refuses_ip_sans_and_names_outside() {
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Root", "--permit-dns", "example.com"]);
    env.ok(&[
        "init-ca",
        "issuing",
        "--parent",
        "root",
        "--cn",
        "Issuing",
        "--permit-dns",
        "prod.example.com",
    ]);
    env.ok(&["issue", "a", "--dns", "a.prod.example.com"]);
    let v = refused(
        &env,
        &[
            "issue",
            "b",
            "--dns",
            "b.prod.example.com",
            "--ip",
            "10.0.0.1",
        ],
        "name_constraint_violation",
    );
    assert!(s(&v["error"], "message").contains("10.0.0.1"));
    refused(
        &env,
        &["issue", "c", "--dns", "c.example.com"],
        "name_constraint_violation",
    );
    refused(
        &env,
        &["issue", "d", "--dns", "d.example.org"],
        "name_constraint_violation",
    );
    // An intermediate cannot permit what its parent excludes.
    refused(
        &env,
        &[
            "init-ca",
            "other",
            "--parent",
            "root",
            "--cn",
            "Other",
            "--permit-dns",
            "example.org",
        ],
        "name_constraint_violation",
    );
}

#[test]
fn leading_dot_means_subdomains_only() {
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Root", "--permit-dns", ".example.com"]);
    env.ok(&["init-ca", "issuing", "--parent", "root", "--cn", "Issuing"]);
    env.ok(&["issue", "a", "--dns", "a.example.com"]);
    refused(
        &env,
        &["issue", "b", "--dns", "example.com"],
        "name_constraint_violation",
    );
}

#[test]
fn email_and_uri_permits_are_policy_of_every_descendant() {
    let env = Env::new();
    env.ok(&[
        "init-ca",
        "--cn",
        "Root",
        "--permit-email",
        "example.com",
        "--permit-uri",
        "spiffe://prod.example/",
    ]);
    env.ok(&["init-ca", "issuing", "--parent", "root", "--cn", "Issuing"]);
    env.ok(&[
        "issue",
        "a",
        "--profile",
        "client",
        "--email",
        "a@example.com",
    ]);
    refused(
        &env,
        &[
            "issue",
            "b",
            "--profile",
            "client",
            "--email",
            "b@example.org",
        ],
        "name_constraint_violation",
    );
    env.ok(&["issue", "c", "--spiffe-id", "spiffe://prod.example/c"]);
    refused(
        &env,
        &["issue", "d", "--spiffe-id", "spiffe://dev.example/d"],
        "name_constraint_violation",
    );
    let v = env.json_ok(&["policy", "show", "--ca", "root"]);
    assert_eq!(v["policies"][0]["permit_uri"][0], "spiffe://prod.example/");
    // A child CA's own permits stay inside its parent's, for URIs as for email.
    refused(
        &env,
        &[
            "init-ca",
            "dev",
            "--parent",
            "root",
            "--cn",
            "Dev",
            "--permit-uri",
            "spiffe://dev.example/",
        ],
        "name_constraint_violation",
    );
    refused(
        &env,
        &[
            "init-ca",
            "other",
            "--parent",
            "root",
            "--cn",
            "Other",
            "--permit-email",
            "example.org",
        ],
        "name_constraint_violation",
    );
    env.ok(&[
        "init-ca",
        "team",
        "--parent",
        "root",
        "--cn",
        "Team",
        "--permit-uri",
        "spiffe://prod.example/team/",
    ]);
}

#[test]
fn a_policy_file_with_a_typo_is_refused() {
    let env = Env::with_cas();
    set_policy(&env, "allowed_dnss = [\"example.com\"]");
    let v = refused(
        &env,
        &["issue", "a", "--dns", "a.example.com"],
        "store_format",
    );
    assert!(s(&v["error"], "message").contains("allowed_dnss"));
}

#[test]
fn policy_show_prints_the_effective_policy() {
    let env = Env::with_cas();
    let v = env.json_ok(&["policy", "show"]);
    assert_eq!(v["policies"].as_array().unwrap().len(), 2);
    let issuing = v["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["ca"] == "issuing")
        .unwrap();
    assert_eq!(issuing["min_rsa_bits"], 2048);
    assert_eq!(issuing["crl_next_update"], "7d");
    assert_eq!(v["defaults"]["validity"], "90d");
    let out = env
        .cmd()
        .args(["policy", "show", "--ca", "issuing"])
        .env("PKICTL_VALIDITY", "30d")
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(
        parse_json(&out)["defaults"]["validity"],
        "30d",
        "environment beats the file"
    );
}

#[test]
fn a_subdomains_only_permit_is_written_rfc_valid_and_kept_as_policy() {
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Root"]);
    env.ok(&[
        "init-ca",
        "issuing",
        "--parent",
        "root",
        "--cn",
        "Issuing",
        "--permit-dns",
        ".example.com",
    ]);
    // The certificate carries example.com, never .example.com.
    let v = env.json_ok(&["inspect", "pki/cas/issuing/current/cert.pem"]);
    let nc = &v["items"][0]["name_constraints"]["permitted"]["dns"];
    assert_eq!(nc, &serde_json::json!(["example.com"]), "{v}");
    assert!(!v.to_string().contains("nc_leading_period"), "{v}");
    if let Some(openssl) = tool("openssl") {
        let (c, out) = run_tool(
            &openssl,
            &[
                "x509",
                "-noout",
                "-ext",
                "nameConstraints",
                "-in",
                "pki/cas/issuing/current/cert.pem",
            ],
            env.dir.path(),
        );
        assert_eq!(c, 0, "{out}");
        assert!(
            out.contains("DNS:example.com") && !out.contains("DNS:.example.com"),
            "{out}"
        );
    }
    // "Subdomains only" is policy: the apex is refused, a subdomain issued,
    // and verify (which refuses leading-period constraints) accepts the chain.
    refused(
        &env,
        &["issue", "apex", "--dns", "example.com"],
        "name_constraint_violation",
    );
    let v = env.json_ok(&["issue", "a", "--dns", "a.example.com"]);
    env.json_ok(&["verify", s(&v["issued"][0], "cert_path")]);
    let v = env.json_ok(&["policy", "show", "--ca", "issuing"]);
    assert!(v.to_string().contains(".example.com"), "{v}");
    // A CA made elsewhere with a leading-period constraint: verify refuses
    // chains through it, inspect and doctor warn.
    let key = rcgen::KeyPair::generate().unwrap();
    let mut p = rcgen::CertificateParams::default();
    p.distinguished_name
        .push(rcgen::DnType::CommonName, "Dotted Root");
    p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    p.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
    ];
    p.name_constraints = Some(rcgen::NameConstraints {
        permitted_subtrees: vec![rcgen::GeneralSubtree::DnsName(".dotted.example".into())],
        excluded_subtrees: vec![],
    });
    let ca = p.self_signed(&key).unwrap();
    std::fs::write(env.path("dotted.pem"), ca.pem()).unwrap();
    let issuer = rcgen::Issuer::new(p, &key);
    let mut lp = rcgen::CertificateParams::default();
    lp.distinguished_name
        .push(rcgen::DnType::CommonName, "w.dotted.example");
    lp.subject_alt_names = vec![rcgen::SanType::DnsName(
        "w.dotted.example".try_into().unwrap(),
    )];
    lp.is_ca = rcgen::IsCa::ExplicitNoCa;
    lp.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
    lp.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    lp.use_authority_key_identifier_extension = true;
    lp.serial_number = Some(rcgen::SerialNumber::from(vec![0x42]));
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = lp.signed_by(&leaf_key, &issuer).unwrap();
    std::fs::write(env.path("dotted-leaf.pem"), leaf.pem()).unwrap();
    let (c, v) = env.json(&["verify", "dotted-leaf.pem", "--roots", "dotted.pem"]);
    assert_eq!(c, 1, "{v}");
    assert_eq!(v["reason"]["code"], "policy", "{v}");
    assert!(s(&v["reason"], "message").contains("leading period"), "{v}");
    let v = env.json_ok(&["inspect", "dotted.pem"]);
    assert!(v.to_string().contains("nc_leading_period"), "{v}");
    env.ok(&["import-ca", "dotted", "--cert", "dotted.pem"]);
    let (c, v) = env.json(&["doctor"]);
    assert_eq!(c, 1, "{v}");
    assert!(v.to_string().contains("nc_leading_period"), "{v}");
}
