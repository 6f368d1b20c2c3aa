//! Mutual TLS with what pkictl writes: openssl s_server/s_client both
//! ways for each key type, and rustls in-process (WebPkiClientVerifier).

use crate::common::*;
use crate::net::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// `openssl s_server -www` serving `server`'s certificate, chain and key.
fn s_server(openssl: &Path, port: u16, server: &Files, extra: &[&str]) -> Child {
    Child(
        std::process::Command::new(openssl)
            .args(["s_server", "-accept", &port.to_string()])
            .args(["-cert", p(&server.cert), "-cert_chain", p(&server.chain)])
            .args(["-key", p(&server.key), "-quiet", "-www"])
            .args(extra)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    )
}

#[test]
fn openssl_s_server_and_s_client_verify_each_other_for_every_key_type() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    for kt in ["ec-p256", "ec-p384", "ed25519", "rsa-2048", "rsa-3072"] {
        let srv = format!("srv-{kt}");
        let cli = format!("cli-{kt}");
        env.ok(&[
            "issue",
            &srv,
            "--profile",
            "server",
            "--dns",
            "localhost",
            "--key-type",
            kt,
        ]);
        env.ok(&["issue", &cli, "--profile", "client", "--key-type", kt]);
        let (s, c) = (files(&env, &srv), files(&env, &cli));
        let port = free_port();
        let _server = s_server(
            &openssl,
            port,
            &s,
            &["-CAfile", p(&s.ca), "-Verify", "3", "-verify_return_error"],
        );
        assert!(
            wait_for_port(port, Duration::from_secs(10)),
            "s_server did not start ({kt})"
        );
        // -www answers with a page that shows the client certificate it verified.
        let mut client = std::process::Command::new(&openssl)
            .args([
                "s_client",
                "-connect",
                &format!("127.0.0.1:{port}"),
                "-servername",
                "localhost",
                "-verify_hostname",
                "localhost",
            ])
            .args([
                "-CAfile",
                p(&c.ca),
                "-cert",
                p(&c.cert),
                "-cert_chain",
                p(&c.chain),
                "-key",
                p(&c.key),
                "-verify_return_error",
                "-ign_eof",
                "-quiet",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        client
            .stdin
            .take()
            .unwrap()
            .write_all(b"GET / HTTP/1.0\r\n\r\n")
            .unwrap();
        let out = client.wait_with_output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains("HTTP/1.0 200 ok"),
            "{kt}: no answer (the client or the server refused):\n{text}"
        );
        assert!(
            text.contains(&format!("Subject: CN={cli}")),
            "{kt}: the server did not verify the client certificate:\n{text}"
        );
    }
}

fn load_chain(path: &Path) -> Vec<rustls_pki_types::CertificateDer<'static>> {
    pem::parse_many(std::fs::read(path).unwrap())
        .unwrap()
        .into_iter()
        .map(|p| p.into_contents().into())
        .collect()
}

fn load_key(path: &Path) -> rustls_pki_types::PrivateKeyDer<'static> {
    let der = pem::parse(std::fs::read(path).unwrap())
        .unwrap()
        .into_contents();
    rustls_pki_types::PrivateKeyDer::Pkcs8(der.into())
}

/// A rustls server that requires a client certificate from `ca`, and a
/// rustls client; both configured only from files pkictl wrote. Returns
/// whether a round trip of bytes succeeded.
fn rustls_round_trip(server: &Files, client: &Files) -> Result<(), String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for c in load_chain(&server.ca) {
        roots.add(c).unwrap();
    }
    let roots = Arc::new(roots);
    let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
        roots.clone(),
        provider.clone(),
    )
    .build()
    .unwrap();
    let server_cfg = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_client_cert_verifier(verifier)
        .with_single_cert(load_chain(&server.fullchain), load_key(&server.key))
        .unwrap();
    let client_cfg = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_client_auth_cert(load_chain(&client.fullchain), load_key(&client.key))
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server_thread = std::thread::spawn(move || -> Result<(), String> {
        let (mut sock, _) = listener.accept().map_err(|e| e.to_string())?;
        sock.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut conn =
            rustls::ServerConnection::new(Arc::new(server_cfg)).map_err(|e| e.to_string())?;
        let mut tls = rustls::Stream::new(&mut conn, &mut sock);
        let mut buf = [0u8; 5];
        tls.read_exact(&mut buf).map_err(|e| e.to_string())?;
        tls.write_all(b"pong!").map_err(|e| e.to_string())?;
        tls.flush().map_err(|e| e.to_string())?;
        Ok(())
    });
    let mut sock = TcpStream::connect(("127.0.0.1", port)).unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let name = rustls_pki_types::ServerName::try_from("localhost").unwrap();
    let mut conn = rustls::ClientConnection::new(Arc::new(client_cfg), name).unwrap();
    let mut tls = rustls::Stream::new(&mut conn, &mut sock);
    let client_result = (|| -> Result<(), String> {
        tls.write_all(b"ping!").map_err(|e| e.to_string())?;
        let mut buf = [0u8; 5];
        tls.read_exact(&mut buf).map_err(|e| e.to_string())?;
        if &buf != b"pong!" {
            return Err("wrong answer".into());
        }
        Ok(())
    })();
    drop(sock);
    let server_result = server_thread.join().unwrap();
    server_result.and(client_result)
}

#[test]
fn rustls_completes_mutual_tls_and_refuses_a_server_profile_client() {
    let env = Env::with_cas();
    env.ok(&["issue", "srv", "--dns", "localhost"]);
    env.ok(&["issue", "cli", "--profile", "client"]);
    env.ok(&["issue", "both", "--profile", "mtls", "--dns", "localhost"]);
    env.ok(&[
        "issue",
        "wrong",
        "--profile",
        "server",
        "--dns",
        "wrong.example.com",
    ]);
    rustls_round_trip(&files(&env, "srv"), &files(&env, "cli")).expect("server + client");
    rustls_round_trip(&files(&env, "both"), &files(&env, "both")).expect("mtls both ways");
    let err = rustls_round_trip(&files(&env, "srv"), &files(&env, "wrong"))
        .expect_err("a server-profile certificate must not authenticate a client");
    assert!(
        err.contains("client authentication"),
        "refused for its EKU, not for another reason: {err}"
    );
    // A client of another CA is refused too.
    let other = Env::with_cas();
    other.ok(&["issue", "cli", "--profile", "client"]);
    rustls_round_trip(&files(&env, "srv"), &files(&other, "cli"))
        .expect_err("another store's client must be refused");
}

#[test]
fn inspect_and_check_expiry_connect_to_a_live_server() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    env.ok(&["issue", "srv", "--dns", "localhost", "--validity", "20d"]);
    let s = files(&env, "srv");
    let port = free_port();
    let _server = s_server(&openssl, port, &s, &[]);
    assert!(wait_for_port(port, Duration::from_secs(10)));
    let addr = format!("localhost:{port}");
    let v = env.json_ok(&["inspect", "--connect", &addr]);
    let conn = &v["connection"];
    assert_eq!(conn["valid"], true, "{v}");
    assert_eq!(conn["host"], "localhost");
    assert!(conn["protocol"].as_str().unwrap().starts_with("TLSv1."));
    assert!(!conn["cipher"].as_str().unwrap().is_empty());
    assert_eq!(
        v["items"].as_array().unwrap().len(),
        2,
        "leaf and intermediate were presented"
    );
    let (c, v) = env.json(&["inspect", "--connect", &addr, "--host", "other.example.com"]);
    assert_eq!(c, 0, "the handshake worked; the verdict is data");
    assert_eq!(v["connection"]["reason"]["code"], "name_mismatch");
    let (c, v) = env.json(&["check-expiry", "--connect", &addr]);
    assert_eq!(c, 1, "20 days left is within 30d");
    assert_eq!(v["certificates"][0]["paths"][0], format!("tls://{addr}"));
    assert_eq!(v["certificates"][0]["expiry_status"], "warning");
    let (c, v) = env.json(&[
        "check-expiry",
        "--connect",
        &format!("localhost:{}", free_port()),
    ]);
    assert_eq!(c, 2, "a server that cannot be reached is trouble");
    assert_eq!(v["errors"][0]["code"], "io");
    let (c, v) = env.json(&[
        "inspect",
        "--connect",
        &format!("localhost:{}", free_port()),
    ]);
    assert_eq!(c, 2, "no handshake, no verdict: {v}");
    assert_eq!(v["error"]["code"], "io", "{v}");
}
