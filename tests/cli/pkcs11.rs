//! CA keys in a PKCS#11 token: SoftHSM2 tokens made per test in a
//! temporary SOFTHSM2_CONF; openssl, nginx and pkcs11-tool (opensc) judge
//! what the token signed and how its keys are kept.

use std::path::{Path, PathBuf};

use crate::common::*;
use crate::net::*;

pub const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";
const PIN: &str = "token user pin 4711";

/// A fresh SoftHSM2 token labelled `label` for this environment's
/// commands (SOFTHSM2_CONF, the module and the PIN in their environment).
/// None (locally) when SoftHSM2 is missing; in CI that fails.
pub fn token(env: &Env, label: &str) -> Option<PathBuf> {
    let util = tool("softhsm2-util")?;
    if !Path::new(MODULE).exists() {
        assert!(
            std::env::var("CI").is_err(),
            "{MODULE} is missing: install softhsm2"
        );
        eprintln!("SKIPPED: {MODULE} is missing (install softhsm2)");
        return None;
    }
    let dir = env.path("softhsm");
    std::fs::create_dir_all(dir.join("tokens")).unwrap();
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            dir.join("tokens").display()
        ),
    )
    .unwrap();
    let out = std::process::Command::new(&util)
        .args([
            "--init-token",
            "--free",
            "--label",
            label,
            "--pin",
            PIN,
            "--so-pin",
            "so pin 0815",
        ])
        .env("SOFTHSM2_CONF", &conf)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let mut vars = env.vars.borrow_mut();
    vars.push(("SOFTHSM2_CONF".into(), conf.display().to_string()));
    vars.push(("PKICTL_PKCS11_MODULE".into(), MODULE.into()));
    vars.push(("PKICTL_PKCS11_PIN".into(), PIN.into()));
    Some(conf)
}

/// `pkcs11-tool --list-objects --type privkey` of the token.
fn private_objects(env: &Env, conf: &Path) -> String {
    let Some(tool) = tool("pkcs11-tool") else {
        return String::new();
    };
    let out = std::process::Command::new(tool)
        .args([
            "--module",
            MODULE,
            "--login",
            "--pin",
            PIN,
            "--list-objects",
            "--type",
            "privkey",
        ])
        .env("SOFTHSM2_CONF", conf)
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

fn verify(openssl: &Path, env: &Env, root: &Path, f: &Files) -> (i32, String) {
    run_tool(
        openssl,
        &[
            "verify",
            "-CAfile",
            p(root),
            "-untrusted",
            p(&f.chain),
            p(&f.cert),
        ],
        env.dir.path(),
    )
}

/// pkictl on another store of the same environment (its token variables).
fn cmd_on(env: &Env, store: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("pkictl"));
    for (k, _) in std::env::vars() {
        if k.starts_with("PKICTL_") {
            c.env_remove(k);
        }
    }
    for (k, v) in env.vars.borrow().iter() {
        c.env(k, v);
    }
    c.arg("--store").arg(store).current_dir(env.dir.path());
    c
}

/// Runs a command that must be refused with exit 2, `code`, and a hint
/// that mentions `hint`.
fn refused(env: &Env, args: &[&str], code: &str, hint: &str) {
    let (c, v) = env.json(args);
    assert_eq!(
        (c, v["error"]["code"].as_str()),
        (2, Some(code)),
        "{args:?}: {v}"
    );
    assert!(
        v["error"]["hint"].as_str().unwrap_or("").contains(hint),
        "{args:?}: {v}"
    );
}

/// Every file of the store: none may hold key material of a token CA.
fn store_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let path = e.path();
        if e.file_type().unwrap().is_dir() {
            store_files(&path, out);
        } else if e.file_type().unwrap().is_file() {
            out.push(path);
        }
    }
}

#[test]
fn a_root_and_an_intermediate_in_a_token_issue_every_key_type() {
    let (Some(openssl), Some(_)) = (tool("openssl"), tool("pkcs11-tool")) else {
        return;
    };
    let env = Env::new();
    let Some(conf) = token(&env, "pkictl-ca") else {
        return;
    };
    let v = env.json_ok(&[
        "init-ca",
        "--cn",
        "Token Root CA",
        "--key-uri",
        "pkcs11:token=pkictl-ca;object=root",
    ]);
    assert_eq!(v["ca"]["key_path"], serde_json::Value::Null, "{v}");
    let uri = v["ca"]["key_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("pkcs11:token=pkictl-ca;object=root;id=%"),
        "{uri}"
    );
    env.ok(&[
        "init-ca",
        "issuing",
        "--parent",
        "root",
        "--cn",
        "Token Issuing CA",
        "--key-type",
        "ec-p384",
        "--key-uri",
        "pkcs11:token=pkictl-ca;object=issuing",
    ]);
    // Leaves of every key type; a batch; a request; a renewal.
    for kt in ["ec-p256", "ec-p384", "ed25519", "rsa-2048", "rsa-4096"] {
        env.ok(&[
            "issue",
            &format!("srv-{kt}"),
            "--dns",
            "localhost",
            "--key-type",
            kt,
        ]);
    }
    env.ok(&["issue", "cli", "--profile", "client"]);
    std::fs::write(
        env.path("batch.jsonl"),
        (0..20)
            .map(|i| format!("{{\"name\":\"b{i}\",\"dns\":\"b{i}.example.com\"}}\n"))
            .collect::<String>(),
    )
    .unwrap();
    env.ok(&["issue", "--batch", "batch.jsonl"]);
    env.ok(&["renew", "b0"]);
    let root = env.store.join("cas/root/current/cert.pem");
    for n in [
        "srv-ec-p256",
        "srv-ec-p384",
        "srv-ed25519",
        "srv-rsa-2048",
        "srv-rsa-4096",
        "cli",
        "b0",
        "b19",
    ] {
        let (c, out) = verify(&openssl, &env, &root, &files(&env, n));
        assert_eq!(c, 0, "{n}: {out}");
    }
    // A CRL signed by the token.
    env.ok(&["revoke", "b1", "--yes"]);
    let crl = env.store.join("crls/issuing.crl.pem");
    let inter = env.store.join("cas/issuing/current/cert.pem");
    let (c, out) = run_tool(
        &openssl,
        &[
            "crl",
            "-in",
            p(&crl),
            "-CAfile",
            p(&inter),
            "-verify",
            "-noout",
        ],
        env.dir.path(),
    );
    assert_eq!(c, 0, "{out}");
    assert!(out.contains("verify OK"), "{out}");

    // The keys are in the token, sensitive and never extractable; no file
    // of the store holds key material of either CA.
    let objects = private_objects(&env, &conf);
    for label in ["root", "issuing"] {
        assert!(
            objects.contains(&format!("label:      {label}")),
            "{objects}"
        );
    }
    assert_eq!(
        objects
            .matches("Access:     sensitive, always sensitive, never extractable")
            .count(),
        2,
        "{objects}"
    );
    assert!(
        !objects.contains("Usage:      decrypt"),
        "sign only: {objects}"
    );
    let mut all = Vec::new();
    store_files(&env.store.join("cas"), &mut all);
    for f in &all {
        assert_ne!(f.file_name().unwrap(), "key.pem", "{}", f.display());
        let text = String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned();
        assert!(!text.contains("PRIVATE KEY"), "{}", f.display());
        assert!(!text.contains(PIN), "the PIN in {}", f.display());
    }
    let index = std::fs::read_to_string(env.store.join("index.jsonl")).unwrap();
    assert!(!index.contains(PIN));
    let st = env.json_ok(&["ca", "status"]);
    for ca in st["cas"].as_array().unwrap() {
        assert_eq!(ca["key_location"], "pkcs11", "{st}");
    }
    // inspect says where a CA key lives, without asking the token.
    let key_uri = env.store.join("cas/issuing/current/key.uri");
    let v = env.json_ok(&["inspect", p(&key_uri)]);
    let item = &v["items"][0];
    assert_eq!(item["kind"], "pkcs11_key", "{v}");
    assert_eq!(
        (item["token"].as_str(), item["object"].as_str()),
        (Some("pkictl-ca"), Some("issuing")),
        "{v}"
    );
    env.ok(&["doctor"]);

    // nginx with the token-signed server and client certificates.
    if let (Some(nginx), Some(curl_bin)) = (tool("nginx"), tool("curl")) {
        let www = env.path("www");
        std::fs::create_dir_all(&www).unwrap();
        let ca = www.join("ca.crt");
        env.ok(&["bundle", "--format", "pem", "--out", p(&ca)]);
        let s = files(&env, "srv-ec-p256");
        let port = free_port();
        let server = format!(
            "  server {{\n    listen 127.0.0.1:{port} ssl;\n    server_name localhost;\n    \
             ssl_certificate {};\n    ssl_certificate_key {};\n    \
             ssl_verify_client on;\n    ssl_client_certificate {};\n    ssl_verify_depth 2;\n    \
             location / {{ return 200 \"hello $ssl_client_s_dn\\n\"; }}\n  }}",
            s.fullchain.display(),
            s.key.display(),
            ca.display(),
        );
        let n = crate::nginx::Nginx::start(&nginx, &www, port, &server);
        let (status, body) = curl_as(
            &curl_bin,
            &format!("https://localhost:{port}/"),
            &root,
            &files(&env, "cli"),
        );
        assert_eq!(status, 200, "{body}\n{}", n.log());
        assert!(body.contains("CN=cli"), "{body}");
    }
}

#[test]
fn token_roots_of_every_key_type_sign_what_openssl_accepts() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::new();
    let Some(_) = token(&env, "kinds") else {
        return;
    };
    // One store per key type: each root in the token issues a leaf.
    for kt in ["ec-p384", "rsa-3072", "ed25519"] {
        let store = env.path(&format!("pki-{kt}"));
        let run = |args: &[&str]| {
            let out = cmd_on(&env, &store).args(args).output().unwrap();
            assert_eq!(code(&out), 0, "{kt} {args:?}: {}", text(&out));
        };
        let uri = format!("pkcs11:token=kinds;object=root-{kt}");
        run(&[
            "init-ca",
            "--cn",
            &format!("Root {kt}"),
            "--key-type",
            kt,
            "--key-uri",
            &uri,
        ]);
        run(&["issue", "leaf", "--dns", "leaf.example.com"]);
        let d = store.join("certs/leaf/current");
        let (c, out) = run_tool(
            &openssl,
            &[
                "verify",
                "-CAfile",
                p(&store.join("cas/root/current/cert.pem")),
                p(&d.join("cert.pem")),
            ],
            env.dir.path(),
        );
        assert_eq!(c, 0, "{kt}: {out}");
    }
}

#[test]
fn token_failures_say_what_to_do_and_a_wrong_pin_does_not_lock_the_token() {
    let env = Env::new();
    let Some(_) = token(&env, "fail") else {
        return;
    };
    env.ok(&[
        "init-ca",
        "--cn",
        "Root",
        "--key-uri",
        "pkcs11:token=fail;object=root",
    ]);
    let bad = env.path("bad-pin");
    std::fs::write(&bad, "not the pin\n").unwrap();
    set_mode(&bad, 0o600);
    // SoftHSM2 counts failed logins; far more than any lockout threshold.
    for _ in 0..12 {
        let (c, v) = env.json(&[
            "--pin-file",
            p(&bad),
            "issue",
            "x",
            "--dns",
            "x.example.com",
        ]);
        assert_eq!(c, 2, "{v}");
        assert_eq!(v["error"]["code"], "wrong_passphrase", "{v}");
        assert!(v["error"]["hint"].as_str().unwrap().contains("once"), "{v}");
    }
    env.ok(&["issue", "x", "--dns", "x.example.com"]);
    let good = env.path("pin");
    std::fs::write(&good, format!("{PIN}\n")).unwrap();
    set_mode(&good, 0o600);
    env.vars
        .borrow_mut()
        .retain(|(k, _)| k != "PKICTL_PKCS11_PIN");
    env.ok(&[
        "--pin-file",
        p(&good),
        "issue",
        "y",
        "--dns",
        "y.example.com",
    ]);
    // No PIN and no terminal.
    refused(
        &env,
        &["issue", "z", "--dns", "z.example.com"],
        "passphrase_required",
        "--pin-file",
    );
    // A PIN in the URI, an unknown token, a missing module.
    for (uri, code) in [
        ("pkcs11:token=fail;object=r2?pin-value=1234", "usage"),
        ("pkcs11:token=absent;object=r2", "not_found"),
        (
            "pkcs11:token=fail;object=r2?module-path=/nonexistent/libnothing.so",
            "not_found",
        ),
    ] {
        let store = env.path("other");
        let out = cmd_on(&env, &store)
            .args([
                "--pin-file",
                p(&good),
                "--json",
                "init-ca",
                "--cn",
                "R2",
                "--key-uri",
                uri,
            ])
            .output()
            .unwrap();
        let v = parse_json(&out);
        assert_eq!(v["error"]["code"], code, "{uri}: {v}");
        assert!(v["error"]["hint"].is_string(), "{uri}: {v}");
    }
    // doctor without the module: the token cannot be reached.
    env.vars
        .borrow_mut()
        .retain(|(k, _)| k != "PKICTL_PKCS11_MODULE");
    let (c, v) = env.json(&["doctor"]);
    assert_eq!(c, 1, "{v}");
    assert!(v.to_string().contains("token_unreachable"), "{v}");
}

#[test]
fn an_intermediate_in_a_token_under_an_offline_root() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::new();
    let Some(_) = token(&env, "online") else {
        return;
    };
    let offline = env.path("offline");
    let run = |store: &Path, args: &[&str]| {
        let out = cmd_on(&env, store)
            .arg("--passphrase-file")
            .arg(&env.pw)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{args:?}: {}", text(&out));
        out
    };
    run(&offline, &["init-ca", "--cn", "Offline Root"]);
    // The online store's pending CA keeps its key in the token.
    let v = env.json_ok(&[
        "init-ca",
        "issuing",
        "--cn",
        "Online Issuing",
        "--csr-out",
        "issuing.csr",
        "--key-uri",
        "pkcs11:token=online;object=issuing",
    ]);
    assert_eq!(v["ca"]["key_path"], serde_json::Value::Null, "{v}");
    assert!(env.store.join("cas/issuing/pending/key.uri").is_file());
    assert!(!env.store.join("cas/issuing/pending/key.pem").exists());
    run(
        &offline,
        &[
            "sign-csr",
            "issuing.csr",
            "--name",
            "issuing",
            "--profile",
            "intermediate-ca",
            "--out-dir",
            "signed",
        ],
    );
    let root = offline.join("cas/root/current/cert.pem");
    env.ok(&["import-ca", "root", "--cert", p(&root)]);
    env.ok(&["init-ca", "issuing", "--import-cert", "signed/cert.pem"]);
    env.ok(&["issue", "web", "--dns", "web.example.com"]);
    let (c, out) = verify(&openssl, &env, &root, &files(&env, "web"));
    assert_eq!(c, 0, "{out}");
    env.ok(&["doctor"]);
    // A token root brought into a new store with its certificate.
    let first = env.path("first");
    run(
        &first,
        &[
            "init-ca",
            "--cn",
            "Token Root",
            "--key-uri",
            "pkcs11:token=online;object=troot",
        ],
    );
    let uri = std::fs::read_to_string(first.join("cas/root/current/key.uri")).unwrap();
    let troot = first.join("cas/root/current/cert.pem");
    let second = env.path("second");
    run(
        &second,
        &[
            "init-ca",
            "--key-uri",
            uri.trim(),
            "--import-cert",
            p(&troot),
        ],
    );
    run(&second, &["issue", "api", "--dns", "api.example.com"]);
    let api = files_in(&second.join("certs/api/current"));
    let (c, out) = run_tool(
        &openssl,
        &["verify", "-CAfile", p(&troot), p(&api.cert)],
        env.dir.path(),
    );
    assert_eq!(c, 0, "{out}");
    // A certificate of another key is refused.
    let out = cmd_on(&env, &env.path("third"))
        .args([
            "--json",
            "init-ca",
            "x",
            "--key-uri",
            uri.trim(),
            "--import-cert",
            p(&root),
        ])
        .output()
        .unwrap();
    assert_eq!(
        parse_json(&out)["error"]["code"],
        "malformed_input",
        "{}",
        text(&out)
    );
}

#[test]
fn the_ca_lifecycle_and_sign_csr_work_with_token_keys() {
    let (Some(openssl), Some(p11)) = (tool("openssl"), tool("pkcs11-tool")) else {
        return;
    };
    let env = Env::new();
    let Some(conf) = token(&env, "life") else {
        return;
    };
    env.ok(&[
        "init-ca",
        "--cn",
        "Life Root",
        "--key-uri",
        "pkcs11:token=life;object=root",
    ]);
    env.ok(&[
        "init-ca",
        "issuing",
        "--parent",
        "root",
        "--cn",
        "Life Issuing",
        "--key-uri",
        "pkcs11:token=life;object=issuing",
    ]);
    let old_root = env.path("old-root.pem");
    std::fs::copy(env.store.join("cas/root/current/cert.pem"), &old_root).unwrap();
    // A request from openssl, signed by the token key.
    let (c, out) = run_tool(
        &openssl,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "csr-key.pem",
            "-subj",
            "/CN=from-csr",
            "-addext",
            "subjectAltName=DNS:from-csr.example.com",
            "-out",
            "from.csr",
        ],
        env.dir.path(),
    );
    assert_eq!(c, 0, "{out}");
    env.ok(&["sign-csr", "from.csr", "--name", "from-csr"]);
    env.ok(&["ca", "renew", "issuing"]);
    env.ok(&["ca", "renew", "root"]);
    env.ok(&["ca", "rollover", "root", "--start"]);
    env.ok(&["issue", "after", "--dns", "after.example.com"]);
    for n in ["from-csr", "after"] {
        let (c, out) = verify(&openssl, &env, &old_root, &files(&env, n));
        assert_eq!(c, 0, "{n}: {out}");
    }
    // A leaf signed from a request needs a new request: reissue skips it,
    // so finishing takes --force.
    let r = env.json_ok(&["ca", "rollover", "root", "--reissue"]);
    assert_eq!(r["reissue"]["skipped"][0]["name"], "from-csr", "{r}");
    assert_eq!(r["reissue"]["skipped"][0]["reason"], "needs_new_csr", "{r}");
    let (c, _) = env.json(&["ca", "rollover", "root", "--finish"]);
    assert_eq!(c, 2);
    env.ok(&["ca", "rollover", "root", "--finish", "--force"]);
    let uri = std::fs::read_to_string(env.store.join("cas/root/current/key.uri")).unwrap();
    assert!(uri.contains("object=root-g2;"), "{uri}");
    env.ok(&["doctor"]);
    let objects = private_objects(&env, &conf);
    assert!(objects.contains("label:      root-g2"), "{objects}");
    // The key a CA's URI names is gone from the token: the error says so.
    let out = std::process::Command::new(&p11)
        .args([
            "--module",
            MODULE,
            "--login",
            "--pin",
            PIN,
            "--delete-object",
            "--type",
            "privkey",
            "--label",
            "issuing",
        ])
        .env("SOFTHSM2_CONF", &conf)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    refused(
        &env,
        &["issue", "gone", "--dns", "gone.example.com"],
        "not_found",
        "pkcs11-tool",
    );
}
