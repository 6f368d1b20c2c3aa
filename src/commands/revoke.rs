//! `pkictl revoke` and `pkictl retire`.

use serde::Serialize;

use crate::authority::CrlOut;
use crate::authority::{CrlBase, load_signing_ca, open_signer};
use crate::cli::{RetireArgs, RevokeArgs};
use crate::timeutil::format_time;

use crate::context::Context;
use crate::error::{Code, Error, Result, Warning, WarningCode};
use crate::output::Report;
use crate::output::human::Text;
use crate::pki::certinfo::{CertView, Status};
use crate::revocation::{revoke_on_their_crls, same_key_lineage, target};
use crate::store::record::{Event, Record};
use crate::store::state::{CertEntry, Lifecycle};

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
                c.facts.serial,
                c.facts.subject,
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
                c.facts.serial
            ));
        }
    }
}

fn confirm(ctx: &Context, what: &str, targets: &[CertEntry]) -> Result<()> {
    if !ctx.interactive {
        return Ok(());
    }
    let mut text = String::new();
    for t in targets {
        text.push_str(&format!(
            "  {} serial {} ({}), valid until {}\n",
            t.name,
            t.facts.serial,
            t.facts.subject,
            format_time(t.facts.not_after)
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

/// Runs `revoke`.
pub fn revoke(ctx: &Context, args: RevokeArgs) -> Result<RevokeReport> {
    let store = ctx.open_store()?;
    let reason = args.reason.as_str().to_string();
    let t = target(&store, args.name.as_deref(), args.serial.as_deref())?;
    if t.lifecycle == Lifecycle::Revoked {
        ctx.warn(Warning::new(
            WarningCode::AlreadyRevoked,
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
    // The CRL of the CA generation that signed it (after a rollover, maybe
    // not the one issuing now).
    let ca = load_signing_ca(&store, &ca_name, t.facts.authority_key_id.as_deref())?;
    let t_serial = t.facts.serial.clone();
    let targets: Vec<CertEntry> = if reason == "key-compromise" {
        let revoked = CrlBase::from_store_crl(&store, &ca)
            .map(|b| b.revoked.into_iter().map(|(s, _, _)| s).collect())
            .unwrap_or_default();
        same_key_lineage(&store, &t, &revoked, ctx.now)?
    } else {
        vec![t]
    };
    let views: Vec<CertView> = targets.iter().map(|e| e.view(&store, ctx.now)).collect();
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
    // Each certificate goes on the CRL of the generation that signed it (a
    // key-compromise lineage can span a CA's rollover).
    let key = open_signer(ctx, ca.ca(), true)?;
    let refs: Vec<&CertEntry> = targets.iter().collect();
    let mut crl = None;
    for (group, result) in revoke_on_their_crls(ctx, &store, &refs, &reason, &[(&ca, key.as_ref())])
    {
        let out = result?;
        if group.iter().any(|e| e.facts.serial == t_serial) {
            crl = Some(out);
        }
    }
    let mut revoked = views;
    for v in &mut revoked {
        if let Some(s) = v.store.as_mut() {
            s.status = Status::Revoked;
        }
    }
    Ok(RevokeReport {
        dry_run: false,
        changed: true,
        reason,
        revoked,
        crl,
    })
}

/// Runs `retire`.
pub fn retire(ctx: &Context, args: RetireArgs) -> Result<RetireReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let t = target(&store, args.name.as_deref(), args.serial.as_deref())?;
    if t.is_ca_entry {
        return Err(Error::new(
            Code::Unsupported,
            format!("{} is a CA; retire is for deployed certificates", t.name),
        )
        .hint("revoke an intermediate CA with `pkictl revoke`"));
    }
    if t.lifecycle != Lifecycle::Active {
        ctx.warn(Warning::new(
            WarningCode::NotActive,
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
    txn.commit()?;
    let mut v = t.view(&store, ctx.now);
    if let Some(s) = v.store.as_mut() {
        s.status = Status::Retired;
    }
    Ok(RetireReport {
        changed: true,
        retired: vec![v],
    })
}
