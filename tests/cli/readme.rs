//! The README's walk-throughs run as written.

use crate::common::*;

/// The shell code blocks under a README heading.
pub fn blocks_under(heading: &str) -> Vec<String> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("README has no {heading:?}"));
    let rest = &readme[start + heading.len()..];
    // The section ends at the next heading of the same or a higher level
    // (lines inside code fences, such as shell comments, are not headings).
    let level = heading.chars().take_while(|&c| c == '#').count();
    let mut in_code = false;
    let mut end = rest.len();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && offset > 0 {
            let hashes = line.chars().take_while(|&c| c == '#').count();
            if hashes >= 1 && hashes <= level && line[hashes..].starts_with(' ') {
                end = offset;
                break;
            }
        }
        offset += line.len();
    }
    let section = &rest[..end];
    let mut out = Vec::new();
    let mut rest = section;
    while let Some(i) = rest.find("```sh\n") {
        let body = &rest[i + 6..];
        let end = body.find("```").unwrap();
        out.push(body[..end].to_string());
        rest = &body[end + 3..];
    }
    out
}

/// Runs shell code with pkictl on the PATH, in the test's directory.
pub fn run_shell(env: &Env, code: &str) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin("pkictl");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .arg("-euo")
        .arg("pipefail")
        .arg("-c")
        .arg(code)
        .current_dir(env.dir.path())
        .env("PATH", path)
        .env_remove("PKICTL_STORE")
        .env_remove("PKICTL_PASSPHRASE")
        .output()
        .unwrap();
    (code_of(&out), text(&out))
}

fn code_of(out: &std::process::Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

#[test]
fn the_mtls_walk_through_runs_as_written() {
    if tool("openssl").is_none() {
        return;
    }
    let env = Env::new();
    let blocks = blocks_under("## mTLS between two services: a walk-through");
    assert!(blocks.len() >= 2);
    for b in &blocks {
        let (c, out) = run_shell(&env, b);
        assert_eq!(c, 0, "README block failed:\n{b}\n{out}");
    }
    let (_, out) = run_shell(&env, "pkictl list --json");
    let v: serde_json::Value = serde_json::from_str(
        out.split("--- stdout\n")
            .nth(1)
            .unwrap()
            .split("\n--- stderr")
            .next()
            .unwrap(),
    )
    .unwrap();
    let names: Vec<&str> = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for n in ["payments", "orders", "inventory", "ledger", "mesh-api"] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
}

#[test]
fn the_offline_root_walk_through_runs_as_written() {
    let env = Env::new();
    let blocks = blocks_under("### Offline root");
    assert_eq!(blocks.len(), 1);
    let dir = env.dir.path();
    // The README's machines are directories here.
    let code = blocks[0]
        .replace(
            "/media/offline/pki",
            &dir.join("offline/pki").display().to_string(),
        )
        .replace("/srv/pki", &dir.join("online/pki").display().to_string());
    let (c, out) = run_shell(
        &env,
        &format!(
            "umask 077; printf 'root pass\\n' > root-pass; printf 'issuing pass\\n' > issuing-pass\n{code}"
        ),
    );
    assert_eq!(c, 0, "{out}");
    assert!(dir.join("online/pki/certs/web/current/cert.pem").exists());
}
