//! Revoking certificates of the store: finding what a NAME or serial
//! designates, the lineage a key compromise reaches, and recording the
//! revocations together with the re-signed CRL in one transaction.

use std::collections::HashSet;

use crate::authority::{CaMaterial, CrlBase, CrlOut, Pending, next_update_secs, sign_crl};
use crate::context::Context;
use crate::error::{Code, Error, Result};
use crate::pki::certinfo::normalize_serial;
use crate::pki::signer::Signer;
use crate::store::record::{Event, Record};
use crate::store::state::{CertEntry, Lifecycle};
use crate::store::{Kind, Store};

/// Finds the certificate a NAME or --serial designates. A NAME is found
/// through its own directory (its active certificate, or the CA of that
/// name); a serial needs the index.
pub fn target(store: &Store, name: Option<&str>, serial: Option<&str>) -> Result<CertEntry> {
    match (name, serial) {
        (_, Some(s)) => {
            let s = normalize_serial(s)?;
            let (state, _) = store.state()?;
            state.by_serial(&s).cloned().ok_or_else(|| {
                Error::new(
                    Code::NotFound,
                    format!("no certificate with serial {s} in the store"),
                )
                .hint("`pkictl list --status all` shows every serial")
            })
        }
        (Some(n), None) => {
            if let Some(e) = store.active_entry(Kind::Cert, n)? {
                return Ok(e);
            }
            if let Some(e) = store.active_entry(Kind::Ca, n)? {
                return Ok(e);
            }
            Err(Error::new(Code::NotFound, format!("{n} has no active certificate"))
                .hint("`pkictl list --status all` shows every certificate; use --serial for an older one"))
        }
        (None, None) => Err(Error::usage("name a certificate or pass --serial HEX")),
    }
}

/// Every unexpired certificate of a name's lineage that shares the target's
/// key and was issued by the same CA, and that the CA has not revoked yet
/// (`revoked`: the serials on its CRL). Read from the name's own serial
/// directories.
pub fn same_key_lineage(
    store: &Store,
    target: &CertEntry,
    revoked: &HashSet<String>,
    now: i64,
) -> Result<Vec<CertEntry>> {
    let kind = if target.is_ca_entry {
        Kind::Ca
    } else {
        Kind::Cert
    };
    let mut out = Vec::new();
    for serial in store.serials_of(kind, &target.name) {
        if serial == target.facts.serial {
            out.push(target.clone());
            continue;
        }
        let e = store.entry_at(kind, &target.name, &serial, Lifecycle::Superseded)?;
        if e.facts.spki_sha256 == target.facts.spki_sha256
            && e.ca.as_deref().map(str::to_ascii_lowercase)
                == target.ca.as_deref().map(str::to_ascii_lowercase)
            && !revoked.contains(&e.facts.serial)
            && e.facts.not_after >= now
        {
            out.push(e);
        }
    }
    out.sort_by(|a, b| a.facts.serial.cmp(&b.facts.serial));
    Ok(out)
}

/// Records revocations and re-signs the issuing CA's CRL, under one lock.
/// The CRL builds on the CA's current CRL (read under the lock; the index
/// is folded only when that file is unusable).
pub fn revoke_entries(
    ctx: &Context,
    store: &Store,
    targets: &[&CertEntry],
    reason: &str,
    key: &dyn Signer,
    ca: &CaMaterial,
) -> Result<CrlOut> {
    let (cfg, _) = store.config()?;
    let next = next_update_secs(&cfg, ca, None)?;
    let mut txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    let base = CrlBase::current(&txn, ca, ctx.now)?;
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
    let (crl, _) = sign_crl(&mut txn, &base, ca, key, next, &pending, ctx.now)?;
    txn.commit()?;
    Ok(crl)
}

/// One group of certificates revoked together, and how it went.
pub type Revoked<'e> = (Vec<&'e CertEntry>, Result<CrlOut>);

/// Revokes certificates each on the CRL of the CA generation that signed
/// it (after a rollover, maybe not the generation issuing now): grouped by
/// issuing CA and generation, one transaction per group. `opened` are CAs
/// with their signers the caller holds already; any other generation is
/// found by the certificates' key identifier and its key opened.
pub fn revoke_on_their_crls<'e>(
    ctx: &Context,
    store: &Store,
    targets: &[&'e CertEntry],
    reason: &str,
    opened: &[(&CaMaterial, &dyn Signer)],
) -> Vec<Revoked<'e>> {
    let mut groups: std::collections::BTreeMap<(String, u32), Vec<&'e CertEntry>> =
        Default::default();
    for t in targets {
        let ca = t.ca.as_deref().unwrap_or_default().to_ascii_lowercase();
        groups
            .entry((ca, t.entry.ca_generation()))
            .or_default()
            .push(t);
    }
    groups
        .into_iter()
        .map(|((ca, generation), group)| {
            let held = opened.iter().find(|(m, _)| {
                m.ca().info.name.eq_ignore_ascii_case(&ca) && m.ca().info.generation == generation
            });
            let result = match held {
                Some((m, key)) => revoke_entries(ctx, store, &group, reason, *key, m),
                None => crate::authority::load_signing_ca(
                    store,
                    &ca,
                    group[0].facts.authority_key_id.as_deref(),
                )
                .and_then(|m| {
                    let key = crate::authority::open_signer(ctx, m.ca(), true)?;
                    revoke_entries(ctx, store, &group, reason, key.as_ref(), &m)
                }),
            };
            (group, result)
        })
        .collect()
}
