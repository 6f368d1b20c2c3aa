//! `pkictl ca default NAME`, `pkictl ca status [NAME]` and `pkictl ca
//! renew NAME` (the same key certified again).

use comfy_table::Cell;
use serde::Serialize;

use crate::authority::{
    CaConstraints, CaMaterial, install_cross, install_recertified, load_ca, open_signer, unknown_ca,
};
use crate::cli::{CaCrossSignArgs, CaDefaultArgs, CaRenewArgs, CaStatusArgs};
use crate::context::Context;
use crate::encoding::{hex_decode, new_serial};
use crate::error::{Code, Error, Result};
use crate::issuance::{CaIssuer, CaPlan, CaRequest, check_ca, plan_ca, recertify_ca, sign_ca};
use crate::names::{Sans, Subject};
use crate::output::Report;
use crate::output::human::{Text, remaining};
use crate::pki::build::{NcSpec, SpecKind, make_request};
use crate::pki::certinfo::{CertFacts, CertView};
use crate::pki::keys::KeyKind;
use crate::settings::Defaults;
use crate::store::Kind;
use crate::store::config;
use crate::store::record::{CaKind, Event, Record};
use crate::store::state::CaInfo;

/// JSON: `{"default_ca": NAME, "previous": NAME|null, "changed": bool}`.
#[derive(Debug, Serialize)]
pub struct DefaultReport {
    pub default_ca: String,
    pub previous: Option<String>,
    pub changed: bool,
}

impl Report for DefaultReport {
    fn human(&self, t: &mut Text) {
        if self.changed {
            t.line(format!(
                "The default issuer is now {}.",
                t.bold(&self.default_ca)
            ));
        } else {
            t.line(format!(
                "{} is already the default issuer.",
                self.default_ca
            ));
        }
    }
}

/// Runs `ca default`.
pub fn set_default(ctx: &Context, args: CaDefaultArgs) -> Result<DefaultReport> {
    let store = ctx.open_store()?;
    let (cfg, text) = store.config()?;
    let (state, ws) = store.state()?;
    ctx.warn_all(ws);
    let ca = state
        .ca(&args.name)
        .ok_or_else(|| unknown_ca(&args.name, &store))?;
    if !ca.key_stored {
        return Err(Error::new(
            Code::Unsupported,
            format!("the store holds no key for CA {}; it cannot issue", ca.name),
        )
        .hint("choose a CA created in this store"));
    }
    let previous = cfg.default_ca.clone();
    if previous
        .as_deref()
        .is_some_and(|p| p.eq_ignore_ascii_case(&ca.name))
    {
        return Ok(DefaultReport {
            default_ca: ca.name.clone(),
            previous,
            changed: false,
        });
    }
    let new_text = config::set_default_ca(&text, &ca.name)?;
    let mut txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    txn.stage_config(&new_text)?;
    let mut r = Record::new(Event::PolicyChanged);
    r.ca = Some(ca.name.clone());
    r.message = Some(format!(
        "default issuer changed from {} to {}",
        previous.as_deref().unwrap_or("(none)"),
        ca.name
    ));
    txn.push(r);
    txn.commit()?;
    Ok(DefaultReport {
        default_ca: ca.name.clone(),
        previous,
        changed: true,
    })
}

/// JSON: `{"cas": [CA status…]}`.
#[derive(Debug, Serialize)]
pub struct StatusReport {
    pub cas: Vec<CaStatus>,
}

/// Where one CA stands.
#[derive(Debug, Serialize)]
pub struct CaStatus {
    pub name: String,
    pub kind: CaKind,
    pub parent: Option<String>,
    /// The store's default issuer.
    pub default: bool,
    /// `file` (the store's `key.pem`) or `none` (a CA imported without its key).
    pub key_location: &'static str,
    pub key_encrypted: bool,
    /// Rollover stage: `none` while a CA has one generation.
    pub stage: &'static str,
    pub generations: Vec<Generation>,
    /// Active certificates the CA issued (leaves; CAs below it are listed
    /// in `children`).
    pub active_leaves: usize,
    pub children: Vec<String>,
    /// Certificates of this CA's key issued by other CAs (`ca cross-sign`).
    pub cross_certificates: Vec<CrossCert>,
    pub crl: Option<CrlStatus>,
    /// Name constraints in the CA certificate.
    pub name_constraints: Option<crate::pki::certinfo::NameConstraintsInfo>,
    /// The validity a leaf gets by default from this CA (store default,
    /// capped by the CA's max_validity).
    pub leaf_validity_secs: i64,
    /// The CA expires before a leaf issued now for `leaf_validity_secs`.
    pub expires_before_leaves: bool,
}

/// One generation of a CA: a key and its certificate.
#[derive(Debug, Serialize)]
pub struct Generation {
    pub generation: u32,
    pub current: bool,
    /// How many certificates the key has had (`ca renew` adds one).
    pub certificates: usize,
    /// The newest of them.
    pub certificate: CertView,
}

/// A cross certificate of a CA.
#[derive(Debug, Serialize)]
pub struct CrossCert {
    pub by: String,
    pub serial: String,
    pub not_after: String,
    pub status: &'static str,
}

/// The last CRL a CA signed.
#[derive(Debug, Serialize)]
pub struct CrlStatus {
    pub crl_number: u64,
    pub this_update: String,
    pub next_update: String,
    pub revoked: usize,
}

impl Report for StatusReport {
    fn human(&self, t: &mut Text) {
        if self.cas.is_empty() {
            t.line("The store has no CA yet: create one with `pkictl init-ca`.");
            return;
        }
        let rows = self
            .cas
            .iter()
            .map(|c| {
                let cert = &c
                    .generations
                    .iter()
                    .find(|g| g.current)
                    .unwrap_or(&c.generations[0])
                    .certificate;
                let mut name = c.name.clone();
                if c.default {
                    name.push_str(" (default)");
                }
                vec![
                    Cell::new(name),
                    Cell::new(match (&c.kind, &c.parent) {
                        (_, Some(p)) => format!("intermediate under {p}"),
                        (CaKind::Root, None) => "root".into(),
                        (CaKind::Intermediate, None) => {
                            "intermediate (parent outside the store)".into()
                        }
                    }),
                    Cell::new(c.generations.len().to_string()),
                    Cell::new(cert.not_after_text()),
                    Cell::new(remaining(cert.days_remaining, cert.seconds_remaining)),
                    Cell::new(match (c.key_location, c.key_encrypted) {
                        ("file", true) => "file, encrypted",
                        ("file", false) => "file, NOT encrypted",
                        _ => "not in this store",
                    }),
                    Cell::new(c.active_leaves.to_string()),
                    Cell::new(c.crl.as_ref().map_or("none".to_string(), |r| {
                        format!("#{}, next {}", r.crl_number, r.next_update)
                    })),
                ]
            })
            .collect();
        t.table(
            &[
                "CA",
                "kind",
                "generations",
                "not after",
                "remaining",
                "key",
                "active leaves",
                "CRL",
            ],
            rows,
            &["not after", "CRL"],
        );
        for c in &self.cas {
            if let Some(nc) = &c.name_constraints {
                let p = &nc.permitted;
                let x = &nc.excluded;
                t.line(format!(
                    "{}: name constraints: permitted {}; excluded {}",
                    c.name,
                    summary(&[&p.dns, &p.ip, &p.email, &p.uri]),
                    summary(&[&x.dns, &x.ip, &x.email, &x.uri]),
                ));
            }
        }
    }

    fn is_data(&self) -> bool {
        true
    }
}

fn summary(lists: &[&Vec<String>]) -> String {
    let all: Vec<&str> = lists
        .iter()
        .flat_map(|l| l.iter().map(String::as_str))
        .collect();
    if all.is_empty() {
        "none".into()
    } else {
        all.join(", ")
    }
}

/// Runs `ca status`.
pub fn status(ctx: &Context, args: CaStatusArgs) -> Result<StatusReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let (state, ws) = store.state()?;
    ctx.warn_all(ws);
    let defaults = Defaults::resolve(&cfg, &Default::default())?;
    let chosen: Vec<&CaInfo> = match &args.name {
        Some(n) => vec![state.ca(n).ok_or_else(|| unknown_ca(n, &store))?],
        None => state.cas.values().collect(),
    };
    let mut cas = Vec::new();
    for ca in chosen {
        let entry = state.by_serial(&ca.serial).ok_or_else(|| {
            Error::new(
                Code::StoreFormat,
                format!(
                    "the index has no certificate {} for CA {}",
                    ca.serial, ca.name
                ),
            )
            .hint("run `pkictl doctor`")
        })?;
        let same = |n: &Option<String>| {
            n.as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(&ca.name))
        };
        let active_leaves = state
            .certs
            .iter()
            .filter(|c| !c.is_ca_entry && c.is_active() && same(&c.ca))
            .count();
        let children = state
            .cas
            .values()
            .filter(|c| same(&c.parent))
            .map(|c| c.name.clone())
            .collect();
        let leaf_validity = defaults.leaf_validity(&cfg, &ca.name);
        let warning = crate::pki::expiry::ca_expires_before_leaves(
            &ca.name,
            entry.facts.not_after,
            leaf_validity,
            ctx.now,
        );
        let expires_before_leaves = warning.is_some();
        ctx.warn_all(warning);
        cas.push(CaStatus {
            name: ca.name.clone(),
            kind: ca.kind,
            parent: ca.parent.clone(),
            default: cfg
                .default_ca
                .as_deref()
                .is_some_and(|d| d.eq_ignore_ascii_case(&ca.name)),
            key_location: if ca.key_stored { "file" } else { "none" },
            key_encrypted: ca.key_encrypted,
            stage: "none",
            generations: vec![Generation {
                generation: 1,
                current: true,
                certificates: state
                    .certs
                    .iter()
                    .filter(|c| {
                        c.is_ca_entry && !c.entry.cross && c.name.eq_ignore_ascii_case(&ca.name)
                    })
                    .count(),
                certificate: entry.view(&store, ctx.now),
            }],
            active_leaves,
            children,
            cross_certificates: state
                .certs
                .iter()
                .filter(|c| c.entry.cross && c.name.eq_ignore_ascii_case(&ca.name))
                .map(|c| CrossCert {
                    by: c.ca.clone().unwrap_or_default(),
                    serial: c.facts.serial.clone(),
                    not_after: crate::timeutil::format_time(c.facts.not_after),
                    status: c.status(ctx.now).as_str(),
                })
                .collect(),
            crl: state
                .crls
                .get(&ca.name.to_ascii_lowercase())
                .map(|c| CrlStatus {
                    crl_number: c.number,
                    this_update: c.this_update.clone(),
                    next_update: c.next_update.clone(),
                    revoked: c.revoked,
                }),
            name_constraints: entry.facts.name_constraints.clone(),
            leaf_validity_secs: leaf_validity,
            expires_before_leaves,
        });
    }
    Ok(StatusReport { cas })
}

/// JSON: `{"ca", "dry_run", "changed", "replaces", "certificate": {…},
/// "cert_path"}`.
#[derive(Debug, Serialize)]
pub struct RenewReport {
    pub ca: String,
    pub dry_run: bool,
    pub changed: bool,
    /// The serial of the certificate it replaces.
    pub replaces: String,
    /// The new certificate (the current one when only a request was written).
    pub certificate: CertView,
    pub cert_path: Option<String>,
    /// `--csr-out`: where the request for the offline parent went.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csr_path: Option<String>,
}

impl Report for RenewReport {
    fn human(&self, t: &mut Text) {
        let c = &self.certificate;
        if let Some(p) = &self.csr_path {
            t.line(format!(
                "Wrote a request for CA {}'s key to {p}: have its parent sign it (e.g. `pkictl sign-csr {p} --name {} --profile intermediate-ca --supersede`), then run `pkictl ca renew {} --import-cert FILE`.",
                t.bold(&self.ca),
                self.ca,
                self.ca
            ));
        } else if self.dry_run {
            t.line(format!(
                "Would renew CA {}: same key and subject, valid until {} (dry run, nothing changed).",
                t.bold(&self.ca),
                c.not_after_text()
            ));
        } else {
            t.line(format!(
                "Renewed CA {}: same key and subject, serial {}, valid until {}.",
                t.bold(&self.ca),
                c.facts.serial,
                c.not_after_text()
            ));
            t.line(format!(
                "It replaces {}; what the CA issued keeps verifying with either certificate.",
                self.replaces
            ));
            if let Some(p) = &self.cert_path {
                t.line(format!("certificate: {p}"));
            }
        }
    }
}

/// The subject key of a certificate (DER SubjectPublicKeyInfo).
fn spki_der_of(der: &[u8]) -> Result<Vec<u8>> {
    let (_, c) = x509_parser::parse_x509_certificate(der)
        .map_err(|e| Error::malformed(format!("not a valid X.509 certificate: {e}")))?;
    Ok(c.tbs_certificate.subject_pki.raw.to_vec())
}

/// A renewal or a cross certificate must be the same CA to every relying
/// party: subject, key and key identifier; a renewal also keeps its basic
/// constraints, key usage and name constraints.
fn check_same_ca(old: &CertFacts, new: &CertFacts, renewal: bool) -> Result<()> {
    let same = old.subject == new.subject
        && old.spki_sha256 == new.spki_sha256
        && old.subject_key_id == new.subject_key_id
        && (!renewal
            || (old.is_ca == new.is_ca
                && old.path_len == new.path_len
                && old.key_usage == new.key_usage
                && old.name_constraints == new.name_constraints));
    if same {
        Ok(())
    } else {
        Err(Error::internal(format!(
            "the new certificate of {} differs from the CA it certifies; nothing was changed",
            old.subject
        )))
    }
}

/// What `--dry-run` shows: the planned certificate of `subject`'s key,
/// issued by `issuer`.
fn preview_ca(plan: &CaPlan, issuer: &CertFacts, subject: &CertFacts) -> CertFacts {
    let mut facts = plan.spec.preview(
        &issuer.subject,
        issuer.subject_key_id.clone(),
        subject.key.clone(),
        issuer
            .key
            .key_type()
            .map_or("", |k| k.signature_algorithm()),
    );
    facts.serial.clear();
    facts.fingerprint_sha256.clear();
    facts.spki_sha256.clear();
    facts
}

/// Plans a CA certificate for a key the store already certified, from its
/// certificate: the same subject, key identifier, pathLen and name
/// constraints (and the CA's policy-only permits), a new validity.
fn plan_same_ca(
    info: &CaInfo,
    old: &CertFacts,
    validity: i64,
    not_after: Option<i64>,
    intermediate: bool,
    now: i64,
) -> Result<CaPlan> {
    let name = &info.name;
    let nc = old
        .name_constraints
        .as_ref()
        .map(NcSpec::from_certificate)
        .transpose()?
        .unwrap_or_default();
    let path_len = old
        .path_len
        .and_then(|n| u8::try_from(n).ok())
        .ok_or_else(|| {
            Error::new(
                Code::Unsupported,
                format!("CA {name}'s certificate has no pathLen pkictl can write"),
            )
        })?;
    let mut plan = plan_ca(
        CaRequest {
            name: name.clone(),
            subject: Subject::parse(&old.subject)?,
            validity: Some(validity),
            not_after,
            path_len: Some(path_len),
            constraints: CaConstraints {
                nc,
                permit_dns: info.permit_dns.clone(),
                permit_email: info.permit_email.clone(),
                permit_uri: info.permit_uri.clone(),
            },
            rsa_key: old.key.kind == KeyKind::Rsa,
            intermediate,
        },
        now,
    )?;
    if let (SpecKind::Ca { key_id, .. }, Some(ski)) = (&mut plan.spec.kind, &old.subject_key_id) {
        *key_id = Some(hex_decode(ski)?);
    }
    Ok(plan)
}

/// Runs `ca renew`.
pub fn renew(ctx: &Context, args: CaRenewArgs) -> Result<RenewReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let ca = load_ca(&store, &args.name)?;
    let me = ca.ca();
    let name = me.info.name.clone();
    if !me.info.key_stored {
        return Err(Error::new(
            Code::Unsupported,
            format!("the store holds no key for CA {name}"),
        )
        .hint(
            "renew it where its key is, then import the new certificate with `pkictl import-ca`",
        ));
    }
    let parent = (!ca.is_root()).then(|| CaMaterial {
        chain: ca.chain[1..].to_vec(),
    });
    if args.csr_out.is_some() || args.import_cert.is_some() {
        return renew_offline(ctx, &store, &cfg, &ca, parent.as_ref(), &args);
    }
    if me.info.kind == CaKind::Intermediate && parent.is_none() {
        return Err(Error::new(
            Code::Unsupported,
            format!("CA {name}'s parent is not in this store (an offline root)"),
        )
        .hint(format!("renew it through its parent: `pkictl ca renew {name} --csr-out FILE`, then `--import-cert`")));
    }
    if let Some(p) = &parent
        && !p.ca().info.key_stored
    {
        return Err(Error::new(
            Code::Unsupported,
            format!(
                "the store holds no key for {name}'s parent {}",
                p.ca().info.name
            ),
        )
        .hint(format!("renew it through its parent: `pkictl ca renew {name} --csr-out FILE`, then `--import-cert`")));
    }
    let old = &me.facts;
    let plan = plan_same_ca(
        &me.info,
        old,
        args.validity.unwrap_or(old.not_after - old.not_before),
        args.not_after,
        parent.is_some(),
        ctx.now,
    )?;
    if let Some(p) = &parent {
        check_ca(&plan, p, ctx.now)?;
    }
    if args.dry_run {
        let issuer = parent.as_ref().map_or(old, |p| &p.ca().facts);
        let facts = preview_ca(&plan, issuer, old);
        return Ok(RenewReport {
            ca: name,
            dry_run: true,
            changed: false,
            replaces: old.serial.clone(),
            certificate: CertView::new(facts, ctx.now),
            cert_path: None,
            csr_path: None,
        });
    }
    let serial = new_serial()?;
    let der = match &parent {
        None => {
            let key = open_signer(ctx, me, true)?;
            sign_ca(&plan, &serial, key.as_ref(), None)?
        }
        Some(p) => {
            let key = open_signer(ctx, p.ca(), true)?;
            let pname = &p.ca().info.name;
            recertify_ca(
                &plan,
                &serial,
                &spki_der_of(&me.der)?,
                CaIssuer {
                    ca: p,
                    key: key.as_ref(),
                    locations: cfg.policy(pname).locations(pname),
                },
            )?
        }
    };
    check_same_ca(old, &CertFacts::from_der(&der)?, true)?;
    let txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    if txn.active_serial(Kind::Ca, &name).as_deref() != Some(old.serial.as_str()) {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("CA {name} changed while waiting for the lock"),
        )
        .hint("run the command again"));
    }
    let facts = install_recertified(txn, me, &der, parent.as_ref())?;
    let dir = store.serial_dir(Kind::Ca, &name, &facts.serial);
    Ok(RenewReport {
        ca: name,
        dry_run: false,
        changed: true,
        replaces: old.serial.clone(),
        certificate: CertView::new(facts, ctx.now),
        cert_path: Some(dir.join("cert.pem").display().to_string()),
        csr_path: None,
    })
}

/// JSON: `{"ca", "by", "dry_run", "changed", "certificate": {…},
/// "cert_path", "chain_path"}`.
#[derive(Debug, Serialize)]
pub struct CrossReport {
    pub ca: String,
    pub by: String,
    pub dry_run: bool,
    pub changed: bool,
    pub certificate: CertView,
    pub cert_path: Option<String>,
    /// The cross certificate's chain up to BY's root (without the root).
    pub chain_path: Option<String>,
}

impl Report for CrossReport {
    fn human(&self, t: &mut Text) {
        let c = &self.certificate;
        let verb = if self.dry_run {
            "Would cross-sign"
        } else {
            "Cross-signed"
        };
        t.line(format!(
            "{verb} CA {} by {}: its key and subject, valid until {}{}.",
            t.bold(&self.ca),
            t.bold(&self.by),
            c.not_after_text(),
            if self.dry_run {
                " (dry run, nothing changed)"
            } else {
                ""
            }
        ));
        if let (Some(cert), Some(chain)) = (&self.cert_path, &self.chain_path) {
            t.line(format!("certificate: {cert}"));
            t.line(format!("its chain:   {chain}"));
            t.line(format!(
                "Peers that trust {}'s root build a path to what {} issues through it.",
                self.by, self.ca
            ));
        }
    }
}

/// Runs `ca cross-sign`.
pub fn cross_sign(ctx: &Context, args: CaCrossSignArgs) -> Result<CrossReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let target = load_ca(&store, &args.name)?;
    let me = target.ca();
    let by = load_ca(&store, &args.by)?;
    let signer = by.ca();
    if by
        .chain
        .iter()
        .any(|c| c.info.name.eq_ignore_ascii_case(&me.info.name))
    {
        return Err(Error::usage(format!(
            "{} is {} itself or a CA below it; a CA cannot certify its own ancestor",
            signer.info.name, me.info.name
        ))
        .hint("to certify a CA's key again with new dates, use `pkictl ca renew NAME`"));
    }
    if !signer.info.key_stored {
        return Err(Error::new(
            Code::Unsupported,
            format!("the store holds no key for CA {}", signer.info.name),
        )
        .hint("cross-sign with a CA whose key this store holds"));
    }
    let old = &me.facts;
    // By default the cross certificate lives as long as both certificates.
    let not_after = args.not_after.or_else(|| {
        args.validity
            .is_none()
            .then(|| old.not_after.min(signer.facts.not_after))
    });
    let plan = plan_same_ca(
        &me.info,
        old,
        args.validity.unwrap_or(old.not_after - ctx.now),
        not_after,
        true,
        ctx.now,
    )?;
    check_ca(&plan, &by, ctx.now)?;
    let (ca, by_name) = (me.info.name.clone(), signer.info.name.clone());
    if args.dry_run {
        return Ok(CrossReport {
            ca,
            by: by_name,
            dry_run: true,
            changed: false,
            certificate: CertView::new(preview_ca(&plan, &signer.facts, old), ctx.now),
            cert_path: None,
            chain_path: None,
        });
    }
    let key = open_signer(ctx, signer, true)?;
    let der = recertify_ca(
        &plan,
        &new_serial()?,
        &spki_der_of(&me.der)?,
        CaIssuer {
            ca: &by,
            key: key.as_ref(),
            locations: cfg.policy(&by_name).locations(&by_name),
        },
    )?;
    check_same_ca(old, &CertFacts::from_der(&der)?, false)?;
    let txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    let facts = install_cross(txn, &ca, &der, &by)?;
    let dir = store.serial_dir(Kind::Ca, &ca, &facts.serial);
    Ok(CrossReport {
        ca,
        by: by_name,
        dry_run: false,
        changed: true,
        certificate: CertView::new(facts, ctx.now),
        cert_path: Some(dir.join("cert.pem").display().to_string()),
        chain_path: Some(dir.join("chain.pem").display().to_string()),
    })
}

/// `ca renew --csr-out` and `--import-cert`: the CA's key certified again
/// by a parent whose key this store does not hold (an offline root).
fn renew_offline(
    ctx: &Context,
    store: &crate::store::Store,
    cfg: &crate::store::config::Config,
    ca: &CaMaterial,
    parent: Option<&CaMaterial>,
    args: &CaRenewArgs,
) -> Result<RenewReport> {
    let me = ca.ca();
    let name = me.info.name.clone();
    let old = &me.facts;
    if let Some(out) = &args.csr_out {
        ctx.check_output(out)?;
        let key = open_signer(ctx, me, true)?;
        let request = make_request(
            &Subject::parse(&old.subject)?,
            &Sans::default(),
            true,
            key.as_ref(),
        )?;
        let shown = ctx.write_output(
            out,
            crate::encoding::pem_text("CERTIFICATE REQUEST", &request).as_bytes(),
            crate::store::fsio::MODE_PUBLIC,
            crate::store::fsio::Replace::Never,
        )?;
        return Ok(RenewReport {
            ca: name,
            dry_run: false,
            changed: false,
            replaces: old.serial.clone(),
            certificate: CertView::new(old.clone(), ctx.now),
            cert_path: None,
            csr_path: Some(shown),
        });
    }
    let file = args
        .import_cert
        .as_deref()
        .unwrap_or(std::path::Path::new("-"));
    let der = crate::inputs::read_certs(file)?.remove(0);
    let new = CertFacts::from_der(&der)?;
    let shown = file.display();
    if new.subject != old.subject || new.spki_sha256 != old.spki_sha256 {
        return Err(Error::new(
            Code::MalformedInput,
            format!("{shown} is not a certificate of CA {name}'s key and subject"),
        )
        .hint(format!(
            "import the certificate the parent signed for `pkictl ca renew {name} --csr-out`"
        )));
    }
    if new.subject_key_id != old.subject_key_id {
        return Err(Error::new(
            Code::PolicyViolation,
            format!(
                "{shown} has another subject key identifier than CA {name}'s certificate; what the CA issued would no longer chain to it"
            ),
        )
        .hint("sign the request with `pkictl sign-csr --profile intermediate-ca`, which keeps the identifier"));
    }
    if !new.is_ca || !new.key_usage.iter().any(|k| k == "keyCertSign") {
        return Err(Error::new(
            Code::PolicyViolation,
            format!("{shown} is not a CA certificate with keyCertSign"),
        )
        .hint("sign the request with --profile intermediate-ca"));
    }
    if new.fingerprint_sha256 == old.fingerprint_sha256 {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("{shown} is CA {name}'s current certificate already"),
        ));
    }
    let signed_by = crate::authority::find_issuer(store, &der)?;
    let parent = match (signed_by, parent) {
        (Some(s), Some(p)) if s.ca().info.name.eq_ignore_ascii_case(&p.ca().info.name) => s,
        (Some(s), None) => s,
        _ => {
            let expected = parent.map_or("a CA whose certificate this store holds".into(), |p| {
                format!("CA {}", p.ca().info.name)
            });
            return Err(Error::new(
                Code::MalformedInput,
                format!("{shown} is not signed by {expected}"),
            )
            .hint("import the parent's certificate first (`pkictl import-ca`)"));
        }
    };
    let txn = store.begin(ctx.lock_timeout(cfg), &ctx.command_line)?;
    if txn.active_serial(Kind::Ca, &name).as_deref() != Some(old.serial.as_str()) {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("CA {name} changed while waiting for the lock"),
        )
        .hint("run the command again"));
    }
    let facts = install_recertified(txn, me, &der, Some(&parent))?;
    let dir = store.serial_dir(Kind::Ca, &name, &facts.serial);
    Ok(RenewReport {
        ca: name,
        dry_run: false,
        changed: true,
        replaces: old.serial.clone(),
        certificate: CertView::new(facts, ctx.now),
        cert_path: Some(dir.join("cert.pem").display().to_string()),
        csr_path: None,
    })
}
