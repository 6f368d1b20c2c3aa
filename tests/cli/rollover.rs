//! `ca rollover`: a CA moved to a new key in stages, proven with the peers
//! that must keep working during the overlap — openssl verify, nginx with
//! client certificates, a rustls client that trusts only the old root, a
//! Java truststore — and after `--finish`, the old generation's final CRL.

use std::path::{Path, PathBuf};

use crate::common::*;
use crate::net::*;
use crate::nginx::Nginx;

fn verify(openssl: &Path, dir: &Path, ca: &Path, untrusted: &Path, leaf: &Path) -> (i32, String) {
    run_tool(
        openssl,
        &[
            "verify",
            "-CAfile",
            p(ca),
            "-untrusted",
            p(untrusted),
            p(leaf),
        ],
        dir,
    )
}

fn copy(env: &Env, from: &str, to: &str) -> PathBuf {
    let dest = env.path(to);
    std::fs::copy(env.store.join(from), &dest).unwrap();
    dest
}

/// The serials a CRL lists (openssl's spelling, uppercase hex), after
/// `openssl crl -verify` against `ca` succeeded.
fn crl_serials(openssl: &Path, env: &Env, crl: &Path, ca: &Path) -> (Vec<String>, String) {
    let (c, out) = run_tool(
        openssl,
        &[
            "crl",
            "-in",
            p(crl),
            "-CAfile",
            p(ca),
            "-verify",
            "-noout",
            "-text",
        ],
        env.dir.path(),
    );
    assert_eq!(c, 0, "openssl crl -verify: {out}");
    assert!(out.contains("verify OK"), "{out}");
    let serials = out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("Serial Number: "))
        .map(|s| s.to_ascii_lowercase())
        .collect();
    (serials, out)
}

fn serial_of(env: &Env, name: &str) -> String {
    let v = env.json_ok(&["list"]);
    v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name && c["status"] == "valid")
        .unwrap_or_else(|| panic!("{name} in {v}"))["serial"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn an_intermediate_rollover_moves_leaves_and_retires_the_old_key() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    for n in ["a", "b", "c"] {
        env.issue(n);
    }
    let old_inter = copy(&env, "cas/issuing/current/cert.pem", "inter-g1.pem");
    let root = env.store.join("cas/root/current/cert.pem");

    let plan = env.json_ok(&["ca", "rollover", "issuing", "--plan"]);
    assert_eq!(plan["stage"], "none", "{plan}");
    assert_eq!(plan["dependents"]["active_leaves"], 3, "{plan}");
    assert_eq!(plan["dependents"]["waiting_leaves"], 3, "{plan}");
    let steps: Vec<&str> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["start", "reissue", "finish"], "{plan}");

    let snap = env.snapshot();
    let dry = env.json_ok(&["ca", "rollover", "issuing", "--start", "--dry-run"]);
    assert_eq!(dry["changed"], false);
    assert_eq!(env.snapshot(), snap, "--dry-run changes nothing");

    let v = env.json_ok(&["ca", "rollover", "issuing", "--start"]);
    assert_eq!(
        (v["stage"].as_str(), v["generation"].as_u64()),
        (Some("started"), Some(2)),
        "{v}"
    );
    assert_eq!(v["certificate"]["subject"], "CN=Test Issuing CA G2", "{v}");
    let again = env.json(&["ca", "rollover", "issuing", "--start"]);
    assert_eq!(again.0, 2, "one rollover at a time: {}", again.1);

    // Issuance moved to the new key; what the old key issued still verifies.
    env.issue("d");
    let d = files(&env, "d");
    let chain = std::fs::read_to_string(&d.chain).unwrap();
    assert_eq!(
        chain,
        std::fs::read_to_string(env.store.join("cas/issuing/current/cert.pem")).unwrap()
    );
    let (c, out) = verify(&openssl, env.dir.path(), &root, &d.chain, &d.cert);
    assert_eq!(c, 0, "{out}");
    for n in ["a", "b", "c"] {
        let (c, out) = verify(
            &openssl,
            env.dir.path(),
            &root,
            &old_inter,
            &files(&env, n).cert,
        );
        assert_eq!(c, 0, "{n}: {out}");
    }

    // pkictl's own verify trusts both generations during the overlap.
    let certs: Vec<String> = ["a", "d"]
        .iter()
        .map(|n| files(&env, n).cert.display().to_string())
        .collect();
    let v = env.json_ok(&["verify", &certs[0], &certs[1]]);
    assert_eq!(v["valid"], true, "{v}");

    // A leaf of the old generation is revoked on the old generation's CRL,
    // signed by the old key.
    let a_serial = serial_of(&env, "a");
    env.ok(&["revoke", "a", "--yes"]);
    let old_crl = env.store.join("crls/issuing.crl.pem");
    let (listed, _) = crl_serials(&openssl, &env, &old_crl, &old_inter);
    assert_eq!(listed, std::slice::from_ref(&a_serial));
    assert!(env.store.join("crls/issuing@2.crl.pem").exists());

    // --finish is refused while old-generation leaves remain, naming them.
    let (c, e) = env.json(&["ca", "rollover", "issuing", "--finish"]);
    assert_eq!(c, 2, "{e}");
    let msg = e["error"]["message"].as_str().unwrap();
    assert!(msg.contains("b, c"), "{msg}");

    let (b_old, c_old) = (serial_of(&env, "b"), serial_of(&env, "c"));
    let r = env.json_ok(&[
        "ca",
        "rollover",
        "issuing",
        "--reissue",
        "--spread",
        "10d",
        "--revoke-old",
    ]);
    assert_eq!(r["stage"], "reissued", "{r}");
    let renewed = r["reissue"]["renewed"].as_array().unwrap();
    assert_eq!(renewed.len(), 2, "{r}");
    let ends: Vec<&str> = renewed
        .iter()
        .map(|x| x["certificate"]["not_after"].as_str().unwrap())
        .collect();
    assert_ne!(ends[0], ends[1], "--spread scatters the notAfters: {r}");
    for n in ["b", "c"] {
        let f = files(&env, n);
        let (c, out) = verify(&openssl, env.dir.path(), &root, &f.chain, &f.cert);
        assert_eq!(c, 0, "{n}: {out}");
    }
    let (listed, _) = crl_serials(&openssl, &env, &old_crl, &old_inter);
    for s in [&a_serial, &b_old, &c_old] {
        assert!(
            listed.contains(s),
            "{s} on the old generation's CRL: {listed:?}"
        );
    }

    // check-expiry watches both generations' CRLs during the overlap…
    let crl_generations = |env: &Env| -> Vec<(String, u64)> {
        let v = env.json_ok(&["check-expiry"]);
        let mut g: Vec<(String, u64)> = v["crls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["ca"].as_str().unwrap().to_string(),
                    c["generation"].as_u64().unwrap(),
                )
            })
            .filter(|(ca, _)| ca == "issuing")
            .collect();
        g.sort();
        g
    };
    assert_eq!(
        crl_generations(&env),
        [("issuing".into(), 1), ("issuing".into(), 2)]
    );
    let f = env.json_ok(&["ca", "rollover", "issuing", "--finish"]);
    // …and not the retired one's afterwards.
    assert_eq!(crl_generations(&env), [("issuing".to_string(), 2)]);
    assert_eq!(f["stage"], "finished", "{f}");
    let old_end = {
        let (_, out) = run_tool(
            &openssl,
            &["x509", "-in", p(&old_inter), "-noout", "-enddate"],
            env.dir.path(),
        );
        out.trim().trim_start_matches("notAfter=").to_string()
    };
    let (listed, text) = crl_serials(&openssl, &env, &old_crl, &old_inter);
    assert_eq!(listed.len(), 3, "{text}");
    assert!(
        text.contains(&format!("Next Update: {old_end}")),
        "the final CRL lasts as long as the old generation ({old_end}):\n{text}"
    );
    let st = env.json_ok(&["ca", "status", "issuing"]);
    let gens = st["cas"][0]["generations"].as_array().unwrap();
    assert_eq!(gens.len(), 2, "{st}");
    assert_eq!(gens[0]["certificate"]["status"], "retired", "{st}");
    assert_eq!(gens[1]["current"], true, "{st}");
    assert_eq!(st["cas"][0]["stage"], "finished");
    env.ok(&["doctor"]);
    let (c, _) = env.json(&["ca", "rollover", "issuing", "--finish"]);
    assert_eq!(c, 2, "nothing left to finish");
}

/// A rustls client that trusts only `root` connects to a rustls server
/// presenting `server`'s fullchain. Ok when the handshake completes.
fn rustls_client_trusting(root: &Path, server: &Files) -> Result<(), String> {
    use std::io::{Read, Write};
    use std::sync::Arc;
    let load = |p: &Path| -> Vec<rustls_pki_types::CertificateDer<'static>> {
        pem::parse_many(std::fs::read(p).unwrap())
            .unwrap()
            .into_iter()
            .map(|b| b.into_contents().into())
            .collect()
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for c in load(root) {
        roots.add(c).unwrap();
    }
    let key = rustls_pki_types::PrivateKeyDer::Pkcs8(
        pem::parse(std::fs::read(&server.key).unwrap())
            .unwrap()
            .into_contents()
            .into(),
    );
    let server_cfg = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(load(&server.fullchain), key)
        .unwrap();
    let client_cfg = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server_thread = std::thread::spawn(move || -> Result<(), String> {
        let (mut sock, _) = listener.accept().map_err(|e| e.to_string())?;
        sock.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let mut conn =
            rustls::ServerConnection::new(Arc::new(server_cfg)).map_err(|e| e.to_string())?;
        let mut tls = rustls::Stream::new(&mut conn, &mut sock);
        let mut buf = [0u8; 5];
        tls.read_exact(&mut buf).map_err(|e| e.to_string())?;
        tls.write_all(b"pong!").map_err(|e| e.to_string())
    });
    let mut sock = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    sock.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let name = rustls_pki_types::ServerName::try_from("localhost").unwrap();
    let mut conn = rustls::ClientConnection::new(Arc::new(client_cfg), name).unwrap();
    let mut tls = rustls::Stream::new(&mut conn, &mut sock);
    let client = (|| -> Result<(), String> {
        tls.write_all(b"ping!").map_err(|e| e.to_string())?;
        let mut buf = [0u8; 5];
        tls.read_exact(&mut buf).map_err(|e| e.to_string())?;
        Ok(())
    })();
    drop(sock);
    let server = server_thread.join().unwrap();
    client.and(server)
}

#[test]
fn a_root_rollover_keeps_every_peer_working_until_finish() {
    let (Some(openssl), Some(nginx), Some(curl_bin), Some(keytool)) = (
        tool("openssl"),
        tool("nginx"),
        tool("curl"),
        tool("keytool"),
    ) else {
        return;
    };
    let env = Env::with_cas();
    env.ok(&["issue", "srv-old", "--dns", "localhost"]);
    env.ok(&["issue", "cli-old", "--profile", "client"]);
    let old_root = copy(&env, "cas/root/current/cert.pem", "root-g1.pem");

    let v = env.json_ok(&["ca", "rollover", "root", "--start"]);
    assert_eq!(v["stage"], "started", "{v}");
    assert_eq!(v["recertified"], serde_json::json!(["issuing"]), "{v}");
    assert!(v["cross_certificate"]["serial"].is_string(), "{v}");
    // The default root has pathLen 1: a cross certificate between two
    // names would not fit under it for OpenSSL, so the name is kept.
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("cross_path_length"), "{v}");
    assert_eq!(v["certificate"]["subject"], "CN=Test Root CA,O=Test", "{v}");
    let new_root = copy(&env, "cas/root/current/cert.pem", "root-g2.pem");
    assert_ne!(
        std::fs::read(&old_root).unwrap(),
        std::fs::read(&new_root).unwrap()
    );

    env.ok(&["issue", "srv-new", "--dns", "localhost"]);
    env.ok(&["issue", "cli-new", "--profile", "client"]);
    let srv_new = files(&env, "srv-new");
    // openssl with only the old root, and with only the new one.
    for (root, what) in [(&old_root, "old root"), (&new_root, "new root")] {
        let (c, out) = verify(
            &openssl,
            env.dir.path(),
            root,
            &srv_new.chain,
            &srv_new.cert,
        );
        assert_eq!(c, 0, "a new-generation leaf with the {what}: {out}");
    }
    // rustls trusting only the old root accepts a new-generation server.
    rustls_client_trusting(&old_root, &srv_new).expect("rustls with only the old root");
    rustls_client_trusting(&new_root, &srv_new).expect("rustls with only the new root");
    // pkictl verify, with the store's trust: both generations' leaves.
    let old_leaf = files(&env, "srv-old").cert;
    let v = env.json_ok(&["verify", p(&old_leaf), p(&srv_new.cert)]);
    assert_eq!(v["valid"], true, "{v}");

    // Every bundle holds both roots during the overlap.
    let out = env.ok(&["bundle", "--format", "pem"]);
    assert_eq!(pem::parse_many(&out.stdout).unwrap().len(), 2);
    let pass = env.path("p12-pass");
    std::fs::write(&pass, "keystore secret\n").unwrap();
    set_mode(&pass, 0o600);
    let ts = env.path("truststore.p12");
    env.ok(&[
        "bundle",
        "--format",
        "pkcs12-truststore",
        "--out",
        p(&ts),
        "--p12-passphrase-file",
        p(&pass),
    ]);
    let (c, list) = run_tool(
        &keytool,
        &[
            "-list",
            "-v",
            "-storetype",
            "PKCS12",
            "-keystore",
            p(&ts),
            "-storepass:file",
            p(&pass),
        ],
        env.dir.path(),
    );
    assert_eq!(c, 0, "{list}");
    assert_eq!(
        list.matches("Entry type: trustedCertEntry").count(),
        2,
        "{list}"
    );

    // nginx configured from the bundle accepts clients of both generations
    // and refuses a stranger.
    let www = env.path("www");
    std::fs::create_dir_all(&www).unwrap();
    let ca = www.join("ca.crt");
    env.ok(&["bundle", "--format", "pem", "--out", p(&ca)]);
    let other = Env::new();
    other.ok(&["init-ca", "--cn", "Other Root CA"]);
    other.ok(&["issue", "stranger", "--profile", "client"]);
    let port = free_port();
    let server = format!(
        "  server {{\n    listen 127.0.0.1:{port} ssl;\n    server_name localhost;\n    \
         ssl_certificate {};\n    ssl_certificate_key {};\n    \
         ssl_verify_client on;\n    ssl_client_certificate {};\n    ssl_verify_depth 3;\n    \
         location / {{ return 200 \"hello $ssl_client_s_dn\\n\"; }}\n  }}",
        srv_new.fullchain.display(),
        srv_new.key.display(),
        ca.display(),
    );
    let nginx = Nginx::start(&nginx, &www, port, &server);
    let url = format!("https://localhost:{port}/");
    for cli in ["cli-old", "cli-new"] {
        let (status, body) = curl_as(&curl_bin, &url, &old_root, &files(&env, cli));
        assert_eq!(status, 200, "{cli}: {body}\n{}", nginx.log());
    }
    let (status, body) = curl_as(&curl_bin, &url, &old_root, &files(&other, "stranger"));
    assert_eq!(status, 400, "a stranger: {body}");
    drop(nginx);

    // Old leaves move; then the old root retires.
    let r = env.json_ok(&["ca", "rollover", "root", "--reissue"]);
    assert_eq!(r["reissue"]["renewed"].as_array().unwrap().len(), 2, "{r}");
    assert_eq!(r["stage"], "reissued", "{r}");
    let f = env.json_ok(&["ca", "rollover", "root", "--finish"]);
    assert_eq!(f["stage"], "finished", "{f}");
    let (listed, _) = crl_serials(
        &openssl,
        &env,
        &env.store.join("crls/root.crl.pem"),
        &old_root,
    );
    assert!(listed.is_empty(), "{listed:?}");
    let out = env.ok(&["bundle", "--format", "pem"]);
    let blocks = pem::parse_many(&out.stdout).unwrap();
    assert_eq!(blocks.len(), 1);
    assert_eq!(
        blocks[0].contents(),
        pem::parse(std::fs::read(&new_root).unwrap())
            .unwrap()
            .contents()
    );
    // Chain files written from now on no longer carry the cross certificate.
    env.ok(&["issue", "after", "--dns", "localhost"]);
    let chain = std::fs::read(files(&env, "after").chain).unwrap();
    assert_eq!(pem::parse_many(&chain).unwrap().len(), 1);
    let a = files(&env, "after");
    let (c, out) = verify(&openssl, env.dir.path(), &new_root, &a.chain, &a.cert);
    assert_eq!(c, 0, "{out}");
    env.ok(&["doctor"]);
}

#[test]
fn a_root_with_room_for_the_cross_certificate_gets_its_own_name() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Roomy Root CA", "--path-len", "2"]);
    env.ok(&[
        "init-ca",
        "issuing",
        "--parent",
        "root",
        "--cn",
        "Roomy Issuing CA",
    ]);
    let old_root = copy(&env, "cas/root/current/cert.pem", "root-g1.pem");
    let v = env.json_ok(&["ca", "rollover", "root", "--start"]);
    assert_eq!(v["certificate"]["subject"], "CN=Roomy Root CA G2", "{v}");
    assert_eq!(
        v["cross_certificate"]["subject"], "CN=Roomy Root CA G2",
        "{v}"
    );
    assert_eq!(v["cross_certificate"]["issuer"], "CN=Roomy Root CA", "{v}");
    assert_eq!(
        v["cross_certificate"]["path_len"], 3,
        "one more than the new root's: {v}"
    );
    assert!(
        !v["warnings"].to_string().contains("cross_path_length"),
        "{v}"
    );
    env.ok(&["issue", "web", "--dns", "web.example.com"]);
    let f = files(&env, "web");
    let new_root = env.store.join("cas/root/current/cert.pem");
    for root in [&old_root, &new_root] {
        let (c, out) = verify(&openssl, env.dir.path(), root, &f.chain, &f.cert);
        assert_eq!(c, 0, "{}: {out}", root.display());
    }
    // The next one is G3.
    env.ok(&["ca", "rollover", "root", "--finish", "--force"]);
    let v = env.json_ok(&["ca", "rollover", "root", "--start", "--dry-run"]);
    assert_eq!(v["certificate"]["subject"], "CN=Roomy Root CA G3", "{v}");
}

#[test]
fn doctor_mends_the_previous_link_of_a_rollover_under_way() {
    let env = Env::with_cas();
    env.issue("web");
    env.ok(&["ca", "rollover", "issuing", "--start"]);
    let link = env.store.join("cas/issuing/previous");
    let target = std::fs::read_link(&link).unwrap();
    std::fs::remove_file(&link).unwrap();
    let (c, v) = env.json(&["doctor"]);
    assert_eq!(c, 1, "{v}");
    assert!(v.to_string().contains("previous_link"), "{v}");
    env.json(&["doctor", "--fix"]);
    assert_eq!(std::fs::read_link(&link).unwrap(), target);
    env.ok(&["doctor"]);
    // The old generation still signs what revokes its leaves.
    env.ok(&["revoke", "web", "--yes"]);
    env.ok(&["ca", "rollover", "issuing", "--finish"]);
    let (c, v) = env.json(&["doctor"]);
    assert_eq!(c, 0, "{v}");
    assert!(!link.exists());
}

#[test]
fn each_generation_points_at_its_own_crl() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    set_policy(
        &env,
        "crl_url = \"http://crl.example.internal/{name}.crl\"\nca_issuers_url = \"http://pki.example.internal/{name}.crt\"",
    );
    env.issue("g1");
    env.ok(&["ca", "rollover", "issuing", "--start"]);
    env.issue("g2");
    let text = |n: &str| {
        let (c, out) = run_tool(
            &openssl,
            &["x509", "-in", p(&files(&env, n).cert), "-noout", "-text"],
            env.dir.path(),
        );
        assert_eq!(c, 0, "{out}");
        out
    };
    let (one, two) = (text("g1"), text("g2"));
    assert!(
        one.contains("http://crl.example.internal/issuing.crl"),
        "{one}"
    );
    assert!(
        two.contains("http://crl.example.internal/issuing@2.crl"),
        "{two}"
    );
    assert!(
        two.contains("http://pki.example.internal/issuing@2.crt"),
        "{two}"
    );
    // What the URLs name is where the store keeps it.
    assert!(env.store.join("crls/issuing@2.crl.pem").is_file());
}
