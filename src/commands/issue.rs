//! `pkictl issue`: generate a key and a certificate for a name, or many
//! from a batch file (validated whole before anything is signed; one lock,
//! one CA-key decryption per CA).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::authority::{CaMaterial, load_ca, open_signers};
use crate::cli::{BatchFormat, IssueArgs};
use crate::commands::common::load_active;
use crate::context::Context;
use crate::encoding::{cert_pem, new_serial};
use crate::error::{Code, Error, Result, Warning};
use crate::names::{Attr, Sans, Subject, check_name, parse_spiffe_id};
use crate::output::Report;
use crate::output::human::{Text, cert_fields};
use crate::pki::build::{CaSigner, CertSpec, SpecKind};
use crate::pki::certinfo::{CertFacts, CertView, StoreFields};
use crate::pki::keys::{KeyInfo, KeyType, PrivateKey};
use crate::pki::policy::{Candidate, check_constraints, check_policy, violations_to_error};
use crate::pki::profile::Profile;
use crate::settings::Defaults;
use crate::store::config::Config;
use crate::store::fsio::{self, MODE_PUBLIC, MODE_SECRET, Replace};
use crate::store::log::{Entry, Event, Record};
use crate::store::{Kind, META, Meta, StagedFile, Store, Txn};
use crate::timeutil::{DAY, format_duration, format_time, parse_duration};

/// Most SANs one certificate may carry.
const MAX_SANS: usize = 1000;

/// Most bytes the SANs may take, so that the whole certificate (subject,
/// key, other extensions, signature: under 5 KB) stays within the 64 KiB
/// rustls-webpki reads.
const MAX_SAN_BYTES: usize = 60_000;

/// JSON: `{"changed", "issued": [...], "errors": [...]}`.
#[derive(Debug, Serialize)]
pub struct IssueReport {
    pub changed: bool,
    pub dry_run: bool,
    pub issued: Vec<IssuedOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<LineError>>,
    /// The batch file, to name it in messages.
    #[serde(skip)]
    pub batch: Option<String>,
}

/// One issued (or, with --dry-run, planned) certificate.
#[derive(Debug, Serialize)]
pub struct IssuedOut {
    pub name: String,
    pub certificate: CertView,
    pub cert_path: Option<String>,
    pub key_path: Option<String>,
    pub chain_path: Option<String>,
    pub fullchain_path: Option<String>,
    pub ca_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_dir: Option<String>,
    /// False when --if-absent found an identical active certificate.
    pub changed: bool,
}

impl IssuedOut {
    /// What `--dry-run` reports for a plan: the certificate it would sign,
    /// and no files.
    pub(crate) fn planned(p: &Plan, ca: &CaMaterial, now: i64) -> IssuedOut {
        IssuedOut {
            name: p.name.clone(),
            certificate: dry_view(p, ca, now),
            cert_path: None,
            key_path: None,
            chain_path: None,
            fullchain_path: None,
            ca_path: None,
            out_dir: None,
            changed: true,
        }
    }
}

/// A batch line that failed.
#[derive(Debug, Clone, Serialize)]
pub struct LineError {
    pub line: usize,
    pub name: Option<String>,
    pub code: Code,
    pub message: String,
}

impl Report for IssueReport {
    fn human(&self, t: &mut Text) {
        if self.issued.len() > 1 {
            let verb = if self.dry_run {
                "Would issue"
            } else {
                "Issued"
            };
            let n = self.issued.iter().filter(|i| i.changed).count();
            t.line(format!("{verb} {n} certificate(s)."));
            let rows = self
                .issued
                .iter()
                .map(|i| {
                    vec![
                        comfy_table::Cell::new(&i.name),
                        comfy_table::Cell::new(i.certificate.serial.clone().unwrap_or_default()),
                        comfy_table::Cell::new(&i.certificate.not_after),
                        comfy_table::Cell::new(i.cert_path.clone().unwrap_or_default()),
                    ]
                })
                .collect();
            t.table(
                &["name", "serial", "not after", "certificate"],
                rows,
                &["serial", "not after"],
            );
        } else {
            for i in &self.issued {
                let head = if self.dry_run {
                    format!(
                        "Would issue {} (dry run: nothing was written)",
                        t.bold(&i.name)
                    )
                } else if !i.changed {
                    format!(
                        "{} is already issued as requested; nothing changed.",
                        t.bold(&i.name)
                    )
                } else {
                    format!("Issued {}.", t.bold(&i.name))
                };
                t.line(head);
                cert_fields(t, &i.certificate, 2);
                let rows: Vec<(&str, String)> = vec![
                    ("certificate", i.cert_path.clone().unwrap_or_default()),
                    ("private key", i.key_path.clone().unwrap_or_default()),
                    ("chain", i.chain_path.clone().unwrap_or_default()),
                    ("full chain", i.fullchain_path.clone().unwrap_or_default()),
                    ("root CA", i.ca_path.clone().unwrap_or_default()),
                    ("copied to", i.out_dir.clone().unwrap_or_default()),
                ];
                t.fields(2, &rows);
            }
        }
    }

    fn diagnostics(&self) -> Vec<String> {
        let file = self.batch.as_deref().unwrap_or("batch");
        self.errors
            .iter()
            .flatten()
            .map(|e| {
                let name = e
                    .name
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                if e.line > 0 {
                    format!("{file}:{}{name}: {} ({})", e.line, e.message, e.code)
                } else {
                    format!("{file}{name}: {} ({})", e.message, e.code)
                }
            })
            .collect()
    }

    fn exit_code(&self) -> u8 {
        if self.errors.as_ref().is_some_and(|e| !e.is_empty()) {
            2
        } else {
            0
        }
    }
}

/// One certificate to issue, as given (flags or a batch line).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeafInput {
    pub name: String,
    #[serde(default)]
    pub cn: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub dns: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub ip: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub email: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub uri: Vec<String>,
    #[serde(default)]
    pub spiffe_id: Option<String>,
    #[serde(default)]
    pub profile: Option<String>,
    #[serde(default)]
    pub validity: Option<String>,
    #[serde(default)]
    pub key_type: Option<String>,
    #[serde(default)]
    pub ca: Option<String>,
    #[serde(skip)]
    pub not_after: Option<i64>,
    #[serde(skip)]
    pub not_before: Option<i64>,
    #[serde(skip)]
    pub backdate: Option<i64>,
    /// A notBefore more than 24 hours in the past is wanted.
    #[serde(skip)]
    pub backdate_ok: bool,
    /// The public key of a request being signed (sign-csr, renew --csr).
    #[serde(skip)]
    pub csr_key: Option<KeyInfo>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// A validated request, ready to be signed.
#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    pub ca: String,
    pub profile: Profile,
    /// The type of key to generate (ignored when the key comes from a request).
    pub key_type: KeyType,
    /// The subject's public key, as the certificate will describe it.
    pub key: KeyInfo,
    pub spec: CertSpec,
    pub validity_secs: i64,
}

impl Plan {
    /// Whether an existing certificate matches this request (for --if-absent).
    fn same_as(&self, facts: &CertFacts, profile: Option<&str>, ca: Option<&str>) -> bool {
        facts.subject == self.spec.subject.to_rfc4514()
            && facts.sans.normalized() == self.spec.sans.normalized()
            && profile == Some(self.profile.as_str())
            && ca.is_some_and(|c| c.eq_ignore_ascii_case(&self.ca))
    }
}

fn resolve_ca_name(input: &LeafInput, d: &Defaults) -> Result<String> {
    input.ca.clone().or_else(|| d.ca.clone()).ok_or_else(|| {
        Error::new(Code::NotFound, "the store has no default issuing CA")
            .hint("create a CA with `pkictl init-ca`, pass --ca NAME, or set one with `pkictl ca default NAME`")
    })
}

/// Validates one request against the CA, its chain and the policy.
pub(crate) fn plan(
    ctx: &Context,
    cfg: &Config,
    d: &Defaults,
    ca: &CaMaterial,
    input: &LeafInput,
) -> Result<Plan> {
    check_name(&input.name)?;
    let mut profile = match &input.profile {
        Some(p) => p.parse()?,
        None => d.profile,
    };
    if input.spiffe_id.is_some() && input.profile.is_none() {
        profile = Profile::Spiffe;
    }
    if profile == Profile::IntermediateCa {
        return Err(
            Error::usage("the intermediate-ca profile is for sign-csr only")
                .hint("create an intermediate with `pkictl init-ca NAME --parent CA`"),
        );
    }
    let key_type = match (&input.csr_key, &input.key_type) {
        (Some(k), _) => k.key_type().unwrap_or(d.key_type),
        (None, Some(k)) => k.parse()?,
        (None, None) => d.key_type,
    };
    let key_info = input.csr_key.clone().unwrap_or_else(|| key_type.info());

    // Subject: --subject, then CN, then the CA's subject defaults.
    let mut subject = match &input.subject {
        Some(s) => Subject::parse(s)?,
        None => Subject::default(),
    };
    let cn = input
        .cn
        .clone()
        .or_else(|| subject.get(Attr::Cn).map(str::to_string))
        .unwrap_or_else(|| input.name.clone());
    if cn.trim().is_empty() || cn.chars().count() > 64 {
        return Err(Error::usage(format!(
            "common name {} must have 1 to 64 characters",
            crate::error::q(&cn)
        ))
        .hint("pass a shorter --cn; the SANs carry the host names"));
    }
    subject.set(Attr::Cn, cn.clone());
    let policy = cfg.policy(&ca.ca().info.name);
    let defaults_text = policy
        .subject
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace('\\', "\\\\").replace(',', "\\,")))
        .collect::<Vec<_>>()
        .join(",");
    let subject = subject.with_defaults(&Subject::parse(&defaults_text)?);
    subject.check_control_chars()?;

    // SANs.
    let mut sans = Sans::parse(&input.dns, &input.ip, &input.email, &input.uri)?;
    if profile == Profile::Spiffe {
        let id = input.spiffe_id.as_deref().ok_or_else(|| {
            Error::usage("the spiffe profile needs --spiffe-id")
                .hint("pass --spiffe-id spiffe://<trust-domain>/<path>")
        })?;
        let id = parse_spiffe_id(id)?;
        if sans.uri.iter().any(|u| *u != id) {
            return Err(Error::usage(
                "a SPIFFE certificate carries exactly one URI SAN, its SPIFFE ID",
            )
            .hint("drop --uri; the SPIFFE ID is added from --spiffe-id"));
        }
        sans.add_uri(id);
    } else if input.spiffe_id.is_some() {
        return Err(Error::usage(format!(
            "--spiffe-id needs the spiffe profile, not {profile}"
        )));
    }
    sans.add_host_like(&cn);
    if sans.len() > MAX_SANS {
        return Err(Error::usage(format!(
            "{} SANs is more than the {MAX_SANS} a certificate may carry",
            sans.len()
        )));
    }
    if sans.der_len() > MAX_SAN_BYTES {
        return Err(Error::usage(format!(
            "the {} SANs take {} bytes; a certificate must stay under 64 KiB, the most rustls-webpki (and the TLS stacks built on it) reads",
            sans.len(),
            sans.der_len()
        ))
        .hint(format!("keep the names under {MAX_SAN_BYTES} bytes in all: fewer or shorter names, or several certificates")));
    }
    if profile.needs_san() && sans.is_empty() {
        return Err(Error::usage(format!(
            "a {profile} certificate needs at least one SAN, and {:?} is not a host name",
            cn
        ))
        .hint(format!(
            "add --dns {}.example.com or --ip ADDRESS (clients use --profile client)",
            input.name
        )));
    }

    // Validity.
    let ca_facts = &ca.ca().facts;
    let validity = match &input.validity {
        Some(v) => parse_duration(v)?,
        None => d.validity,
    };
    let not_before = input
        .not_before
        .unwrap_or(ctx.now - input.backdate.unwrap_or(300));
    let not_after = input
        .not_after
        .unwrap_or_else(|| input.not_before.unwrap_or(ctx.now) + validity);
    if not_after <= not_before || not_after <= ctx.now {
        return Err(Error::usage(format!(
            "notAfter {} is not after notBefore and now",
            format_time(not_after)
        ))
        .hint("pass a positive --validity or a --not-after in the future"));
    }
    let validity_secs = not_after - input.not_before.unwrap_or(ctx.now);
    if ctx.now - not_before > DAY && !input.backdate_ok {
        return Err(Error::usage(format!(
            "notBefore {} is more than 24 hours in the past",
            format_time(not_before)
        ))
        .hint("a certificate dated back hides when it was made; pass --backdate-ok if that is what you want"));
    }
    if not_before < ca_facts.not_before_unix() {
        return Err(Error::new(
            Code::PolicyViolation,
            format!(
                "{} would be valid from {}, before its issuer CA {} is ({})",
                input.name,
                format_time(not_before),
                ca.ca().info.name,
                ca_facts.not_before
            ),
        )
        .hint(format!(
            "pass --not-before {} or later (or a smaller --backdate)",
            ca_facts.not_before
        )));
    }
    if ca_facts.not_after_unix() < ctx.now {
        return Err(Error::new(
            Code::OutlivesIssuer,
            format!("CA {} expired on {}", ca.ca().info.name, ca_facts.not_after),
        )
        .hint("issue from a CA that is still valid"));
    }
    if not_after > ca_facts.not_after_unix() {
        let max_days = (ca_facts.not_after_unix() - ctx.now) / DAY;
        return Err(Error::new(
            Code::OutlivesIssuer,
            format!(
                "{} would be valid until {}, after CA {} expires ({})",
                input.name,
                format_time(not_after),
                ca.ca().info.name,
                ca_facts.not_after
            ),
        )
        .hint(format!(
            "pass --validity {max_days}d or less, or --not-after {}",
            ca_facts.not_after
        )));
    }

    // Policy and the name constraints of every CA up to the root.
    let cand = Candidate {
        sans: &sans,
        profile,
        key: &key_info,
        validity_secs,
    };
    let mut violations = check_constraints(&sans, &ca.constraints());
    violations.extend(check_policy(&ca.ca().info.name, &policy, &cand));
    if !violations.is_empty() {
        return Err(violations_to_error(&input.name, &violations));
    }
    Ok(Plan {
        name: input.name.clone(),
        ca: ca.ca().info.name.clone(),
        profile,
        key_type,
        spec: CertSpec {
            subject,
            sans,
            not_before,
            not_after,
            kind: SpecKind::Leaf(profile),
            rsa_key: key_info.kind == "rsa",
        },
        key: key_info,
        validity_secs,
    })
}

/// The certificate a plan would produce, without signing (--dry-run).
fn dry_view(p: &Plan, ca: &CaMaterial, now: i64) -> CertView {
    let ca_key = ca.ca().facts.key.key_type().unwrap_or(KeyType::EcP256);
    let rsa = p.key.kind == "rsa";
    let ku = p.profile.key_usages(rsa);
    let mut key_usage = vec!["digitalSignature".to_string()];
    if ku.len() > 1 {
        key_usage.push("keyEncipherment".into());
    }
    let eku = match p.profile {
        Profile::Server => vec!["serverAuth"],
        Profile::Client => vec!["clientAuth"],
        _ => vec!["serverAuth", "clientAuth"],
    };
    let facts = CertFacts {
        serial: String::new(),
        subject: p.spec.subject.to_rfc4514(),
        subject_cn: p.spec.subject.get(Attr::Cn).map(str::to_string),
        issuer: ca.ca().facts.subject.clone(),
        not_before: format_time(p.spec.not_before),
        not_after: format_time(p.spec.not_after),
        sans: p.spec.sans.clone(),
        key: p.key.clone(),
        signature_algorithm: ca_key.signature_algorithm().into(),
        is_ca: false,
        path_len: None,
        key_usage,
        extended_key_usage: eku.into_iter().map(String::from).collect(),
        name_constraints: None,
        fingerprint_sha256: String::new(),
        spki_sha256: String::new(),
        subject_key_id: None,
        authority_key_id: ca.ca().facts.subject_key_id.clone(),
    };
    let mut v = CertView::new(facts, now);
    v.serial = None;
    v.fingerprint_sha256 = None;
    v.spki_sha256 = None;
    v
}

/// How an existing active certificate of the same name is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    Refuse,
    Supersede,
    IfAbsent,
}

impl Existing {
    /// From the `--supersede` and `--if-absent` flags (clap keeps them apart).
    pub(crate) fn from_flags(supersede: bool, if_absent: bool) -> Existing {
        if supersede {
            Existing::Supersede
        } else if if_absent {
            Existing::IfAbsent
        } else {
            Existing::Refuse
        }
    }
}

/// What to do for one plan once the store was consulted.
pub(crate) enum Decision {
    Issue { replaces: Option<String> },
    Unchanged(Box<(Meta, CertFacts)>),
}

/// Looks the name up through its `current` link (O(1) in the store's size).
pub(crate) fn decide(store: &Store, plan: &Plan, mode: Existing) -> Result<Decision> {
    if store.has_current(Kind::Ca, &plan.name)? {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("{} is the name of a CA", plan.name),
        )
        .hint("a certificate name cannot also be a CA name; choose another"));
    }
    let Some((meta, facts)) = load_active(store, &plan.name)? else {
        return Ok(Decision::Issue { replaces: None });
    };
    match mode {
        Existing::IfAbsent
            if plan.same_as(&facts, meta.entry.profile.as_deref(), meta.ca.as_deref()) =>
        {
            Ok(Decision::Unchanged(Box::new((meta, facts))))
        }
        Existing::IfAbsent => Err(Error::new(
            Code::ExistsDifferent,
            format!(
                "{} is already issued (serial {}) with a different subject, SANs, profile or CA",
                plan.name, facts.serial
            ),
        )
        .hint(format!(
            "renew it with `pkictl renew {}`, or pass --supersede to replace it",
            plan.name
        ))),
        Existing::Supersede => Ok(Decision::Issue {
            replaces: Some(facts.serial),
        }),
        Existing::Refuse => Err(Error::new(
            Code::AlreadyExists,
            format!(
                "{} already has an active certificate (serial {}, valid until {})",
                plan.name, facts.serial, facts.not_after
            ),
        )
        .hint(format!(
            "renew it with `pkictl renew {}` (the successor keeps its lineage); or pass --supersede to replace it without revoking it",
            plan.name
        ))),
    }
}

/// Where the copies of --out-dir go, checked before anything is signed.
pub(crate) fn out_dir_for(base: &Path, name: &str, batch: bool) -> PathBuf {
    if batch {
        base.join(name)
    } else {
        base.to_path_buf()
    }
}

pub(crate) fn preflight_out_dir(dir: &Path, keep_key_out: bool, overwrite: bool) -> Result<()> {
    fsio::check_out_dir(dir)?;
    if overwrite {
        return Ok(());
    }
    for f in ["cert.pem", "chain.pem", "fullchain.pem", "ca.pem"]
        .into_iter()
        .chain(keep_key_out.then_some("key.pem"))
    {
        let p = dir.join(f);
        if fsio::exists_no_follow(&p) {
            return Err(fsio::already_exists(&p));
        }
    }
    Ok(())
}

/// The five files of an issued certificate.
struct LeafFiles {
    cert: String,
    chain: String,
    fullchain: String,
    root: String,
}

fn leaf_files(der: &[u8], ca: &CaMaterial) -> LeafFiles {
    let cert = cert_pem(der);
    let chain: String = ca
        .intermediates_for_child()
        .iter()
        .map(|d| cert_pem(d))
        .collect();
    LeafFiles {
        fullchain: format!("{cert}{chain}"),
        cert,
        chain,
        root: cert_pem(&ca.root().der),
    }
}

fn write_out_dir(
    dir: &Path,
    files: &LeafFiles,
    key_pem: Option<&str>,
    overwrite: bool,
) -> Result<()> {
    fsio::create_out_dir(dir)?;
    let replace = Replace::if_overwrite(overwrite);
    if let Some(k) = key_pem {
        fsio::write_file(
            &dir.join("key.pem"),
            k.as_bytes(),
            MODE_SECRET,
            replace,
            true,
        )?;
    }
    for (name, text) in [
        ("cert.pem", &files.cert),
        ("chain.pem", &files.chain),
        ("fullchain.pem", &files.fullchain),
        ("ca.pem", &files.root),
    ] {
        fsio::write_file(&dir.join(name), text.as_bytes(), MODE_PUBLIC, replace, true)?;
    }
    Ok(())
}

/// Whose public key goes into the certificate.
pub(crate) enum SubjectKey {
    /// A key pkictl generated (or reused): its private half is written.
    Generated(Box<PrivateKey>),
    /// The public key of a request signed from elsewhere.
    Csr(rcgen::SubjectPublicKeyInfo),
}

/// A request about to be signed, with its key already generated.
pub(crate) struct Prepared {
    pub plan: Plan,
    pub replaces: Option<String>,
    pub key: SubjectKey,
    pub out_dir: Option<PathBuf>,
}

/// Signs and stages one certificate inside a transaction.
pub(crate) fn sign_and_stage(
    txn: &mut Txn<'_>,
    p: &Prepared,
    ca: &CaMaterial,
    signer: &CaSigner<'_>,
    keep_key: bool,
    overwrite: bool,
    event: Event,
) -> Result<(CertFacts, Vec<Record>)> {
    let store = txn.store();
    if let Some(old) = &p.replaces {
        // Under the lock: the name must still be where we decided.
        if store.active_serial(Kind::Cert, &p.plan.name)?.as_deref() != Some(old.as_str()) {
            return Err(Error::new(
                Code::AlreadyExists,
                format!("{} changed while waiting for the lock", p.plan.name),
            )
            .hint("run the command again"));
        }
    } else if store.has_current(Kind::Cert, &p.plan.name)? {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("{} was issued by another command meanwhile", p.plan.name),
        )
        .hint(format!(
            "see `pkictl list`; renew it with `pkictl renew {}`",
            p.plan.name
        )));
    }
    let serial = new_serial()?;
    let (der, key_pem) = match &p.key {
        SubjectKey::Generated(k) => (
            signer.sign(&p.plan.spec, &serial, k.pair())?,
            Some(k.to_pem()),
        ),
        SubjectKey::Csr(spki) => (signer.sign(&p.plan.spec, &serial, spki)?, None),
    };
    let keep_key = keep_key && key_pem.is_some();
    let facts = CertFacts::from_der(&der)?;
    let files = leaf_files(&der, ca);
    let entry = Entry {
        profile: Some(p.plan.profile.as_str().into()),
        validity_secs: Some(p.plan.validity_secs),
        key_stored: keep_key,
        replaces: p.replaces.clone(),
        from_csr: key_pem.is_none(),
        ..Entry::default()
    };
    let meta = serde_json::to_string(&Meta {
        name: p.plan.name.clone(),
        ca: Some(p.plan.ca.clone()),
        entry: entry.clone(),
    })
    .map_err(|e| Error::internal(format!("metadata: {e}")))?;
    let mut staged = vec![
        StagedFile {
            name: META,
            bytes: meta.as_bytes(),
            mode: MODE_PUBLIC,
        },
        StagedFile {
            name: "cert.pem",
            bytes: files.cert.as_bytes(),
            mode: MODE_PUBLIC,
        },
        StagedFile {
            name: "chain.pem",
            bytes: files.chain.as_bytes(),
            mode: MODE_PUBLIC,
        },
        StagedFile {
            name: "fullchain.pem",
            bytes: files.fullchain.as_bytes(),
            mode: MODE_PUBLIC,
        },
        StagedFile {
            name: "ca.pem",
            bytes: files.root.as_bytes(),
            mode: MODE_PUBLIC,
        },
    ];
    if let (true, Some(k)) = (keep_key, &key_pem) {
        staged.push(StagedFile {
            name: "key.pem",
            bytes: k.as_bytes(),
            mode: MODE_SECRET,
        });
    }
    let dir = txn.stage_serial_dir(Kind::Cert, &p.plan.name, &facts.serial, &staged)?;
    if let Some(out) = &p.out_dir
        && let Err(e) = write_out_dir(out, &files, key_pem.as_ref().map(|k| k.as_str()), overwrite)
    {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(e);
    }
    let mut rec = Record::for_cert(event, &facts);
    rec.name = Some(p.plan.name.clone());
    rec.ca = Some(p.plan.ca.clone());
    rec.entry = Some(entry);
    let mut records = vec![rec];
    if let Some(old) = &p.replaces {
        let mut s = Record::new(Event::Superseded);
        s.name = Some(p.plan.name.clone());
        s.ca = Some(p.plan.ca.clone());
        s.serial = Some(old.clone());
        s.replaced_by = Some(facts.serial.clone());
        records.push(s);
    }
    Ok((facts, records))
}

pub(crate) fn issued_out(
    store: &Store,
    p: &Prepared,
    facts: CertFacts,
    keep_key: bool,
    now: i64,
) -> IssuedOut {
    let cur = store.current_dir(Kind::Cert, &p.plan.name);
    let path = |f: &str| Some(cur.join(f).display().to_string());
    let key_path = match (&p.key, keep_key) {
        (SubjectKey::Csr(_), _) => None,
        (_, true) => path("key.pem"),
        (_, false) => p
            .out_dir
            .as_ref()
            .map(|d| d.join("key.pem").display().to_string()),
    };
    let view = CertView::new(facts, now)
        .with_path(cur.join("cert.pem").display().to_string())
        .with_store(StoreFields {
            name: p.plan.name.clone(),
            ca: Some(p.plan.ca.clone()),
            profile: Some(p.plan.profile.as_str().into()),
            status: "valid".into(),
            replaces: p.replaces.clone(),
            replaced_by: None,
        });
    IssuedOut {
        name: p.plan.name.clone(),
        certificate: view,
        cert_path: path("cert.pem"),
        key_path,
        chain_path: path("chain.pem"),
        fullchain_path: path("fullchain.pem"),
        ca_path: path("ca.pem"),
        out_dir: p.out_dir.as_ref().map(|d| d.display().to_string()),
        changed: true,
    }
}

/// The report of an identical active certificate that `--if-absent` found.
pub(crate) fn unchanged_out(
    store: &Store,
    (meta, facts): (Meta, CertFacts),
    now: i64,
) -> IssuedOut {
    let cur = store.current_dir(Kind::Cert, &meta.name);
    let path = |f: &str| Some(cur.join(f).display().to_string());
    let view = CertView::new(facts, now)
        .with_path(cur.join("cert.pem").display().to_string())
        .with_store(StoreFields {
            name: meta.name.clone(),
            ca: meta.ca.clone(),
            profile: meta.entry.profile.clone(),
            status: "valid".into(),
            replaces: meta.entry.replaces.clone(),
            replaced_by: None,
        });
    IssuedOut {
        name: meta.name.clone(),
        certificate: view,
        cert_path: path("cert.pem"),
        key_path: if meta.entry.key_stored {
            path("key.pem")
        } else {
            None
        },
        chain_path: path("chain.pem"),
        fullchain_path: path("fullchain.pem"),
        ca_path: path("ca.pem"),
        out_dir: None,
        changed: false,
    }
}

fn refusal_record(name: &str, ca: Option<&str>) -> Record {
    let mut r = Record::new(Event::Refused);
    r.name = Some(name.to_string());
    r.ca = ca.map(str::to_string);
    r
}

/// Errors that are decisions of the store (logged as `refused`), not bad input.
fn is_refusal(code: Code) -> bool {
    matches!(
        code,
        Code::PolicyViolation
            | Code::NameConstraintViolation
            | Code::OutlivesIssuer
            | Code::AlreadyExists
            | Code::ExistsDifferent
    )
}

/// Runs `issue`.
pub fn run(ctx: &Context, args: IssueArgs) -> Result<IssueReport> {
    let batch = args.batch.as_ref().map(|b| b.display().to_string());
    let mut report = issue_all(ctx, args)?;
    report.batch = batch;
    Ok(report)
}

fn issue_all(ctx: &Context, args: IssueArgs) -> Result<IssueReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let defaults = Defaults::resolve(
        &cfg,
        &crate::settings::Overrides {
            ca: args.ca.clone(),
            key_type: args.key_type,
            profile: args.profile,
            validity: args.validity,
        },
    )?;
    let timeout = ctx.lock_timeout(&cfg);
    let keep_key = defaults.keep_key && !args.no_keep_key;
    if !keep_key && args.out_dir.is_none() && !args.dry_run {
        return Err(Error::usage("the key would not be kept anywhere: --no-keep-key (or keep_leaf_keys = false) needs --out-dir")
            .hint("pass --out-dir DIR so the private key is written there"));
    }
    let mode = Existing::from_flags(args.supersede, args.if_absent);
    let (inputs, batch) = match &args.batch {
        Some(file) => (read_batch(file, args.batch_format, args.keep_going)?, true),
        None => {
            let input = LeafInput {
                name: args.name.clone().unwrap_or_default(),
                cn: args.cn.clone(),
                subject: args.subject.clone(),
                dns: args.sans.dns.clone(),
                ip: args.sans.ip.clone(),
                email: args.sans.email.clone(),
                uri: args.sans.uri.clone(),
                spiffe_id: args.spiffe_id.clone(),
                profile: args.profile.map(|p| p.as_str().to_string()),
                validity: args.validity.map(format_duration),
                key_type: args.key_type.map(|k| k.as_str().to_string()),
                ca: args.ca.clone(),
                not_after: args.not_after,
                not_before: args.not_before,
                backdate: args.backdate,
                backdate_ok: args.backdate_ok,
                csr_key: None,
            };
            (vec![Ok((1, input))], false)
        }
    };
    // Batch-wide settings from flags apply to every line that does not set them.
    let inputs: Vec<Result<(usize, LeafInput), LineError>> = inputs
        .into_iter()
        .map(|r| {
            r.map(|(line, mut i)| {
                if batch {
                    i.ca = i.ca.or_else(|| args.ca.clone());
                    i.profile = i
                        .profile
                        .or_else(|| args.profile.map(|p| p.as_str().to_string()));
                    i.key_type = i
                        .key_type
                        .or_else(|| args.key_type.map(|k| k.as_str().to_string()));
                    i.validity = i.validity.or_else(|| args.validity.map(format_duration));
                    i.not_after = args.not_after;
                    i.not_before = args.not_before;
                    i.backdate = args.backdate;
                    i.backdate_ok = args.backdate_ok;
                }
                (line, i)
            })
        })
        .collect();

    // Validate everything before generating or signing anything.
    let mut cas: HashMap<String, CaMaterial> = HashMap::new();
    let mut plans: Vec<(Plan, Decision)> = Vec::new();
    let mut errors: Vec<LineError> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for item in inputs {
        let (line, input) = match item {
            Ok(v) => v,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let result = (|| -> Result<(Plan, Decision)> {
            let ca_name = resolve_ca_name(&input, &defaults)?;
            let key = ca_name.to_ascii_lowercase();
            if !cas.contains_key(&key) {
                cas.insert(key.clone(), load_ca(&store, &ca_name)?);
            }
            let ca = &cas[&key];
            let plan = plan(ctx, &cfg, &defaults, ca, &input)?;
            if !seen.insert(plan.name.to_ascii_lowercase()) {
                return Err(Error::usage(format!(
                    "{} appears twice in the batch",
                    plan.name
                )));
            }
            let decision = decide(&store, &plan, mode)?;
            Ok((plan, decision))
        })();
        match result {
            Ok(p) => plans.push(p),
            Err(e) => {
                if !batch {
                    if is_refusal(e.code) {
                        let ca = input.ca.clone().or_else(|| defaults.ca.clone());
                        store.log_refusal(
                            timeout,
                            &ctx.command_line,
                            refusal_record(&input.name, ca.as_deref()),
                            &e,
                        );
                    }
                    return Err(e);
                }
                errors.push(LineError {
                    line,
                    name: (!input.name.is_empty())
                        .then(|| crate::error::clip(input.name.clone(), 130)),
                    code: e.code,
                    message: e.message.clone(),
                });
                if !args.keep_going && errors.len() >= MAX_BATCH_ERRORS {
                    errors.push(LineError {
                        line: line + 1,
                        name: None,
                        code: e.code,
                        message: format!("stopped after {} bad lines; the rest was not checked (fix these, or pass --keep-going to see every one)", errors.len()),
                    });
                    break;
                }
            }
        }
    }
    if !errors.is_empty() && !args.keep_going {
        let mut r = Record::new(Event::Refused);
        r.message = Some(format!(
            "batch refused: {} line(s) failed validation; nothing was issued",
            errors.len()
        ));
        r.reason = Some(errors[0].code.as_str().into());
        if errors.iter().any(|e| is_refusal(e.code)) {
            store.log_refusal(
                timeout,
                &ctx.command_line,
                r,
                &Error::new(errors[0].code, errors[0].message.clone()),
            );
        }
        return Ok(IssueReport {
            changed: false,
            dry_run: args.dry_run,
            issued: Vec::new(),
            errors: Some(errors),
            batch: None,
        });
    }
    for (p, _) in &plans {
        if cas
            .get(&p.ca.to_ascii_lowercase())
            .is_some_and(|c| c.is_root())
        {
            ctx.warn(Warning::new(
                "issued_from_root",
                format!("{} is issued directly by root CA {}; leaves should come from an intermediate (`pkictl init-ca NAME --parent {}`)", p.name, p.ca, p.ca),
            ));
        }
    }

    let mut issued = Vec::new();
    if args.dry_run {
        for (p, _) in &plans {
            let ca = &cas[&p.ca.to_ascii_lowercase()];
            issued.push(IssuedOut::planned(p, ca, ctx.now));
        }
        return Ok(IssueReport {
            changed: false,
            dry_run: true,
            issued,
            errors: (!errors.is_empty()).then_some(errors),
            batch: None,
        });
    }

    // Unchanged (--if-absent) entries are reported as they are.
    let mut to_issue = Vec::new();
    for (plan, decision) in plans {
        match decision {
            Decision::Unchanged(found) => issued.push(unchanged_out(&store, *found, ctx.now)),
            Decision::Issue { replaces } => to_issue.push((plan, replaces)),
        }
    }
    if to_issue.is_empty() {
        return Ok(IssueReport {
            changed: false,
            dry_run: false,
            issued,
            errors: (!errors.is_empty()).then_some(errors),
            batch: None,
        });
    }

    // Out-dir checks and key generation happen before the lock.
    let mut prepared = Vec::new();
    let bar = progress(ctx, to_issue.len() as u64, "generating keys");
    for (plan, replaces) in to_issue {
        let out_dir = args
            .out_dir
            .as_ref()
            .map(|b| out_dir_for(b, &plan.name, batch));
        if let Some(d) = &out_dir {
            preflight_out_dir(d, true, args.overwrite)?;
        }
        let key = SubjectKey::Generated(Box::new(PrivateKey::generate(plan.key_type)?));
        prepared.push(Prepared {
            plan,
            replaces,
            key,
            out_dir,
        });
        bar.inc(1);
    }
    bar.finish_and_clear();

    // One decryption per CA.
    let ca_keys = open_signers(ctx, &cas, prepared.iter().map(|p| p.plan.ca.as_str()))?;
    let signers: HashMap<String, CaSigner<'_>> = ca_keys
        .iter()
        .map(|(k, key)| {
            let name = &cas[k].ca().info.name;
            CaSigner::new(
                &cas[k].ca().der,
                key.as_ref(),
                cfg.policy(name).locations(name),
            )
            .map(|s| (k.clone(), s))
        })
        .collect::<Result<_>>()?;

    let mut txn = store.begin(timeout, &ctx.command_line)?;
    let bar = progress(ctx, prepared.len() as u64, "signing");
    let mut results = Vec::new();
    for p in &prepared {
        let k = p.plan.ca.to_ascii_lowercase();
        match sign_and_stage(
            &mut txn,
            p,
            &cas[&k],
            &signers[&k],
            keep_key,
            args.overwrite,
            Event::Issued,
        ) {
            Ok((facts, recs)) => {
                for r in recs {
                    txn.push(r);
                }
                results.push((p, facts));
            }
            Err(e) if batch && args.keep_going => errors.push(LineError {
                line: 0,
                name: Some(p.plan.name.clone()),
                code: e.code,
                message: e.message,
            }),
            Err(e) => return Err(e),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    txn.commit()?;
    let changed = !results.is_empty();
    for (p, facts) in results {
        issued.push(issued_out(&store, p, facts, keep_key, ctx.now));
    }
    Ok(IssueReport {
        changed,
        dry_run: false,
        issued,
        errors: (!errors.is_empty()).then_some(errors),
        batch: None,
    })
}

pub(crate) fn progress(ctx: &Context, len: u64, what: &str) -> indicatif::ProgressBar {
    if len < 20 || !ctx.progress_allowed() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg:>16} [{bar:30}] {pos}/{len} ({eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// Reads a batch file: JSON Lines or CSV (by extension or --batch-format).
/// A batch stops after this many bad lines unless --keep-going: the first
/// ones tell what is wrong, a million more tell nothing new.
const MAX_BATCH_ERRORS: usize = 100;

/// Keeps the entries of a batch up to the `max`-th bad one; then one more
/// entry says that the rest was not looked at.
fn bounded_errors(
    items: impl Iterator<Item = Result<(usize, LeafInput), LineError>>,
    max: Option<usize>,
) -> Vec<Result<(usize, LeafInput), LineError>> {
    let mut out = Vec::new();
    let mut bad = 0;
    for item in items {
        if item.is_err() {
            bad += 1;
        }
        let line = match &item {
            Ok((l, _)) => *l,
            Err(e) => e.line,
        };
        out.push(item);
        if max.is_some_and(|m| bad >= m) {
            out.push(Err(LineError {
                line: line + 1,
                name: None,
                code: Code::MalformedInput,
                message: format!(
                    "stopped after {bad} bad lines; the rest was not read (fix these, or pass --keep-going to see every one)"
                ),
            }));
            break;
        }
    }
    out
}

fn read_batch(
    path: &Path,
    format: Option<BatchFormat>,
    keep_going: bool,
) -> Result<Vec<Result<(usize, LeafInput), LineError>>> {
    let max_errors = (!keep_going).then_some(MAX_BATCH_ERRORS);
    let data = fsio::read_input(path, fsio::InputKind::BATCH)?;
    let text = String::from_utf8(data)
        .map_err(|_| Error::malformed(format!("batch file {} is not UTF-8", path.display())))?;
    // Editors on Windows start UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let format = format.unwrap_or_else(|| {
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            BatchFormat::Csv
        } else {
            BatchFormat::Jsonl
        }
    });
    let items = match format {
        BatchFormat::Jsonl => bounded_errors(
            text.lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| {
                    serde_json::from_str::<LeafInput>(l)
                        .map(|v| (i + 1, v))
                        .map_err(|e| LineError {
                            line: i + 1,
                            name: serde_json::from_str::<serde_json::Value>(l)
                                .ok()
                                .and_then(|v| {
                                    v.get("name")
                                        .and_then(|n| n.as_str())
                                        .map(|n| crate::error::clip(n.to_string(), 130))
                                }),
                            code: Code::MalformedInput,
                            message: crate::error::json_problem(&e),
                        })
                }),
            max_errors,
        ),
        BatchFormat::Csv => read_csv(text, max_errors)?,
    };
    if items.is_empty() {
        return Err(Error::malformed(format!(
            "batch file {} has no entries",
            path.display()
        )));
    }
    Ok(items)
}

fn read_csv(
    text: &str,
    max_errors: Option<usize>,
) -> Result<Vec<Result<(usize, LeafInput), LineError>>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| Error::malformed(format!("batch CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect::<Vec<_>>();
    const KNOWN: [&str; 12] = [
        "name",
        "cn",
        "subject",
        "dns",
        "ip",
        "email",
        "uri",
        "spiffe_id",
        "profile",
        "validity",
        "key_type",
        "ca",
    ];
    if let Some(bad) = headers.iter().find(|h| !KNOWN.contains(&h.as_str())) {
        return Err(Error::malformed(format!(
            "batch CSV has an unknown column {}",
            crate::error::q(bad)
        ))
        .hint(format!("columns: {}", KNOWN.join(", "))));
    }
    if let Some((i, dup)) = headers
        .iter()
        .enumerate()
        .find(|(i, h)| headers[..*i].contains(h))
    {
        return Err(Error::malformed(format!(
            "batch CSV names the column {dup:?} twice (columns {} and {})",
            headers.iter().position(|h| h == dup).unwrap_or(0) + 1,
            i + 1
        ))
        .hint("give each column once; several values go into one cell, separated by ';'"));
    }
    if !headers.iter().any(|h| h == "name") {
        return Err(Error::malformed("batch CSV has no name column"));
    }
    let items = rdr.records().map(|rec| {
        let rec = rec.map_err(|e| LineError {
            line: e.position().map_or(0, |p| p.line() as usize),
            name: None,
            code: Code::MalformedInput,
            message: crate::error::clip(e.to_string(), 2 * crate::error::QUOTE_MAX),
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let mut input = LeafInput::default();
        for (h, v) in headers.iter().zip(rec.iter()) {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            let many = || {
                v.split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
            };
            match h.as_str() {
                "name" => input.name = v.to_string(),
                "cn" => input.cn = Some(v.to_string()),
                "subject" => input.subject = Some(v.to_string()),
                "dns" => input.dns = many(),
                "ip" => input.ip = many(),
                "email" => input.email = many(),
                "uri" => input.uri = many(),
                "spiffe_id" => input.spiffe_id = Some(v.to_string()),
                "profile" => input.profile = Some(v.to_string()),
                "validity" => input.validity = Some(v.to_string()),
                "key_type" => input.key_type = Some(v.to_string()),
                _ => input.ca = Some(v.to_string()),
            }
        }
        if input.name.is_empty() {
            return Err(LineError {
                line,
                name: None,
                code: Code::MalformedInput,
                message: "the name is empty".into(),
            });
        }
        Ok((line, input))
    });
    Ok(bounded_errors(items, max_errors))
}
