//! The store's certificates as one streaming pass over the index sees them:
//! enough of each to sort, filter and grade it (name, CA, serial, validity,
//! lifecycle) and where its full record is, read by offset only for what is
//! shown. The index is read a piece at a time and each piece is parsed on
//! every core, so memory grows with the number of certificates (about
//! 150 bytes each), not with the index's size.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::path::PathBuf;

use crate::error::{Code, Error, Result};
use crate::pki::certinfo::{CertView, Status, StoreFields};
use crate::store::Store;
use crate::store::log::{self, SlimRecord};
use crate::store::record::{Event, Record};
use crate::store::state::Lifecycle;
use crate::timeutil::parse_time;

/// How much of the index is read at a time (a piece of at least 4 MB is
/// parsed on every core).
const PIECE: usize = 16 << 20;

/// One certificate of the store (a leaf, or a CA's own certificate).
#[derive(Debug, Clone)]
pub struct Light {
    pub name: String,
    pub ca: Option<String>,
    pub serial: String,
    pub not_before: i64,
    pub not_after: i64,
    pub is_ca: bool,
    pub lifecycle: Lifecycle,
    pub replaced_by: Option<String>,
    /// Where its issuing record is in the index.
    offset: u64,
    len: u32,
}

/// A CA's last CRL as the index records it.
#[derive(Debug, Clone)]
pub struct CrlInfo {
    pub ca: String,
    /// The CRL's stem (`record::crl_stem`): its file and its key here.
    pub stem: String,
    /// The CA generation that signed it.
    pub generation: u32,
    pub number: u64,
    pub this_update: i64,
    pub next_update: i64,
}

/// The certificates and CRLs of the store.
#[derive(Debug)]
pub struct Catalog {
    pub certs: Vec<Light>,
    /// By CRL stem (`record::crl_stem`: a CA generation).
    pub crls: BTreeMap<String, CrlInfo>,
    /// The stems of CA generations a rollover retired (their final CRL
    /// lasts as long as their certificate: nothing to watch).
    pub retired_crls: std::collections::HashSet<String>,
    /// The index ends with an incomplete line (an interrupted commit).
    pub torn: bool,
    file: Option<std::fs::File>,
    path: PathBuf,
    root: PathBuf,
}

impl Catalog {
    /// Reads the index once.
    pub fn scan(store: &Store) -> Result<Catalog> {
        let path = store.index_path();
        let mut cat = Catalog {
            certs: Vec::new(),
            crls: BTreeMap::new(),
            retired_crls: Default::default(),
            torn: false,
            file: None,
            path: path.clone(),
            root: store.root().to_path_buf(),
        };
        let mut file = match crate::store::fsio::open_regular(&path) {
            // A store without records yet.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(cat),
            other => other,
        }
        .map_err(|e| match e.kind() {
            // A FIFO or a device in place of the index: damage, never waited on.
            std::io::ErrorKind::InvalidInput => {
                Error::new(Code::StoreFormat, format!("{}: {e}", path.display()))
                    .hint("run `pkictl doctor`")
            }
            _ => Error::io("read the index", &path, &e),
        })?;
        cat.file = Some(file.try_clone().map_err(|e| Error::io("read", &path, &e))?);
        let mut by_serial: HashMap<String, usize> = HashMap::new();
        // A small index is read in one go; a large one a piece at a time.
        let size = file.metadata().map_or(PIECE as u64, |m| m.len()) as usize;
        let step = size.clamp(4096, PIECE / 2) + 1;
        let mut buf: Vec<u8> = Vec::new();
        let mut base: u64 = 0;
        let mut base_line: usize = 0;
        loop {
            // Read after what is left of the last piece.
            let kept = buf.len();
            buf.resize(kept + step, 0);
            let n = file
                .read(&mut buf[kept..])
                .map_err(|e| Error::io("read the index", &path, &e))?;
            buf.truncate(kept + n);
            let eof = n == 0;
            // Whole lines only; the rest waits for the next piece.
            let complete = memchr::memrchr(b'\n', &buf).map_or(0, |i| i + 1);
            if complete > 0 && (complete >= step.min(PIECE / 4) || eof) {
                let recs = log::parse_slim_at(&buf[..complete], &path, base_line)?;
                for r in recs {
                    cat.add(r, base, &mut by_serial);
                }
                base_line += memchr::memchr_iter(b'\n', &buf[..complete]).count();
                base += complete as u64;
                buf.drain(..complete);
            }
            if eof {
                cat.torn = !buf.is_empty();
                break;
            }
        }
        Ok(cat)
    }

    fn add(&mut self, r: SlimRecord<'_>, base: u64, by_serial: &mut HashMap<String, usize>) {
        match r.event {
            Event::CaCreated
            | Event::CaRenewed
            | Event::CaRolloverStarted
            | Event::CaCrossSigned
            | Event::Issued
            | Event::Renewed => {
                let (Some(name), Some(serial), Some(not_after), Some(cert)) =
                    (&r.name, &r.serial, r.not_after, &r.cert)
                else {
                    return;
                };
                by_serial.insert(serial.to_string(), self.certs.len());
                self.certs.push(Light {
                    name: name.to_string(),
                    ca: r.ca.as_deref().map(str::to_string),
                    serial: serial.to_string(),
                    not_before: cert.not_before,
                    not_after,
                    is_ca: r.event.is_ca_certificate(),
                    lifecycle: Lifecycle::Active,
                    replaced_by: None,
                    offset: base + r.range.0 as u64,
                    len: (r.range.1 - r.range.0) as u32,
                });
            }
            Event::Superseded | Event::Revoked | Event::Retired => {
                if let Some(&i) = r.serial.as_deref().and_then(|s| by_serial.get(s)) {
                    let c = &mut self.certs[i];
                    c.lifecycle = match r.event {
                        Event::Superseded => {
                            c.replaced_by = r.replaced_by.as_deref().map(str::to_string);
                            Lifecycle::Superseded
                        }
                        Event::Revoked => Lifecycle::Revoked,
                        _ => Lifecycle::Retired,
                    };
                }
            }
            Event::CaRolloverFinished => {
                if let (Some(name), Some(g)) = (&r.name, r.ca_generation) {
                    self.retired_crls
                        .insert(crate::store::record::crl_stem(name, g));
                }
            }
            Event::CrlSigned => {
                if let (Some(ca), Some(number), Some(next)) = (&r.ca, r.crl_number, &r.next_update)
                {
                    let generation = r.ca_generation.unwrap_or(1);
                    let stem = crate::store::record::crl_stem(ca, generation);
                    self.crls.insert(
                        stem.clone(),
                        CrlInfo {
                            ca: ca.to_string(),
                            stem,
                            generation,
                            number,
                            this_update: parse_time(&r.time).unwrap_or(0),
                            next_update: parse_time(next).unwrap_or(0),
                        },
                    );
                }
            }
            _ => {}
        }
    }

    /// The full issuing record of a certificate, read from the index.
    pub fn record(&self, l: &Light) -> Result<Record> {
        let mut bytes = vec![0u8; l.len as usize];
        let file = self
            .file
            .as_ref()
            .ok_or_else(|| Error::internal("a certificate without an index"))?;
        file.read_exact_at(&mut bytes, l.offset)
            .map_err(|e| Error::io("read the index", &self.path, &e))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            Error::new(
                Code::StoreFormat,
                format!(
                    "the index {} is damaged: {}",
                    self.path.display(),
                    crate::error::json_problem(&e)
                ),
            )
            .hint("run `pkictl doctor`")
        })
    }

    /// Where a certificate's file is.
    pub fn cert_path(&self, l: &Light) -> PathBuf {
        self.root
            .join(if l.is_ca { "cas" } else { "certs" })
            .join(l.name.to_ascii_lowercase())
            .join(&l.serial)
            .join("cert.pem")
    }

    /// The status of a certificate at `now`.
    pub fn status(l: &Light, now: i64) -> Status {
        match l.lifecycle {
            Lifecycle::Active if l.not_after < now => Status::Expired,
            Lifecycle::Active => Status::Valid,
            Lifecycle::Revoked => Status::Revoked,
            Lifecycle::Superseded => Status::Superseded,
            Lifecycle::Retired => Status::Retired,
            Lifecycle::Pending => Status::Pending,
        }
    }

    /// The certificate object of a store certificate at `now` (its record
    /// read from the index).
    pub fn view(&self, l: &Light, now: i64) -> Result<CertView> {
        let r = self.record(l)?;
        let entry = r.entry.clone().unwrap_or_default();
        let facts = r
            .into_facts()
            .ok_or_else(|| Error::internal("a certificate record without its certificate"))?;
        Ok(CertView::new(facts, now)
            .with_path(self.cert_path(l).display().to_string())
            .with_store(StoreFields {
                name: l.name.clone(),
                ca: l.ca.clone(),
                profile: entry.profile,
                status: Catalog::status(l, now),
                replaces: entry.replaces,
                replaced_by: l.replaced_by.clone(),
            }))
    }

    /// The active certificates of the store's CAs, by lowercase name.
    /// The CRLs to watch: those of the active CAs' generations that no
    /// rollover retired.
    pub fn watched_crls(&self) -> Vec<CrlInfo> {
        let active = self.active_cas();
        self.crls
            .iter()
            .filter(|(stem, c)| {
                active.contains(&c.ca.to_ascii_lowercase()) && !self.retired_crls.contains(*stem)
            })
            .map(|(_, c)| c.clone())
            .collect()
    }

    pub fn active_cas(&self) -> Vec<String> {
        self.certs
            .iter()
            .filter(|l| l.is_ca && l.lifecycle == Lifecycle::Active)
            .map(|l| l.name.to_ascii_lowercase())
            .collect()
    }
}

impl Light {
    /// Sort order of store collections: name (ignoring case), then serial.
    pub fn cmp_name_serial(&self, other: &Light) -> std::cmp::Ordering {
        crate::names::cmp_ignore_case(&self.name, &other.name)
            .then_with(|| self.serial.cmp(&other.serial))
    }
}

/// Some of a catalog's certificates, in order, as certificate objects made
/// one at a time while they are written out (JSON streams them; nothing
/// holds them all).
#[derive(Debug)]
pub struct Views {
    pub catalog: Catalog,
    /// Indexes into `catalog.certs`, in output order.
    pub chosen: Vec<usize>,
    pub now: i64,
}

impl Views {
    /// How many.
    pub fn len(&self) -> usize {
        self.chosen.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.chosen.is_empty()
    }

    /// Each certificate object, in order.
    pub fn iter(&self) -> impl Iterator<Item = Result<CertView>> + '_ {
        self.chosen
            .iter()
            .map(|&i| self.catalog.view(&self.catalog.certs[i], self.now))
    }
}

impl serde::Serialize for Views {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq};
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for v in self.iter() {
            seq.serialize_element(&v.map_err(|e| S::Error::custom(e.message))?)?;
        }
        seq.end()
    }
}
