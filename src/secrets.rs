//! Passphrases: captured from the environment once at start-up (and removed
//! from it), read from files with openssl's first-line rule, or asked for
//! on a terminal. They are zeroized on drop and never printed.

use std::io::IsTerminal;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::error::{Code, Error, Result, Warning, WarningCode};

/// Secrets taken from the environment before any thread started.
#[derive(Default)]
pub struct EnvSecrets {
    pub passphrase: Option<Zeroizing<String>>,
    pub p12_passphrase: Option<Zeroizing<String>>,
    pub pkcs11_pin: Option<Zeroizing<String>>,
}

/// Reads `PKICTL_PASSPHRASE` (and every `PKICTL_*PASSPHRASE*`, and
/// `PKICTL_PKCS11_PIN`) and removes
/// them from this process's environment, so no child ever inherits them.
/// An empty `PKICTL_*` variable counts as unset (as `PKICTL_STORE= pkictl
/// list` means in a shell) and is removed too.
///
/// # Safety
/// Must be called first thing in `main`, before any other thread exists.
pub unsafe fn scrub_environment() -> EnvSecrets {
    let mut out = EnvSecrets::default();
    let names: Vec<std::ffi::OsString> = std::env::vars_os()
        .filter(|(k, v)| {
            let k = k.to_string_lossy();
            k.starts_with("PKICTL_")
                && (k.contains("PASSPHRASE") || k == "PKICTL_PKCS11_PIN" || v.is_empty())
        })
        .map(|(k, _)| k)
        .collect();
    for name in names {
        let value =
            std::env::var_os(&name).map(|v| Zeroizing::new(v.to_string_lossy().into_owned()));
        match name.to_str() {
            Some("PKICTL_PASSPHRASE") => out.passphrase = value,
            Some("PKICTL_P12_PASSPHRASE") => out.p12_passphrase = value,
            Some("PKICTL_PKCS11_PIN") => out.pkcs11_pin = value,
            _ => {}
        }
        // SAFETY: the caller guarantees no other thread is running.
        unsafe { std::env::remove_var(&name) };
    }
    out
}

/// True when prompting is allowed: stdin and stderr are terminals.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Every passphrase source of SPEC section 1.
pub struct Passphrases {
    /// `--pin-file`: a PKCS#11 token's user PIN.
    pub pin_file: Option<PathBuf>,
    /// `PKICTL_PKCS11_PIN`.
    pub pin_env: Option<Zeroizing<String>>,
    pub ca_file: Option<PathBuf>,
    pub new_file: Option<PathBuf>,
    pub dir: Option<PathBuf>,
    pub file: Option<PathBuf>,
    pub env: Option<Zeroizing<String>>,
    pub interactive: bool,
}

/// A passphrase and where it came from (for messages, never the value).
pub struct Passphrase {
    pub value: Zeroizing<String>,
    pub source: String,
}

impl Passphrases {
    /// The passphrase of an existing CA key. `issuing` is true for the CA
    /// the command issues from (or the parent of a new CA), which
    /// `--ca-passphrase-file` names.
    pub fn existing(
        &self,
        ca: &str,
        issuing: bool,
        warnings: &mut Vec<Warning>,
    ) -> Result<Passphrase> {
        if issuing && let Some(f) = &self.ca_file {
            return read_file(f, "--ca-passphrase-file", warnings);
        }
        if let Some(p) = self.common_source(ca, warnings)? {
            return Ok(p);
        }
        if self.interactive {
            return prompt(format!("Passphrase for CA {ca}"), false);
        }
        Err(required(ca, issuing, false))
    }

    /// The user PIN of a PKCS#11 token (same rules as passphrases: a file's
    /// first line, the environment, a no-echo prompt on a terminal).
    pub fn pin(&self, token: &str, warnings: &mut Vec<Warning>) -> Result<Passphrase> {
        if let Some(f) = &self.pin_file {
            return read_file(f, "--pin-file", warnings);
        }
        if let Some(v) = &self.pin_env {
            if v.is_empty() {
                return Err(Error::usage("PKICTL_PKCS11_PIN is empty").hint("set the token's PIN"));
            }
            return Ok(Passphrase {
                value: v.clone(),
                source: "PKICTL_PKCS11_PIN".into(),
            });
        }
        if self.interactive {
            return prompt(format!("PIN for token {token}"), false);
        }
        Err(Error::new(
            Code::PassphraseRequired,
            format!(
                "the PIN of PKCS#11 token {token} is needed and there is no terminal to ask on"
            ),
        )
        .hint("pass --pin-file FILE or set PKICTL_PKCS11_PIN"))
    }

    /// The passphrase for a key being created.
    pub fn new_key(&self, ca: &str, warnings: &mut Vec<Warning>) -> Result<Passphrase> {
        if let Some(f) = &self.new_file {
            return read_file(f, "--new-passphrase-file", warnings);
        }
        if let Some(p) = self.common_source(ca, warnings)? {
            return Ok(p);
        }
        if self.interactive {
            return prompt(format!("New passphrase for CA {ca}"), true);
        }
        Err(required(ca, false, true))
    }

    fn common_source(&self, ca: &str, warnings: &mut Vec<Warning>) -> Result<Option<Passphrase>> {
        if let Some(dir) = &self.dir {
            let f = dir.join(ca);
            if f.exists() {
                return read_file(&f, "--passphrase-dir", warnings).map(Some);
            }
        }
        if let Some(f) = &self.file {
            return read_file(f, "--passphrase-file", warnings).map(Some);
        }
        if let Some(v) = &self.env {
            if v.is_empty() {
                return Err(
                    Error::usage("PKICTL_PASSPHRASE is empty").hint("set a non-empty passphrase")
                );
            }
            return Ok(Some(Passphrase {
                value: v.clone(),
                source: "PKICTL_PASSPHRASE".into(),
            }));
        }
        Ok(None)
    }
}

/// Asks on the terminal without echo (twice for a new passphrase).
fn prompt(text: String, confirm: bool) -> Result<Passphrase> {
    let mut p = dialoguer::Password::new()
        .with_prompt(text)
        .allow_empty_password(false);
    if confirm {
        p = p.with_confirmation("Repeat the passphrase", "the passphrases do not match");
    }
    let value = p.interact().map_err(|e| {
        Error::new(
            Code::PassphraseRequired,
            format!("no passphrase was entered: {e}"),
        )
    })?;
    Ok(Passphrase {
        value: Zeroizing::new(value),
        source: "the terminal".into(),
    })
}

fn required(ca: &str, issuing: bool, new: bool) -> Error {
    let specific = if new {
        "--new-passphrase-file FILE"
    } else if issuing {
        "--ca-passphrase-file FILE"
    } else {
        "--passphrase-file FILE"
    };
    Error::new(
        Code::PassphraseRequired,
        format!("a passphrase is needed for CA {ca}'s key and there is no terminal to ask on"),
    )
    .hint(format!(
        "pass {specific}, --passphrase-dir DIR (with a file named {ca}), --passphrase-file FILE, or set PKICTL_PASSPHRASE"
    ))
}

/// Reads a passphrase file: its first line without LF or CRLF. A file with
/// more than one non-empty line, or an empty passphrase, is refused.
pub fn read_file(path: &Path, flag: &str, warnings: &mut Vec<Warning>) -> Result<Passphrase> {
    let raw = Zeroizing::new(
        crate::store::fsio::read_input(path, crate::store::fsio::InputKind::PASSPHRASE).map_err(
            |mut e| {
                e.message = format!("{flag}: {}", e.message);
                e
            },
        )?,
    );
    if let Ok(md) = std::fs::metadata(path)
        && md.mode() & 0o044 != 0
    {
        warnings.push(Warning::new(
            WarningCode::InsecurePermissions,
            format!(
                "passphrase file {} is readable by group or others; run: chmod 600 {}",
                path.display(),
                path.display()
            ),
        ));
    }
    let text = std::str::from_utf8(&raw).map_err(|_| {
        Error::malformed(format!(
            "passphrase file {} is not UTF-8 text",
            path.display()
        ))
    })?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = lines.next().unwrap_or("");
    if lines.any(|l| !l.is_empty()) {
        return Err(Error::usage(format!(
            "passphrase file {} has more than one line",
            path.display()
        ))
        .hint("put only the passphrase on the file's first line"));
    }
    if first.is_empty() {
        return Err(Error::usage(format!(
            "passphrase file {} holds an empty passphrase",
            path.display()
        ))
        .hint("write the passphrase on the first line"));
    }
    Ok(Passphrase {
        value: Zeroizing::new(first.to_string()),
        source: format!("{flag} {}", path.display()),
    })
}

/// The password of a PKCS#12 file: `--p12-passphrase-file`, then
/// `PKICTL_P12_PASSPHRASE`, then a prompt on a terminal — never a CA's
/// passphrase. `creating` asks twice.
pub fn p12_password(
    file: Option<&Path>,
    env: Option<&Zeroizing<String>>,
    interactive: bool,
    creating: bool,
    warnings: &mut Vec<Warning>,
) -> Result<Zeroizing<String>> {
    if let Some(f) = file {
        return read_file(f, "--p12-passphrase-file", warnings).map(|p| p.value);
    }
    if let Some(v) = env.filter(|v| !v.is_empty()) {
        return Ok(v.clone());
    }
    if interactive {
        return prompt("PKCS#12 password".into(), creating).map(|p| p.value);
    }
    Err(Error::new(
        Code::PassphraseRequired,
        "a PKCS#12 password is needed and there is no terminal to ask on",
    )
    .hint("pass --p12-passphrase-file FILE or set PKICTL_P12_PASSPHRASE (never the CA passphrase)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrase_files_follow_the_first_line_rule() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("pw");
        let mut w = Vec::new();
        for (content, ok) in [
            ("secret\n", Some("secret")),
            ("secret\r\n", Some("secret")),
            ("secret", Some("secret")),
            ("secret\n\n", Some("secret")),
            ("a\nb\n", None),
            ("\n", None),
            ("", None),
        ] {
            std::fs::write(&p, content).unwrap();
            std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o600))
                .unwrap();
            let r = read_file(&p, "--passphrase-file", &mut w);
            match ok {
                Some(v) => assert_eq!(
                    r.ok().map(|p| p.value.to_string()).as_deref(),
                    Some(v),
                    "{content:?}"
                ),
                None => assert!(r.is_err(), "{content:?}"),
            }
        }
        assert!(w.is_empty());
        std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
        std::fs::write(&p, "x\n").unwrap();
        read_file(&p, "--passphrase-file", &mut w).unwrap();
        assert_eq!(w[0].code, crate::error::WarningCode::InsecurePermissions);
    }
}
