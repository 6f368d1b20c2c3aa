//! The store's log: one append-only, hash-chained JSON Lines file that is
//! both the index (the store's state is the fold of its complete lines) and
//! the audit log. Appending reads only the file's tail, so a commit costs
//! the same in a store of 100,000 certificates as in an empty one.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::encoding::sha256_hex;
use crate::error::{Code, Error, Result, Warning, WarningCode, json_problem};
use crate::names::Sans;
use crate::pki::certinfo::{CertFacts, NameConstraintsInfo};
use crate::pki::keys::KeyInfo;

/// The `prev_hash` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a record says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    CaCreated,
    Issued,
    Renewed,
    Revoked,
    Retired,
    CrlSigned,
    KeyExported,
    PolicyChanged,
    Superseded,
    Refused,
}

/// Who did it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Actor {
    pub uid: u32,
    pub user: String,
    pub host: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sudo_user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github_actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github_run_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci_job_id: Option<String>,
}

impl Actor {
    /// The calling user, as the kernel and the environment describe it.
    pub fn current() -> Actor {
        let uid = crate::store::fsio::current_uid();
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Actor {
            uid,
            user: user_name(uid)
                .or_else(|| env("USER"))
                .unwrap_or_else(|| uid.to_string()),
            host: hostname(),
            sudo_user: env("SUDO_USER"),
            github_actor: env("GITHUB_ACTOR"),
            github_run_id: env("GITHUB_RUN_ID"),
            ci_job_id: env("CI_JOB_ID"),
        }
    }
}

/// The user name of a uid from the password database.
fn user_name(uid: u32) -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: getpwuid_r writes into `pwd` and `buf`, both owned and sized here.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) };
    if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
        return None;
    }
    // SAFETY: pw_name points into `buf` and is NUL-terminated.
    let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
    Some(name.to_string_lossy().into_owned())
}

/// This machine's host name.
pub fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname writes at most buf.len() bytes into `buf`.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return "unknown".into();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

/// The index line's layout of a certificate's facts beyond the audit
/// fields a record carries at its top level (serial, subject, SANs,
/// notAfter, fingerprint). Not a domain type: `Record::for_cert` writes it
/// from `CertFacts` and `Record::into_facts` reads it back.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CertExtra {
    pub subject_cn: Option<String>,
    pub issuer: String,
    #[serde(with = "crate::timeutil::rfc3339")]
    pub not_before: i64,
    pub key: KeyInfo,
    pub signature_algorithm: String,
    pub is_ca: bool,
    pub path_len: Option<u32>,
    pub key_usage: Vec<String>,
    pub extended_key_usage: Vec<String>,
    pub name_constraints: Option<NameConstraintsInfo>,
    pub spki_sha256: String,
    pub subject_key_id: Option<String>,
    pub authority_key_id: Option<String>,
}

/// Where a CA of the store stands.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CaKind {
    /// Self-signed.
    Root,
    /// Signed by another CA.
    Intermediate,
}

impl CaKind {
    /// The kind of a CA whose certificate is self-issued or not.
    pub fn of(self_issued: bool) -> CaKind {
        if self_issued {
            CaKind::Root
        } else {
            CaKind::Intermediate
        }
    }
}

/// What the store knows about a certificate beyond the certificate itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// Leaf profile (`server`, `client`, …); null for CAs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Requested validity in seconds, reused by `renew`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_secs: Option<i64>,
    /// Whether the store holds the private key.
    pub key_stored: bool,
    /// Serial this certificate replaces (renewal lineage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    /// For CAs: root, intermediate or imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_kind: Option<CaKind>,
    /// For CAs: the parent CA's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// For CAs: the DNS permits as given, when one is `.example.com`
    /// (subdomains only): the certificate carries `example.com` (RFC 5280
    /// allows no leading period), and this list keeps the rest as policy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permit_dns: Vec<String>,
    /// For CAs: email domains permitted by `--permit-email` (policy only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permit_email: Vec<String>,
    /// For CAs: URI prefixes permitted by `--permit-uri` (policy only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permit_uri: Vec<String>,
    /// Signed from a request: renewal needs a new request (`renew --csr`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_csr: bool,
    /// For CAs: whether the key file is encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_encrypted: Option<bool>,
}

/// One line of the log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub seq: u64,
    pub time: String,
    pub event: Event,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sans: Option<Sans>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::timeutil::rfc3339::option"
    )]
    pub not_after: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert: Option<CertExtra>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<Entry>,
    /// Revocation reason, or the error code of a refusal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Free text: what was refused, what changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// `crl_signed`: the CRL's number, next update and number of entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crl_number: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_update: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_count: Option<usize>,
    pub actor: Actor,
    pub pkictl_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_sha256: Option<String>,
    pub prev_hash: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hash: String,
}

impl Record {
    /// A record with only the event set; the writer fills seq, time, actor
    /// and the chain.
    pub fn new(event: Event) -> Record {
        Record {
            seq: 0,
            time: String::new(),
            event,
            ca: None,
            name: None,
            serial: None,
            subject: None,
            sans: None,
            not_after: None,
            fingerprint_sha256: None,
            cert: None,
            entry: None,
            reason: None,
            message: None,
            replaced_by: None,
            crl_number: None,
            next_update: None,
            revoked_count: None,
            actor: Actor::default(),
            pkictl_version: env!("CARGO_PKG_VERSION").to_string(),
            config_sha256: None,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    /// A record about a certificate: fills the audit and certificate fields.
    pub fn for_cert(event: Event, facts: &CertFacts) -> Record {
        let mut r = Record::new(event);
        r.serial = Some(facts.serial.clone());
        r.subject = Some(facts.subject.clone());
        r.sans = Some(facts.sans.clone());
        r.not_after = Some(facts.not_after);
        r.fingerprint_sha256 = Some(facts.fingerprint_sha256.clone());
        r.cert = Some(CertExtra {
            subject_cn: facts.subject_cn.clone(),
            issuer: facts.issuer.clone(),
            not_before: facts.not_before,
            key: facts.key.clone(),
            signature_algorithm: facts.signature_algorithm.clone(),
            is_ca: facts.is_ca,
            path_len: facts.path_len,
            key_usage: facts.key_usage.clone(),
            extended_key_usage: facts.extended_key_usage.clone(),
            name_constraints: facts.name_constraints.clone(),
            spki_sha256: facts.spki_sha256.clone(),
            subject_key_id: facts.subject_key_id.clone(),
            authority_key_id: facts.authority_key_id.clone(),
        });
        r
    }

    /// A record about a certificate of the store (revoked, retired …): its
    /// name, CA and audit fields, without the certificate's details.
    pub fn about(event: Event, name: &str, ca: Option<&str>, facts: &CertFacts) -> Record {
        let mut r = Record::new(event);
        r.name = Some(name.to_string());
        r.ca = ca.map(str::to_string);
        r.serial = Some(facts.serial.clone());
        r.subject = Some(facts.subject.clone());
        r.not_after = Some(facts.not_after);
        r.fingerprint_sha256 = Some(facts.fingerprint_sha256.clone());
        r
    }

    /// The certificate facts, consuming the record (no copies).
    pub fn into_facts(self) -> Option<CertFacts> {
        let c = self.cert?;
        Some(CertFacts {
            serial: self.serial?,
            subject: self.subject?,
            subject_cn: c.subject_cn,
            issuer: c.issuer,
            not_before: c.not_before,
            not_after: self.not_after?,
            sans: self.sans.unwrap_or_default(),
            key: c.key,
            signature_algorithm: c.signature_algorithm,
            is_ca: c.is_ca,
            path_len: c.path_len,
            key_usage: c.key_usage,
            extended_key_usage: c.extended_key_usage,
            name_constraints: c.name_constraints,
            fingerprint_sha256: self.fingerprint_sha256?,
            spki_sha256: c.spki_sha256,
            subject_key_id: c.subject_key_id,
            authority_key_id: c.authority_key_id,
        })
    }
}

/// The last committed record's chain position.
#[derive(Debug, Clone)]
pub struct Tail {
    pub seq: u64,
    pub hash: String,
    pub config_sha256: Option<String>,
    /// Bytes of committed content (everything up to the last newline).
    pub committed_len: u64,
    /// True when the file ends with an unterminated (interrupted) line.
    pub torn: bool,
}

/// Serializes a record as one hash-chained line: the hash covers the line's
/// JSON without its `hash` member (which is then appended as the last one).
pub fn seal(record: &mut Record) -> Result<String> {
    record.hash.clear();
    let body = serde_json::to_string(record)
        .map_err(|e| Error::internal(format!("cannot encode a log record: {e}")))?;
    let hash = sha256_hex(body.as_bytes());
    let mut line = body;
    line.pop(); // the closing brace
    line.push_str(&format!(",\"hash\":\"{hash}\"}}\n"));
    record.hash = hash;
    Ok(line)
}

/// Splits a line into the body the hash covers and the stated hash.
fn unseal(line: &str) -> Option<(String, &str)> {
    let idx = line.rfind(",\"hash\":\"")?;
    let rest = &line[idx + 9..];
    let hash = rest.strip_suffix("\"}")?;
    if hash.len() != 64 {
        return None;
    }
    let mut body = line[..idx].to_string();
    body.push('}');
    Some((body, hash))
}

/// Reads the tail of the log: the last complete record's seq and hash.
pub fn read_tail(path: &Path) -> Result<Tail> {
    let mut f = match crate::store::fsio::open_regular(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
            return Err(corrupt(path, None, &e.to_string()));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Tail {
                seq: 0,
                hash: GENESIS.into(),
                config_sha256: None,
                committed_len: 0,
                torn: false,
            });
        }
        Err(e) => return Err(Error::io("read the index", path, &e)),
    };
    let len = f.metadata().map_err(|e| Error::io("read", path, &e))?.len();
    let mut chunk = 64 * 1024u64;
    loop {
        let start = len.saturating_sub(chunk);
        let mut buf = Vec::with_capacity((len - start) as usize);
        f.seek(SeekFrom::Start(start))
            .and_then(|_| f.read_to_end(&mut buf))
            .map_err(|e| Error::io("read the index", path, &e))?;
        let torn = !buf.is_empty() && *buf.last().unwrap_or(&b'\n') != b'\n';
        let end = match buf.iter().rposition(|&b| b == b'\n') {
            Some(i) => i,
            None if start == 0 => {
                return Ok(Tail {
                    seq: 0,
                    hash: GENESIS.into(),
                    config_sha256: None,
                    committed_len: 0,
                    torn,
                });
            }
            None => {
                chunk *= 4;
                continue;
            }
        };
        let line_start = match buf[..end].iter().rposition(|&b| b == b'\n') {
            Some(i) => i + 1,
            None if start == 0 => 0,
            None => {
                chunk *= 4;
                continue;
            }
        };
        let line = std::str::from_utf8(&buf[line_start..end])
            .map_err(|_| corrupt(path, None, "the last record is not UTF-8"))?;
        let rec: Record = serde_json::from_str(line).map_err(|e| {
            corrupt(
                path,
                None,
                &format!("the last record cannot be read: {}", json_problem(&e)),
            )
        })?;
        return Ok(Tail {
            seq: rec.seq,
            hash: rec.hash,
            config_sha256: rec.config_sha256,
            committed_len: start + end as u64 + 1,
            torn,
        });
    }
}

/// The 1-based line of the byte at `pos`.
fn line_at(data: &[u8], pos: usize) -> usize {
    data[..pos.min(data.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn corrupt(path: &Path, line: Option<usize>, what: &str) -> Error {
    let at = line.map(|l| format!(" line {l}")).unwrap_or_default();
    Error::new(Code::StoreFormat, format!("the index {}{at} is damaged: {what}", path.display()))
        .hint("run `pkictl doctor` to see what is wrong; restore the index from a backup if doctor cannot mend it")
}

/// Appends sealed records with one write and one fsync; returns the
/// index's length after them. The caller holds the store lock and has
/// checked that the log is not torn.
pub fn append(path: &Path, lines: &str) -> Result<u64> {
    let mut f = OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| Error::io("open the index", path, &e))?;
    f.write_all(lines.as_bytes())
        .and_then(|_| f.sync_data())
        .and_then(|_| f.metadata())
        .map(|m| m.len())
        .map_err(|e| Error::io("append to the index", path, &e))
}

/// Reads the complete records that start at byte `offset` (a record
/// boundary); returns them and the index's committed length.
pub fn read_from(path: &Path, offset: u64) -> Result<(Vec<Record>, u64)> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = crate::store::fsio::open_regular(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            corrupt(path, None, &e.to_string())
        } else {
            Error::io("read the index", path, &e)
        }
    })?;
    let mut data = Vec::new();
    f.seek(SeekFrom::Start(offset))
        .and_then(|_| f.read_to_end(&mut data))
        .map_err(|e| Error::io("read the index", path, &e))?;
    let complete = data.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let records = parse_lines(&data[..complete], path)?;
    Ok((records, offset + complete as u64))
}

/// Reads every complete record. An unterminated last line is an
/// interrupted commit: ignored with a warning. A broken complete line is a
/// store error.
pub fn read_all(path: &Path) -> Result<(Vec<Record>, Vec<Warning>)> {
    let Some(data) = crate::store::fsio::read_store_file(path)? else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut warnings = Vec::new();
    let complete = match data.iter().rposition(|&b| b == b'\n') {
        Some(i) => i + 1,
        None => 0,
    };
    if complete < data.len() {
        warnings.push(torn_warning(path));
    }
    let records = parse_lines(&data[..complete], path)?;
    Ok((records, warnings))
}

/// Parses complete lines, in parallel on large indexes (one chunk per core,
/// split at line boundaries; the records keep their order).
fn parse_lines(data: &[u8], path: &Path) -> Result<Vec<Record>> {
    parse_parallel(data, |start, end| {
        let mut out = Vec::with_capacity((end - start) / 1200 + 1);
        for (i, line) in data[start..end].split(|&b| b == b'\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            let rec: Record = serde_json::from_slice(line).map_err(|e| {
                // Line numbers are counted only for the error.
                let before = data[..start].iter().filter(|&&b| b == b'\n').count();
                corrupt(path, Some(before + i + 1), &json_problem(&e))
            })?;
            out.push(rec);
        }
        Ok(out)
    })
}

/// Applies `parse(start, end)` to runs of whole lines of `data`: on one
/// thread for small inputs, else on up to 8 threads; the results keep the
/// order of the lines.
fn parse_parallel<T: Send>(
    data: &[u8],
    parse: impl Fn(usize, usize) -> Result<Vec<T>> + Sync,
) -> Result<Vec<T>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads < 2 || data.len() < (4 << 20) {
        return parse(0, data.len());
    }
    // Runs start just after a newline.
    let mut starts = vec![0usize];
    for k in 1..threads {
        let from = (k * data.len() / threads).max(*starts.last().unwrap_or(&0));
        if let Some(i) = data[from..].iter().position(|&b| b == b'\n') {
            starts.push(from + i + 1);
        }
    }
    starts.push(data.len());
    starts.dedup();
    let parse = &parse;
    let parts: Vec<Result<Vec<T>>> = std::thread::scope(|sc| {
        let handles: Vec<_> = starts
            .windows(2)
            .map(|w| sc.spawn(move || parse(w[0], w[1])))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::internal("an index reader thread panicked")))
            })
            .collect()
    });
    let mut out = Vec::with_capacity(data.len() / 1200 + 1);
    for p in parts {
        out.extend(p?);
    }
    Ok(out)
}

/// The warning for an interrupted last line.
pub fn torn_warning(path: &Path) -> Warning {
    Warning::new(
        WarningCode::IndexTorn,
        format!(
            "the last line of {} is incomplete (an interrupted command); it is ignored. Run `pkictl doctor --fix` to trim it",
            path.display()
        ),
    )
}

/// Result of checking the hash chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainCheck {
    pub ok: bool,
    pub records: u64,
    pub head: Option<Head>,
    pub problems: Vec<ChainProblem>,
    pub torn_tail: bool,
}

/// The chain's head, to publish elsewhere.
#[derive(Debug, Clone, Serialize)]
pub struct Head {
    pub seq: u64,
    pub hash: String,
}

/// A broken link of the chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainProblem {
    pub line: usize,
    pub seq: Option<u64>,
    pub message: String,
}

/// Verifies the hash chain line by line.
pub fn verify_chain(path: &Path) -> Result<ChainCheck> {
    let data = crate::store::fsio::read_store_file(path)?.unwrap_or_default();
    let complete = data.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut problems = Vec::new();
    let mut prev = GENESIS.to_string();
    let mut expect_seq = 1u64;
    let mut head = None;
    let mut count = 0u64;
    for (i, raw) in data[..complete].split(|&b| b == b'\n').enumerate() {
        if raw.is_empty() {
            continue;
        }
        let lineno = i + 1;
        count += 1;
        let problem = |seq, message: String| ChainProblem {
            line: lineno,
            seq,
            message,
        };
        let Ok(line) = std::str::from_utf8(raw) else {
            problems.push(problem(None, "not UTF-8".into()));
            continue;
        };
        let rec: Record = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                problems.push(problem(
                    None,
                    format!("not a valid record: {}", json_problem(&e)),
                ));
                continue;
            }
        };
        let Some((body, stated)) = unseal(line) else {
            problems.push(problem(
                Some(rec.seq),
                "the record has no hash as its last member".into(),
            ));
            continue;
        };
        if sha256_hex(body.as_bytes()) != stated {
            problems.push(problem(
                Some(rec.seq),
                "the record's content does not match its hash (edited?)".into(),
            ));
        }
        if rec.prev_hash != prev {
            problems.push(problem(
                Some(rec.seq),
                "prev_hash does not match the previous record's hash (a record was removed, inserted or reordered)".into(),
            ));
        }
        if rec.seq != expect_seq {
            problems.push(problem(
                Some(rec.seq),
                format!("seq {} where {expect_seq} was expected", rec.seq),
            ));
        }
        expect_seq = rec.seq + 1;
        prev = stated.to_string();
        head = Some(Head {
            seq: rec.seq,
            hash: stated.to_string(),
        });
    }
    Ok(ChainCheck {
        ok: problems.is_empty(),
        records: count,
        head,
        problems,
        torn_tail: complete < data.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_chain(path: &Path, n: u64) {
        let mut prev = GENESIS.to_string();
        let mut out = String::new();
        for seq in 1..=n {
            let mut r = Record::new(Event::PolicyChanged);
            r.seq = seq;
            r.time = "2026-01-01T00:00:00Z".into();
            r.prev_hash = prev.clone();
            out.push_str(&seal(&mut r).unwrap());
            prev = r.hash.clone();
        }
        std::fs::write(path, out).unwrap();
    }

    #[test]
    fn a_sealed_chain_verifies_and_its_tail_is_read() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("index.jsonl");
        write_chain(&p, 5);
        let check = verify_chain(&p).unwrap();
        assert!(check.ok, "{:?}", check.problems);
        assert_eq!(check.head.as_ref().unwrap().seq, 5);
        let tail = read_tail(&p).unwrap();
        assert_eq!(tail.seq, 5);
        assert_eq!(tail.hash, check.head.unwrap().hash);
        assert!(!tail.torn);
    }

    #[test]
    fn an_edited_record_breaks_the_chain() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("index.jsonl");
        write_chain(&p, 3);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replacen("2026-01-01", "2025-01-01", 1)).unwrap();
        let check = verify_chain(&p).unwrap();
        assert!(!check.ok);
        assert_eq!(check.problems[0].line, 1);
    }

    #[test]
    fn a_torn_last_line_is_ignored_with_a_warning() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("index.jsonl");
        write_chain(&p, 2);
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str("{\"seq\":3,\"ti");
        std::fs::write(&p, &text).unwrap();
        let (records, warnings) = read_all(&p).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(warnings[0].code, crate::error::WarningCode::IndexTorn);
        let tail = read_tail(&p).unwrap();
        assert!(tail.torn);
        assert_eq!(tail.seq, 2);
    }
}

/// The few fields expiry checks need, borrowed from the index bytes
/// (no allocation for plain strings), with the line's byte range.
#[derive(Debug, Deserialize)]
pub struct SlimRecord<'a> {
    pub event: Event,
    #[serde(borrow)]
    pub time: std::borrow::Cow<'a, str>,
    #[serde(default, borrow)]
    pub ca: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    pub name: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    pub serial: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, with = "crate::timeutil::rfc3339::option")]
    pub not_after: Option<i64>,
    #[serde(default, borrow)]
    pub next_update: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    pub crl_number: Option<u64>,
    #[serde(default, borrow)]
    pub cert: Option<SlimCert<'a>>,
    #[serde(default, borrow)]
    pub replaced_by: Option<std::borrow::Cow<'a, str>>,
    #[serde(skip)]
    pub range: (usize, usize),
}

/// The part of a record's certificate an expiry check needs.
#[derive(Debug, Deserialize)]
pub struct SlimCert<'a> {
    #[serde(with = "crate::timeutil::rfc3339")]
    pub not_before: i64,
    #[serde(borrow)]
    pub subject_cn: Option<std::borrow::Cow<'a, str>>,
}

/// Parses the complete lines of index bytes into slim records, on every core.
pub fn parse_slim<'a>(data: &'a [u8], path: &Path) -> Result<Vec<SlimRecord<'a>>> {
    let complete = data.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let data = &data[..complete];
    let parse = |start: usize, end: usize| -> Result<Vec<SlimRecord<'a>>> {
        let mut out = Vec::with_capacity((end - start) / 1200 + 1);
        let mut pos = start;
        while pos < end {
            let len = data[pos..end]
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(end - pos);
            let line = &data[pos..pos + len];
            if !line.is_empty() {
                let mut r: SlimRecord<'a> = serde_json::from_slice(line)
                    .map_err(|e| corrupt(path, Some(line_at(data, pos)), &json_problem(&e)))?;
                r.range = (pos, pos + len);
                out.push(r);
            }
            pos += len + 1;
        }
        Ok(out)
    };
    parse_parallel(data, parse)
}

/// Parses one full record from its byte range of the index.
pub fn parse_record(data: &[u8], (start, end): (usize, usize), path: &Path) -> Result<Record> {
    serde_json::from_slice(&data[start..end])
        .map_err(|e| corrupt(path, Some(line_at(data, start)), &json_problem(&e)))
}
