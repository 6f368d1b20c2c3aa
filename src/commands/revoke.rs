//! `pkictl revoke` and `pkictl retire`.

use serde::Serialize;

use crate::authority::{CrlOut, Pending, next_update_secs, sign_crl};
use crate::authority::{load_ca, unlock_ca_key};
use crate::cli::{RetireArgs, RevokeArgs};
use crate::commands::common::entry_view;
use crate::context::Context;
use crate::error::{Code, Error, Result, Warning};
use crate::output::Report;
use crate::output::human::Text;
use crate::pki::certinfo::{CertView, normalize_serial};
use crate::store::log::{Event, Record};
use crate::store::state::{CertEntry, Lifecycle, State};
use crate::store::{Kind, Store};

/// JSON: `{"revoked": [...], "crl": {...}, "dry_run"}`.
#[derive(Debug, Serialize)]
pub struct RevokeReport {
    pub dry_run: bool,
    pub changed: bool,
    pub reason: String,
    pub revoked: Vec<CertView>,
    pub crl: Option<CrlOut>,
}

impl Report for RevokeReport {
    fn human(&self, t: &mut Text) {
        let verb = if self.dry_run {
            "Would revoke"
        } else {
            "Revoked"
        };
        if self.revoked.is_empty() {
            t.line("Nothing was revoked.");
        }
        for c in &self.revoked {
            let name = c.store.as_ref().map(|s| s.name.as_str()).unwrap_or("");
            t.line(format!(
                "{verb} {} (serial {}, {}), reason {}.",
                t.bold(name),
                c.serial.as_deref().unwrap_or(""),
                c.subject,
                self.reason
            ));
        }
        if let Some(crl) = &self.crl {
            t.line(format!(
                "CRL #{} of {} re-signed ({} revoked), next update {}: {}",
                crl.crl_number, crl.ca, crl.revoked, crl.next_update, crl.crl_path
            ));
        }
    }
}

/// JSON: `{"retired": [...]}`.
#[derive(Debug, Serialize)]
pub struct RetireReport {
    pub changed: bool,
    pub retired: Vec<CertView>,
}

impl Report for RetireReport {
    fn human(&self, t: &mut Text) {
        for c in &self.retired {
            let name = c.store.as_ref().map(|s| s.name.as_str()).unwrap_or("");
            t.line(format!(
                "Retired {} (serial {}): kept in history, no longer checked or renewed.",
                t.bold(name),
                c.serial.as_deref().unwrap_or("")
            ));
        }
    }
}

/// Finds the certificate a NAME or --serial designates.
pub fn target<'s>(
    state: &'s State,
    name: Option<&str>,
    serial: Option<&str>,
) -> Result<&'s CertEntry> {
    match (name, serial) {
        (_, Some(s)) => {
            let s = normalize_serial(s)?;
            state.by_serial(&s).ok_or_else(|| {
                Error::new(
                    Code::NotFound,
                    format!("no certificate with serial {s} in the store"),
                )
                .hint("`pkictl list --status all` shows every serial")
            })
        }
        (Some(n), None) => {
            if let Some(e) = state.active(n) {
                return Ok(e);
            }
            if let Some(ca) = state.ca(n)
                && let Some(e) = state.by_serial(&ca.serial)
            {
                return Ok(e);
            }
            Err(Error::new(Code::NotFound, format!("{n} has no active certificate"))
                .hint("`pkictl list --status all` shows every certificate; use --serial for an older one"))
        }
        (None, None) => Err(Error::usage("name a certificate or pass --serial HEX")),
    }
}

fn confirm(ctx: &Context, what: &str, targets: &[&CertEntry]) -> Result<()> {
    if !ctx.interactive {
        return Ok(());
    }
    let mut text = String::new();
    for t in targets {
        text.push_str(&format!(
            "  {} serial {} ({}), valid until {}\n",
            t.name, t.facts.serial, t.facts.subject, t.facts.not_after
        ));
    }
    crate::output::print_stderr(&text);
    let yes = dialoguer::Confirm::new()
        .with_prompt(format!("{what} {} certificate(s)?", targets.len()))
        .default(false)
        .interact()
        .map_err(|e| Error::usage(format!("no answer: {e}")))?;
    if yes {
        Ok(())
    } else {
        Err(Error::usage("cancelled; nothing was changed").hint("pass --yes to skip the question"))
    }
}

/// Every unexpired certificate of a name's lineage that shares the target's key.
fn same_key_lineage<'s>(state: &'s State, target: &CertEntry, now: i64) -> Vec<&'s CertEntry> {
    state
        .certs
        .iter()
        .filter(|c| {
            c.name.eq_ignore_ascii_case(&target.name)
                && c.facts.spki_sha256 == target.facts.spki_sha256
                && c.lifecycle != Lifecycle::Revoked
                && c.facts.not_after_unix() >= now
        })
        .collect()
}

/// Records revocations and re-signs the issuing CA's CRL, under one lock.
pub fn revoke_entries(
    ctx: &Context,
    store: &Store,
    state: &State,
    targets: &[&CertEntry],
    reason: &str,
    key: &crate::pki::keys::PrivateKey,
    ca: &crate::authority::CaMaterial,
) -> Result<CrlOut> {
    let (cfg, _) = store.config()?;
    let next = next_update_secs(&cfg, ca, None)?;
    let mut txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    let mut pending = Vec::new();
    for t in targets {
        let mut r = Record::about(Event::Revoked, &t.name, t.ca.as_deref(), &t.facts);
        r.reason = Some(reason.to_string());
        txn.push(r);
        let kind = if t.is_ca_entry { Kind::Ca } else { Kind::Cert };
        let link = store.current_dir(kind, &t.name);
        if std::fs::read_link(&link).is_ok_and(|l| l.as_os_str() == t.facts.serial.as_str()) {
            txn.remove_current(kind, &t.name)?;
        }
        pending.push(Pending {
            serial: t.facts.serial.clone(),
            time: ctx.now,
            reason: reason.to_string(),
        });
    }
    let (crl, _) = sign_crl(&mut txn, state, ca, key, next, &pending, ctx.now)?;
    txn.commit()?;
    Ok(crl)
}

/// Runs `revoke`.
pub fn revoke(ctx: &Context, args: RevokeArgs) -> Result<RevokeReport> {
    let store = ctx.open_store()?;
    let (state, ws) = store.state()?;
    ctx.warn_all(ws);
    let reason = args.reason.as_str().to_string();
    let t = target(&state, args.name.as_deref(), args.serial.as_deref())?;
    if t.lifecycle == Lifecycle::Revoked {
        ctx.warn(Warning::new(
            "already_revoked",
            format!(
                "{} (serial {}) was already revoked on {}",
                t.name,
                t.facts.serial,
                t.revoked_at.as_deref().unwrap_or("?")
            ),
        ));
        return Ok(RevokeReport {
            dry_run: args.dry_run,
            changed: false,
            reason,
            revoked: Vec::new(),
            crl: None,
        });
    }
    let Some(ca_name) = t.ca.clone() else {
        return Err(Error::new(
            Code::Unsupported,
            format!("{} is a root CA: no CA above it can revoke it", t.name),
        )
        .hint("remove the root from every trust store instead, and create a new one"));
    };
    let targets: Vec<&CertEntry> = if reason == "key-compromise" {
        same_key_lineage(&state, t, ctx.now)
    } else {
        vec![t]
    };
    let views: Vec<CertView> = targets
        .iter()
        .map(|e| entry_view(&store, e, ctx.now))
        .collect();
    if args.dry_run {
        return Ok(RevokeReport {
            dry_run: true,
            changed: false,
            reason,
            revoked: views,
            crl: None,
        });
    }
    if !args.yes {
        confirm(ctx, "Revoke", &targets)?;
    }
    let ca = load_ca(&store, &ca_name)?;
    let key = unlock_ca_key(ctx, ca.ca(), true)?;
    let crl = revoke_entries(ctx, &store, &state, &targets, &reason, &key, &ca)?;
    let mut revoked = views;
    for v in &mut revoked {
        if let Some(s) = v.store.as_mut() {
            s.status = "revoked".into();
        }
    }
    Ok(RevokeReport {
        dry_run: false,
        changed: true,
        reason,
        revoked,
        crl: Some(crl),
    })
}

/// Runs `retire`.
pub fn retire(ctx: &Context, args: RetireArgs) -> Result<RetireReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let (state, ws) = store.state()?;
    ctx.warn_all(ws);
    let t = target(&state, args.name.as_deref(), args.serial.as_deref())?;
    if t.is_ca_entry {
        return Err(Error::new(
            Code::Unsupported,
            format!("{} is a CA; retire is for deployed certificates", t.name),
        )
        .hint("revoke an intermediate CA with `pkictl revoke`"));
    }
    if t.lifecycle != Lifecycle::Active {
        ctx.warn(Warning::new(
            "not_active",
            format!(
                "{} (serial {}) is not active; nothing to retire",
                t.name, t.facts.serial
            ),
        ));
        return Ok(RetireReport {
            changed: false,
            retired: Vec::new(),
        });
    }
    let mut txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    txn.push(Record::about(
        Event::Retired,
        &t.name,
        t.ca.as_deref(),
        &t.facts,
    ));
    let link = store.current_dir(Kind::Cert, &t.name);
    if std::fs::read_link(&link).is_ok_and(|l| l.as_os_str() == t.facts.serial.as_str()) {
        txn.remove_current(Kind::Cert, &t.name)?;
    }
    txn.commit()?;
    let mut v = entry_view(&store, t, ctx.now);
    if let Some(s) = v.store.as_mut() {
        s.status = "retired".into();
    }
    Ok(RetireReport {
        changed: true,
        retired: vec![v],
    })
}
