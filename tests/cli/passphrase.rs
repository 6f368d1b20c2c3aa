use crate::common::*;

fn bare(env: &Env) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("pkictl").unwrap();
    c.arg("--store")
        .arg(&env.store)
        .env_remove("PKICTL_PASSPHRASE")
        .current_dir(env.dir.path());
    c
}

#[test]
fn a_wrong_passphrase_exits_2_and_changes_nothing() {
    let env = Env::with_cas();
    let wrong = env.path("wrong");
    std::fs::write(&wrong, "nope\n").unwrap();
    set_mode(&wrong, 0o600);
    let before = env.snapshot();
    let out = bare(&env)
        .args([
            "issue",
            "web",
            "--dns",
            "web.example.com",
            "--json",
            "--passphrase-file",
            wrong.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    let v = parse_json(&out);
    assert_eq!(v["error"]["code"], "wrong_passphrase");
    assert_eq!(v.as_object().unwrap().len(), 2, "only the envelope: {v}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("nope"));
    assert_eq!(before, env.snapshot());
}

#[test]
fn without_a_terminal_a_missing_passphrase_names_the_flags() {
    let env = Env::with_cas();
    let out = bare(&env)
        .args(["issue", "web", "--dns", "web.example.com", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    let v = parse_json(&out);
    assert_eq!(v["error"]["code"], "passphrase_required");
    let hint = s(&v["error"], "hint");
    assert!(
        hint.contains("--ca-passphrase-file") && hint.contains("PKICTL_PASSPHRASE"),
        "{hint}"
    );
    let out = bare(&env)
        .args(["init-ca", "x", "--parent", "root", "--cn", "X", "--json"])
        .output()
        .unwrap();
    assert_eq!(parse_json(&out)["error"]["code"], "passphrase_required");
}

#[test]
fn the_environment_variable_and_the_passphrase_dir_work() {
    let env = Env::with_cas();
    let out = bare(&env)
        .args(["issue", "a", "--dns", "a.example.com"])
        .env("PKICTL_PASSPHRASE", "correct horse battery staple")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
    let dir = env.path("pwdir");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("issuing"), "correct horse battery staple\r\n").unwrap();
    set_mode(&dir.join("issuing"), 0o600);
    let out = bare(&env)
        .args([
            "issue",
            "b",
            "--dns",
            "b.example.com",
            "--passphrase-dir",
            dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
}

#[test]
fn ca_passphrase_file_beats_the_general_one() {
    let env = Env::with_cas();
    let wrong = env.path("wrong");
    std::fs::write(&wrong, "nope\n").unwrap();
    set_mode(&wrong, 0o600);
    let out = bare(&env)
        .args(["issue", "a", "--dns", "a.example.com"])
        .args([
            "--passphrase-file",
            wrong.to_str().unwrap(),
            "--ca-passphrase-file",
            env.pw.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
}

#[test]
fn passphrase_files_with_two_lines_or_nothing_are_refused_and_open_ones_warned() {
    let env = Env::with_cas();
    let f = env.path("p2");
    for content in ["a\nb\n", "\n", ""] {
        std::fs::write(&f, content).unwrap();
        set_mode(&f, 0o600);
        let out = bare(&env)
            .args([
                "issue",
                "a",
                "--dns",
                "a.example.com",
                "--json",
                "--passphrase-file",
                f.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert_eq!(code(&out), 2, "{content:?}");
    }
    std::fs::write(&f, "correct horse battery staple\n").unwrap();
    set_mode(&f, 0o644);
    let out = bare(&env)
        .args([
            "issue",
            "a",
            "--dns",
            "a.example.com",
            "--json",
            "--passphrase-file",
            f.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    let v = parse_json(&out);
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "insecure_permissions"),
        "{v}"
    );
}

#[test]
fn no_passphrase_stores_the_ca_key_in_the_clear_with_a_warning() {
    let env = Env::new();
    let v = env.json_ok(&["init-ca", "--cn", "Root", "--no-passphrase"]);
    assert!(
        v["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("unencrypted")
    );
    let key = std::fs::read_to_string(s(&v["ca"], "key_path")).unwrap();
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"));
    let out = bare(&env)
        .args(["issue", "a", "--dns", "a.example.com"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "no passphrase is needed: {}", text(&out));
}

#[test]
fn a_ca_key_readable_by_others_is_refused_with_the_chmod() {
    let env = Env::with_cas();
    let key = env.store.join("cas/issuing/current/key.pem");
    set_mode(&key, 0o644);
    let (c, v) = env.json(&["issue", "a", "--dns", "a.example.com"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "insecure_permissions");
    assert!(s(&v["error"], "hint").contains("chmod 600"));
}

#[test]
fn secrets_never_reach_the_output_or_the_log() {
    let env = Env::with_cas();
    let out = env
        .cmd()
        .args(["issue", "a", "--dns", "a.example.com", "--json"])
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("correct horse"));
    let log = std::fs::read_to_string(env.store.join("index.jsonl")).unwrap();
    assert!(!log.contains("correct horse") && !log.contains("PRIVATE KEY"));
}
