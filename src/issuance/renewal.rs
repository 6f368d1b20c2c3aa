//! Renewing certificates of the store: the engine of `renew` and of
//! `ca rollover --reissue`. Each successor has the same subject, SANs,
//! profile and CA (under today's policy); all are signed and committed in
//! one transaction, hooks run after the lock, and `--revoke-old` puts each
//! predecessor on the CRL of the CA generation that signed it.

use std::collections::HashMap;
use std::time::Duration;

use serde::Serialize;

use crate::authority::{CaMaterial, load_ca, open_signers};
use crate::cli::RenewArgs;
use crate::context::Context;
use crate::error::{Code, Error, Result};
use crate::hooks::{self, HookOutcome};
use crate::issuance::{
    IssuedOut, Prepared, Request, SubjectKey, check, issued_out, out_dir_for, plan,
    preflight_out_dir, sign_and_commit,
};
use crate::output::Report;
use crate::output::human::Text;
use crate::pki::keys::PrivateKey;
use crate::revocation::revoke_on_their_crls;
use crate::store::record::{Event, Record};
use crate::store::state::CertEntry;
use crate::store::{Kind, Store};

/// JSON: `{"renewed", "skipped", "failed", "hook_failed"}`.
#[derive(Debug, Serialize)]
pub struct RenewReport {
    pub dry_run: bool,
    pub renewed: Vec<Renewed>,
    pub skipped: Vec<Skipped>,
    pub failed: Vec<Failed>,
    pub hook_failed: Vec<HookFailed>,
    #[serde(skip)]
    pub exit_code_flag: bool,
}

impl RenewReport {
    /// An empty report.
    pub fn new(dry_run: bool, exit_code_flag: bool) -> RenewReport {
        RenewReport {
            dry_run,
            renewed: Vec::new(),
            skipped: Vec::new(),
            failed: Vec::new(),
            hook_failed: Vec::new(),
            exit_code_flag,
        }
    }
}

/// One renewal.
#[derive(Debug, Serialize)]
pub struct Renewed {
    pub old_serial: String,
    #[serde(flatten)]
    pub issued: IssuedOut,
    pub hook: Option<HookOutcome>,
    /// True when --revoke-old revoked the predecessor.
    pub old_revoked: bool,
}

/// A certificate that was due but not renewed, and why.
#[derive(Debug, Serialize)]
pub struct Skipped {
    pub name: String,
    pub serial: String,
    #[serde(with = "crate::timeutil::rfc3339")]
    pub not_after: i64,
    pub reason: String,
}

/// A renewal that failed.
#[derive(Debug, Serialize)]
pub struct Failed {
    pub name: String,
    pub serial: Option<String>,
    pub code: Code,
    pub message: String,
}

/// A hook that failed (`name` is null for --post-exec).
#[derive(Debug, Serialize)]
pub struct HookFailed {
    pub name: Option<String>,
    #[serde(flatten)]
    pub outcome: HookOutcome,
}

impl Report for RenewReport {
    fn human(&self, t: &mut Text) {
        let verb = if self.dry_run {
            "Would renew"
        } else {
            "Renewed"
        };
        for r in &self.renewed {
            t.line(format!(
                "{verb} {}: {} → {}, valid until {}",
                t.bold(&r.issued.name),
                r.old_serial,
                r.issued.certificate.serial_or("(new serial)"),
                r.issued.certificate.not_after_text()
            ));
        }
        for s in &self.skipped {
            t.line(format!(
                "Skipped {} (serial {}): {}",
                s.name, s.serial, s.reason
            ));
        }
        if self.renewed.is_empty() && self.failed.is_empty() && self.skipped.is_empty() {
            t.line("Nothing was due for renewal.");
        }
    }

    fn diagnostics(&self) -> Vec<String> {
        let failed = self
            .failed
            .iter()
            .map(|f| format!("{}: {} ({})", f.name, f.message, f.code));
        let hooks = self.hook_failed.iter().map(|h| {
            format!(
                "hook `{}` for {}: {}",
                h.outcome.command,
                h.name.as_deref().unwrap_or("the run"),
                h.outcome
                    .message
                    .clone()
                    .unwrap_or_else(|| format!("exit {}", h.outcome.exit_code.unwrap_or(-1)))
            )
        });
        failed.chain(hooks).collect()
    }

    fn exit_code(&self) -> u8 {
        if !self.failed.is_empty() || !self.hook_failed.is_empty() {
            2
        } else if self.exit_code_flag && self.renewed.is_empty() {
            1
        } else {
            0
        }
    }
}

/// The request that reproduces a certificate (same subject, SANs, profile, CA).
fn input_for(e: &CertEntry, validity: Option<i64>) -> Result<Request> {
    let profile = e.entry.profile.clone().ok_or_else(|| {
        Error::new(
            Code::Unsupported,
            format!("{} has no profile to renew with", e.name),
        )
    })?;
    let mut sans = e.facts.sans.clone();
    let spiffe_id = if profile == "spiffe" {
        let id = sans.uri.first().cloned();
        sans.uri.clear();
        id
    } else {
        None
    };
    Ok(Request {
        name: e.name.clone(),
        cn: e.facts.subject_cn.clone(),
        subject: Some(e.facts.subject.clone()),
        dns: sans.dns,
        ip: sans.ip,
        email: sans.email,
        uri: sans.uri,
        spiffe_id,
        profile: Some(profile.parse()?),
        validity: Some(validity.or(e.entry.validity_secs).unwrap_or(90 * 86_400)),
        // None only for a key from a request, which `renew --csr` replaces.
        key_type: e.facts.key.key_type(),
        ca: e.ca.clone(),
        not_after: None,
        not_before: None,
        backdate: None,
        backdate_ok: false,
        csr_key: None,
    })
}

/// The hook environment of one renewed certificate.
fn hook_env(store: &Store, r: &Renewed) -> Vec<(&'static str, String)> {
    let cur = store.current_dir(Kind::Cert, &r.issued.name);
    let p = |f: &str| cur.join(f).display().to_string();
    vec![
        ("PKICTL_NAME", r.issued.name.clone()),
        ("PKICTL_SERIAL", r.issued.certificate.facts.serial.clone()),
        ("PKICTL_OLD_SERIAL", r.old_serial.clone()),
        ("PKICTL_CERT", p("cert.pem")),
        ("PKICTL_KEY", r.issued.key_path.clone().unwrap_or_default()),
        ("PKICTL_CHAIN", p("chain.pem")),
        ("PKICTL_FULLCHAIN", p("fullchain.pem")),
        ("PKICTL_CA", p("ca.pem")),
    ]
}

/// How a set of certificates is renewed (`renew`, `ca rollover --reissue`).
pub struct Options<'a> {
    pub args: &'a RenewArgs,
    /// Scatter the new notAfters evenly over a span (earlier, never later,
    /// than the validity they would get).
    pub spread: Option<Spread>,
}

/// `--spread`: the span, and where this call's targets stand among all
/// the targets of the run (a run renews in several batches).
#[derive(Debug, Clone, Copy)]
pub struct Spread {
    pub span: i64,
    pub first: usize,
    pub total: usize,
}

/// Renews `targets` (planned under today's policy, signed and committed in
/// one transaction, hooks run after the lock), adding to `report`.
pub fn renew(
    ctx: &Context,
    store: &Store,
    mut targets: Vec<CertEntry>,
    mut report: RenewReport,
    opts: &Options<'_>,
) -> Result<RenewReport> {
    let args = opts.args;
    let (cfg, _) = store.config()?;
    let defaults = crate::settings::Defaults::resolve(&cfg, &Default::default())?;
    let timeout = ctx.lock_timeout(&cfg);
    targets.sort_by_key(|e| e.facts.serial.clone());
    targets.dedup_by_key(|e| e.facts.serial.clone());
    targets.sort_by_key(|e| e.name.to_ascii_lowercase());
    // Plan every renewal under today's policy.
    let mut cas: HashMap<String, CaMaterial> = HashMap::new();
    let mut plans = Vec::new();
    if args.csr.is_some() && targets.len() != 1 {
        return Err(Error::usage("--csr renews exactly one certificate")
            .hint("name one certificate: pkictl renew NAME --csr FILE"));
    }
    let request = match &args.csr {
        Some(f) => {
            let min_bits = targets
                .first()
                .and_then(|e| e.ca.as_deref())
                .map_or(2048, |c| cfg.policy(c).min_rsa_bits);
            Some(crate::inputs::read_request(f, min_bits)?)
        }
        None => None,
    };
    for (i, e) in targets.iter().enumerate() {
        let skip = if e.entry.from_csr && request.is_none() {
            Some("needs_new_csr")
        } else if !e.entry.key_stored
            && !e.entry.from_csr
            && request.is_none()
            && args.out_dir.is_none()
        {
            Some("needs_out_dir")
        } else if e.entry.profile.as_deref() == Some("intermediate-ca") {
            Some("ca_certificate")
        } else {
            None
        };
        if let Some(reason) = skip {
            report.skipped.push(Skipped {
                name: e.name.clone(),
                serial: e.facts.serial.clone(),
                not_after: e.facts.not_after,
                reason: reason.into(),
            });
            continue;
        }
        let result = (|| -> Result<_> {
            let mut input = input_for(e, args.validity)?;
            // A scattered notAfter is this renewal's only: the index keeps
            // the validity the certificate asked for.
            let asked = input.validity;
            if let (Some(s), Some(v)) = (opts.spread, asked) {
                let step = s.span * (s.first + i) as i64 / s.total.max(1) as i64;
                if step >= v {
                    return Err(Error::usage(format!(
                        "--spread is longer than the validity of {}",
                        e.name
                    )));
                }
                input.validity = Some(v - step);
            }
            input.csr_key = request.as_ref().map(|r| r.key.clone());
            let ca_name = input.ca.clone().ok_or_else(|| {
                Error::new(
                    Code::Unsupported,
                    format!("{} has no issuing CA in the store", e.name),
                )
            })?;
            let k = ca_name.to_ascii_lowercase();
            if !cas.contains_key(&k) {
                cas.insert(k.clone(), load_ca(store, &ca_name)?);
            }
            let policy = cfg.policy(&ca_name);
            let mut p = plan(&input, &cas[&k], &policy, &defaults, ctx.now)?;
            check(&p, &cas[&k], &policy, ctx.now)?;
            if let Some(v) = asked {
                p.validity_secs = v;
            }
            Ok(p)
        })();
        match result {
            Ok(p) => plans.push((e, p)),
            Err(err) => {
                if matches!(
                    err.code,
                    Code::PolicyViolation | Code::NameConstraintViolation | Code::OutlivesIssuer
                ) {
                    let mut r = Record::new(Event::Refused);
                    r.name = Some(e.name.clone());
                    r.serial = Some(e.facts.serial.clone());
                    r.ca = e.ca.clone();
                    store.log_refusal(timeout, &ctx.command_line, r, &err);
                }
                report.failed.push(Failed {
                    name: e.name.clone(),
                    serial: Some(e.facts.serial.clone()),
                    code: err.code,
                    message: err.message,
                });
            }
        }
    }

    if args.dry_run {
        for (e, p) in &plans {
            let ca = &cas[&p.ca.to_ascii_lowercase()];
            report.renewed.push(Renewed {
                old_serial: e.facts.serial.clone(),
                issued: IssuedOut::planned(p, ca, ctx.now),
                hook: None,
                old_revoked: false,
            });
        }
        return Ok(report);
    }
    if plans.is_empty() {
        return Ok(report);
    }

    // Keys and CA keys before the lock.
    let mut prepared = Vec::new();
    let bar = ctx.progress(plans.len() as u64, "generating keys");
    for (e, p) in plans {
        let keep_key = e.entry.key_stored && request.is_none();
        let out_dir = args.out_dir.as_ref().map(|d| out_dir_for(d, &p.name, true));
        if let Some(d) = &out_dir {
            preflight_out_dir(d, true, args.overwrite)?;
        }
        let key = if let Some(req) = &request {
            SubjectKey::Csr(
                rcgen::SubjectPublicKeyInfo::from_der(&req.spki_der).map_err(|e| {
                    Error::new(
                        Code::Unsupported,
                        format!("the request's key cannot be used: {e}"),
                    )
                })?,
            )
        } else if args.reuse_key {
            let path = store
                .serial_dir(Kind::Cert, &e.name, &e.facts.serial)
                .join("key.pem");
            crate::store::fsio::check_secret_mode(&path)?;
            let text = zeroize::Zeroizing::new(crate::store::fsio::read_to_string(&path)?);
            SubjectKey::Generated(Box::new(PrivateKey::from_pem(&text)?))
        } else {
            SubjectKey::Generated(Box::new(PrivateKey::generate(p.key_type)?))
        };
        prepared.push((
            e,
            Prepared {
                plan: p,
                replaces: Some(e.facts.serial.clone()),
                key,
                keep_key,
                out_dir,
            },
        ));
        bar.inc(1);
    }
    bar.finish_and_clear();
    let ca_keys = open_signers(ctx, &cas, prepared.iter().map(|(_, p)| p.plan.ca.as_str()))?;
    let (entries, prepared): (Vec<&CertEntry>, Vec<Prepared>) = prepared.into_iter().unzip();
    let results = sign_and_commit(
        ctx,
        store,
        &cfg,
        &cas,
        &ca_keys,
        &prepared,
        Event::Renewed,
        args.overwrite,
        true,
    )?;
    let mut done = Vec::new();
    for ((e, p), r) in entries.into_iter().zip(&prepared).zip(results) {
        match r {
            Ok(facts) => done.push((e, p, facts)),
            Err(err) => report.failed.push(Failed {
                name: e.name.clone(),
                serial: Some(e.facts.serial.clone()),
                code: err.code,
                message: err.message,
            }),
        }
    }

    // Hooks run after the lock is released.
    let exec_timeout = Duration::from_secs(args.exec_timeout.max(1) as u64);
    let mut to_revoke: Vec<&CertEntry> = Vec::new();
    for (e, p, facts) in done {
        let mut r = Renewed {
            old_serial: e.facts.serial.clone(),
            issued: issued_out(store, p, facts, ctx.now),
            hook: None,
            old_revoked: false,
        };
        let mut hook_ok = true;
        if let Some(cmd) = &args.exec {
            let outcome = hooks::run(cmd, &hook_env(store, &r), exec_timeout);
            if !outcome.ok() {
                hook_ok = false;
                report.hook_failed.push(HookFailed {
                    name: Some(r.issued.name.clone()),
                    outcome: outcome.clone(),
                });
            }
            r.hook = Some(outcome);
        }
        if args.revoke_old && hook_ok {
            to_revoke.push(e);
            r.old_revoked = true;
        }
        report.renewed.push(r);
    }
    // The old certificates go on the CRL of the generation that signed
    // them (after a rollover, an older key than the one issuing now).
    let opened: Vec<(&CaMaterial, &dyn crate::pki::signer::Signer)> = cas
        .iter()
        .filter_map(|(k, c)| ca_keys.get(k).map(|key| (c, key.as_ref())))
        .collect();
    for (olds, result) in revoke_on_their_crls(ctx, store, &to_revoke, "superseded", &opened) {
        if let Err(err) = result {
            for o in olds {
                report.failed.push(Failed {
                    name: o.name.clone(),
                    serial: Some(o.facts.serial.clone()),
                    code: err.code,
                    message: format!(
                        "renewed, but the old certificate was not revoked: {}",
                        err.message
                    ),
                });
                if let Some(r) = report
                    .renewed
                    .iter_mut()
                    .find(|r| r.old_serial == o.facts.serial)
                {
                    r.old_revoked = false;
                }
            }
        }
    }
    if let Some(cmd) = &args.post_exec
        && !report.renewed.is_empty()
    {
        let outcome = hooks::run(
            cmd,
            &[("PKICTL_RENEWED", report.renewed.len().to_string())],
            exec_timeout,
        );
        if !outcome.ok() {
            report.hook_failed.push(HookFailed {
                name: None,
                outcome,
            });
        }
    }
    Ok(report)
}
