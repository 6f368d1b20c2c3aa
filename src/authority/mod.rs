//! The store's CAs as something to issue from: a CA and its ancestors
//! read from the store (`CaMaterial`), its key opened into a signer, the
//! checks a new CA must pass, installing a CA, and signing its CRLs.
//! Commands never read CA files themselves.

mod constraints;
mod crl;
mod install;
pub mod rollover;

pub use constraints::{CaConstraints, check_child_ca, expired, parse_constraints};
pub use crl::{CrlBase, CrlOut, Pending, next_update_secs, sign_crl};
pub use install::{
    CaOut, CaReport, InstalledCa, NewCa, install_ca, install_cross, install_recertified,
    new_key_pem,
};

use std::path::PathBuf;

use crate::context::Context;
use crate::error::{Code, Error, Result};
use crate::pki::certinfo::CertFacts;
use crate::pki::keys::{PrivateKey, decrypt_pkcs8, plain_private_key_to_pkcs8};
use crate::pki::pkcs11::{self, KeyUri};
use crate::pki::policy::ChainConstraints;
use crate::pki::signer::{Signer, spki_der};
use crate::store::fsio;
use crate::store::record::CaKind;
use crate::store::state::CaInfo;
use crate::store::{Kind, Meta, Store, read_cert_der};

/// One CA of a chain, as read from the store.
#[derive(Debug, Clone)]
pub struct ChainCa {
    pub info: CaInfo,
    pub facts: CertFacts,
    pub der: Vec<u8>,
    pub dir: PathBuf,
}

/// A CA with everything needed to issue from it.
#[derive(Debug, Clone)]
pub struct CaMaterial {
    /// This CA first, its root last.
    pub chain: Vec<ChainCa>,
    /// During a root's rollover: the cross certificate of its new
    /// generation (signed by the old one), sent after the chain so peers
    /// that trust only the old root still build a path.
    pub extra: Vec<Vec<u8>>,
}

impl CaMaterial {
    /// This CA.
    pub fn ca(&self) -> &ChainCa {
        &self.chain[0]
    }

    /// The root at the top of the chain.
    pub fn root(&self) -> &ChainCa {
        &self.chain[self.chain.len() - 1]
    }

    /// True when this CA is a root.
    pub fn is_root(&self) -> bool {
        self.chain.len() == 1
    }

    /// What a certificate issued by this CA sends as its chain: this CA and
    /// its ancestors, without the root (empty when a root issues), then the
    /// cross certificate of a root in rollover.
    pub fn intermediates_for_child(&self) -> Vec<&[u8]> {
        self.chain[..self.chain.len() - 1]
            .iter()
            .map(|c| c.der.as_slice())
            .chain(self.extra.iter().map(Vec::as_slice))
            .collect()
    }

    /// The CA above this one, with its own ancestors (None for a root).
    pub fn parent(&self) -> Option<CaMaterial> {
        (!self.is_root()).then(|| CaMaterial {
            chain: self.chain[1..].to_vec(),
            extra: self.extra.clone(),
        })
    }

    /// The constraints of every CA from this one up to the root.
    pub fn constraints(&self) -> Vec<ChainConstraints> {
        self.chain
            .iter()
            .map(|c| ChainConstraints {
                ca: c.info.name.clone(),
                nc: c.facts.name_constraints.clone(),
                permit_dns: c.info.permit_dns.clone(),
                permit_email: c.info.permit_email.clone(),
                permit_uri: c.info.permit_uri.clone(),
            })
            .collect()
    }

    /// The stem of this CA generation's CRL (`record::crl_stem`).
    pub fn crl_stem(&self) -> String {
        let me = &self.ca().info;
        crate::store::record::crl_stem(&me.name, me.generation)
    }

    /// The URLs written into what this CA generation signs (pkictl.toml's
    /// `crl_url` and `ca_issuers_url`; `{name}` is the stem of the
    /// generation's CRL file, so each generation points at its own CRL).
    pub fn locations(&self, cfg: &crate::store::config::Config) -> crate::pki::build::Locations {
        cfg.policy(&self.ca().info.name).locations(&self.crl_stem())
    }

    /// The CA's key file.
    pub fn key_path(&self) -> PathBuf {
        self.ca().dir.join("key.pem")
    }
}

/// The error for a CA that another run changed while this one waited for
/// the store lock (it planned from what it read before).
pub fn changed_meanwhile(name: &str) -> Error {
    Error::new(
        Code::AlreadyExists,
        format!("CA {name} changed while waiting for the lock"),
    )
    .hint("run the command again")
}

/// The error for a CA name the store does not have.
pub fn unknown_ca(name: &str, store: &Store) -> Error {
    let known = store.ca_names();
    let hint = if known.is_empty() {
        "create one with `pkictl init-ca`".to_string()
    } else {
        format!("the store's CAs are: {}", known.join(", "))
    };
    Error::new(
        Code::NotFound,
        format!("no CA named {} in the store", crate::error::q(name)),
    )
    .hint(hint)
}

/// A CA's description from its metadata and certificate.
fn ca_info(meta: &Meta, facts: &CertFacts) -> CaInfo {
    CaInfo {
        name: meta.name.clone(),
        serial: facts.serial.clone(),
        kind: meta.entry.ca_kind.unwrap_or(CaKind::Root),
        parent: meta.entry.parent.clone(),
        key_stored: meta.entry.key_stored,
        key_encrypted: meta.entry.key_encrypted.unwrap_or(false),
        permit_dns: meta.entry.permit_dns.clone(),
        permit_email: meta.entry.permit_email.clone(),
        permit_uri: meta.entry.permit_uri.clone(),
        generation: meta.entry.generation(),
        key_uri: meta.entry.key_uri.clone(),
    }
}

/// Loads a CA and its ancestors through their `current` links (a few file
/// reads, whatever the size of the store).
pub fn load_ca(store: &Store, name: &str) -> Result<CaMaterial> {
    let mut chain = Vec::new();
    let mut current = name.to_string();
    for _ in 0..16 {
        let (dir, meta) = store
            .current_meta(Kind::Ca, &current)?
            .ok_or_else(|| unknown_ca(&current, store))?;
        let der = read_cert_der(&dir.join("cert.pem"))?;
        let facts = CertFacts::from_der(&der)?;
        let info = ca_info(&meta, &facts);
        let dir = store.serial_dir(Kind::Ca, &info.name, &info.serial);
        let parent = info.parent.clone();
        chain.push(ChainCa {
            info,
            facts,
            der,
            dir,
        });
        match parent {
            Some(p) => current = p,
            None => {
                let extra = rollover_cross(store, &chain[chain.len() - 1])?;
                return Ok(CaMaterial { chain, extra });
            }
        }
    }
    Err(Error::new(
        Code::StoreFormat,
        format!("the CA chain of {name} is too deep or loops"),
    ))
}

/// Opens a CA's key as a signer, wherever it lives (today: the store's
/// `key.pem`, asking for its passphrase when it is encrypted). `issuing`
/// selects `--ca-passphrase-file`. The signer's public key must be the CA
/// certificate's.
pub fn open_signer(ctx: &Context, ca: &ChainCa, issuing: bool) -> Result<Box<dyn Signer>> {
    let (key, place): (Box<dyn Signer>, String) = match &ca.info.key_uri {
        Some(uri) => {
            let uri = KeyUri::parse(uri)?;
            (
                Box::new(token_key(ctx, &uri)?),
                format!("the token key {}", uri.canonical()),
            )
        }
        None => (
            Box::new(file_key(ctx, ca, issuing)?),
            ca.dir.join("key.pem").display().to_string(),
        ),
    };
    if crate::encoding::sha256_hex(&spki_der(key.as_ref())) != ca.facts.spki_sha256 {
        return Err(Error::new(
            Code::StoreFormat,
            format!(
                "{place} does not belong to CA {}'s certificate",
                ca.info.name
            ),
        )
        .hint("restore the CA's key from a backup, or fix the CA's key.uri"));
    }
    Ok(key)
}

/// The PKCS#11 module of a token key: `module-path` in its URI, else
/// `PKICTL_PKCS11_MODULE`, else `pkcs11_module` in pkictl.toml.
pub fn pkcs11_module(ctx: &Context, uri: &KeyUri) -> Result<String> {
    let configured = || -> Result<Option<String>> {
        Ok(match ctx.open_store_if_present()? {
            Some(store) => store.config()?.0.pkcs11_module,
            None => None,
        })
    };
    let found = match uri.module_path.is_some() {
        true => pkcs11::module_path(uri, None),
        false => pkcs11::module_path(uri, configured()?),
    };
    found.ok_or_else(|| Error::usage("no PKCS#11 module for the CA key in a token").hint(
        "add module-path=… to the key URI, set PKICTL_PKCS11_MODULE, or set pkcs11_module in pkictl.toml (e.g. /usr/lib/softhsm/libsofthsm2.so)",
    ))
}

/// The token key a URI names (an error when the token lacks it).
pub fn token_key(ctx: &Context, uri: &KeyUri) -> Result<pkcs11::TokenKey> {
    pkcs11::open(&pkcs11_module(ctx, uri)?, uri, &mut pin_source(ctx, uri))
}

/// The token key a URI names, None when the token does not hold it.
pub fn find_token_key(ctx: &Context, uri: &KeyUri) -> Result<Option<pkcs11::TokenKey>> {
    pkcs11::find(&pkcs11_module(ctx, uri)?, uri, &mut pin_source(ctx, uri))
}

/// A new key of `key_type` made in the token (the URI gains a random id
/// when it names none).
pub fn new_token_key(
    ctx: &Context,
    uri: &KeyUri,
    key_type: crate::pki::keys::KeyType,
) -> Result<(KeyUri, pkcs11::TokenKey)> {
    pkcs11::generate(
        &pkcs11_module(ctx, uri)?,
        uri,
        key_type,
        &mut pin_source(ctx, uri),
    )
}

/// The token key a URI names, made there first when the token does not
/// hold it yet (a run killed after making it finds it again).
pub fn token_key_or_new(
    ctx: &Context,
    uri: &KeyUri,
    key_type: crate::pki::keys::KeyType,
) -> Result<(KeyUri, pkcs11::TokenKey)> {
    match find_token_key(ctx, uri)? {
        Some(k) => Ok((uri.clone(), k)),
        None => new_token_key(ctx, uri, key_type),
    }
}

/// Asks the run's PIN sources for a token's PIN (once a login is due).
pub fn pin_source<'c>(
    ctx: &'c Context,
    uri: &KeyUri,
) -> impl FnMut() -> Result<zeroize::Zeroizing<String>> + 'c {
    let token = uri.token_name();
    move || {
        let mut ws = Vec::new();
        let pin = ctx.passphrases.pin(&token, &mut ws);
        ctx.warn_all(ws);
        pin.map(|p| p.value)
    }
}

/// The CA key kept in the store's `key.pem`, decrypted.
fn file_key(ctx: &Context, ca: &ChainCa, issuing: bool) -> Result<PrivateKey> {
    if !ca.info.key_stored {
        return Err(Error::new(
            Code::Unsupported,
            format!("the store holds no private key for CA {}", ca.info.name),
        )
        .hint("issue from a CA whose key this store holds"));
    }
    read_key_file(ctx, &ca.info.name, &ca.dir.join("key.pem"), issuing).map(|(k, _)| k)
}

/// A CA's key file, opened (asking for its passphrase when it is
/// encrypted), with its text as it is.
pub fn read_key_file(
    ctx: &Context,
    name: &str,
    path: &std::path::Path,
    issuing: bool,
) -> Result<(PrivateKey, zeroize::Zeroizing<String>)> {
    fsio::check_secret_mode(path)?;
    let text = zeroize::Zeroizing::new(fsio::read_to_string(path)?);
    let (tag, contents) = crate::pki::keys::key_pem(text.as_bytes())
        .map_err(|e| Error::malformed(format!("{}: {e}", path.display())))?;
    let der = if tag == "ENCRYPTED PRIVATE KEY" {
        let mut ws = Vec::new();
        let pw = ctx.passphrases.existing(name, issuing, &mut ws);
        ctx.warn_all(ws);
        let pw = pw?;
        decrypt_pkcs8(
            &contents,
            pw.value.as_bytes(),
            &format!("CA {name} (from {})", pw.source),
        )?
    } else {
        plain_private_key_to_pkcs8(&tag, &contents)?
    };
    Ok((PrivateKey::from_pkcs8_der(der)?, text))
}

/// Refuses a name already used by a CA or a certificate (ignoring case).
pub fn check_name_free_for_ca(store: &Store, name: &str) -> Result<()> {
    if store.has_current(Kind::Ca, name)? {
        return Err(Error::new(Code::AlreadyExists, format!("CA {name} already exists"))
            .hint("a CA is never replaced; choose another name (CA renewal will be `pkictl ca renew`)"));
    }
    if fsio::exists_no_follow(&store.name_dir(Kind::Cert, name)) {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("{name} is already the name of a certificate"),
        )
        .hint("a CA name cannot also be a certificate name; choose another"));
    }
    Ok(())
}

/// The store CA that issued a certificate: same name as its issuer, and
/// its signature verifies with that CA's key.
pub fn find_issuer(store: &Store, cert_der: &[u8]) -> Result<Option<CaMaterial>> {
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der)
        .map_err(|e| Error::malformed(format!("not a valid certificate: {e}")))?;
    let issuer = crate::pki::certinfo::dn_to_string(cert.issuer());
    for name in store.ca_names() {
        let Ok(ca) = load_ca(store, &name) else {
            continue;
        };
        if ca.ca().facts.subject != issuer {
            continue;
        }
        let Ok((_, ca_cert)) = x509_parser::parse_x509_certificate(&ca.ca().der) else {
            continue;
        };
        if cert.verify_signature(Some(ca_cert.public_key())).is_ok() {
            return Ok(Some(ca));
        }
    }
    Ok(None)
}

/// Opens each CA's signer once (by lowercase CA name), for runs that sign with several CAs.
pub fn open_signers<'a>(
    ctx: &Context,
    cas: &std::collections::HashMap<String, CaMaterial>,
    names: impl IntoIterator<Item = &'a str>,
) -> Result<std::collections::HashMap<String, Box<dyn Signer>>> {
    let mut keys = std::collections::HashMap::new();
    for n in names {
        let k = n.to_ascii_lowercase();
        if let std::collections::hash_map::Entry::Vacant(slot) = keys.entry(k) {
            let ca = cas
                .get(slot.key())
                .ok_or_else(|| Error::internal(format!("CA {n} was not loaded")))?;
            slot.insert(open_signer(ctx, ca.ca(), true)?);
        }
    }
    Ok(keys)
}

/// The active certificate of a name, through its `current` link.
pub fn load_active(store: &Store, name: &str) -> Result<Option<(Meta, CertFacts)>> {
    let Some((dir, meta)) = store.current_meta(Kind::Cert, name)? else {
        return Ok(None);
    };
    let facts = CertFacts::from_der(&read_cert_der(&dir.join("cert.pem"))?)?;
    Ok(Some((meta, facts)))
}

/// A CA with the certificate of one of its serial directories in place of
/// its current one (an older generation, or another certificate of the
/// same key), its ancestors as `load_ca` finds them.
pub fn load_ca_at(store: &Store, name: &str, serial: &str) -> Result<CaMaterial> {
    let mut ca = load_ca(store, name)?;
    if ca.ca().info.serial != serial {
        ca.chain[0] = chain_ca_at(store, name, serial)?.0;
        ca.extra.clear();
    }
    Ok(ca)
}

/// A CA at its previous generation while a rollover is under way.
pub fn previous_generation(store: &Store, name: &str) -> Result<Option<CaMaterial>> {
    store
        .previous_serial(name)?
        .map(|s| load_ca_at(store, name, &s))
        .transpose()
}

/// One certificate of a CA from its serial directory, and whether it is a
/// cross certificate.
fn chain_ca_at(store: &Store, name: &str, serial: &str) -> Result<(ChainCa, bool)> {
    let dir = store.serial_dir(Kind::Ca, name, serial);
    let meta = crate::store::read_meta(&dir)?;
    let der = read_cert_der(&dir.join("cert.pem"))?;
    let facts = CertFacts::from_der(&der)?;
    let cross = meta.entry.cross;
    Ok((
        ChainCa {
            info: ca_info(&meta, &facts),
            facts,
            der,
            dir,
        },
        cross,
    ))
}

/// Every certificate a CA has had (its serial directories: a handful),
/// each with whether it is a cross certificate.
fn ca_certificates(store: &Store, name: &str) -> Vec<(ChainCa, bool)> {
    store
        .serials_of(Kind::Ca, name)
        .into_iter()
        .filter_map(|s| chain_ca_at(store, name, &s).ok())
        .collect()
}

/// The CA generation that signed a certificate whose authority key
/// identifier is `aki`: the CA's current certificate when its key matches,
/// else the newest certificate of the same name with that key (an older
/// generation; a CA has a handful of certificates, so this reads a few
/// files).
pub fn load_signing_ca(store: &Store, name: &str, aki: Option<&str>) -> Result<CaMaterial> {
    let mut ca = load_ca(store, name)?;
    let Some(aki) = aki else {
        return Ok(ca);
    };
    if ca.ca().facts.subject_key_id.as_deref() == Some(aki) {
        return Ok(ca);
    }
    let best = ca_certificates(store, name)
        .into_iter()
        .filter(|(c, cross)| {
            !cross && c.info.key_stored && c.facts.subject_key_id.as_deref() == Some(aki)
        })
        .map(|(c, _)| c)
        .max_by_key(|c| c.facts.not_after);
    if let Some(c) = best {
        ca.chain[0] = c;
        ca.extra.clear();
    }
    Ok(ca)
}

/// The cross certificate a root in rollover hands out: its current key
/// certified by its previous generation (empty when no rollover is under
/// way).
fn rollover_cross(store: &Store, root: &ChainCa) -> Result<Vec<Vec<u8>>> {
    if root.info.kind != CaKind::Root || store.previous_serial(&root.info.name)?.is_none() {
        return Ok(Vec::new());
    }
    Ok(cross_certificates(store, &root.info.name)
        .into_iter()
        .filter(|c| {
            c.facts.subject_key_id == root.facts.subject_key_id
                && c.info
                    .parent
                    .as_deref()
                    .is_some_and(|p| p.eq_ignore_ascii_case(&root.info.name))
        })
        .max_by_key(|c| c.facts.not_after)
        .map(|c| c.der)
        .into_iter()
        .collect())
}

/// The cross certificates of a CA kept in its serial directories.
pub fn cross_certificates(store: &Store, name: &str) -> Vec<ChainCa> {
    ca_certificates(store, name)
        .into_iter()
        .filter_map(|(c, cross)| cross.then_some(c))
        .collect()
}
