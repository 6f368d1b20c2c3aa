use crate::common::*;

fn find<'a>(list: &'a serde_json::Value, serial: &str) -> &'a serde_json::Value {
    list["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["serial"] == serial)
        .unwrap_or_else(|| panic!("{serial} not listed"))
}

#[test]
fn renew_keeps_subject_sans_profile_and_validity_with_a_new_key_and_lineage() {
    let env = Env::with_cas();
    let v = env.json_ok(&[
        "issue",
        "api",
        "--profile",
        "mtls",
        "--dns",
        "api.example.com",
        "--ip",
        "10.0.0.9",
        "--validity",
        "30d",
        "--subject",
        "O=Example,OU=Payments",
    ]);
    let old = issued_cert(&v).clone();
    let v = env.json_ok(&["renew", "api"]);
    let r = &v["renewed"][0];
    let new = &r["certificate"];
    assert_eq!(r["old_serial"], old["serial"]);
    assert_ne!(new["serial"], old["serial"]);
    for k in ["subject", "sans", "extended_key_usage", "issuer"] {
        assert_eq!(new[k], old[k], "{k}");
    }
    assert_eq!(new["profile"], "mtls");
    assert_eq!(new["days_remaining"], 30, "the predecessor's validity");
    assert_ne!(
        new["spki_sha256"], old["spki_sha256"],
        "a new key by default"
    );
    assert_eq!(new["replaces"], old["serial"]);
    let list = env.json_ok(&["list", "--status", "all"]);
    let o = find(&list, s(&old, "serial"));
    assert_eq!(o["status"], "superseded");
    assert_eq!(o["replaced_by"], new["serial"]);
    let v = env.json_ok(&["renew", "api", "--reuse-key", "--validity", "10d"]);
    let again = &v["renewed"][0]["certificate"];
    assert_eq!(again["spki_sha256"], new["spki_sha256"]);
    assert_eq!(again["days_remaining"], 10);
    let log = std::fs::read_to_string(env.store.join("index.jsonl")).unwrap();
    assert!(log.contains("\"event\":\"renewed\"") && log.contains("\"event\":\"superseded\""));
}

#[test]
fn renew_within_renews_only_what_is_due() {
    let env = Env::with_cas();
    env.issue_valid("soon", "2d");
    env.issue_valid("later", "90d");
    let v = env.json_ok(&["renew", "--within", "7d"]);
    let names: Vec<&str> = v["renewed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["soon"]);
    // The successor of a 2-day certificate is due again under 7d, not under 1d.
    let v = env.json_ok(&["renew", "--expiring-within", "1d"]);
    assert_eq!(
        v["renewed"].as_array().unwrap().len(),
        0,
        "nothing due is success"
    );
    let (c, _) = env.json(&["renew", "--within", "1d", "--exit-code"]);
    assert_eq!(c, 1, "--exit-code makes nothing renewed exit 1");
    let v = env.json_ok(&["renew", "--within", "100%", "--dry-run"]);
    assert_eq!(
        v["renewed"].as_array().unwrap().len(),
        2,
        "100% of the lifetime covers everything"
    );
    let v = env.json_ok(&["renew", "--within", "1%"]);
    assert_eq!(v["renewed"].as_array().unwrap().len(), 0);
}

#[test]
fn a_bare_renew_is_a_usage_error() {
    let env = Env::with_cas();
    let (c, v) = env.json(&["renew"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "usage");
    assert!(s(&v["error"], "hint").contains("--within"));
}

#[test]
fn dry_run_leaves_the_store_byte_for_byte() {
    let env = Env::with_cas();
    env.issue("a");
    env.issue("b");
    let before = env.snapshot();
    let v = env.json_ok(&["renew", "a", "b", "--dry-run"]);
    assert_eq!(v["renewed"].as_array().unwrap().len(), 2);
    assert!(v["renewed"][0]["certificate"]["serial"].is_null());
    assert_eq!(before, env.snapshot());
}

#[test]
fn hooks_get_the_documented_environment_without_secrets() {
    let env = Env::with_cas();
    let v = env.issue("web");
    let old = s(issued_cert(&v), "serial").to_string();
    let out_file = env.path("hook.txt");
    let hook = format!(
        "echo \"$PKICTL_NAME $PKICTL_OLD_SERIAL $PKICTL_SERIAL $PKICTL_CERT $PKICTL_KEY $PKICTL_CHAIN $PKICTL_FULLCHAIN $PKICTL_CA secret=${{PKICTL_PASSPHRASE:-none}}\" > {}; test -f \"$PKICTL_KEY\"",
        out_file.display()
    );
    let out = env
        .cmd()
        .args([
            "renew",
            "web",
            "--json",
            "--exec",
            &hook,
            "--post-exec",
            "echo post-$PKICTL_RENEWED",
        ])
        .env("PKICTL_PASSPHRASE", "correct horse battery staple")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
    let v = parse_json(&out);
    let new = s(&v["renewed"][0]["certificate"], "serial").to_string();
    let seen = std::fs::read_to_string(&out_file).unwrap();
    assert!(seen.starts_with(&format!("web {old} {new} ")), "{seen}");
    assert!(
        seen.contains("/certs/web/current/cert.pem") && seen.contains("/certs/web/current/key.pem"),
        "{seen}"
    );
    assert!(
        seen.trim_end().ends_with("secret=none"),
        "hooks never see the passphrase: {seen}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("post-1"),
        "hook output goes to stderr"
    );
    assert_eq!(v["renewed"][0]["hook"]["exit_code"], 0);
}

#[test]
fn a_failed_hook_exits_2_keeps_the_renewal_and_blocks_revoke_old() {
    let env = Env::with_cas();
    env.issue("a");
    env.issue("b");
    let (c, v) = env.json(&[
        "renew",
        "a",
        "b",
        "--exec",
        "test \"$PKICTL_NAME\" = a",
        "--revoke-old",
    ]);
    assert_eq!(c, 2);
    assert_eq!(v["hook_failed"][0]["name"], "b");
    assert_eq!(
        v["renewed"].as_array().unwrap().len(),
        2,
        "never rolled back"
    );
    let a = v["renewed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "a")
        .unwrap();
    let b = v["renewed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "b")
        .unwrap();
    assert_eq!(a["old_revoked"], true);
    assert_eq!(b["old_revoked"], false);
    let list = env.json_ok(&["list", "--status", "all"]);
    assert_eq!(find(&list, s(a, "old_serial"))["status"], "revoked");
    assert_eq!(find(&list, s(b, "old_serial"))["status"], "superseded");
    let (c, v) = env.json(&["renew", "a", "--exec", "sleep 5", "--exec-timeout", "1s"]);
    assert_eq!(c, 2);
    assert_eq!(v["hook_failed"][0]["timed_out"], true);
}

#[test]
fn a_renewal_that_no_longer_passes_policy_is_refused_and_reported() {
    let env = Env::with_cas();
    env.issue("web");
    set_policy(&env, "allowed_dns = [\"example.org\"]");
    let before: Vec<_> = env
        .snapshot()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("index.jsonl"))
        .collect();
    let (c, v) = env.json(&["renew", "web"]);
    assert_eq!(c, 2);
    assert_eq!(v["failed"][0]["code"], "policy_violation");
    let after: Vec<_> = env
        .snapshot()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("index.jsonl"))
        .collect();
    assert_eq!(before, after, "the old certificate stays in place");
}

#[test]
fn a_wrong_passphrase_changes_nothing() {
    let env = Env::with_cas();
    env.issue("web");
    let wrong = env.path("wrong");
    std::fs::write(&wrong, "nope\n").unwrap();
    set_mode(&wrong, 0o600);
    let before = env.snapshot();
    let out = assert_cmd::Command::cargo_bin("pkictl")
        .unwrap()
        .args([
            "--store",
            env.store.to_str().unwrap(),
            "renew",
            "web",
            "--json",
            "--passphrase-file",
            wrong.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert_eq!(parse_json(&out)["error"]["code"], "wrong_passphrase");
    assert_eq!(before, env.snapshot());
}

#[test]
fn a_certificate_without_a_stored_key_is_renewed_into_a_directory() {
    let env = Env::with_cas();
    env.ok(&[
        "issue",
        "edge",
        "--dns",
        "edge.example.com",
        "--no-keep-key",
        "--out-dir",
        "first",
    ]);
    let v = env.json_ok(&["renew", "edge"]);
    assert_eq!(v["skipped"][0]["reason"], "needs_out_dir", "{v}");
    assert!(v["renewed"].as_array().unwrap().is_empty());
    let v = env.json_ok(&["renew", "edge", "--out-dir", "next"]);
    let new_serial = s(&v["renewed"][0]["certificate"], "serial");
    assert!(env.path("next/edge/key.pem").exists(), "{v}");
    assert!(!env.store.join("certs/edge/current/key.pem").exists());
    let out = env.json_ok(&["inspect", env.path("next/edge/cert.pem").to_str().unwrap()]);
    assert_eq!(out["items"][0]["serial"], new_serial);
}
