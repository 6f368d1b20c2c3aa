//! The records of the store's log (`index.jsonl`): what happened, to which
//! certificate, by whom. `log` reads and writes them; `state` folds them
//! into the store's state.

use serde::{Deserialize, Serialize};

use crate::names::Sans;
use crate::pki::certinfo::{CertFacts, NameConstraintsInfo};
use crate::pki::keys::KeyInfo;

/// What a record says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    CaCreated,
    /// A CA's key certified again (new validity and serial).
    CaRenewed,
    /// A CA's key certified by another CA of the store (a cross certificate).
    CaCrossSigned,
    /// A CA's next generation (a new key) created; issuance moves to it.
    CaRolloverStarted,
    /// A CA's previous generation retired at the end of a rollover.
    CaRolloverFinished,
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

impl Event {
    /// A record of a CA's own certificate (not one it issued).
    pub fn is_ca_certificate(self) -> bool {
        matches!(
            self,
            Event::CaCreated | Event::CaRenewed | Event::CaRolloverStarted | Event::CaCrossSigned
        )
    }
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

/// The user name of a uid from the password database (through libc: NSS
/// lookups are not a system call, so rustix has no wrapper).
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
    rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned()
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
    /// A cross certificate: the CA's key certified by another CA (`parent`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cross: bool,
    /// For CAs: whether the key file is encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_encrypted: Option<bool>,
    /// For CAs: the generation (the key) this certificate belongs to;
    /// absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation: Option<u32>,
    /// The generation of the CA that signed this certificate; absent
    /// means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_generation: Option<u32>,
    /// For CAs whose key is in a PKCS#11 token: its URI (RFC 7512, never
    /// with a PIN); the serial directory holds it as `key.uri`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_uri: Option<String>,
}

impl Entry {
    /// The CA generation this certificate belongs to (CAs).
    pub fn generation(&self) -> u32 {
        self.generation.unwrap_or(1)
    }

    /// The generation of the CA that signed it.
    pub fn ca_generation(&self) -> u32 {
        self.ca_generation.unwrap_or(1)
    }
}

/// A generation as records and meta files carry it: absent for 1.
pub fn generation_field(generation: u32) -> Option<u32> {
    (generation > 1).then_some(generation)
}

/// The name a CA generation's CRL goes by (its file in `crls/`, the key of
/// its state): the CA's name in lowercase for generation 1, with `@N` for
/// generation N (a character no name may hold, so no two collide).
pub fn crl_stem(ca: &str, generation: u32) -> String {
    if generation > 1 {
        format!("{}@{generation}", ca.to_ascii_lowercase())
    } else {
        ca.to_ascii_lowercase()
    }
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
    /// `crl_signed`: the generation of the CA that signed it (absent: 1);
    /// `ca_rollover_finished`: the generation retired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_generation: Option<u32>,
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
            ca_generation: None,
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

    /// `crl_signed`: the stem of the CRL it names.
    pub fn crl_stem(&self) -> Option<String> {
        self.ca
            .as_deref()
            .map(|ca| crl_stem(ca, self.ca_generation.unwrap_or(1)))
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
