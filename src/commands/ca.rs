//! `pkictl ca default NAME` and `pkictl ca status [NAME]`.

use comfy_table::Cell;
use serde::Serialize;

use crate::authority::unknown_ca;
use crate::cli::{CaDefaultArgs, CaStatusArgs};
use crate::context::Context;
use crate::error::{Code, Error, Result};
use crate::output::Report;
use crate::output::human::{Text, remaining};
use crate::pki::certinfo::CertView;
use crate::settings::Defaults;
use crate::store::Store;
use crate::store::config;
use crate::store::record::{CaKind, Event, Record};
use crate::store::state::{CaInfo, CertEntry, State};

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
    /// `file` (the store's `key.pem`), `pkcs11` (a token, `key_uri`) or
    /// `none` (a CA imported without its key).
    pub key_location: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_uri: Option<String>,
    pub key_encrypted: bool,
    /// Rollover stage: `none`, `started`, `reissued` or `finished`.
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
    /// The last CRL this generation signed.
    pub crl: Option<CrlStatus>,
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
                    Cell::new(if c.stage == "none" {
                        c.generations.len().to_string()
                    } else {
                        format!("{} (rollover {})", c.generations.len(), c.stage)
                    }),
                    Cell::new(cert.not_after_text()),
                    Cell::new(remaining(cert.days_remaining, cert.seconds_remaining)),
                    Cell::new(match (c.key_location, c.key_encrypted) {
                        ("file", true) => "file, encrypted",
                        ("file", false) => "file, NOT encrypted",
                        ("pkcs11", _) => "PKCS#11 token",
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
            for x in &c.cross_certificates {
                let by = if x.by.eq_ignore_ascii_case(&c.name) {
                    "its previous generation (rollover)".to_string()
                } else {
                    x.by.clone()
                };
                t.line(format!(
                    "{}: cross-signed by {by} (serial {}, {} until {})",
                    c.name, x.serial, x.status, x.not_after
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
            key_location: match (&ca.key_uri, ca.key_stored) {
                (Some(_), _) => "pkcs11",
                (None, true) => "file",
                (None, false) => "none",
            },
            key_uri: ca.key_uri.clone(),
            key_encrypted: ca.key_encrypted,
            stage: crate::authority::rollover::stage(
                &store,
                &state,
                crate::authority::load_ca(&store, &ca.name)?.ca(),
            )
            .as_str(),
            generations: generations(&store, &state, ca, ctx.now),
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
            crl: crl_status(&state, &ca.name, ca.generation),
            name_constraints: entry.facts.name_constraints.clone(),
            leaf_validity_secs: leaf_validity,
            expires_before_leaves,
        });
    }
    Ok(StatusReport { cas })
}

/// The last CRL of a CA generation.
fn crl_status(state: &State, name: &str, generation: u32) -> Option<CrlStatus> {
    state
        .crls
        .get(&crate::store::record::crl_stem(name, generation))
        .map(|c| CrlStatus {
            crl_number: c.number,
            this_update: c.this_update.clone(),
            next_update: c.next_update.clone(),
            revoked: c.revoked,
        })
}

/// A CA's generations (its keys), oldest first, each with its newest
/// certificate.
fn generations(store: &Store, state: &State, ca: &CaInfo, now: i64) -> Vec<Generation> {
    let mut by_gen: std::collections::BTreeMap<u32, Vec<&CertEntry>> = Default::default();
    for c in state
        .certs
        .iter()
        .filter(|c| c.is_ca_entry && !c.entry.cross && c.name.eq_ignore_ascii_case(&ca.name))
    {
        by_gen.entry(c.entry.generation()).or_default().push(c);
    }
    by_gen
        .into_iter()
        .filter_map(|(g, certs)| {
            let newest = if g == ca.generation {
                certs.iter().find(|c| c.facts.serial == ca.serial)
            } else {
                certs.iter().max_by_key(|c| c.facts.not_after)
            }?;
            Some(Generation {
                generation: g,
                current: g == ca.generation,
                certificates: certs.len(),
                certificate: newest.view(store, now),
                crl: crl_status(state, &ca.name, g),
            })
        })
        .collect()
}
