//! What users see, pinned: exit code, stdout and stderr of the main
//! commands, human and JSON, as insta snapshots (`tests/cli/snapshots/`).
//! Read-only commands run on `fixtures/snapshot-store` (made once by
//! `fixtures/make-snapshot-store.sh`) with `--at` pinned, so nothing ages;
//! commands that write run on a copy, with the serials, keys and times of
//! what they create filtered out. A change in what users see is a
//! reviewed snapshot diff (`cargo insta review`, or `INSTA_UPDATE=always`).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::common::*;

/// The time every read-only snapshot is judged at.
const AT: &str = "2027-06-01T00:00:00Z";

/// A copy of the fixture store, with the modes git does not keep.
fn fixture() -> Env {
    let env = Env::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/snapshot-store");
    copy_tree(&src, &env.store);
    env
}

fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    std::fs::set_permissions(dst, std::fs::Permissions::from_mode(0o700)).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        let ty = e.file_type().unwrap();
        if ty.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(e.path()).unwrap(), &to).unwrap();
        } else if ty.is_dir() {
            copy_tree(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).unwrap();
            let name = e.file_name();
            let secret = ["key.pem", "index.jsonl", "pkictl.toml"]
                .iter()
                .any(|n| name == *n);
            let mode = if secret { 0o600 } else { 0o644 };
            std::fs::set_permissions(&to, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    }
}

/// The certificate file of a serial directory of `name` (the first, by
/// serial, when it has several).
fn serial_cert(env: &Env, name: &str) -> String {
    let dir = env.store.join("certs").join(name);
    let mut serials: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "current")
        .collect();
    serials.sort();
    dir.join(&serials[0]).join("cert.pem").display().to_string()
}

/// Exit code, stdout and stderr as one text, JSON pretty-printed.
fn shot(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().env("NO_COLOR", "1").args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stdout = match serde_json::from_str::<serde_json::Value>(&stdout) {
        Ok(v) if args.contains(&"--json") => serde_json::to_string_pretty(&v).unwrap() + "\n",
        _ => stdout,
    };
    let text = format!(
        "exit: {}\n--- stdout\n{stdout}--- stderr\n{}",
        code(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    text.replace(&env.store.display().to_string(), "[STORE]")
        .replace(&env.dir.path().display().to_string(), "[TMP]")
}

/// Snapshots a read-only command, human and JSON.
fn both(env: &Env, name: &str, args: &[&str]) {
    insta::assert_snapshot!(name, shot(env, args));
    let json: Vec<&str> = args.iter().copied().chain(["--json"]).collect();
    insta::assert_snapshot!(format!("{name}_json"), shot(env, &json));
}

/// Filters for what a write creates: serials, hashes, key ids, times and
/// the durations derived from them.
fn fresh<F: FnOnce()>(f: F) {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"\b[0-9a-f]{64}\b", "[SHA256]");
    s.add_filter(r"\b[0-9a-f]{40}\b", "[KEYID]");
    s.add_filter(r"\b[0-9a-f]{32}\b", "[SERIAL]");
    s.add_filter(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", "[TIME]");
    s.add_filter(
        r#""(\w+_unix|seconds_remaining|days_remaining)": -?\d+"#,
        r#""$1": [N]"#,
    );
    s.bind(f);
}

#[test]
fn read_only_commands_on_a_fixed_store() {
    let env = fixture();
    both(&env, "list", &["list", "--at", AT]);
    both(
        &env,
        "list_revoked",
        &["list", "--status", "revoked", "--at", AT],
    );
    let web = env.store.join("certs/web/current/cert.pem");
    let web = web.to_str().unwrap();
    both(&env, "inspect", &["inspect", web, "--at", AT]);
    both(&env, "verify_valid", &["verify", web, "--at", AT]);
    let old = serial_cert(&env, "old");
    both(&env, "verify_revoked", &["verify", &old, "--at", AT]);
    both(
        &env,
        "verify_wrong_host",
        &["verify", web, "--host", "api.example.internal", "--at", AT],
    );
    both(&env, "check_expiry", &["check-expiry", "--at", AT]);
    both(&env, "policy_show", &["policy", "show"]);
    both(&env, "audit_verify", &["audit", "verify"]);
    both(&env, "doctor", &["doctor"]);
}

#[test]
fn commands_that_write() {
    fresh(|| {
        let env = fixture();
        both(
            &env,
            "issue_dry_run",
            &["issue", "new", "--dns", "new.example.internal", "--dry-run"],
        );
        insta::assert_snapshot!(
            "issue",
            shot(&env, &["issue", "new", "--dns", "new.example.internal"])
        );
        insta::assert_snapshot!(
            "issue_json",
            shot(
                &env,
                &["issue", "new2", "--dns", "new2.example.internal", "--json"]
            )
        );
        both(
            &env,
            "issue_outside_constraints",
            &["issue", "evil", "--dns", "evil.example.com"],
        );
        insta::assert_snapshot!("renew", shot(&env, &["renew", "soon"]));
        insta::assert_snapshot!("renew_json", shot(&env, &["renew", "web", "--json"]));
        insta::assert_snapshot!(
            "revoke_json",
            shot(&env, &["revoke", "orders", "--yes", "--json"])
        );
    });
}
