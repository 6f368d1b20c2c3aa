//! Putting a new CA into the store: its files, its policy section, the
//! default issuer, its record and its first CRL, in one transaction.

use std::path::PathBuf;

use serde::Serialize;

use crate::authority::{CaMaterial, ChainCa};
use crate::context::Context;
use crate::encoding::cert_pem;
use crate::error::{Error, Result, Warning, WarningCode};
use crate::output::Report;
use crate::output::human::{Text, cert_fields};
use crate::pki::certinfo::CertFacts;
use crate::pki::certinfo::{CertView, Status, StoreFields};
use crate::pki::keys::PrivateKey;
use crate::pki::signer::Signer;
use crate::store::config::{self, Config};
use crate::store::fsio::{MODE_PUBLIC, MODE_SECRET};
use crate::store::record::{CaKind, Entry, Event, Record};
use crate::store::state::CaInfo;
use crate::store::{Kind, META, Meta, StagedFile, Store};

/// A new CA key as it is stored: encrypted with the new passphrase, or in
/// the clear with a warning for `--no-passphrase`.
pub fn new_key_pem(
    ctx: &Context,
    name: &str,
    key: &PrivateKey,
    no_passphrase: bool,
) -> Result<zeroize::Zeroizing<String>> {
    if no_passphrase {
        ctx.warn(Warning::new(
            WarningCode::UnencryptedKey,
            format!("the key of CA {name} is stored unencrypted (--no-passphrase); anyone who can read the store can issue certificates"),
        ));
        return Ok(key.to_pem());
    }
    let mut ws = Vec::new();
    let pw = ctx.passphrases.new_key(name, &mut ws);
    ctx.warn_all(ws);
    key.to_encrypted_pem(pw?.value.as_bytes())
}

/// Chooses whether the new CA becomes the default issuer (SPEC section 4).
fn becomes_default(
    cfg: &Config,
    store: &Store,
    is_intermediate: bool,
    set_default: bool,
) -> Result<bool> {
    if set_default {
        return Ok(true);
    }
    let current = match cfg.default_ca.as_deref() {
        Some(d) => store.current_meta(Kind::Ca, d)?,
        None => None,
    };
    Ok(match current {
        None => true,
        Some((_, meta)) => is_intermediate && meta.entry.ca_kind == Some(CaKind::Root),
    })
}

/// A CA that was installed.
#[derive(Debug, Clone)]
pub struct InstalledCa {
    pub name: String,
    /// The parent CA's name (None for a root).
    pub parent: Option<String>,
    /// The CA's `current` directory.
    pub current: PathBuf,
    pub facts: CertFacts,
    /// Whether the store holds its key.
    pub key_stored: bool,
    /// A key in a PKCS#11 token: its URI.
    pub key_uri: Option<String>,
    /// Whether it became the default issuer.
    pub default: bool,
}

/// A CA certificate about to be installed in the store.
pub struct NewCa<'a> {
    pub name: &'a str,
    pub der: &'a [u8],
    /// The key file's contents (None for a CA imported without its key).
    pub key_pem: Option<&'a str>,
    /// The key, to sign the CA's first CRL.
    pub key: Option<&'a dyn Signer>,
    pub parent: Option<&'a CaMaterial>,
    pub entry: Entry,
    pub set_default: bool,
}

/// A CA certificate staged in this transaction, as the chain entry that
/// later steps of the same transaction sign with (its first CRL, the CAs
/// it certifies during a rollover).
pub(super) fn staged_chain_ca(
    store: &Store,
    name: &str,
    der: &[u8],
    facts: &CertFacts,
    entry: &Entry,
    parent: Option<String>,
) -> ChainCa {
    ChainCa {
        info: CaInfo {
            name: name.to_string(),
            serial: facts.serial.clone(),
            kind: entry.ca_kind.unwrap_or(CaKind::Root),
            parent,
            key_stored: entry.key_stored,
            key_encrypted: entry.key_encrypted.unwrap_or(false),
            permit_dns: entry.permit_dns.clone(),
            permit_email: entry.permit_email.clone(),
            permit_uri: entry.permit_uri.clone(),
            generation: entry.generation(),
            key_uri: entry.key_uri.clone(),
        },
        facts: facts.clone(),
        der: der.to_vec(),
        dir: store.serial_dir(Kind::Ca, name, &facts.serial),
    }
}

/// Stages a CA's serial directory: its metadata, certificate, chain (the
/// parent's chain; nothing for a root), root and key file.
pub(super) fn stage_ca_dir(
    txn: &crate::store::Txn<'_>,
    name: &str,
    der: &[u8],
    key_pem: Option<&str>,
    parent: Option<&CaMaterial>,
    entry: &Entry,
) -> Result<CertFacts> {
    let facts = CertFacts::from_der(der)?;
    let cert_text = cert_pem(der);
    let (chain_text, root_text) = match parent {
        Some(p) => (
            p.intermediates_for_child()
                .iter()
                .map(|d| cert_pem(d))
                .collect::<String>(),
            cert_pem(&p.root().der),
        ),
        None => (String::new(), cert_text.clone()),
    };
    let parent_name = parent.map(|p| p.ca().info.name.clone());
    let meta = serde_json::to_string(&Meta {
        name: name.to_string(),
        ca: parent_name.clone(),
        entry: entry.clone(),
    })
    .map_err(|e| Error::internal(format!("metadata: {e}")))?;
    let mut files = vec![
        StagedFile {
            name: META,
            bytes: meta.as_bytes(),
            mode: MODE_PUBLIC,
            shared: false,
        },
        StagedFile {
            name: "cert.pem",
            bytes: cert_text.as_bytes(),
            mode: MODE_PUBLIC,
            shared: false,
        },
        StagedFile {
            name: "chain.pem",
            bytes: chain_text.as_bytes(),
            mode: MODE_PUBLIC,
            shared: false,
        },
        StagedFile {
            name: "ca.pem",
            bytes: root_text.as_bytes(),
            mode: MODE_PUBLIC,
            shared: false,
        },
    ];
    if let Some(k) = key_pem {
        files.push(StagedFile {
            name: "key.pem",
            bytes: k.as_bytes(),
            mode: MODE_SECRET,
            shared: false,
        });
    }
    // A key in a token: where it is, never the key.
    let uri_line = entry.key_uri.as_ref().map(|u| format!("{u}\n"));
    if let Some(u) = &uri_line {
        files.push(StagedFile {
            name: "key.uri",
            bytes: u.as_bytes(),
            mode: MODE_PUBLIC,
            shared: false,
        });
    }
    txn.stage_serial_dir(Kind::Ca, name, &facts.serial, &files)?;
    Ok(facts)
}

/// Writes a CA's serial directory, points `current` at it, adds its policy
/// section, settles the default issuer, records it and signs its first CRL,
/// all in one transaction.
pub fn install_ca(
    ctx: &Context,
    store: &Store,
    mut txn: crate::store::Txn<'_>,
    new: NewCa<'_>,
) -> Result<InstalledCa> {
    let facts = stage_ca_dir(&txn, new.name, new.der, new.key_pem, new.parent, &new.entry)?;
    let parent_name = new.parent.map(|p| p.ca().info.name.clone());
    let is_intermediate = parent_name.is_some();

    let (cfg, cfg_text) = store.config()?;
    let usable = new.key.is_some();
    let make_default = usable && becomes_default(&cfg, store, is_intermediate, new.set_default)?;
    let mut text = cfg_text.clone();
    if usable && !cfg.ca.keys().any(|k| k.eq_ignore_ascii_case(new.name)) {
        text.push_str(&config::ca_section(
            new.name,
            !is_intermediate,
            &new.entry.permit_email,
            &new.entry.permit_uri,
        ));
    }
    if make_default {
        text = config::set_default_ca(&text, new.name)?;
    }
    // The new text must read back before it replaces the file: a store whose
    // configuration does not parse stops every command.
    let new_cfg = Config::parse(&text, &store.config_path()).map_err(|e| {
        Error::internal(format!(
            "the new configuration does not read back: {}",
            e.message
        ))
    })?;
    if text != cfg_text {
        txn.stage_config(&text)?;
    }
    let mut rec = Record::for_cert(Event::CaCreated, &facts);
    rec.name = Some(new.name.to_string());
    rec.ca = parent_name.clone();
    rec.entry = Some(new.entry.clone());
    txn.push(rec);
    // Every CA starts with an empty CRL, so relying parties that check
    // revocation at every level (nginx ssl_crl, --crl-check all) work at once.
    if let Some(key) = new.key {
        let mut chain = vec![staged_chain_ca(
            store,
            new.name,
            new.der,
            &facts,
            &new.entry,
            parent_name.clone(),
        )];
        if let Some(p) = new.parent {
            chain.extend(p.chain.iter().cloned());
        }
        let own = CaMaterial {
            chain,
            extra: Vec::new(),
        };
        let next = crate::authority::next_update_secs(&new_cfg, &own, None)?;
        crate::authority::sign_crl(
            &mut txn,
            &crate::authority::CrlBase::default(),
            &own,
            key,
            next,
            &[],
            ctx.now,
        )?;
    }
    txn.commit()?;
    Ok(InstalledCa {
        name: new.name.to_string(),
        parent: parent_name,
        current: store.current_dir(Kind::Ca, new.name),
        facts,
        key_stored: usable,
        key_uri: new.entry.key_uri.clone(),
        default: make_default,
    })
}

/// JSON: `{"ca": {...}}`.
#[derive(Debug, Serialize)]
pub struct CaReport {
    pub ca: CaOut,
}

/// The created CA.
#[derive(Debug, Serialize)]
pub struct CaOut {
    pub name: String,
    /// `valid`, or `pending` while an offline root has not signed it yet.
    pub status: Status,
    pub certificate: Option<CertView>,
    pub cert_path: Option<String>,
    pub key_path: Option<String>,
    /// A key in a PKCS#11 token: its URI (`key_path` is then null).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_uri: Option<String>,
    /// The request written by `--csr-out`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csr_path: Option<String>,
    pub default: bool,
}

impl Report for CaReport {
    fn human(&self, t: &mut Text) {
        let Some(cert) = &self.ca.certificate else {
            t.line(format!(
                "Created the key of CA {} and wrote its request to {}.",
                t.bold(&self.ca.name),
                self.ca.csr_path.as_deref().unwrap_or("")
            ));
            t.line(format!(
                "Sign it on the root's machine (pkictl sign-csr FILE --name {} --profile intermediate-ca), then run: pkictl init-ca {} --import-cert CERT",
                self.ca.name, self.ca.name
            ));
            return;
        };
        let kind = if cert.facts.issuer == cert.facts.subject {
            "root"
        } else {
            "intermediate"
        };
        let verb = if self.ca.key_path.is_some() || self.ca.key_uri.is_some() {
            "Created"
        } else {
            "Imported"
        };
        t.line(format!("{verb} {kind} CA {}.", t.bold(&self.ca.name)));
        cert_fields(t, cert, 2);
        t.fields(
            2,
            &[
                ("certificate", self.ca.cert_path.clone().unwrap_or_default()),
                (
                    "private key",
                    self.ca
                        .key_path
                        .clone()
                        .or_else(|| self.ca.key_uri.as_ref().map(|u| format!("in a token: {u}")))
                        .unwrap_or_else(|| "(not in this store)".into()),
                ),
                (
                    "default issuer",
                    if self.ca.default {
                        "yes".into()
                    } else {
                        "no".into()
                    },
                ),
            ],
        );
    }
}

impl CaReport {
    /// The report of a CA that was installed, at `now`.
    pub fn installed(i: InstalledCa, now: i64) -> CaReport {
        let cert_path = i.current.join("cert.pem").display().to_string();
        let view = CertView::new(i.facts, now)
            .with_path(cert_path.clone())
            .with_store(StoreFields {
                name: i.name.clone(),
                ca: i.parent,
                profile: None,
                status: Status::Valid,
                replaces: None,
                replaced_by: None,
            });
        CaReport {
            ca: CaOut {
                name: i.name,
                status: Status::Valid,
                certificate: Some(view),
                cert_path: Some(cert_path),
                key_path: (i.key_stored && i.key_uri.is_none())
                    .then(|| i.current.join("key.pem").display().to_string()),
                key_uri: i.key_uri,
                csr_path: None,
                default: i.default,
            },
        }
    }
}

/// A CA's key certified again (`ca renew`): a new serial directory with the
/// new certificate and the key file as it is (same bytes, same encryption),
/// `current` moved to it, and the old certificate recorded as superseded,
/// in one transaction.
pub fn install_recertified(
    mut txn: crate::store::Txn<'_>,
    old: &ChainCa,
    der: &[u8],
    parent: Option<&CaMaterial>,
) -> Result<CertFacts> {
    let facts = stage_recertified(&mut txn, old, der, parent)?;
    txn.commit()?;
    Ok(facts)
}

/// Stages a CA's key certified again by `parent` (itself for a root) and
/// queues its records: `ca_renewed`, and the old certificate superseded.
/// `ca renew` commits it alone; a root's rollover with the rest.
pub(super) fn stage_recertified(
    txn: &mut crate::store::Txn<'_>,
    old: &ChainCa,
    der: &[u8],
    parent: Option<&CaMaterial>,
) -> Result<CertFacts> {
    let key_pem = file_key_pem(old)?;
    let mut entry = crate::store::read_meta(&old.dir)?.entry;
    entry.replaces = Some(old.info.serial.clone());
    entry.ca_generation =
        parent.and_then(|p| crate::store::record::generation_field(p.ca().info.generation));
    let facts = stage_ca_dir(
        txn,
        &old.info.name,
        der,
        key_pem.as_deref().map(String::as_str),
        parent,
        &entry,
    )?;
    let mut rec = Record::for_cert(Event::CaRenewed, &facts);
    rec.name = Some(old.info.name.clone());
    rec.ca = old.info.parent.clone();
    rec.entry = Some(entry);
    txn.push(rec);
    let mut s = Record::new(Event::Superseded);
    s.name = Some(old.info.name.clone());
    s.ca = old.info.parent.clone();
    s.serial = Some(old.info.serial.clone());
    s.replaced_by = Some(facts.serial.clone());
    txn.push(s);
    Ok(facts)
}

/// A CA's key file as it is, for its next certificate's directory (None
/// when the store holds no key file: a key in a token, or none at all).
pub(super) fn file_key_pem(ca: &ChainCa) -> Result<Option<zeroize::Zeroizing<String>>> {
    if !ca.info.key_stored || ca.info.key_uri.is_some() {
        return Ok(None);
    }
    let key_path = ca.dir.join("key.pem");
    crate::store::fsio::check_secret_mode(&key_path)?;
    Ok(Some(zeroize::Zeroizing::new(
        crate::store::fsio::read_to_string(&key_path)?,
    )))
}

/// A cross certificate (`ca cross-sign`): `name`'s key certified by `by`,
/// kept in a serial directory of `name` (no key file; `current` does not
/// move) and recorded as `cross_signed`, in one transaction.
pub fn install_cross(
    mut txn: crate::store::Txn<'_>,
    name: &str,
    generation: u32,
    der: &[u8],
    by: &CaMaterial,
) -> Result<CertFacts> {
    let facts = stage_cross(&mut txn, name, generation, der, by)?;
    txn.commit()?;
    Ok(facts)
}

/// Stages a cross certificate of generation `generation` of `name`, signed
/// by `by`, and queues its `ca_cross_signed` record (`ca cross-sign`, and
/// a root's rollover, where `by` is the old root).
pub(super) fn stage_cross(
    txn: &mut crate::store::Txn<'_>,
    name: &str,
    generation: u32,
    der: &[u8],
    by: &CaMaterial,
) -> Result<CertFacts> {
    let entry = Entry {
        ca_kind: Some(CaKind::Intermediate),
        parent: Some(by.ca().info.name.clone()),
        key_stored: false,
        cross: true,
        generation: crate::store::record::generation_field(generation),
        ca_generation: crate::store::record::generation_field(by.ca().info.generation),
        ..Entry::default()
    };
    let facts = stage_ca_dir(txn, name, der, None, Some(by), &entry)?;
    let mut rec = Record::for_cert(Event::CaCrossSigned, &facts);
    rec.name = Some(name.to_string());
    rec.ca = Some(by.ca().info.name.clone());
    rec.entry = Some(entry);
    txn.push(rec);
    Ok(facts)
}
