use crate::common::*;
use std::io::Write;

#[test]
fn commands_other_than_init_ca_need_a_store() {
    let env = Env::new();
    for args in [
        vec!["issue", "a", "--dns", "a.example.com"],
        vec!["list"],
        vec!["policy", "show"],
        vec!["audit", "verify"],
        vec!["doctor"],
    ] {
        let (c, v) = env.json(&args);
        assert_eq!(c, 2, "{args:?}");
        assert_eq!(v["error"]["code"], "store_missing", "{args:?}");
        assert!(s(&v["error"], "message").contains(env.store.to_str().unwrap()));
        assert!(
            s(&v["error"], "message").contains("--store"),
            "names the source"
        );
    }
    assert!(!env.store.exists());
}

#[test]
fn the_store_comes_from_the_environment_or_the_default() {
    let env = Env::with_cas();
    let out = assert_cmd::Command::cargo_bin("pkictl")
        .unwrap()
        .args(["list", "--json"])
        .env("PKICTL_STORE", &env.store)
        .output()
        .unwrap();
    let v = parse_json(&out);
    assert_eq!(v["store"]["source"], "env");
    assert_eq!(v["store"]["path"], env.store.to_str().unwrap());
    let out = assert_cmd::Command::cargo_bin("pkictl")
        .unwrap()
        .args(["list", "--json"])
        .env_remove("PKICTL_STORE")
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    let v = parse_json(&out);
    assert_eq!(v["store"]["source"], "default");
    assert_eq!(v["store"]["path"], env.store.to_str().unwrap());
}

#[test]
fn a_foreign_directory_or_a_newer_format_is_refused() {
    let env = Env::new();
    std::fs::create_dir(&env.store).unwrap();
    std::fs::write(env.store.join("index.txt"), "").unwrap();
    let (c, v) = env.json(&["list"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "store_format");
    assert!(s(&v["error"], "hint").contains("easy-rsa"));
    let (c, _) = env.json(&["init-ca", "--cn", "X"]);
    assert_eq!(c, 2, "init-ca does not take over a foreign directory");

    let env = Env::with_cas();
    std::fs::write(
        env.store.join("pkictl-store.json"),
        "{\"pkictl_store_format\":99,\"created\":\"x\"}",
    )
    .unwrap();
    let (c, v) = env.json(&["list"]);
    assert_eq!(c, 2);
    assert!(s(&v["error"], "message").contains("newer"));
}

#[test]
fn a_world_writable_store_is_refused() {
    let env = Env::with_cas();
    set_mode(&env.store, 0o777);
    let (c, v) = env.json(&["list"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "insecure_permissions");
}

#[test]
fn a_torn_index_line_is_ignored_by_readers_and_refused_by_writers_until_doctor_fixes_it() {
    let env = Env::with_cas();
    env.issue("web");
    let index = env.store.join("index.jsonl");
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&index)
        .unwrap();
    f.write_all(b"{\"seq\":99,\"time\":\"2026-").unwrap();
    drop(f);
    let v = env.json_ok(&["list"]);
    assert_eq!(v["certificates"].as_array().unwrap().len(), 3);
    assert_eq!(v["warnings"][0]["code"], "index_torn");

    let before = env.snapshot();
    let (c, v) = env.json(&["issue", "api", "--dns", "api.example.com"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "store_format");
    assert!(s(&v["error"], "hint").contains("doctor --fix"));
    assert_eq!(before, env.snapshot(), "the store is unchanged");

    let (c, v) = env.json(&["doctor"]);
    assert_eq!(c, 1);
    assert_eq!(v["problems"][0]["code"], "index_torn");
    let v = env.json_ok(&["doctor", "--fix"]);
    assert_eq!(v["fixed"][0]["code"], "index_torn");
    env.ok(&["audit", "verify"]);
    env.issue("api");
}

#[test]
fn a_damaged_complete_line_is_a_store_error() {
    let env = Env::with_cas();
    let index = env.store.join("index.jsonl");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, format!("{text}garbage\n")).unwrap();
    let (c, v) = env.json(&["list"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "store_format");
    assert!(s(&v["error"], "message").contains("line 5"), "{v}");
}

#[test]
fn an_edited_index_fails_audit_verify() {
    let env = Env::with_cas();
    env.issue("web");
    let v = env.json_ok(&["audit", "verify"]);
    assert_eq!(v["valid"], true);
    assert_eq!(v["head"]["seq"], 5);
    assert_eq!(s(&v["head"], "hash").len(), 64);
    let index = env.store.join("index.jsonl");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replacen("web.example.com", "evil.example.com", 1),
    )
    .unwrap();
    let (c, v) = env.json(&["audit", "verify"]);
    assert_eq!(c, 1);
    assert_eq!(v["valid"], false);
    // Removing a record breaks the chain too.
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&index, format!("{}\n{}\n", lines[0], lines[2])).unwrap();
    let (c, v) = env.json(&["audit", "verify"]);
    assert_eq!(c, 1);
    assert!(v["problems"].to_string().contains("prev_hash"));
}

#[test]
fn audit_records_carry_the_spec_fields() {
    let env = Env::with_cas();
    env.issue("web");
    let text = std::fs::read_to_string(env.store.join("index.jsonl")).unwrap();
    let rec: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    for k in [
        "seq",
        "time",
        "event",
        "ca",
        "name",
        "serial",
        "subject",
        "sans",
        "not_after",
        "fingerprint_sha256",
        "actor",
        "pkictl_version",
        "prev_hash",
        "hash",
    ] {
        assert!(rec.get(k).is_some(), "{k} missing in {rec}");
    }
    assert_eq!(rec["event"], "issued");
    assert!(rec["actor"]["uid"].is_u64() && rec["actor"]["host"].is_string());
}

#[test]
fn doctor_mends_what_an_interrupted_issue_leaves() {
    let env = Env::with_cas();
    env.issue("web");
    // A temporary file, an uncommitted serial directory and a link to it.
    std::fs::write(env.store.join("certs/web/.pkictl-tmp-abc"), "x").unwrap();
    let ghost = env.store.join("certs/web/0102030405060708");
    std::fs::create_dir(&ghost).unwrap();
    let link = env.store.join("certs/web/current");
    let real = std::fs::read_link(&link).unwrap();
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("0102030405060708", &link).unwrap();
    let (c, v) = env.json(&["doctor"]);
    assert_eq!(c, 1);
    let codes: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    for want in ["temp_leftover", "uncommitted", "current_link"] {
        assert!(codes.contains(&want), "{want} in {codes:?}");
    }
    env.json_ok(&["doctor", "--fix"]);
    assert_eq!(std::fs::read_link(&link).unwrap(), real);
    assert!(!ghost.exists());
    env.json_ok(&["doctor"]);
}

#[test]
fn a_reader_does_not_wait_for_the_lock_and_a_writer_times_out_naming_the_holder() {
    let env = Env::with_cas();
    let lock_path = env.store.join("lock");
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&lock_path)
        .unwrap();
    f.lock().unwrap();
    std::fs::write(&lock_path, "{\"pid\":4242,\"host\":\"box\",\"command\":\"pkictl issue x\",\"started\":\"2026-01-01T00:00:00Z\"}\n").unwrap();
    let start = std::time::Instant::now();
    env.json_ok(&["list"]);
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    let (c, v) = env.json(&[
        "issue",
        "a",
        "--dns",
        "a.example.com",
        "--lock-timeout",
        "0",
    ]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "lock_timeout");
    assert!(s(&v["error"], "message").contains("4242"), "{v}");
    assert!(s(&v["error"], "hint").contains("--lock-timeout"));
    let out = env
        .cmd()
        .args(["issue", "a", "--dns", "a.example.com", "--json"])
        .env("PKICTL_LOCK_TIMEOUT", "1s")
        .output()
        .unwrap();
    assert_eq!(parse_json(&out)["error"]["code"], "lock_timeout");
    f.unlock().unwrap();
    env.issue("a");
}

#[test]
fn usage_errors_exit_2_with_the_envelope() {
    let env = Env::with_cas();
    let (c, v) = env.json(&["issue", "a", "--validity", "3mo"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "usage");
    assert_eq!(v["schema_version"], 1);
    let (c, v) = env.json(&["frobnicate"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "usage");
    let out = env
        .cmd()
        .args(["list", "--status", "bogus"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
}

#[test]
fn global_flags_work_after_the_subcommand_and_quiet_is_quiet() {
    let env = Env::with_cas();
    let out = assert_cmd::Command::cargo_bin("pkictl")
        .unwrap()
        .args(["list", "--json", "--store", env.store.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    parse_json(&out);
    let out = env
        .cmd()
        .args(["-q", "issue", "a", "--dns", "a.example.com", "--ca", "root"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "{}",
        text(&out)
    );
}

#[test]
fn no_color_means_no_escape_codes() {
    let env = Env::with_cas();
    let out = env
        .cmd()
        .args(["list"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

#[test]
fn a_store_path_that_is_not_utf8_is_refused_before_anything_is_written() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    let bad = env.dir.path().join(std::ffi::OsStr::from_bytes(b"s\xff"));
    for via_env in [false, true] {
        let mut c = assert_cmd::Command::cargo_bin("pkictl").unwrap();
        c.env_remove("PKICTL_STORE")
            .arg("--passphrase-file")
            .arg(&env.pw)
            .current_dir(env.dir.path());
        if via_env {
            c.env("PKICTL_STORE", &bad);
        } else {
            c.arg("--store").arg(&bad);
        }
        let out = c
            .args(["--json", "init-ca", "--cn", "Root"])
            .output()
            .unwrap();
        assert_eq!(code(&out), 2, "{}", text(&out));
        let v = parse_json(&out);
        assert_eq!(v["error"]["code"], "usage", "{v}");
        assert!(s(&v["error"], "message").contains("UTF-8"), "{v}");
        assert!(!bad.exists(), "nothing may be created");
    }
}

#[test]
fn a_damaged_line_in_the_middle_is_named_by_its_own_number() {
    let env = Env::with_cas();
    env.issue("a");
    env.issue("b");
    env.issue("c");
    let index = env.store.join("index.jsonl");
    let text = std::fs::read_to_string(&index).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    assert!(lines.len() >= 7, "{}", lines.len());
    lines[4] = lines[4].replacen("\"event\":\"", "\"event\":\"xx", 1);
    std::fs::write(&index, lines.join("\n") + "\n").unwrap();
    // Commands that read the whole index name the line; `renew a` works
    // on the name's own files and does not read the index.
    for args in [
        &["list"][..],
        &["check-expiry"],
        &["renew", "--within", "100%"],
    ] {
        let (c, v) = env.json(args);
        assert_eq!(c, 2, "{args:?}: {v}");
        assert_eq!(v["error"]["code"], "store_format", "{args:?}: {v}");
        let msg = s(&v["error"], "message");
        assert!(msg.contains("line 5"), "{args:?}: {msg}");
        assert!(!msg.contains("line 1"), "{args:?}: {msg}");
    }
    let (c, v) = env.json(&["audit", "verify"]);
    assert_eq!(c, 1, "{v}");
    assert_eq!(v["problems"][0]["line"], 5, "{v}");
    assert!(!v.to_string().contains("line 1 "), "{v}");
}

#[test]
fn store_files_that_are_not_utf8_are_store_format_errors() {
    for file in ["pkictl.toml", "pkictl-store.json"] {
        let env = Env::with_cas();
        let p = env.store.join(file);
        let mut bytes = std::fs::read(&p).unwrap();
        bytes.extend_from_slice(b"\n# \xff\xfe\n");
        std::fs::write(&p, bytes).unwrap();
        let (c, v) = env.json(&["issue", "web", "--dns", "web.example.com"]);
        assert_eq!(c, 2, "{file}: {v}");
        assert_eq!(v["error"]["code"], "store_format", "{file}: {v}");
        assert!(s(&v["error"], "message").contains(file), "{v}");
        assert!(!s(&v["error"], "hint").contains("check the path"), "{v}");
    }
}

#[test]
fn every_directory_written_outside_the_store_follows_one_rule() {
    let env = Env::with_cas();
    env.issue("web");
    let ww = env.path("ww");
    std::fs::create_dir(&ww).unwrap();
    set_mode(&ww, 0o777);
    env.ok(&[
        "csr",
        "req",
        "--dns",
        "req.example.com",
        "--out-dir",
        "csrs",
    ]);
    for args in [
        vec!["issue", "a", "--dns", "a.example.com", "--out-dir", "ww/x"],
        vec!["check-expiry", "--prometheus", "ww/x.prom"],
        vec!["csr", "c", "--dns", "c.example.com", "--out-dir", "ww/y"],
        vec!["export", "web", "--format", "pem", "--out", "ww/z.pem"],
        vec!["crl", "--all", "--out", "ww/crl.pem"],
        vec!["bundle", "--format", "pem", "--out", "ww/b.pem"],
        vec![
            "sign-csr",
            "csrs/req.csr",
            "--name",
            "req",
            "--out-dir",
            "ww/s",
        ],
        vec!["renew", "web", "--out-dir", "ww/r"],
    ] {
        let (c, v) = env.json(&args);
        assert_eq!(c, 2, "{args:?}: {v}");
        assert_eq!(v["error"]["code"], "insecure_permissions", "{args:?}: {v}");
    }
    assert_eq!(
        std::fs::read_dir(&ww).unwrap().count(),
        0,
        "nothing was written into ww"
    );
    // Missing levels are created 0700, whatever the umask.
    env.ok(&["issue", "b", "--dns", "b.example.com", "--out-dir", "a/b"]);
    assert_eq!(mode(&env.path("a")), 0o700);
    assert_eq!(mode(&env.path("a/b")), 0o700);
    // A sticky world-writable directory (like /tmp) is fine.
    let sticky = env.path("sticky");
    std::fs::create_dir(&sticky).unwrap();
    set_mode(&sticky, 0o1777);
    env.ok(&[
        "issue",
        "c",
        "--dns",
        "c.example.com",
        "--out-dir",
        "sticky/c",
    ]);
    env.ok(&["check-expiry", "--prometheus", "sticky/x.prom"]);
}

#[test]
fn doctor_checks_ca_keys_and_directory_modes_and_waits_for_a_writer() {
    let env = Env::with_cas();
    env.issue("web");
    env.json_ok(&["doctor"]);
    // A CA key that is random bytes, an encrypted one whose structure is
    // broken, a leaf key that is garbage.
    let root_key = env.store.join("cas/root/current/key.pem");
    let backup = std::fs::read(&root_key).unwrap();
    std::fs::write(&root_key, [0x42u8; 300]).unwrap();
    let inter_key = env.store.join("cas/issuing/current/key.pem");
    let text = std::fs::read_to_string(&inter_key).unwrap();
    // Keep the PEM frame, drop half of the body.
    let lines: Vec<&str> = text.lines().collect();
    let broken = [&lines[..lines.len() / 2], &lines[lines.len() - 1..]]
        .concat()
        .join("\n")
        + "\n";
    std::fs::write(&inter_key, broken).unwrap();
    let leaf_key = env.store.join("certs/web/current/key.pem");
    std::fs::write(
        &leaf_key,
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    let (c, v) = env.json(&["doctor"]);
    assert_eq!(c, 1, "{v}");
    let damaged: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == "key_damaged")
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(damaged.len(), 3, "{v}");
    std::fs::write(&root_key, &backup).unwrap();
    std::fs::write(&inter_key, &text).unwrap();
    // Directory modes: certs/ wide open, a name directory left 0755.
    set_mode(&env.store.join("certs"), 0o777);
    set_mode(&env.store.join("certs/web"), 0o755);
    let (c, v) = env.json(&["doctor"]);
    assert_eq!(c, 1, "{v}");
    let modes = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == "dir_mode")
        .count();
    assert_eq!(modes, 2, "{v}");
    let (_, v) = env.json(&["doctor", "--fix"]);
    assert_eq!(v["fixed"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(mode(&env.store.join("certs")), 0o700);
    assert_eq!(mode(&env.store.join("certs/web")), 0o700);
    // A writer holds the lock: doctor waits for it; with --lock-timeout 0 it
    // says so and reports nothing else.
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(env.store.join("lock"))
        .unwrap();
    lock.lock().unwrap();
    let (c, v) = env.json(&["doctor", "--lock-timeout", "0"]);
    assert_eq!(c, 2, "{v}");
    assert_eq!(v["error"]["code"], "lock_timeout", "{v}");
    assert!(v.get("problems").is_none(), "{v}");
    lock.unlock().unwrap();
}

#[test]
fn help_groups_global_options_and_clap_keeps_the_value_parsers_hint() {
    let env = Env::new();
    let out = env.cmd().args(["issue", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let global = help
        .find("Global options:")
        .unwrap_or_else(|| panic!("{help}"));
    let store = help.find("--store <DIR>").unwrap();
    assert!(
        store > global,
        "--store is listed under Global options:\n{help}"
    );
    let (dns, ip) = (help.find("--dns").unwrap(), help.find("--ip").unwrap());
    assert!(dns < ip && ip < global, "{help}");
    for rendered in [
        "[env: PKICTL_STORE",
        "[default: pki]",
        "[env: PKICTL_PROFILE",
        "[env: PKICTL_LOCK_TIMEOUT",
    ] {
        assert!(help.contains(rendered), "{rendered} missing:\n{help}");
    }
    // A value clap rejects keeps pkictl's hint (the unit list), in both modes.
    let out = env
        .cmd()
        .args(["issue", "x", "--validity", "3mo"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("months are not supported"), "{stderr}");
    assert!(!stderr.contains("try '--help'"), "{stderr}");
    let (c, v) = env.json(&["issue", "x", "--validity", "3mo"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "usage");
    assert!(s(&v["error"], "hint").contains("1d12h"), "{v}");
    // The environment variables clap now reads.
    let out = env
        .cmd()
        .env("PKICTL_CA_KEY_TYPE", "ec-p384")
        .args(["init-ca", "--cn", "Root", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        parse_json(&out)["ca"]["certificate"]["key"]["name"],
        "ec-p384"
    );
    // An empty PKICTL_STORE counts as unset: the default ./pki is used.
    let out = assert_cmd::Command::cargo_bin("pkictl")
        .unwrap()
        .env("PKICTL_STORE", "")
        .current_dir(env.dir.path())
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert_eq!(parse_json(&out)["store"]["source"], "default");
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    // `pkictl list | head -0`: the pipe is closed before pkictl writes.
    let env = Env::with_cas();
    env.issue("a");
    for args in [&["list"][..], &["list", "--json"], &["completions", "bash"]] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("pkictl"))
            .arg("--store")
            .arg(&env.store)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn chain_and_root_files_are_links_to_one_shared_copy_never_replaced() {
    use std::os::unix::fs::MetadataExt;
    let env = Env::with_cas();
    env.issue("a");
    env.issue("b");
    let a = env.store.join("certs/a/current");
    let b = env.store.join("certs/b/current");
    for f in ["chain.pem", "ca.pem"] {
        let (ma, mb) = (
            std::fs::metadata(a.join(f)).unwrap(),
            std::fs::metadata(b.join(f)).unwrap(),
        );
        assert_eq!(ma.ino(), mb.ino(), "{f} is one file");
        assert_eq!(ma.mode() & 0o777, 0o644);
    }
    // A copy with other bytes (an interrupted write) is never used or
    // replaced: the next certificate links to a new copy.
    let chain = std::fs::read(a.join("chain.pem")).unwrap();
    let sha = pkictl::encoding::sha256_hex(&chain);
    let shared = env.store.join(format!("shared/{sha}.pem"));
    std::fs::remove_file(&shared).unwrap();
    std::fs::write(&shared, b"half a cert").unwrap();
    env.issue("c");
    let c = env.store.join("certs/c/current/chain.pem");
    assert_eq!(std::fs::read(&c).unwrap(), chain);
    assert_eq!(std::fs::read(a.join("chain.pem")).unwrap(), chain);
    assert!(env.store.join(format!("shared/{sha}-1.pem")).exists());
    assert_eq!(std::fs::read(&shared).unwrap(), b"half a cert");
}
