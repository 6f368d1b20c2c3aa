//! `pkictl renew`: which certificates to renew (names, serials, or
//! everything due); `issuance::renewal` renews them.

use crate::cli::RenewArgs;
use crate::context::Context;
use crate::error::{Code, Error, Result};
use crate::issuance::renewal::{Failed, Options, RenewReport, renew};
use crate::pki::certinfo::normalize_serial;
use crate::store::Kind;
use crate::store::state::{CertEntry, Lifecycle};

/// Runs `renew`.
pub fn run(ctx: &Context, args: RenewArgs) -> Result<RenewReport> {
    if args.names.is_empty() && args.serial.is_empty() && args.within.is_none() {
        return Err(Error::usage("renew needs a NAME, --serial HEX or --within WINDOW")
            .hint("renew one name with `pkictl renew NAME`, or everything expiring soon with `pkictl renew --within 30d` (the cron job)"));
    }
    let within = args.within;
    let store = ctx.open_store()?;
    let mut report = RenewReport::new(args.dry_run, args.exit_code);
    // Targets, in order: names (each found through its own directory),
    // serials, then everything due (these two read the index).
    let mut targets: Vec<CertEntry> = Vec::new();
    for n in &args.names {
        match store.active_entry(Kind::Cert, n)? {
            Some(e) => targets.push(e),
            None => report.failed.push(Failed {
                name: n.clone(),
                serial: None,
                code: Code::NotFound,
                message: format!("{n} has no active certificate"),
            }),
        }
    }
    let state = if args.serial.is_empty() && within.is_none() {
        None
    } else {
        let (state, ws) = store.state()?;
        ctx.warn_all(ws);
        Some(state)
    };
    for s in &args.serial {
        let serial = normalize_serial(s)?;
        match state.as_ref().and_then(|st| st.by_serial(&serial)) {
            Some(e) if e.lifecycle == Lifecycle::Active && !e.is_ca_entry => {
                targets.push(e.clone())
            }
            Some(e) => report.failed.push(Failed {
                name: e.name.clone(),
                serial: Some(serial),
                code: Code::Usage,
                message: format!(
                    "serial {} is not the active certificate of {}",
                    e.facts.serial, e.name
                ),
            }),
            None => report.failed.push(Failed {
                name: String::new(),
                serial: Some(serial.clone()),
                code: Code::NotFound,
                message: format!("no certificate with serial {serial}"),
            }),
        }
    }
    if let (Some(w), Some(state)) = (within, &state) {
        for e in state
            .certs
            .iter()
            .filter(|e| e.is_active() && !e.is_ca_entry)
        {
            if w.contains(e.facts.not_before, e.facts.not_after, ctx.now) {
                targets.push(e.clone());
            }
        }
    }
    renew(
        ctx,
        &store,
        targets,
        report,
        &Options {
            args: &args,
            spread: None,
        },
    )
}
