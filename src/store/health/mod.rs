//! The store's health: what `doctor` finds and what `doctor --fix` mends.
//! Every check reads the store as it is on disk (modes, the index and its
//! audit chain, serial directories, `current` links, key files); every
//! repair is a store write, so it lives here with the others.

use std::collections::HashSet;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::fsio::{self, TEMP_PREFIX};
use crate::store::log::{read_tail, verify_chain_records};
use crate::store::record::Event;
use crate::store::state::{CertEntry, Lifecycle, State};
use crate::store::{Kind, META, Meta, Store, view};

mod cas;
use crate::timeutil::format_time;

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub code: String,
    pub severity: Severity,
    pub path: Option<String>,
    pub message: String,
    pub fix: String,
    #[serde(skip)]
    repair: Option<Repair>,
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Problem {
    /// A finding without a mend of its own.
    pub fn new(
        code: &str,
        severity: Severity,
        path: Option<&Path>,
        message: String,
        fix: &str,
    ) -> Problem {
        Problem {
            code: code.into(),
            severity,
            path: path.map(|p| p.display().to_string()),
            message,
            fix: fix.into(),
            repair: None,
        }
    }

    /// Whether `repair` can mend it.
    pub fn repairable(&self) -> bool {
        self.repair.is_some()
    }

    /// Mends the finding (under the store lock, which the caller holds).
    pub fn repair(&self, store: &Store) -> Result<()> {
        match &self.repair {
            Some(r) => apply(store, r),
            None => Ok(()),
        }
    }
}

/// A mend `doctor --fix` may apply.
#[derive(Debug, Clone)]
enum Repair {
    TruncateIndex(u64),
    Remove(PathBuf),
    Relink {
        link: PathBuf,
        target: Option<String>,
    },
    Chmod(PathBuf, u32),
}

struct Findings(Vec<Problem>);

impl Findings {
    fn add(
        &mut self,
        code: &str,
        severity: Severity,
        path: Option<&Path>,
        message: String,
        fix: &str,
        repair: Option<Repair>,
    ) {
        self.0.push(Problem {
            repair,
            ..Problem::new(code, severity, path, message, fix)
        });
    }
}

fn apply(store: &Store, a: &Repair) -> Result<()> {
    match a {
        Repair::TruncateIndex(len) => {
            let p = store.index_path();
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(&p)
                .map_err(|e| Error::io("open", &p, &e))?;
            f.set_len(*len)
                .and_then(|_| f.sync_all())
                .map_err(|e| Error::io("truncate", &p, &e))
        }
        Repair::Remove(p) => {
            let md = std::fs::symlink_metadata(p).map_err(|e| Error::io("read", p, &e))?;
            let r = if md.is_dir() {
                std::fs::remove_dir_all(p)
            } else {
                std::fs::remove_file(p)
            };
            r.map_err(|e| Error::io("remove", p, &e))?;
            fsio::fsync_dir(&fsio::parent_dir(p))
        }
        Repair::Relink { link, target } => {
            match target {
                Some(t) => fsio::replace_symlink(link, Path::new(t))?,
                None => std::fs::remove_file(link).map_err(|e| Error::io("remove", link, &e))?,
            }
            fsio::fsync_dir(&fsio::parent_dir(link))
        }
        Repair::Chmod(p, mode) => {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(*mode))
                .map_err(|e| Error::io("chmod", p, &e))
        }
    }
}

/// Every directory of the store is 0700: a wider one (left by a kill, or
/// changed by hand) is reported and `--fix` narrows it. The top-level
/// directories here; the name and serial directories in `check_tree`.
fn check_dir_modes(store: &Store, f: &mut Findings) {
    let root = store.root();
    let mut dirs = vec![root.to_path_buf()];
    for tree in ["cas", "certs", "crls"] {
        dirs.push(root.join(tree));
    }
    for d in dirs {
        check_dir_mode(&d, d == root, f);
    }
}

fn check_dir_mode(d: &Path, is_root: bool, f: &mut Findings) {
    let Ok(md) = std::fs::symlink_metadata(d) else {
        return;
    };
    if md.is_dir() && md.mode() & 0o077 != 0 {
        let code = if is_root { "store_mode" } else { "dir_mode" };
        f.add(
            code,
            Severity::Warning,
            Some(d),
            format!("{} has mode {:o}, not 0700", d.display(), md.mode() & 0o777),
            "pkictl doctor --fix sets it to 0700",
            Some(Repair::Chmod(d.to_path_buf(), 0o700)),
        );
    }
}

fn temp_leftover(path: &Path, f: &mut Findings) {
    f.add(
        "temp_leftover",
        Severity::Warning,
        Some(path),
        "a temporary file of an interrupted command".into(),
        "pkictl doctor --fix removes it",
        Some(Repair::Remove(path.to_path_buf())),
    );
}

fn is_temp(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) || name.starts_with(view::STAGED_PREFIX)
}

/// Everything wrong with the store that a reader can see: directory and key
/// modes, a torn or damaged index, a broken audit chain, leftovers of
/// interrupted commands, `current` links that disagree with the index,
/// files that do not match their records, and CA facts worth a warning.
/// The caller holds the store lock, so a write in progress is never taken
/// for damage.
pub fn examine(store: &Store, now: i64) -> Result<Vec<Problem>> {
    let mut f = Findings(Vec::new());
    check(store, now, &mut f)?;
    Ok(f.0)
}

fn check(store: &Store, now: i64, f: &mut Findings) -> Result<()> {
    let root = store.root();
    check_dir_modes(store, f);
    let index = store.index_path();
    let tail = read_tail(&index);
    if let Ok(t) = &tail
        && t.torn
    {
        f.add(
            "index_torn",
            Severity::Error,
            Some(&index),
            "the index ends with an incomplete line (an interrupted command)".into(),
            "pkictl doctor --fix trims the incomplete line",
            Some(Repair::TruncateIndex(t.committed_len)),
        );
    }
    // The index is read once: its records, and its hash chain.
    let (chain, records) = match verify_chain_records(&index) {
        Ok(v) => v,
        Err(e) => {
            f.add(
                "index_damaged",
                Severity::Error,
                Some(&index),
                e.message,
                "restore index.jsonl from a backup",
                None,
            );
            return Ok(());
        }
    };
    if let Some(p) = chain
        .problems
        .iter()
        .find(|p| p.seq.is_none() && p.message != "the record has no hash as its last member")
    {
        f.add(
            "index_damaged",
            Severity::Error,
            Some(&index),
            format!(
                "the index {} line {} is damaged: {}",
                index.display(),
                p.line,
                p.message
            ),
            "restore index.jsonl from a backup",
            None,
        );
        return Ok(());
    }
    let mut serials = HashSet::new();
    for r in &records {
        if (matches!(r.event, Event::Issued | Event::Renewed) || r.event.is_ca_certificate())
            && let Some(s) = &r.serial
            && !serials.insert(s.clone())
        {
            f.add(
                "duplicate_serial",
                Severity::Error,
                Some(&index),
                format!("serial {s} appears in two issuance records"),
                "revoke one of the two certificates",
                None,
            );
        }
    }
    let state = State::fold(records);
    for p in &chain.problems {
        f.add(
            "audit_chain",
            Severity::Error,
            Some(&index),
            format!("audit chain, line {}: {}", p.line, p.message),
            "the index was edited; restore it from a backup and compare",
            None,
        );
    }
    for sub in ["", "crls"] {
        for e in std::fs::read_dir(root.join(sub))
            .into_iter()
            .flatten()
            .flatten()
        {
            if is_temp(&e.file_name().to_string_lossy()) {
                temp_leftover(&e.path(), f);
            }
        }
    }
    check_tree(store, &state, Kind::Ca, f);
    check_tree(store, &state, Kind::Cert, f);
    // Each active certificate's files, on every core.
    let active: Vec<&CertEntry> = state
        .certs
        .iter()
        .filter(|e| e.lifecycle == Lifecycle::Active)
        .collect();
    let found = crate::parallel::map(&active, |e| {
        let kind = if e.is_ca_entry { Kind::Ca } else { Kind::Cert };
        let mut own = Findings(Vec::new());
        check_files(
            &store.serial_dir(kind, &e.name, &e.facts.serial),
            e,
            &mut own,
        );
        own.0
    });
    f.0.extend(found.into_iter().flatten());
    for e in active {
        if !e.is_ca_entry
            && let Some(ca) =
                e.ca.as_deref()
                    .and_then(|c| state.ca(c))
                    .and_then(|c| state.by_serial(&c.serial))
            && ca.facts.not_after < e.facts.not_after
        {
            f.add(
                "ca_expires_first",
                Severity::Warning,
                None,
                format!(
                    "{} is valid until {}, after its CA {} expires ({})",
                    e.name,
                    format_time(e.facts.not_after),
                    ca.name,
                    format_time(ca.facts.not_after)
                ),
                "renew the certificate with a shorter validity, or plan the CA's rollover",
                None,
            );
        }
    }
    cas::check_cas(store, &state, now, f);
    Ok(())
}

fn check_tree(store: &Store, state: &State, kind: Kind, f: &mut Findings) {
    let tree = store
        .root()
        .join(if kind == Kind::Ca { "cas" } else { "certs" });
    let Ok(rd) = std::fs::read_dir(&tree) else {
        return;
    };
    let names: Vec<std::fs::DirEntry> = rd.flatten().collect();
    // Every name on every core.
    let found = crate::parallel::map(&names, |name_dir| {
        let mut own = Findings(Vec::new());
        check_name_dir(state, kind, name_dir, &mut own);
        own.0
    });
    f.0.extend(found.into_iter().flatten());
}

/// One name's directory: its mode, its `current` link against the index,
/// and its serial directories (modes, leftovers, uncommitted ones).
fn check_name_dir(state: &State, kind: Kind, name_dir: &std::fs::DirEntry, f: &mut Findings) {
    {
        let dir_name = name_dir.file_name().to_string_lossy().into_owned();
        let path = name_dir.path();
        if is_temp(&dir_name) {
            temp_leftover(&path, f);
            return;
        }
        if !name_dir.file_type().is_ok_and(|t| t.is_dir()) {
            return;
        }
        check_dir_mode(&path, false, f);
        // The index's view of this name.
        let active: Option<String> = match kind {
            Kind::Ca => state.ca(&dir_name).map(|c| c.serial.clone()),
            Kind::Cert => state.active(&dir_name).map(|e| e.facts.serial.clone()),
        };
        let link = path.join("current");
        let target = std::fs::read_link(&link)
            .ok()
            .map(|t| t.to_string_lossy().into_owned());
        if target != active {
            let msg = match (&target, &active) {
                (Some(t), Some(a)) => {
                    format!("{dir_name}/current points to {t}, the index says {a}")
                }
                (Some(t), None) => format!(
                    "{dir_name}/current points to {t}, which the index does not hold as active"
                ),
                (None, Some(a)) => {
                    format!("{dir_name} has no current link; the index says {a} is active")
                }
                (None, None) => unreachable!("equal"),
            };
            f.add(
                "current_link",
                Severity::Error,
                Some(&link),
                msg,
                "pkictl doctor --fix points current at what the index says",
                Some(Repair::Relink {
                    link: link.clone(),
                    target: active.clone(),
                }),
            );
        }
        if kind == Kind::Ca {
            cas::check_previous_link(state, &dir_name, &path, f);
        }
        let Ok(entries) = std::fs::read_dir(&path) else {
            return;
        };
        for s in entries.flatten() {
            let serial = s.file_name().to_string_lossy().into_owned();
            if is_temp(&serial) {
                temp_leftover(&s.path(), f);
                continue;
            }
            if s.file_type().is_ok_and(|t| t.is_dir()) {
                check_dir_mode(&s.path(), false, f);
            }
            // `pending` holds the key and request of a CA awaiting its certificate.
            if serial == "current" || serial == "pending" || serial == view::PREVIOUS {
                continue;
            }
            if state.by_serial(&serial).is_none() {
                f.add(
                    "uncommitted",
                    Severity::Warning,
                    Some(&s.path()),
                    format!("{dir_name}/{serial} was written by a command that never committed it"),
                    "pkictl doctor --fix removes it",
                    Some(Repair::Remove(s.path())),
                );
            }
        }
    }
}

fn check_files(dir: &Path, e: &CertEntry, f: &mut Findings) {
    let meta = dir.join(META);
    let readable = std::fs::read_to_string(&meta)
        .ok()
        .and_then(|t| serde_json::from_str::<Meta>(&t).ok())
        .is_some_and(|m| m.name.eq_ignore_ascii_case(&e.name));
    if !readable {
        f.add(
            "meta_damaged",
            Severity::Error,
            Some(&meta),
            format!(
                "{} is missing or does not describe {}",
                meta.display(),
                e.name
            ),
            "restore the serial directory from a backup",
            None,
        );
    }
    let cert = dir.join("cert.pem");
    // The certificate's fingerprint is its identity: hashing the DER is
    // enough, nothing needs parsing.
    let fingerprint = fsio::read(&cert).and_then(|b| match crate::encoding::pem_first(&b) {
        Some(("CERTIFICATE", der)) => Ok(crate::encoding::sha256_hex(&der)),
        _ => Err(Error::malformed(format!(
            "{} holds no readable certificate",
            cert.display()
        ))),
    });
    match fingerprint {
        Ok(fp) if fp != e.facts.fingerprint_sha256 => {
            f.add(
                "cert_mismatch",
                Severity::Error,
                Some(&cert),
                format!(
                    "{} does not match the index (different fingerprint)",
                    cert.display()
                ),
                "restore the file from a backup",
                None,
            );
        }
        Ok(_) => {}
        Err(err) => f.add(
            "cert_unreadable",
            Severity::Error,
            Some(&cert),
            err.message,
            "restore the file from a backup",
            None,
        ),
    }
    // A key in a token is checked with the CAs (`check_token_key`).
    if !e.entry.key_stored || e.entry.key_uri.is_some() {
        return;
    }
    let key = dir.join("key.pem");
    match std::fs::metadata(&key) {
        Ok(md) if md.mode() & 0o077 != 0 => {
            f.add(
                "key_mode",
                Severity::Error,
                Some(&key),
                format!(
                    "{} has mode {:o}; others can read the private key",
                    key.display(),
                    md.mode() & 0o777
                ),
                "chmod 600 the key file",
                Some(Repair::Chmod(key.clone(), 0o600)),
            );
        }
        Ok(_) => {}
        Err(_) => {
            f.add(
                "key_missing",
                Severity::Error,
                Some(&key),
                format!("the private key of {} is missing", e.name),
                "restore the key from a backup, or revoke and re-issue",
                None,
            );
            return;
        }
    }
    match key_problem(&key, &e.facts.spki_sha256) {
        Some(KeyProblem::Damaged(why)) => f.add(
            "key_damaged",
            Severity::Error,
            Some(&key),
            format!("the private key of {} cannot be read: {why}", e.name),
            "restore the key from a backup, or revoke and re-issue",
            None,
        ),
        Some(KeyProblem::Mismatch) => f.add(
            "key_mismatch",
            Severity::Error,
            Some(&key),
            format!(
                "the private key of {} does not match its certificate",
                e.name
            ),
            "restore the key from a backup, or revoke and re-issue",
            None,
        ),
        None => {}
    }
}

/// What is wrong with a key file, read without a passphrase.
enum KeyProblem {
    Damaged(String),
    Mismatch,
}

/// Checks a key file: an encrypted key by its structure (its PKCS#8 PBES
/// parameters read), a plain one by loading it and comparing its
/// public key with the certificate's.
fn key_problem(path: &Path, spki_sha256: &str) -> Option<KeyProblem> {
    let bytes = match fsio::read(path) {
        Ok(b) => zeroize::Zeroizing::new(b),
        Err(e) => return Some(KeyProblem::Damaged(e.message)),
    };
    let Some((tag, der)) = crate::encoding::pem_first(&bytes) else {
        return Some(KeyProblem::Damaged("not a PEM private key".into()));
    };
    let der = zeroize::Zeroizing::new(der);
    if tag == "ENCRYPTED PRIVATE KEY" {
        return crate::pki::keys::encryption_info(&der)
            .err()
            .map(|e| KeyProblem::Damaged(e.message));
    }
    let key = crate::pki::keys::plain_private_key_to_pkcs8(tag, &der)
        .and_then(crate::pki::keys::PrivateKey::from_pkcs8_der);
    match key {
        Err(e) => Some(KeyProblem::Damaged(e.message)),
        Ok(k) if crate::encoding::sha256_hex(&k.spki_der()) != spki_sha256 => {
            Some(KeyProblem::Mismatch)
        }
        Ok(_) => None,
    }
}
