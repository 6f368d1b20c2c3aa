//! nginx requiring client certificates, configured the way people write it,
//! with files pkictl wrote; curl as the client.

use crate::common::*;
use crate::net::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// An nginx master process with its own prefix, config, pid and log files,
/// stopped by its pid when dropped.
pub struct Nginx {
    pub bin: PathBuf,
    pub prefix: PathBuf,
    child: std::process::Child,
}

impl Nginx {
    /// Starts nginx in the foreground (`daemon off`) with `server_block`
    /// inside `http {}`; waits until `port` accepts connections.
    pub fn start(bin: &Path, prefix: &Path, port: u16, server_block: &str) -> Nginx {
        std::fs::create_dir_all(prefix.join("tmp")).unwrap();
        let p = prefix.display();
        let conf = format!(
            "daemon off;\nworker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/error.log info;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  access_log {p}/access.log;\n  client_body_temp_path {p}/tmp/body;\n  \
             proxy_temp_path {p}/tmp/proxy;\n  fastcgi_temp_path {p}/tmp/fastcgi;\n  \
             uwsgi_temp_path {p}/tmp/uwsgi;\n  scgi_temp_path {p}/tmp/scgi;\n{server_block}\n}}\n"
        );
        let conf_path = prefix.join("nginx.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let test_args = Nginx::args(prefix, &["-t"]);
        let test_args: Vec<&str> = test_args.iter().map(String::as_str).collect();
        let (c, out) = run_tool(bin, &test_args, prefix);
        assert_eq!(c, 0, "nginx -t refused the configuration:\n{out}");
        let child = std::process::Command::new(bin)
            .args(Nginx::args(prefix, &[]))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let n = Nginx {
            bin: bin.to_path_buf(),
            prefix: prefix.to_path_buf(),
            child,
        };
        assert!(
            wait_for_port(port, Duration::from_secs(15)),
            "nginx did not start:\n{}",
            n.log()
        );
        n
    }

    fn args<'a>(prefix: &'a Path, extra: &[&'a str]) -> Vec<String> {
        let p = prefix.display().to_string();
        let mut v = vec![
            "-p".to_string(),
            format!("{p}/"),
            "-e".to_string(),
            format!("{p}/error.log"),
            "-c".to_string(),
            format!("{p}/nginx.conf"),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    }

    /// The command line that reloads this nginx (for `renew --exec`).
    pub fn reload_command(&self) -> String {
        let args: Vec<String> = Nginx::args(&self.prefix, &["-s", "reload"])
            .iter()
            .map(|a| format!("'{a}'"))
            .collect();
        format!("'{}' {}", self.bin.display(), args.join(" "))
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.prefix.join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM to the master (by its pid) stops the workers too.
        let pid = self.child.id().to_string();
        crate::net::terminate(&pid);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The serial (hex, as check-expiry reports it) a live server presents.
fn presented_serial(env: &Env, addr: &str) -> String {
    let (_, v) = env.json(&["check-expiry", "--connect", addr]);
    v["certificates"][0]["serial"]
        .as_str()
        .unwrap_or_else(|| panic!("no certificate from {addr}: {v}"))
        .to_string()
}

#[test]
fn nginx_requires_a_client_certificate_from_the_store_and_honours_the_crl() {
    let (Some(nginx), Some(curl_bin)) = (tool("nginx"), tool("curl")) else {
        return;
    };
    let env = Env::with_cas();
    env.ok(&["issue", "srv", "--dns", "localhost"]);
    env.ok(&["issue", "cli", "--profile", "client"]);
    // A client that keeps its copy of the files after the store revoked it.
    let gone = env.path("gone");
    env.ok(&[
        "issue",
        "gone",
        "--profile",
        "client",
        "--out-dir",
        gone.to_str().unwrap(),
    ]);
    env.ok(&["revoke", "gone", "--reason", "key-compromise"]);
    let other = Env::new();
    other.ok(&["init-ca", "--cn", "Other Root CA"]);
    other.ok(&[
        "init-ca",
        "other-issuing",
        "--parent",
        "root",
        "--cn",
        "Other Issuing CA",
    ]);
    other.ok(&["issue", "stranger", "--profile", "client"]);

    // The trust anchor for client certificates from `pkictl bundle`, and the
    // CRLs of root and intermediate (nginx checks the whole chain).
    let www = env.path("www");
    std::fs::create_dir_all(&www).unwrap();
    let ca = www.join("ca.crt");
    let crl = www.join("crl.pem");
    env.ok(&["bundle", "--format", "pem", "--out", ca.to_str().unwrap()]);
    env.ok(&["crl", "--all", "--out", crl.to_str().unwrap()]);

    let s = files(&env, "srv");
    let port = free_port();
    let server = format!(
        "  server {{\n    listen 127.0.0.1:{port} ssl;\n    server_name localhost;\n    \
         ssl_certificate {};\n    ssl_certificate_key {};\n    \
         ssl_verify_client on;\n    ssl_client_certificate {};\n    ssl_verify_depth 2;\n    \
         ssl_crl {};\n    location / {{ return 200 \"hello $ssl_client_s_dn\\n\"; }}\n  }}",
        s.fullchain.display(),
        s.key.display(),
        ca.display(),
        crl.display()
    );
    let nginx = Nginx::start(&nginx, &www, port, &server);
    let url = format!("https://localhost:{port}/");
    let root = env.store.join("cas/root/current/cert.pem");

    let (status, body) = curl_as(&curl_bin, &url, &root, &files(&env, "cli"));
    assert_eq!(status, 200, "{body}\n{}", nginx.log());
    assert!(body.contains("CN=cli"), "{body}");

    let (status, body) = curl(&curl_bin, &url, &["--cacert", p(&root)]);
    assert_eq!(status, 400, "no client certificate: {body}");
    assert!(body.contains("No required SSL certificate"), "{body}");

    let (status, body) = curl_as(&curl_bin, &url, &root, &files(&other, "stranger"));
    assert_eq!(status, 400, "another store's client: {body}");
    assert!(body.contains("SSL certificate error"), "{body}");
    // (nginx's callback lets OpenSSL go on after the missing issuer, so
    // the last error it logs may be about the stranger's CRL.)
    assert!(
        nginx.log().contains("client SSL certificate verify error"),
        "{}",
        nginx.log()
    );

    let (status, body) = curl_as(&curl_bin, &url, &root, &files_in(&gone));
    assert_eq!(status, 400, "a revoked client: {body}");
    assert!(
        nginx.log().contains("(23:certificate revoked)"),
        "nginx should say why:\n{}",
        nginx.log()
    );

    // Renew the server certificate and reload nginx from the hook: the new
    // certificate is what clients see afterwards.
    let addr = format!("localhost:{port}");
    let before = presented_serial(&env, &addr);
    let v = env.json_ok(&["renew", "srv", "--exec", &nginx.reload_command()]);
    let new_serial = v["renewed"][0]["certificate"]["serial"]
        .as_str()
        .unwrap_or_else(|| panic!("{v}"))
        .to_string();
    assert_ne!(before, new_serial);
    let start = Instant::now();
    let mut seen = before.clone();
    while start.elapsed() < Duration::from_secs(15) {
        seen = presented_serial(&env, &addr);
        if seen == new_serial {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(seen, new_serial, "nginx still serves the old certificate");
    let (status, _) = curl_as(&curl_bin, &url, &root, &files(&env, "cli"));
    assert_eq!(status, 200, "the client still gets in after the reload");
}
