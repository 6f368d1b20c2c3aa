//! Test helpers: a temporary store per test, the real binary, JSON parsing,
//! and access to outside programs (which must exist in CI).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

/// A temporary directory with a passphrase file and a store path.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub store: PathBuf,
    pub pw: PathBuf,
    /// Variables every command of this environment gets (e.g. a test
    /// token's SOFTHSM2_CONF).
    pub vars: std::cell::RefCell<Vec<(String, String)>>,
}

impl Env {
    /// An empty environment (no store yet).
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("tempdir");
        let pw = dir.path().join("pw");
        std::fs::write(&pw, "correct horse battery staple\n").unwrap();
        set_mode(&pw, 0o600);
        let store = dir.path().join("pki");
        Env {
            dir,
            store,
            pw,
            vars: Default::default(),
        }
    }

    /// A store with an encrypted root and an intermediate (the default issuer).
    pub fn with_cas() -> Env {
        let env = Env::new();
        env.ok(&["init-ca", "--cn", "Test Root CA", "--org", "Test"]);
        env.ok(&[
            "init-ca",
            "issuing",
            "--parent",
            "root",
            "--cn",
            "Test Issuing CA",
        ]);
        env
    }

    /// A path inside the test directory.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The binary with the store and passphrase set and a clean environment.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::cargo_bin("pkictl").expect("binary");
        for (k, _) in std::env::vars() {
            if k.starts_with("PKICTL_")
                || k == "NO_COLOR"
                || k.starts_with("GITHUB_")
                || k == "CI_JOB_ID"
                || k == "SUDO_USER"
            {
                c.env_remove(k);
            }
        }
        c.arg("--store")
            .arg(&self.store)
            .arg("--passphrase-file")
            .arg(&self.pw);
        c.current_dir(self.dir.path());
        for (k, v) in self.vars.borrow().iter() {
            c.env(k, v);
        }
        c
    }

    /// Runs with arguments; returns the output.
    pub fn run(&self, args: &[&str]) -> Output {
        let out = self.cmd().args(args).output().expect("run");
        self.assert_no_secrets(args, &out);
        out
    }

    /// Runs and asserts exit 0.
    pub fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert_eq!(code(&out), 0, "pkictl {args:?} failed:\n{}", text(&out));
        out
    }

    /// Runs with --json; returns (exit code, document).
    pub fn json(&self, args: &[&str]) -> (i32, Value) {
        let out = self.cmd().args(args).arg("--json").output().expect("run");
        self.assert_no_secrets(args, &out);
        (code(&out), parse_json(&out))
    }

    /// Runs with --json and asserts exit 0.
    pub fn json_ok(&self, args: &[&str]) -> Value {
        let (c, v) = self.json(args);
        assert_eq!(c, 0, "pkictl {args:?} --json failed: {v}");
        v
    }

    /// Issues a server certificate for `name` with one DNS name.
    pub fn issue(&self, name: &str) -> Value {
        self.json_ok(&["issue", name, "--dns", &format!("{name}.example.com")])
    }

    /// Issues a server certificate for `name` valid for `validity`.
    pub fn issue_valid(&self, name: &str, validity: &str) -> Output {
        let dns = format!("{name}.example.com");
        self.ok(&["issue", name, "--dns", &dns, "--validity", validity])
    }

    /// The secrets of this environment: the passphrase, and every line of
    /// every private key (PEM body) a command or a test wrote under it.
    pub fn secrets(&self) -> Vec<String> {
        let mut out = vec![
            std::fs::read_to_string(&self.pw)
                .unwrap()
                .trim()
                .to_string(),
        ];
        let mut stack = vec![self.dir.path().to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let Ok(ft) = e.file_type() else { continue };
                if ft.is_dir() {
                    stack.push(e.path());
                } else if ft.is_file()
                    && e.metadata().is_ok_and(|m| m.len() < 64 * 1024)
                    && let Ok(text) = std::fs::read_to_string(e.path())
                {
                    out.extend(key_lines(&text));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Fails when a command printed a secret of this environment (a key
    /// line or the passphrase) — except on stdout when the command was asked
    /// to write a key there (`export … --out -`).
    pub fn assert_no_secrets(&self, args: &[&str], out: &Output) {
        let key_to_stdout =
            args.first() == Some(&"export") && args.windows(2).any(|w| w == ["--out", "-"]);
        let secrets = self.secrets();
        let mut streams = vec![("stderr", &out.stderr)];
        if !key_to_stdout {
            streams.push(("stdout", &out.stdout));
        }
        for (name, bytes) in streams {
            if let Some(s) = find_secret(&secrets, bytes) {
                panic!("pkictl {args:?} printed a secret on {name}: {s:?}");
            }
        }
    }

    /// The store's files and their contents (to prove a command changed nothing).
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        snapshot_dir(&self.store)
    }
}

impl Drop for Env {
    /// What the store keeps in the clear (the index, metadata, the policy
    /// file) and what hooks saw (files the tests' hooks wrote) never holds
    /// a secret.
    fn drop(&mut self) {
        if std::thread::panicking() || !self.store.is_dir() {
            return;
        }
        let secrets = self.secrets();
        let mut stack = vec![self.dir.path().to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                let Ok(ft) = e.file_type() else { continue };
                if ft.is_dir() {
                    stack.push(p);
                } else if ft.is_file()
                    && (name.starts_with("index.")
                        || name == "meta.json"
                        || name == "pkictl.toml"
                        || name.starts_with("hook"))
                    && let Ok(bytes) = std::fs::read(&p)
                    && let Some(s) = find_secret(&secrets, &bytes)
                {
                    panic!("{} holds a secret: {s:?}", p.display());
                }
            }
        }
    }
}

/// The base64 lines of the private keys in a text (a PEM file).
pub fn key_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for l in text.lines() {
        if l.starts_with("-----BEGIN") {
            inside = l.contains("PRIVATE KEY");
        } else if l.starts_with("-----END") {
            inside = false;
        } else if inside && l.len() >= 24 && !l.contains(':') {
            out.push(l.to_string());
        }
    }
    out
}

/// The first secret found in some output.
pub fn find_secret<'a>(secrets: &'a [String], bytes: &[u8]) -> Option<&'a String> {
    let text = String::from_utf8_lossy(bytes);
    secrets.iter().find(|s| text.contains(s.as_str()))
}

/// Every file under a directory (symlinks as their target), sorted; the
/// lock and the index's checkpoint (bookkeeping of the log) left out.
pub fn snapshot_dir(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            let ft = e.file_type().unwrap();
            if ft.is_symlink() {
                out.push((
                    p.clone(),
                    std::fs::read_link(&p)
                        .unwrap()
                        .to_string_lossy()
                        .as_bytes()
                        .to_vec(),
                ));
            } else if ft.is_dir() {
                walk(&p, out);
            } else if p
                .file_name()
                .is_some_and(|n| n != "lock" && n != "index.applied")
            {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    walk(root, &mut out);
    out.sort();
    out
}

/// The exit code.
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// stdout and stderr, for assertion messages.
pub fn text(out: &Output) -> String {
    format!(
        "exit {}\n--- stdout\n{}\n--- stderr\n{}",
        code(out),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// stdout must be exactly one JSON document.
pub fn parse_json(out: &Output) -> Value {
    let s = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&s)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}", text(out)))
}

/// Sets a file's mode.
pub fn set_mode(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::os::unix::fs::PermissionsExt::from_mode(mode)).unwrap();
}

/// A file's permission bits.
pub fn mode(p: &Path) -> u32 {
    std::os::unix::fs::MetadataExt::mode(&std::fs::metadata(p).unwrap()) & 0o7777
}

/// An outside program the test needs. In CI (CI=true) a missing program
/// fails the test; locally the test is skipped with a loud message.
pub fn tool(name: &str) -> Option<PathBuf> {
    // Servers such as nginx live in sbin, which a user's PATH may lack.
    let sbin = [PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")];
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .chain(sbin)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
            panic!(
                "{name} is required by this test and is missing (CI=true); install it (bash .ci/run does)"
            );
        }
        eprintln!(
            "\n!!!!!!!! SKIPPED: {name} is not installed; run `bash .ci/run` to install it !!!!!!!!\n"
        );
    }
    found
}

/// Runs an outside program; returns (exit code, stdout+stderr).
pub fn run_tool(prog: &Path, args: &[&str], dir: &Path) -> (i32, String) {
    let out = std::process::Command::new(prog)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("spawn");
    (
        code(&out),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// The certificate object of the first issued certificate of an issue report.
pub fn issued_cert(v: &Value) -> &Value {
    &v["issued"][0]["certificate"]
}

/// A string field.
pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}

/// Appends lines to the issuing CA's policy section.
pub fn set_policy(env: &Env, lines: &str) {
    let p = env.store.join("pkictl.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    let marker = "[ca.issuing]\n";
    let i = text.find(marker).unwrap() + marker.len();
    let mut out = String::new();
    let mut skip_keys: Vec<&str> = lines
        .lines()
        .filter_map(|l| l.split('=').next())
        .map(str::trim)
        .collect();
    skip_keys.retain(|k| !k.is_empty());
    out.push_str(&text[..i]);
    out.push_str(lines);
    out.push('\n');
    for l in text[i..].lines() {
        let key = l.split('=').next().unwrap().trim();
        if !skip_keys.contains(&key) {
            out.push_str(l);
            out.push('\n');
        }
    }
    std::fs::write(&p, out).unwrap();
}
