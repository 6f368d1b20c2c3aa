//! The store's state: the fold of the log's complete records.

use std::collections::{BTreeMap, HashMap};

use crate::error::Result;
use crate::pki::certinfo::{CertFacts, Status};
use crate::store::record::{CaKind, Entry, Event, Record};

/// Where a certificate is in its life, as recorded (time-independent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    Active,
    Revoked,
    Superseded,
    Retired,
    Pending,
}

/// One certificate of the store (a leaf or a CA's own certificate).
#[derive(Debug, Clone)]
pub struct CertEntry {
    pub facts: CertFacts,
    pub name: String,
    /// The issuing CA's store name (None for roots and imported CAs).
    pub ca: Option<String>,
    /// True for a CA's own certificate.
    pub is_ca_entry: bool,
    pub entry: Entry,
    pub lifecycle: Lifecycle,
    pub replaced_by: Option<String>,
    pub revoked_at: Option<String>,
    pub revocation_reason: Option<String>,
}

impl CertEntry {
    /// The status at Unix time `now`.
    pub fn status(&self, now: i64) -> Status {
        match self.lifecycle {
            Lifecycle::Active => {
                if self.facts.not_after < now {
                    Status::Expired
                } else {
                    Status::Valid
                }
            }
            Lifecycle::Revoked => Status::Revoked,
            Lifecycle::Superseded => Status::Superseded,
            Lifecycle::Retired => Status::Retired,
            Lifecycle::Pending => Status::Pending,
        }
    }

    /// The certificate object of this entry at `now`, with its store fields
    /// and the path of its certificate file.
    pub fn view(&self, store: &crate::store::Store, now: i64) -> crate::pki::certinfo::CertView {
        let kind = if self.is_ca_entry {
            crate::store::Kind::Ca
        } else {
            crate::store::Kind::Cert
        };
        let path = store
            .serial_dir(kind, &self.name, &self.facts.serial)
            .join("cert.pem");
        crate::pki::certinfo::CertView::new(self.facts.clone(), now)
            .with_path(path.display().to_string())
            .with_store(crate::pki::certinfo::StoreFields {
                name: self.name.clone(),
                ca: self.ca.clone(),
                profile: self.entry.profile.clone(),
                status: self.status(now),
                replaces: self.entry.replaces.clone(),
                replaced_by: self.replaced_by.clone(),
            })
    }

    /// "Active" means valid or expired: still deployed, still reported.
    pub fn is_active(&self) -> bool {
        self.lifecycle == Lifecycle::Active
    }
}

/// A CA of the store.
#[derive(Debug, Clone)]
pub struct CaInfo {
    pub name: String,
    /// Serial of the CA's current certificate.
    pub serial: String,
    pub kind: CaKind,
    pub parent: Option<String>,
    pub key_stored: bool,
    pub key_encrypted: bool,
    pub permit_dns: Vec<String>,
    pub permit_email: Vec<String>,
    pub permit_uri: Vec<String>,
    /// The generation that issues (1 until a rollover).
    pub generation: u32,
    /// A key in a PKCS#11 token: its URI.
    pub key_uri: Option<String>,
}

/// Where a CA's last key rollover stands, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollover {
    /// The serial of the old generation's certificate.
    pub old_serial: String,
    /// The new generation's number.
    pub generation: u32,
    /// When it started.
    pub started: String,
    /// When it finished (None while under way).
    pub finished: Option<String>,
}

/// The last CRL a CA signed, as the index records it.
#[derive(Debug, Clone)]
pub struct CrlState {
    pub number: u64,
    pub this_update: String,
    pub next_update: String,
    pub revoked: usize,
}

/// The folded state.
#[derive(Debug, Default)]
pub struct State {
    pub certs: Vec<CertEntry>,
    by_serial: HashMap<String, usize>,
    current: HashMap<String, usize>,
    pub cas: BTreeMap<String, CaInfo>,
    /// Last CRL per CA generation (by `record::crl_stem`).
    pub crls: HashMap<String, CrlState>,
    /// The last key rollover of each CA (lowercase name).
    pub rollovers: HashMap<String, Rollover>,
}

impl State {
    /// Folds records in order.
    pub fn fold(records: Vec<Record>) -> State {
        let mut s = State::default();
        s.certs.reserve(records.len());
        for r in records {
            s.apply(r);
        }
        s
    }

    fn apply(&mut self, mut r: Record) {
        match r.event {
            Event::CaCreated
            | Event::CaRenewed
            | Event::CaRolloverStarted
            | Event::CaCrossSigned
            | Event::Issued
            | Event::Renewed => {
                let entry = r.entry.take().unwrap_or_default();
                let ca = r.ca.take();
                let is_ca_entry = r.event.is_ca_certificate();
                if r.event == Event::CaRolloverStarted
                    && let (Some(name), Some(old)) = (&r.name, &entry.replaces)
                {
                    self.rollovers.insert(
                        name.to_ascii_lowercase(),
                        Rollover {
                            old_serial: old.clone(),
                            generation: entry.generation(),
                            started: r.time.clone(),
                            finished: None,
                        },
                    );
                }
                // A cross certificate is one more certificate of a CA, never
                // the one it issues with.
                let is_cross = r.event == Event::CaCrossSigned;
                let (Some(name), Some(facts)) = (r.name.take(), r.into_facts()) else {
                    return;
                };
                if is_ca_entry && !is_cross {
                    self.cas.insert(
                        name.to_ascii_lowercase(),
                        CaInfo {
                            name: name.clone(),
                            serial: facts.serial.clone(),
                            kind: entry.ca_kind.unwrap_or(CaKind::Root),
                            parent: entry.parent.clone(),
                            key_stored: entry.key_stored,
                            key_encrypted: entry.key_encrypted.unwrap_or(false),
                            permit_dns: entry.permit_dns.clone(),
                            permit_email: entry.permit_email.clone(),
                            permit_uri: entry.permit_uri.clone(),
                            generation: entry.generation(),
                            key_uri: entry.key_uri.clone(),
                        },
                    );
                }
                let idx = self.certs.len();
                self.by_serial.insert(facts.serial.clone(), idx);
                if !is_ca_entry {
                    self.current.insert(name.to_ascii_lowercase(), idx);
                }
                self.certs.push(CertEntry {
                    facts,
                    name,
                    ca,
                    is_ca_entry,
                    entry,
                    lifecycle: Lifecycle::Active,
                    replaced_by: None,
                    revoked_at: None,
                    revocation_reason: None,
                });
            }
            Event::Superseded | Event::Revoked | Event::Retired => {
                let Some(&idx) = r.serial.as_ref().and_then(|s| self.by_serial.get(s)) else {
                    return;
                };
                let c = &mut self.certs[idx];
                match r.event {
                    Event::Superseded => {
                        c.lifecycle = Lifecycle::Superseded;
                        c.replaced_by = r.replaced_by.clone();
                    }
                    Event::Revoked => {
                        c.lifecycle = Lifecycle::Revoked;
                        c.revoked_at = Some(r.time.clone());
                        c.revocation_reason = r.reason.clone();
                    }
                    _ => c.lifecycle = Lifecycle::Retired,
                }
                let key = c.name.to_ascii_lowercase();
                if self.current.get(&key) == Some(&idx) {
                    self.current.remove(&key);
                }
            }
            Event::CaRolloverFinished => {
                if let Some(ro) = r
                    .name
                    .as_ref()
                    .and_then(|n| self.rollovers.get_mut(&n.to_ascii_lowercase()))
                {
                    ro.finished = Some(r.time.clone());
                }
            }
            Event::CrlSigned => {
                if let (Some(stem), Some(number), Some(next)) =
                    (r.crl_stem(), r.crl_number, &r.next_update)
                {
                    self.crls.insert(
                        stem,
                        CrlState {
                            number,
                            this_update: r.time.clone(),
                            next_update: next.clone(),
                            revoked: r.revoked_count.unwrap_or(0),
                        },
                    );
                }
            }
            Event::KeyExported | Event::PolicyChanged | Event::Refused => {}
        }
    }

    /// The certificate with this serial.
    pub fn by_serial(&self, serial: &str) -> Option<&CertEntry> {
        self.by_serial.get(serial).map(|&i| &self.certs[i])
    }

    /// The active certificate of a name (case-insensitive).
    pub fn active(&self, name: &str) -> Option<&CertEntry> {
        self.current
            .get(&name.to_ascii_lowercase())
            .map(|&i| &self.certs[i])
    }

    /// The certificates a CA generation issued that are revoked: (serial,
    /// time, reason).
    pub fn revoked_by(&self, ca: &str, generation: u32) -> Vec<(&str, &str, Option<&str>)> {
        self.certs
            .iter()
            .filter(|c| {
                c.lifecycle == Lifecycle::Revoked
                    && c.entry.ca_generation() == generation
                    && c.ca.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(ca))
            })
            .map(|c| {
                (
                    c.facts.serial.as_str(),
                    c.revoked_at.as_deref().unwrap_or(""),
                    c.revocation_reason.as_deref(),
                )
            })
            .collect()
    }

    /// A CA by name (case-insensitive).
    pub fn ca(&self, name: &str) -> Option<&CaInfo> {
        self.cas.get(&name.to_ascii_lowercase())
    }
}

impl crate::store::Store {
    /// The active certificate of a name, found without reading the index:
    /// the name's `current` (with committed records the view does not
    /// reflect yet read over it), its `meta.json` and its certificate. One
    /// name's work, whatever the size of the store.
    pub fn active_entry(&self, kind: crate::store::Kind, name: &str) -> Result<Option<CertEntry>> {
        let Some(serial) = self.active_serial(kind, name)? else {
            return Ok(None);
        };
        self.entry_at(kind, name, &serial, Lifecycle::Active)
            .map(Some)
    }

    /// The certificate in one serial directory, as an entry with the given
    /// lifecycle.
    pub fn entry_at(
        &self,
        kind: crate::store::Kind,
        name: &str,
        serial: &str,
        lifecycle: Lifecycle,
    ) -> Result<CertEntry> {
        let dir = self.serial_dir(kind, name, serial);
        let meta = crate::store::read_meta(&dir)?;
        let der = crate::store::read_cert_der(&dir.join("cert.pem"))?;
        let facts = CertFacts::from_der(&der)?;
        Ok(CertEntry {
            facts,
            name: meta.name,
            ca: meta.ca,
            is_ca_entry: kind == crate::store::Kind::Ca,
            entry: meta.entry,
            lifecycle,
            replaced_by: None,
            revoked_at: None,
            revocation_reason: None,
        })
    }

    /// The serials of every certificate a name has had (its serial
    /// directories), in no particular order.
    pub fn serials_of(&self, kind: crate::store::Kind, name: &str) -> Vec<String> {
        std::fs::read_dir(self.name_dir(kind, name))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.bytes().all(|b| b.is_ascii_hexdigit()) && !n.is_empty())
            .collect()
    }
}
