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
    // sbin too: the walk-through starts nginx.
    let path = format!(
        "{}:{}:/usr/sbin:/sbin",
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

/// Stops the README's nginx (by the pid in its pid file) even when the
/// test fails half-way.
struct StopNginx(std::path::PathBuf);

impl Drop for StopNginx {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(&self.0) {
            crate::net::terminate(pid.trim());
        }
    }
}

#[test]
fn the_five_minute_mtls_walk_through_runs_as_written() {
    for t in ["openssl", "nginx", "curl", "keytool"] {
        if tool(t).is_none() {
            return;
        }
    }
    let env = Env::new();
    let blocks = blocks_under("## mTLS between two services in five minutes");
    assert!(blocks.len() >= 5, "{blocks:?}");
    let _stop = StopNginx(env.path("nginx/nginx.pid"));
    // The README's port is 8443; the test takes a free one.
    let port = crate::net::free_port().to_string();
    let mut outputs = String::new();
    for b in &blocks {
        let code = b.replace("8443", &port);
        let (c, out) = run_shell(&env, &code);
        assert_eq!(c, 0, "README block failed:\n{code}\n{out}");
        outputs.push_str(&out);
    }
    assert!(
        outputs.contains("hello CN=orders"),
        "nginx should greet the client by its certificate:\n{outputs}"
    );
    assert!(
        outputs.lines().any(|l| l.trim() == "400"),
        "without a client certificate nginx answers 400:\n{outputs}"
    );
    assert!(outputs.contains("PrivateKeyEntry"), "{outputs}");
    // What nginx served after the reload is the renewed certificate.
    let v = env.json_ok(&["list", "--status", "all"]);
    let payments: Vec<&serde_json::Value> = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == "payments")
        .collect();
    assert_eq!(payments.len(), 2, "payments was renewed once");
    let current = payments.iter().find(|c| c["status"] == "valid").unwrap();
    assert!(
        outputs.contains(&format!("(serial {})", current["serial"].as_str().unwrap())),
        "check-expiry --connect should show the renewed serial:\n{outputs}"
    );
    for f in [
        "payments.p12",
        "truststore.p12",
        "payments-tls.yaml",
        "ca-bundle.yaml",
    ] {
        assert!(env.path(f).exists(), "{f}");
    }
    let yaml = std::fs::read_to_string(env.path("payments-tls.yaml")).unwrap();
    yaml_rust2::YamlLoader::load_from_str(&yaml).expect("the Secret is YAML");
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
    // "Renewing a CA" continues in the same two stores.
    let blocks = blocks_under("### Renewing a CA");
    assert_eq!(blocks.len(), 1);
    let code = blocks[0]
        .replace(
            "/media/offline/pki",
            &dir.join("offline/pki").display().to_string(),
        )
        .replace("/srv/pki", &dir.join("online/pki").display().to_string());
    let (c, out) = run_shell(&env, &code);
    assert_eq!(c, 0, "{out}");
    assert!(!out.contains("constraints_changed"), "{out}");
    let online = dir.join("online/pki");
    let chain = std::fs::read(online.join("certs/api/current/chain.pem")).unwrap();
    assert_eq!(
        chain,
        std::fs::read(online.join("cas/issuing/current/cert.pem")).unwrap()
    );
    assert_ne!(
        chain,
        std::fs::read(online.join("certs/web/current/chain.pem")).unwrap(),
        "web keeps the certificate it was issued under"
    );
}

#[test]
fn the_rotation_walk_through_runs_as_written() {
    if tool("openssl").is_none() {
        return;
    }
    let env = Env::new();
    let blocks = blocks_under("### Rotating a CA without an outage");
    assert_eq!(blocks.len(), 1);
    let (c, out) = run_shell(&env, &blocks[0]);
    assert_eq!(c, 0, "{out}");
    assert!(out.contains("checkout/current/cert.pem: OK"), "{out}");
    let store = env.path("rotate-pki");
    // The end state: the old root retired, the bundle holds the new one,
    // every leaf moved.
    let bundle = std::fs::read(env.path("ca-bundle.pem")).unwrap();
    assert_eq!(
        pem::parse_many(&bundle).unwrap()[0].contents(),
        pem::parse(std::fs::read(store.join("cas/root/current/cert.pem")).unwrap())
            .unwrap()
            .contents()
    );
    assert_eq!(pem::parse_many(&bundle).unwrap().len(), 1);
    let index = std::fs::read_to_string(store.join("index.jsonl")).unwrap();
    for event in [
        "ca_rollover_started",
        "ca_cross_signed",
        "ca_rollover_finished",
    ] {
        assert!(index.contains(&format!("\"event\":\"{event}\"")), "{event}");
    }
    assert!(!store.join("cas/root/previous").exists());
}

#[test]
fn the_hsm_walk_through_runs_as_written() {
    if tool("openssl").is_none() || tool("pkcs11-tool").is_none() || tool("softhsm2-util").is_none()
    {
        return;
    }
    let env = Env::new();
    let blocks = blocks_under("### CA keys in an HSM");
    assert_eq!(blocks.len(), 1);
    let (c, out) = run_shell(&env, &blocks[0]);
    assert_eq!(c, 0, "{out}");
    assert!(out.contains("api/current/cert.pem: OK"), "{out}");
    assert!(out.contains("verify OK"), "the token-signed CRL: {out}");
    assert!(out.contains("never extractable"), "{out}");
    assert!(out.contains("The store is healthy"), "{out}");
    let store = env.path("hsm-pki");
    assert!(!store.join("cas/issuing/current/key.pem").exists());
    let uri = std::fs::read_to_string(store.join("cas/issuing/current/key.uri")).unwrap();
    assert!(
        uri.starts_with("pkcs11:token=pkictl-ca;object=issuing;id="),
        "{uri}"
    );
}
