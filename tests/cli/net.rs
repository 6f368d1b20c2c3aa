//! Loopback servers for the interop tests: ports, processes stopped when
//! dropped, the files of an issued certificate, and curl.

use crate::common::*;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A free loopback port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until something accepts connections on the port.
pub fn wait_for_port(port: u16, timeout: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// A child process killed when dropped.
pub struct Child(pub std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The files of a certificate's current directory.
pub struct Files {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub chain: PathBuf,
    pub fullchain: PathBuf,
    pub ca: PathBuf,
}

pub fn files(env: &Env, name: &str) -> Files {
    files_in(&env.store.join("certs").join(name).join("current"))
}

/// The five files `issue --out-dir` writes.
pub fn files_in(d: &Path) -> Files {
    Files {
        cert: d.join("cert.pem"),
        key: d.join("key.pem"),
        chain: d.join("chain.pem"),
        fullchain: d.join("fullchain.pem"),
        ca: d.join("ca.pem"),
    }
}

pub fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `curl` over HTTPS: (HTTP status, body). Status 0 when no HTTP answer
/// came back (the TLS handshake was refused).
pub fn curl(curl: &Path, url: &str, args: &[&str]) -> (u16, String) {
    let out = std::process::Command::new(curl)
        .args([
            "-sS",
            "--max-time",
            "20",
            "-o",
            "-",
            "-w",
            "\n%{http_code}",
            url,
        ])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let (body, status) = stdout.rsplit_once('\n').unwrap_or(("", &stdout));
    let body = format!("{body}{}", String::from_utf8_lossy(&out.stderr));
    (status.trim().parse().unwrap_or(0), body)
}

/// curl as a client with a certificate: `--cacert ROOT --cert fullchain --key key`.
pub fn curl_as(curl_bin: &Path, url: &str, root: &Path, client: &Files) -> (u16, String) {
    curl(
        curl_bin,
        url,
        &[
            "--cacert",
            p(root),
            "--cert",
            p(&client.fullchain),
            "--key",
            p(&client.key),
        ],
    )
}

/// SIGTERM to a process by its pid (the shell's builtin kill: procps may
/// be missing on a minimal system).
pub fn terminate(pid: &str) {
    if pid.chars().all(|c| c.is_ascii_digit()) && !pid.is_empty() {
        let _ = std::process::Command::new("sh")
            .args(["-c", &format!("kill -TERM {pid}")])
            .status();
    }
}
