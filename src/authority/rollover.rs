//! A CA's key rollover in the store: the next generation installed with
//! everything that depends on it (a root's cross certificate and its
//! intermediates certified again), the leaves that still need the old
//! generation, and the end of the overlap — each one transaction.

use std::collections::HashMap;

use crate::authority::install::{stage_ca_dir, stage_cross, stage_recertified, staged_chain_ca};
use crate::authority::{CaMaterial, ChainCa, CrlBase, CrlOut, next_update_secs, sign_crl};
use crate::error::{Error, Result};
use crate::pki::certinfo::CertFacts;
use crate::pki::signer::Signer;
use crate::store::config::Config;
use crate::store::record::{CaKind, Event, Record, generation_field};
use crate::store::state::{CertEntry, State};
use crate::store::{Kind, Store, Txn};

/// Where a CA's rollover stands (SPEC `stage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// No rollover was ever started.
    None,
    /// The next generation issues; leaves of the old one remain.
    Started,
    /// Started, and no active leaf needs the old generation any more.
    Reissued,
    /// The old generation is retired.
    Finished,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::None => "none",
            Stage::Started => "started",
            Stage::Reissued => "reissued",
            Stage::Finished => "finished",
        }
    }
}

/// The next generation of a CA, signed and ready to install.
pub struct NextGeneration<'a> {
    /// The CA at its current (old) generation.
    pub old: &'a CaMaterial,
    pub generation: u32,
    /// The new generation's certificate and key file.
    pub der: &'a [u8],
    /// A file key's PEM, or None for a key in a token (`key_uri`).
    pub key_pem: Option<&'a str>,
    pub key_uri: Option<String>,
    /// The new key, to sign the generation's first CRL.
    pub key: &'a dyn Signer,
    /// A root's: the new key certified by the old one.
    pub cross: Option<&'a [u8]>,
    /// A root's: each CA it issued, certified again by the new key for its
    /// existing key (the CA at its current certificate, the new DER).
    pub children: &'a [(ChainCa, Vec<u8>)],
}

/// Installs a CA's next generation in one transaction: its serial
/// directory (`current` moves to it, `previous` names the old one), a
/// root's cross certificate and re-certified intermediates, and the new
/// generation's first CRL. Records `ca_rollover_started` (then
/// `ca_cross_signed`, `ca_renewed` + `superseded` per intermediate,
/// `crl_signed`).
pub fn install_next_generation(
    cfg: &Config,
    mut txn: Txn<'_>,
    next: NextGeneration<'_>,
    now: i64,
) -> Result<CertFacts> {
    let store = txn.store();
    let old = next.old.ca();
    let name = old.info.name.clone();
    let parent = next.old.parent();
    let mut entry = crate::store::read_meta(&old.dir)?.entry;
    entry.generation = generation_field(next.generation);
    entry.replaces = Some(old.info.serial.clone());
    entry.cross = false;
    entry.ca_generation = parent
        .as_ref()
        .and_then(|p| generation_field(p.ca().info.generation));
    entry.key_uri = next.key_uri.clone();
    entry.key_encrypted = Some(
        next.key_pem
            .is_some_and(|p| p.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY")),
    );
    let facts = stage_ca_dir(&txn, &name, next.der, next.key_pem, parent.as_ref(), &entry)?;
    let mut rec = Record::for_cert(Event::CaRolloverStarted, &facts);
    rec.name = Some(name.clone());
    rec.ca = old.info.parent.clone();
    rec.entry = Some(entry.clone());
    txn.push(rec);

    let new_ca = staged_chain_ca(
        store,
        &name,
        next.der,
        &facts,
        &entry,
        old.info.parent.clone(),
    );
    let mut own = CaMaterial {
        chain: std::iter::once(new_ca)
            .chain(next.old.chain[1..].iter().cloned())
            .collect(),
        extra: next.old.extra.clone(),
    };
    if let Some(cross) = next.cross {
        let old_root = CaMaterial {
            chain: vec![old.clone()],
            extra: Vec::new(),
        };
        stage_cross(&mut txn, &name, next.generation, cross, &old_root)?;
        own.extra = vec![cross.to_vec()];
    }
    for (child, der) in next.children {
        stage_recertified(&mut txn, child, der, Some(&own))?;
    }
    let next_update = next_update_secs(cfg, &own, None)?;
    sign_crl(
        &mut txn,
        &CrlBase::default(),
        &own,
        next.key,
        next_update,
        &[],
        now,
    )?;
    txn.commit()?;
    Ok(facts)
}

/// Ends a rollover in one transaction: the old generation's final CRL
/// (nextUpdate at its certificate's notAfter), its certificate retired,
/// `ca_rollover_finished` recorded (the `previous` link goes).
pub fn install_finish(
    mut txn: Txn<'_>,
    old: &CaMaterial,
    key: &dyn Signer,
    now: i64,
) -> Result<CrlOut> {
    let me = old.ca();
    let base = CrlBase::current(&txn, old, now)?;
    let (crl, _) = sign_crl(
        &mut txn,
        &base,
        old,
        key,
        (me.facts.not_after - now).max(1),
        &[],
        now,
    )?;
    txn.push(Record::about(
        Event::Retired,
        &me.info.name,
        me.info.parent.as_deref(),
        &me.facts,
    ));
    let mut rec = Record::new(Event::CaRolloverFinished);
    rec.name = Some(me.info.name.clone());
    rec.ca_generation = Some(me.info.generation);
    rec.ca = me.info.parent.clone();
    rec.serial = Some(me.info.serial.clone());
    txn.push(rec);
    txn.commit()?;
    Ok(crl)
}

/// The CAs below `name` in the store (children first), from the fold.
pub fn descendants(state: &State, name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut frontier = vec![name.to_ascii_lowercase()];
    while let Some(p) = frontier.pop() {
        for ca in state.cas.values() {
            if ca
                .parent
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(&p))
                && !out.iter().any(|o| o.eq_ignore_ascii_case(&ca.name))
            {
                out.push(ca.name.clone());
                frontier.push(ca.name.to_ascii_lowercase());
            }
        }
    }
    out
}

/// The active leaves under a CA (issued by it or by a CA below it).
pub fn leaves_under<'s>(state: &'s State, name: &str) -> Vec<&'s CertEntry> {
    let mut cas = descendants(state, name);
    cas.push(name.to_string());
    state
        .certs
        .iter()
        .filter(|e| {
            e.is_active()
                && !e.is_ca_entry
                && e.ca
                    .as_deref()
                    .is_some_and(|c| cas.iter().any(|x| x.eq_ignore_ascii_case(c)))
        })
        .collect()
}

/// The active leaves that still need a CA's old generation: for an
/// intermediate, those an older generation signed; for a root, those whose
/// chain files lead only to the old root (no certificate in them, nor the
/// leaf itself, is signed by the new key `new_ski`).
pub fn waiting_leaves<'s>(store: &Store, state: &'s State, ca: &ChainCa) -> Vec<&'s CertEntry> {
    let Some(ro) = state.rollovers.get(&ca.info.name.to_ascii_lowercase()) else {
        return Vec::new();
    };
    if ro.finished.is_some() {
        return Vec::new();
    }
    let new_ski = ca.facts.subject_key_id.clone();
    let is_root = ca.info.kind == CaKind::Root;
    let mut chain_leads_new: HashMap<Vec<u8>, bool> = HashMap::new();
    leaves_under(state, &ca.info.name)
        .into_iter()
        .filter(|e| {
            let own =
                e.ca.as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(&ca.info.name));
            if own {
                return e.entry.ca_generation() < ro.generation;
            }
            if !is_root {
                return false;
            }
            let chain = store
                .serial_dir(Kind::Cert, &e.name, &e.facts.serial)
                .join("chain.pem");
            let bytes = std::fs::read(&chain).unwrap_or_default();
            let leads_new = *chain_leads_new
                .entry(bytes)
                .or_insert_with_key(|b| signed_by_key(b, new_ski.as_deref()));
            !leads_new
        })
        .collect()
}

/// Whether a PEM chain holds a certificate signed by the key `ski`.
fn signed_by_key(pem_bytes: &[u8], ski: Option<&str>) -> bool {
    let Some(ski) = ski else {
        return false;
    };
    pem::parse_many(pem_bytes)
        .unwrap_or_default()
        .iter()
        .any(|p| {
            CertFacts::from_der(p.contents())
                .is_ok_and(|f| f.authority_key_id.as_deref() == Some(ski))
        })
}

/// Where a CA's rollover stands, and the active leaves that still need
/// its old generation (computed once: for a root it reads every leaf's
/// chain file).
pub fn progress<'s>(store: &Store, state: &'s State, ca: &ChainCa) -> (Stage, Vec<&'s CertEntry>) {
    let waiting = waiting_leaves(store, state, ca);
    let stage = match state.rollovers.get(&ca.info.name.to_ascii_lowercase()) {
        None => Stage::None,
        Some(r) if r.finished.is_some() => Stage::Finished,
        Some(_) if waiting.is_empty() => Stage::Reissued,
        Some(_) => Stage::Started,
    };
    (stage, waiting)
}

/// Where a CA's rollover stands.
pub fn stage(store: &Store, state: &State, ca: &ChainCa) -> Stage {
    progress(store, state, ca).0
}

/// The error for a rollover step that needs one under way.
pub fn no_rollover(name: &str) -> Error {
    Error::new(
        crate::error::Code::Usage,
        format!("CA {name} has no rollover under way"),
    )
    .hint(format!(
        "start one with `pkictl ca rollover {name} --start`"
    ))
}
