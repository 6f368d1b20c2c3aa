//! export, bundle and csr, judged by the programs that consume them:
//! openssl pkcs12/req, Java keytool and a JDK TLS server, a YAML parser
//! for the Kubernetes manifests.

use crate::common::*;
use crate::net::*;
use base64::Engine;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A PKCS#12 password file (0600).
fn p12_pass(env: &Env) -> PathBuf {
    let f = env.path("p12-pass");
    if !f.exists() {
        std::fs::write(&f, "keystore secret\n").unwrap();
        set_mode(&f, 0o600);
    }
    f
}

/// Runs a tool and asserts it succeeded; returns its output.
fn must(prog: &Path, args: &[&str], dir: &Path) -> String {
    let (c, out) = run_tool(prog, args, dir);
    assert_eq!(c, 0, "{} {args:?} failed:\n{out}", prog.display());
    out
}

/// `keytool -list -v` of a PKCS#12 file.
fn keytool_list(keytool: &Path, store: impl AsRef<Path>, pass: &Path) -> String {
    let store = store.as_ref();
    must(
        keytool,
        &["-list", "-v", "-storetype", "PKCS12", "-keystore", p(store)]
            .into_iter()
            .chain(["-storepass:file", p(pass)])
            .collect::<Vec<_>>(),
        store.parent().unwrap(),
    )
}

/// `openssl pkcs12 -info` of a PKCS#12 file (without -legacy).
fn p12_info(openssl: &Path, file: impl AsRef<Path>, pass: &Path) -> String {
    let file = file.as_ref();
    let passin = format!("file:{}", pass.display());
    must(
        openssl,
        &[
            "pkcs12",
            "-in",
            p(file),
            "-passin",
            &passin,
            "-info",
            "-noout",
        ],
        file.parent().unwrap(),
    )
}

/// The SubjectPublicKeyInfo of a key or certificate, as openssl prints it.
fn openssl_pubkey(openssl: &Path, dir: &Path, args: &[&str]) -> String {
    must(openssl, args, dir)
}

fn export_p12(env: &Env, name: &str, extra: &[&str]) -> (PathBuf, serde_json::Value) {
    let out = env.path(&format!("{name}.p12"));
    let pass = p12_pass(env);
    let mut args = vec![
        "export",
        name,
        "--format",
        "pkcs12",
        "--out",
        out.to_str().unwrap(),
        "--p12-passphrase-file",
        pass.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let v = env.json_ok(&args);
    (out, v)
}

#[test]
fn pkcs12_export_is_read_by_openssl_3_without_legacy_and_by_keytool_as_a_private_key_entry() {
    let (Some(openssl), Some(keytool)) = (tool("openssl"), tool("keytool")) else {
        return;
    };
    let env = Env::with_cas();
    let dir = env.dir.path();
    let pass = p12_pass(&env);
    let passin = format!("file:{}", pass.display());
    for kt in ["ec-p256", "ec-p384", "rsa-2048", "ed25519"] {
        let name = format!("svc-{kt}");
        env.ok(&[
            "issue",
            &name,
            "--dns",
            &format!("{name}.example.com"),
            "--key-type",
            kt,
        ]);
        let (p12, v) = export_p12(&env, &name, &[]);
        assert_eq!(v["format"], "pkcs12");
        assert_eq!(v["includes_key"], true);
        assert_eq!(mode(&p12), 0o600, "a file with a private key is owner-only");
        let p = p12.to_str().unwrap();

        // OpenSSL 3 reads it without -legacy: PBES2 / AES-256 and a SHA-256 MAC.
        let info = p12_info(&openssl, p, &pass);
        assert!(
            info.contains("MAC: sha256, Iteration 100000"),
            "{kt}: {info}"
        );
        assert!(
            info.contains("PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256"),
            "{kt}: {info}"
        );
        // The key inside is the store's key.
        let dumped = env.path("dumped.pem");
        must(
            &openssl,
            &[
                "pkcs12",
                "-in",
                p,
                "-passin",
                &passin,
                "-nocerts",
                "-nodes",
                "-out",
                dumped.to_str().unwrap(),
            ],
            dir,
        );
        let key = files(&env, &name).key;
        assert_eq!(
            openssl_pubkey(
                &openssl,
                dir,
                &["pkey", "-in", dumped.to_str().unwrap(), "-pubout"]
            ),
            openssl_pubkey(
                &openssl,
                dir,
                &["pkey", "-in", key.to_str().unwrap(), "-pubout"]
            ),
            "{kt}: the key in the PKCS#12 is not the certificate's"
        );

        // Java 17 keytool: one PrivateKeyEntry, alias = name, chain of three.
        let list = keytool_list(&keytool, p, &pass);
        assert!(
            list.contains("Your keystore contains 1 entry"),
            "{kt}: {list}"
        );
        assert!(
            list.contains(&format!("Alias name: {name}")),
            "{kt}: {list}"
        );
        assert!(list.contains("Entry type: PrivateKeyEntry"), "{kt}: {list}");
        assert!(list.contains("Certificate chain length: 3"), "{kt}: {list}");
        assert!(list.contains("CN=Test Root CA"), "{kt}: {list}");
    }

    // --p12-name sets the alias; --legacy writes 3DES/SHA-1 with a warning.
    let (p12, v) = export_p12(
        &env,
        "svc-ec-p256",
        &["--p12-name", "tomcat", "--overwrite"],
    );
    assert_eq!(v["p12_name"], "tomcat");
    let list = keytool_list(&keytool, p12.to_str().unwrap(), &pass);
    assert!(list.contains("Alias name: tomcat"), "{list}");
    let (legacy, v) = export_p12(&env, "svc-rsa-2048", &["--legacy", "--overwrite"]);
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "legacy_pkcs12"),
        "{v}"
    );
    let l = legacy.to_str().unwrap();
    // 3DES is in OpenSSL 3's default provider: no -legacy needed to read it.
    let info = p12_info(&openssl, l, &pass);
    assert!(info.contains("pbeWithSHA1And3-KeyTripleDES-CBC"), "{info}");
    assert!(info.contains("MAC: sha1"), "{info}");
    keytool_list(&keytool, l, &pass);
}

#[test]
fn every_key_export_is_audited_and_keys_reach_stdout_only_with_out_dash() {
    let env = Env::with_cas();
    env.issue("web");
    let pass = p12_pass(&env);
    // An existing file is not replaced without --overwrite.
    std::fs::write(env.path("web.pem"), "keep me").unwrap();
    let (c, v) = env.json(&["export", "web", "--format", "pem"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "already_exists", "{v}");
    assert_eq!(
        std::fs::read_to_string(env.path("web.pem")).unwrap(),
        "keep me"
    );

    let out = env.ok(&["export", "web", "--format", "pem", "--out", "-"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let blocks = pem::parse_many(&text).unwrap();
    let tags: Vec<&str> = blocks.iter().map(|b| b.tag()).collect();
    assert_eq!(
        tags,
        ["PRIVATE KEY", "CERTIFICATE", "CERTIFICATE"],
        "key, leaf, intermediate"
    );
    env.ok(&[
        "export",
        "web",
        "--format",
        "pkcs12",
        "--p12-passphrase-file",
        pass.to_str().unwrap(),
    ]);
    assert_eq!(mode(&env.path("web.p12")), 0o600);
    env.ok(&["export", "web", "--format", "k8s-secret"]);
    assert_eq!(mode(&env.path("web.secret.yaml")), 0o600);
    let index = std::fs::read_to_string(env.store.join("index.jsonl")).unwrap();
    let exports: Vec<&str> = index
        .lines()
        .filter(|l| l.contains("\"key_exported\""))
        .collect();
    assert_eq!(
        exports.len(),
        3,
        "one audit record per key export:\n{index}"
    );
    for (line, format) in exports.iter().zip(["pem", "pkcs12", "k8s-secret"]) {
        assert!(line.contains(format), "{line}");
    }
    env.ok(&["audit", "verify"]);

    // A certificate whose key the store does not hold cannot be exported
    // with a key; its certificates still can.
    env.ok(&[
        "issue",
        "nokey",
        "--dns",
        "nokey.example.com",
        "--no-keep-key",
        "--out-dir",
        "o",
    ]);
    let (c, v) = env.json(&["export", "nokey", "--format", "k8s-secret"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "not_found", "{v}");
}

#[test]
fn bundle_truststore_is_listed_by_keytool_as_trusted_cert_entries() {
    let (Some(keytool), Some(openssl)) = (tool("keytool"), tool("openssl")) else {
        return;
    };
    let env = Env::with_cas();
    let pass = p12_pass(&env);
    let ts = env.path("truststore.p12");
    env.ok(&[
        "bundle",
        "--format",
        "pkcs12-truststore",
        "--with-intermediates",
        "--out",
        ts.to_str().unwrap(),
        "--p12-passphrase-file",
        pass.to_str().unwrap(),
    ]);
    let list = keytool_list(&keytool, ts.to_str().unwrap(), &pass);
    assert!(list.contains("Your keystore contains 2 entries"), "{list}");
    assert_eq!(
        list.matches("Entry type: trustedCertEntry").count(),
        2,
        "{list}"
    );
    assert!(list.contains("CN=Test Root CA") && list.contains("CN=Test Issuing CA"));

    // The PEM bundle (nginx ssl_client_certificate, curl --cacert) is the
    // root by default; openssl reads each certificate.
    let out = env.ok(&["bundle", "--format", "pem"]);
    let blocks = pem::parse_many(&out.stdout).unwrap();
    assert_eq!(blocks.len(), 1);
    std::fs::write(env.path("ca.crt"), &out.stdout).unwrap();
    let subject = must(
        &openssl,
        &["x509", "-in", "ca.crt", "-noout", "-subject"],
        env.dir.path(),
    );
    assert!(subject.contains("Test Root CA"), "{subject}");
}

/// A YAML document's mapping value at a path of keys.
fn yaml_at<'a>(doc: &'a yaml_rust2::Yaml, path: &[&str]) -> &'a yaml_rust2::Yaml {
    path.iter().fold(doc, |node, key| &node[*key])
}

fn yaml_str(doc: &yaml_rust2::Yaml, path: &[&str]) -> String {
    yaml_at(doc, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path:?} is not a string in {doc:?}"))
        .to_string()
}

fn b64(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .expect("base64")
}

#[test]
fn kubernetes_secret_and_configmap_parse_as_yaml_and_hold_exactly_the_files() {
    let env = Env::with_cas();
    env.ok(&["issue", "Payments_API", "--dns", "payments.example.com"]);
    env.ok(&[
        "export",
        "Payments_API",
        "--format",
        "k8s-secret",
        "--namespace",
        "shop",
        "--out",
        "secret.yaml",
    ]);
    let text = std::fs::read_to_string(env.path("secret.yaml")).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML");
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(yaml_str(d, &["apiVersion"]), "v1");
    assert_eq!(yaml_str(d, &["kind"]), "Secret");
    assert_eq!(yaml_str(d, &["type"]), "kubernetes.io/tls");
    assert_eq!(yaml_str(d, &["metadata", "namespace"]), "shop");
    // The name is made a DNS-1123 name.
    assert_eq!(yaml_str(d, &["metadata", "name"]), "payments-api");
    // (The store's directories are the lower-case names.)
    let f = files(&env, "payments_api");
    assert_eq!(
        b64(&yaml_str(d, &["data", "tls.crt"])),
        std::fs::read(&f.fullchain).unwrap()
    );
    assert_eq!(
        b64(&yaml_str(d, &["data", "tls.key"])),
        std::fs::read(&f.key).unwrap()
    );
    assert_eq!(
        b64(&yaml_str(d, &["data", "ca.crt"])),
        std::fs::read(&f.ca).unwrap()
    );
    let cert = env.json_ok(&["inspect", f.cert.to_str().unwrap()]);
    let cert = &cert["items"][0];
    let labels = yaml_at(d, &["metadata", "labels"]);
    let label_values: Vec<String> = labels
        .as_hash()
        .expect("labels")
        .values()
        .map(|v| v.as_str().expect("label values are strings").to_string())
        .collect();
    let not_after = s(cert, "not_after");
    assert_eq!(
        yaml_str(d, &["metadata", "labels", "pkictl.io/serial"]),
        s(cert, "serial")
    );
    // Label values allow no ':', so the label holds a compact form of the
    // time and the annotation the RFC 3339 one.
    assert_eq!(
        yaml_str(d, &["metadata", "labels", "pkictl.io/not-after"]),
        not_after.replace(['-', ':'], "")
    );
    assert_eq!(
        yaml_str(d, &["metadata", "annotations", "pkictl.io/not-after"]),
        not_after
    );
    assert_eq!(
        yaml_str(d, &["metadata", "labels", "app.kubernetes.io/managed-by"]),
        "pkictl"
    );
    for v in &label_values {
        assert!(
            v.len() <= 63
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "not a valid label value: {v}"
        );
    }

    // --secret-name must be a DNS-1123 name.
    let (c, v) = env.json(&[
        "export",
        "Payments_API",
        "--format",
        "k8s-secret",
        "--secret-name",
        "Not_Valid",
        "--out",
        "x.yaml",
    ]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "usage", "{v}");

    // The ConfigMap carries the root as ca.crt.
    let out = env.ok(&[
        "bundle",
        "--format",
        "k8s-configmap",
        "--namespace",
        "shop",
        "--configmap-name",
        "internal-ca",
    ]);
    let docs = yaml_rust2::YamlLoader::load_from_str(&String::from_utf8(out.stdout).unwrap())
        .expect("valid YAML");
    let d = &docs[0];
    assert_eq!(yaml_str(d, &["kind"]), "ConfigMap");
    assert_eq!(yaml_str(d, &["metadata", "name"]), "internal-ca");
    assert_eq!(yaml_str(d, &["metadata", "namespace"]), "shop");
    assert_eq!(
        yaml_str(d, &["data", "ca.crt"]),
        std::fs::read_to_string(&f.ca).unwrap()
    );
    // Its default name; an existing file is replaced only with --overwrite.
    env.ok(&["bundle", "--format", "k8s-configmap", "--out", "cm.yaml"]);
    let text = std::fs::read_to_string(env.path("cm.yaml")).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML");
    assert_eq!(
        yaml_str(&docs[0], &["metadata", "name"]),
        "pkictl-ca-bundle"
    );
    let (c, v) = env.json(&["bundle", "--format", "pem", "--out", "cm.yaml"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "already_exists", "{v}");
    env.ok(&[
        "bundle",
        "--format",
        "pem",
        "--out",
        "cm.yaml",
        "--overwrite",
    ]);
    assert!(
        std::fs::read_to_string(env.path("cm.yaml"))
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
}

#[test]
fn csr_writes_a_key_and_a_request_openssl_verifies_and_sign_csr_round_trips() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    let out = env.ok(&[
        "csr",
        "billing",
        "--dns",
        "billing.example.com",
        "--ip",
        "10.0.0.7",
        "--email",
        "billing@example.com",
        "--uri",
        "https://billing.example.com/",
        "--cn",
        "Billing Service",
        "--key-type",
        "ec-p384",
        "--out-dir",
        "req",
    ]);
    let key = env.path("req/billing.key");
    let csr = env.path("req/billing.csr");
    assert_eq!(mode(&key), 0o600);
    let dir = env.dir.path();
    let verified = must(
        &openssl,
        &[
            "req",
            "-verify",
            "-in",
            csr.to_str().unwrap(),
            "-noout",
            "-text",
        ],
        dir,
    );
    assert!(verified.contains("DNS:billing.example.com"), "{verified}");
    assert!(verified.contains("IP Address:10.0.0.7"), "{verified}");
    assert!(verified.contains("email:billing@example.com"), "{verified}");
    assert!(
        verified.contains("URI:https://billing.example.com/"),
        "{verified}"
    );
    assert!(verified.contains("CN = Billing Service"), "{verified}");
    assert!(verified.contains("NIST CURVE: P-384"), "{verified}");
    // The printed command is the one to run; run it as printed.
    let printed = text(&out);
    let line = printed
        .lines()
        .find(|l| l.trim_start().starts_with("pkictl sign-csr"))
        .unwrap_or_else(|| panic!("no sign-csr command in:\n{printed}"));
    let (c, o) = crate::readme::run_shell(
        &env,
        &format!(
            "export PKICTL_STORE={} PKICTL_PASSPHRASE='correct horse battery staple'\n{}",
            env.store.display(),
            line.trim()
        ),
    );
    assert_eq!(c, 0, "{line}\n{o}");
    let cert = env.store.join("certs/billing/current/cert.pem");
    assert_eq!(
        openssl_pubkey(
            &openssl,
            dir,
            &["x509", "-in", cert.to_str().unwrap(), "-noout", "-pubkey"]
        ),
        openssl_pubkey(
            &openssl,
            dir,
            &["pkey", "-in", key.to_str().unwrap(), "-pubout"]
        ),
    );
    let v = env.json_ok(&["inspect", cert.to_str().unwrap()]);
    assert_eq!(v["items"][0]["sans"]["ip"][0], "10.0.0.7");
    // The store holds no key for it: the key stayed where csr wrote it.
    assert!(!env.store.join("certs/billing/current/key.pem").exists());
    // Files are not replaced silently.
    let (c, v) = env.json(&[
        "csr",
        "billing",
        "--dns",
        "b.example.com",
        "--out-dir",
        "req",
    ]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "already_exists", "{v}");
}

#[test]
fn inspect_reads_pkcs12_from_pkictl_and_openssl_modern_and_legacy() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    env.issue("web");
    let pass = p12_pass(&env);
    let dir = env.dir.path();
    export_p12(&env, "web", &[]);
    std::fs::rename(env.path("web.p12"), env.path("modern.p12")).unwrap();
    export_p12(&env, "web", &["--legacy"]);
    std::fs::rename(env.path("web.p12"), env.path("legacy.p12")).unwrap();
    let f = files(&env, "web");
    let passin = format!("file:{}", pass.display());
    let ossl_export = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "pkcs12",
            "-export",
            "-in",
            f.fullchain.to_str().unwrap(),
            "-inkey",
            f.key.to_str().unwrap(),
            "-passout",
            &passin,
            "-name",
            "web",
            "-certfile",
            f.ca.to_str().unwrap(),
            "-out",
            out,
        ];
        args.extend_from_slice(extra);
        must(&openssl, &args, dir);
    };
    ossl_export("openssl.p12", &[]);
    ossl_export("openssl-legacy.p12", &["-legacy"]);

    let v = env.json_ok(&[
        "inspect",
        "modern.p12",
        "legacy.p12",
        "openssl.p12",
        "openssl-legacy.p12",
        "--p12-passphrase-file",
        pass.to_str().unwrap(),
    ]);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 4, "{v}");
    let spki =
        env.json_ok(&["inspect", f.key.to_str().unwrap()])["items"][0]["spki_sha256"].clone();
    for it in items {
        assert_eq!(it["kind"], "pkcs12", "{it}");
        assert_eq!(it["keys"].as_array().unwrap().len(), 1, "{it}");
        assert_eq!(it["keys"][0]["spki_sha256"], spki, "{it}");
        assert_eq!(it["keys"][0]["friendly_name"], "web", "{it}");
        assert_eq!(
            it["certificates"].as_array().unwrap().len(),
            3,
            "leaf, intermediate, root: {it}"
        );
        let legacy = it["path"].as_str().unwrap().contains("legacy");
        let weak = it["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "weak_encryption");
        assert_eq!(weak, legacy, "{it}");
    }
    // The password from the environment works too; a wrong one is exit 2.
    let out = env
        .cmd()
        .args(["inspect", "modern.p12", "--json"])
        .env("PKICTL_P12_PASSPHRASE", "keystore secret")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
    std::fs::write(env.path("wrong"), "not it\n").unwrap();
    set_mode(&env.path("wrong"), 0o600);
    let (c, v) = env.json(&["inspect", "modern.p12", "--p12-passphrase-file", "wrong"]);
    assert_eq!(c, 2);
    assert_eq!(v["errors"][0]["code"], "wrong_passphrase", "{v}");
    let (c, v) = env.json(&["inspect", "modern.p12"]);
    assert_eq!(c, 2);
    assert_eq!(v["errors"][0]["code"], "passphrase_required", "{v}");
    assert!(
        s(&v["errors"][0], "hint").contains("--p12-passphrase-file"),
        "a per-input error says what to do: {v}"
    );
}

/// Compiles the JDK-only mTLS server once per test run.
fn java_server_classes(javac: &Path) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pkictl-java-{}", std::process::id()));
    if !dir.join("MtlsServer.class").exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/java/MtlsServer.java");
        must(javac, &["-d", dir.to_str().unwrap(), src], &dir);
    }
    dir
}

#[test]
fn a_jdk_tls_server_with_pkictl_keystore_and_truststore_requires_pkictl_client_certificates() {
    let (Some(java), Some(javac), Some(curl_bin)) = (tool("java"), tool("javac"), tool("curl"))
    else {
        return;
    };
    let classes = java_server_classes(&javac);
    let env = Env::with_cas();
    let pass = p12_pass(&env);
    let other = Env::new();
    other.ok(&["init-ca", "--cn", "Other Root CA"]);
    other.ok(&[
        "issue",
        "stranger",
        "--profile",
        "client",
        "--dns",
        "stranger.example.com",
    ]);
    let ts = env.path("truststore.p12");
    env.ok(&[
        "bundle",
        "--format",
        "pkcs12-truststore",
        "--out",
        ts.to_str().unwrap(),
        "--p12-passphrase-file",
        pass.to_str().unwrap(),
    ]);
    for kt in ["ec-p256", "ec-p384", "rsa-2048", "ed25519"] {
        let (srv, cli) = (format!("java-{kt}"), format!("client-{kt}"));
        env.ok(&["issue", &srv, "--dns", "localhost", "--key-type", kt]);
        env.ok(&["issue", &cli, "--profile", "client", "--key-type", kt]);
        let (ks, _) = export_p12(&env, &srv, &[]);
        let port = free_port();
        let mut child = std::process::Command::new(&java)
            .args(["-cp", classes.to_str().unwrap(), "MtlsServer"])
            .arg(port.to_string())
            .args([&ks, &ts, &pass])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let _server = Child(child);
        assert_eq!(
            first.trim(),
            "ready",
            "{kt}: the JDK refused pkictl's stores"
        );
        assert!(wait_for_port(port, Duration::from_secs(10)));
        let url = format!("https://localhost:{port}/");
        let root = env.store.join("cas/root/current/cert.pem");
        let (status, body) = curl_as(&curl_bin, &url, &root, &files(&env, &cli));
        assert_eq!(status, 200, "{kt}: {body}");
        assert!(body.contains(&format!("CN={cli}")), "{kt}: {body}");
        let (status, _) = curl(&curl_bin, &url, &["--cacert", p(&root)]);
        assert_eq!(status, 0, "{kt}: no client certificate, no answer");
        let (status, _) = curl_as(&curl_bin, &url, &root, &files(&other, "stranger"));
        assert_eq!(status, 0, "{kt}: another CA's client is refused");
        drop(_server);
        let mut log = String::new();
        std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut log).unwrap();
        assert!(
            log.contains("refused"),
            "{kt}: the server should log refusals:\n{log}"
        );
    }
}

#[test]
fn a_pkcs12_is_not_written_to_a_terminal() {
    // `script` gives the command a terminal as stdout.
    let Some(script) = tool("script") else {
        return;
    };
    let env = Env::with_cas();
    env.issue("web");
    let pass = p12_pass(&env);
    let bin = assert_cmd::cargo::cargo_bin("pkictl");
    let cmd = format!(
        "'{}' --store '{}' export web --format pkcs12 --out - --p12-passphrase-file '{}'; echo exit=$?",
        bin.display(),
        env.store.display(),
        pass.display()
    );
    let (_, out) = run_tool(&script, &["-qec", &cmd, "/dev/null"], env.dir.path());
    assert!(out.contains("is binary"), "{out}");
    assert!(out.contains("exit=2"), "{out}");
    // Piped, it is written.
    let out = env.ok(&[
        "export",
        "web",
        "--format",
        "pkcs12",
        "--out",
        "-",
        "--p12-passphrase-file",
        pass.to_str().unwrap(),
    ]);
    assert_eq!(out.stdout[0], 0x30, "DER of a PFX");
}

#[test]
fn a_key_never_leaves_without_its_audit_record_and_export_waits_for_the_lock() {
    let env = Env::with_cas();
    env.issue("web");
    let p12 = env.path("p12pw");
    std::fs::write(&p12, "p12 secret\n").unwrap();
    set_mode(&p12, 0o600);
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(env.store.join("lock"))
        .unwrap();
    lock.lock().unwrap();
    let records = || {
        std::fs::read_to_string(env.store.join("index.jsonl"))
            .unwrap()
            .matches("\"key_exported\"")
            .count()
    };
    for (format, out) in [
        ("pem", "web.pem"),
        ("pkcs12", "web.p12"),
        ("k8s-secret", "web.yaml"),
    ] {
        let (c, v) = env.json(&[
            "export",
            "web",
            "--format",
            format,
            "--out",
            out,
            "--p12-passphrase-file",
            p12.to_str().unwrap(),
            "--lock-timeout",
            "0",
        ]);
        assert_eq!(c, 2, "{format}: {v}");
        assert_eq!(v["error"]["code"], "lock_timeout", "{v}");
        assert!(
            !env.path(out).exists(),
            "{format}: a key file without its record"
        );
        let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".pkictl-tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    }
    // To stdout as well: no record, no key on stdout.
    let out = env
        .cmd()
        .args([
            "export",
            "web",
            "--format",
            "pem",
            "--out",
            "-",
            "--lock-timeout",
            "0",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", text(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("PRIVATE KEY"));
    assert_eq!(records(), 0);
    lock.unlock().unwrap();
    env.ok(&["export", "web", "--format", "pem", "--out", "web.pem"]);
    assert_eq!(records(), 1);
    assert_eq!(mode(&env.path("web.pem")), 0o600);
}
