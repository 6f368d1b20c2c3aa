//! Revoking certificates of the store: finding what a NAME or serial
//! designates, the lineage a key compromise reaches, and recording the
//! revocations together with the re-signed CRL in one transaction.

use crate::authority::{CaMaterial, CrlOut, Pending, next_update_secs, sign_crl};
use crate::context::Context;
use crate::error::{Code, Error, Result};
use crate::pki::certinfo::normalize_serial;
use crate::pki::signer::Signer;
use crate::store::Store;
use crate::store::record::{Event, Record};
use crate::store::state::{CertEntry, Lifecycle, State};

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

/// Every unexpired certificate of a name's lineage that shares the target's key.
pub fn same_key_lineage<'s>(state: &'s State, target: &CertEntry, now: i64) -> Vec<&'s CertEntry> {
    state
        .certs
        .iter()
        .filter(|c| {
            c.name.eq_ignore_ascii_case(&target.name)
                && c.facts.spki_sha256 == target.facts.spki_sha256
                && c.lifecycle != Lifecycle::Revoked
                && c.facts.not_after >= now
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
    key: &dyn Signer,
    ca: &CaMaterial,
) -> Result<CrlOut> {
    let (cfg, _) = store.config()?;
    let next = next_update_secs(&cfg, ca, None)?;
    let mut txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    let mut pending = Vec::new();
    for t in targets {
        let mut r = Record::about(Event::Revoked, &t.name, t.ca.as_deref(), &t.facts);
        r.reason = Some(reason.to_string());
        txn.push(r);
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
