//! Signing a CA's CRL with an increasing number, inside a transaction.

use serde::Serialize;

use crate::authority::CaMaterial;
use crate::error::{Code, Error, Result};
use crate::pki::build::CaSigner;
use crate::pki::signer::Signer;
use crate::store::config::Config;
use crate::store::record::{Event, Record, crl_stem, generation_field};
use crate::store::state::State;
use crate::store::{Store, Txn};
use crate::timeutil::{DAY, format_time, parse_time, to_offset};

/// One signed CRL.
#[derive(Debug, Clone, Serialize)]
pub struct CrlOut {
    pub ca: String,
    /// The store's copy.
    pub crl_path: String,
    pub crl_number: u64,
    pub this_update: String,
    pub next_update: String,
    pub next_update_unix: i64,
    pub revoked: usize,
}

/// A revocation about to be committed (not yet in the folded state).
pub struct Pending {
    pub serial: String,
    pub time: i64,
    pub reason: String,
}

/// What a CA's next CRL builds on: the last number used and every
/// certificate the CA has revoked, with when and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrlBase {
    pub number: u64,
    /// (serial, revocation time, reason), in the store's spelling.
    pub revoked: Vec<(String, i64, String)>,
}

impl CrlBase {
    /// From the folded index (what `pkictl crl` re-signs from).
    pub fn from_state(state: &State, ca: &str, generation: u32, now: i64) -> CrlBase {
        CrlBase {
            number: state
                .crls
                .get(&crl_stem(ca, generation))
                .map_or(0, |c| c.number),
            revoked: state
                .revoked_by(ca, generation)
                .into_iter()
                .map(|(serial, time, reason)| {
                    (
                        serial.to_string(),
                        parse_time(time).unwrap_or(now),
                        reason.unwrap_or("unspecified").to_string(),
                    )
                })
                .collect(),
        }
    }

    /// From the CA's current CRL in the store, without reading the index:
    /// under the store lock the view is current, so the last CRL the CA
    /// signed lists everything it revoked. None when the file is missing,
    /// unreadable or not signed by this CA (the caller then folds the index).
    pub fn from_store_crl(store: &Store, ca: &CaMaterial) -> Option<CrlBase> {
        let bytes = crate::store::fsio::read_store_file(&store.crl_path(&ca.crl_stem()))
            .ok()
            .flatten()?;
        let der = pem::parse(&bytes).ok()?.into_contents();
        let (_, crl) = x509_parser::parse_x509_crl(&der).ok()?;
        let (_, cert) = x509_parser::parse_x509_certificate(&ca.ca().der).ok()?;
        if crl.issuer().as_raw() != cert.subject().as_raw()
            || crl.verify_signature(cert.public_key()).is_err()
        {
            return None;
        }
        let number = crl
            .crl_number()
            .and_then(|n| u64::try_from(n.clone()).ok())?;
        let revoked = crl
            .iter_revoked_certificates()
            .map(|r| {
                (
                    crate::pki::certinfo::serial_hex(r.raw_serial()),
                    r.revocation_date.timestamp(),
                    reason_name(r.reason_code().map(|(_, c)| c.0)).to_string(),
                )
            })
            .collect();
        Some(CrlBase { number, revoked })
    }

    /// The base of a CA's next CRL under the transaction's lock: the
    /// store's CRL, else the folded index.
    pub fn current(txn: &Txn<'_>, ca: &CaMaterial, now: i64) -> Result<CrlBase> {
        if let Some(b) = CrlBase::from_store_crl(txn.store(), ca) {
            return Ok(b);
        }
        let (state, _) = txn.store().state()?;
        let me = &ca.ca().info;
        Ok(CrlBase::from_state(&state, &me.name, me.generation, now))
    }
}

/// A CRL entry's reason code → the SPEC spelling.
fn reason_name(code: Option<u8>) -> &'static str {
    match code {
        Some(1) => "key-compromise",
        Some(2) => "ca-compromise",
        Some(3) => "affiliation-changed",
        Some(4) => "superseded",
        Some(5) => "cessation-of-operation",
        _ => "unspecified",
    }
}

/// The SPEC spelling of a reason → rcgen's reason code.
fn reason_code(reason: &str) -> Option<rcgen::RevocationReason> {
    use rcgen::RevocationReason as R;
    Some(match reason {
        "unspecified" => R::Unspecified,
        "key-compromise" => R::KeyCompromise,
        "ca-compromise" => R::CaCompromise,
        "affiliation-changed" => R::AffiliationChanged,
        "superseded" => R::Superseded,
        "cessation-of-operation" => R::CessationOfOperation,
        _ => return None,
    })
}

/// How long a CA's CRL is good for: --next-update, the CA's policy, or the
/// default (180 days for a root, 7 for an intermediate).
pub fn next_update_secs(cfg: &Config, ca: &CaMaterial, flag: Option<i64>) -> Result<i64> {
    if let Some(f) = flag {
        return Ok(f);
    }
    if let Some(d) = cfg.policy(&ca.ca().info.name).crl_next_update {
        return Ok(d);
    }
    Ok(if ca.is_root() { 180 * DAY } else { 7 * DAY })
}

/// The CRL number already used by the store's copy of a CA's CRL (so that a
/// number is never reused, even after an interrupted commit).
fn number_on_disk(path: &std::path::Path) -> u64 {
    let Ok(Some(bytes)) = crate::store::fsio::read_store_file(path) else {
        return 0;
    };
    let Ok(p) = pem::parse(&bytes) else { return 0 };
    x509_parser::parse_x509_crl(p.contents())
        .ok()
        .and_then(|(_, crl)| crl.crl_number().and_then(|n| u64::try_from(n.clone()).ok()))
        .unwrap_or(0)
}

/// Signs a CA's CRL (the revoked certificates of `base` plus `pending`),
/// writes the store's copy and queues the `crl_signed` record.
pub fn sign_crl(
    txn: &mut Txn<'_>,
    base: &CrlBase,
    ca: &CaMaterial,
    key: &dyn Signer,
    next_update: i64,
    pending: &[Pending],
    now: i64,
) -> Result<(CrlOut, String)> {
    let store = txn.store();
    let name = &ca.ca().info.name;
    let stem = ca.crl_stem();
    let path = store.crl_path(&stem);
    let number = base.number.max(number_on_disk(&path)) + 1;
    let mut revoked = base.revoked.clone();
    for p in pending {
        if !revoked.iter().any(|(s, _, _)| *s == p.serial) {
            revoked.push((p.serial.clone(), p.time, p.reason.clone()));
        }
    }
    let mut entries = Vec::new();
    for (serial, time, reason) in &revoked {
        entries.push(rcgen::RevokedCertParams {
            serial_number: rcgen::SerialNumber::from_slice(&crate::encoding::hex_decode(serial)?),
            revocation_time: to_offset(*time)?,
            reason_code: reason_code(reason),
            invalidity_date: None,
        });
    }
    let ski = ca
        .ca()
        .facts
        .subject_key_id
        .as_deref()
        .map(crate::encoding::hex_decode)
        .transpose()?
        .ok_or_else(|| {
            Error::new(
                Code::Unsupported,
                format!("CA {name} has no subject key identifier; it cannot sign CRLs"),
            )
        })?;
    let this_update = now;
    let next = now + next_update;
    let params = rcgen::CertificateRevocationListParams {
        this_update: to_offset(this_update)?,
        next_update: to_offset(next)?,
        crl_number: rcgen::SerialNumber::from(number),
        issuing_distribution_point: None,
        revoked_certs: entries,
        key_identifier_method: rcgen::KeyIdMethod::PreSpecified(ski),
    };
    let der = CaSigner::new(&ca.ca().der, key, Default::default())?.sign_crl(&params)?;
    let pem_text = crate::encoding::pem_text("X509 CRL", &der);
    // Put in place by the crl_signed record, once it is committed.
    txn.stage_crl(&stem, number, &pem_text)?;
    let mut rec = Record::new(Event::CrlSigned);
    rec.ca = Some(name.clone());
    rec.ca_generation = generation_field(ca.ca().info.generation);
    rec.crl_number = Some(number);
    rec.next_update = Some(format_time(next));
    rec.revoked_count = Some(revoked.len());
    txn.push(rec);
    Ok((
        CrlOut {
            ca: name.clone(),
            crl_path: path.display().to_string(),
            crl_number: number,
            this_update: format_time(this_update),
            next_update: format_time(next),
            next_update_unix: next,
            revoked: revoked.len(),
        },
        pem_text,
    ))
}
