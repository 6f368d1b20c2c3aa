//! Chain verification, as `pkictl verify` and `inspect --connect` do it:
//!
//! - `leaf`: rustls-webpki builds and judges the path, as TLS stacks do,
//!   and runs the strict checks on every candidate path;
//! - `strict`: the strict checks of SPEC section 7, one small function each;
//! - `ca_path`: a CA certificate given as the thing to verify (webpki takes
//!   only end entities);
//! - `crl`: CRL files, freshness and status;
//! - `reason`: SPEC's reason codes, the strict checks' names, and the rank
//!   that picks the most specific cause.

mod ca_path;
mod crl;
mod leaf;
pub mod reason;
pub mod strict;

pub use crl::crl_der_of;
pub use leaf::verify;
pub use reason::{Check, Code, Reason};

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::*;

use crate::pki::certinfo::{CertFacts, CertView};

/// The largest certificate rustls-webpki reads: it refuses an outer
/// SEQUENCE whose content exceeds 65,535 bytes (a two-byte DER length),
/// so TLS stacks built on it cannot use a larger certificate at all.
pub const MAX_CERT_DER: usize = 65_535 + 4;

/// What the end entity must be good for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Server,
    Client,
    /// serverAuth or clientAuth.
    Any,
}

/// Which certificates are checked against CRLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum CrlCheck {
    Leaf,
    All,
    None,
}

/// A certificate offered to path building, and where it came from.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub der: Vec<u8>,
    pub source: String,
}

/// A CRL offered to the check. The store's own CRLs are the store's
/// revocation state: they are used at any time, and one past its next
/// update only warns (`crl_stale`); a CRL given by the user is a verdict
/// when it is past its next update (`crl_expired`).
#[derive(Debug, Clone)]
pub struct CrlIn {
    pub der: Vec<u8>,
    /// The store's own copy of one of its CAs' CRLs.
    pub store: bool,
}

/// Everything one verification needs.
pub struct Input<'a> {
    /// Work shared with the other verifications of the same call.
    pub memo: &'a Memo,
    pub leaf: &'a [u8],
    pub leaf_source: &'a str,
    pub intermediates: &'a [Candidate],
    pub anchors: &'a [Candidate],
    pub crls: &'a [CrlIn],
    pub host: Option<&'a str>,
    pub purpose: Purpose,
    pub at: i64,
    /// None: `leaf` when a CRL of the leaf's issuer is available, else none.
    pub crl_check: Option<CrlCheck>,
    /// At most this many intermediates (self-issued ones not counted).
    pub max_depth: Option<usize>,
}

/// Work shared by the verifications of one call (a `verify` run over many
/// certificates with the same anchors and CRLs): whether a CRL is signed by
/// an issuer's key — a signature check, the costly part of the CRL checks —
/// is decided once per pair. Safe to share between threads.
#[derive(Default)]
pub struct Memo {
    crl_signed: Mutex<HashMap<(usize, [u8; 32]), bool>>,
}

impl Memo {
    /// Whether `crl` (parsed from `crl_der`, one of the call's CRLs) is
    /// signed by the key `issuer_spki`.
    pub(crate) fn crl_signed_by(
        &self,
        crl_der: &[u8],
        crl: &CertificateRevocationList<'_>,
        issuer_spki: &SubjectPublicKeyInfo<'_>,
    ) -> bool {
        let key = (
            crl_der.as_ptr() as usize,
            crate::encoding::sha256(issuer_spki.raw),
        );
        if let Some(v) = self.lock().get(&key) {
            return *v;
        }
        let ok = crl.verify_signature(issuer_spki).is_ok();
        self.lock().insert(key, ok);
        ok
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(usize, [u8; 32]), bool>> {
        self.crl_signed.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One certificate of the chain that was built.
#[derive(Debug, Clone)]
pub struct Link {
    pub der: Vec<u8>,
    pub source: String,
}

/// The verdict.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub valid: bool,
    /// Path order: the leaf first, the trust anchor last.
    pub chain: Vec<Link>,
    pub reason: Option<Reason>,
    /// The CRL check that was applied.
    pub crl_check: CrlCheck,
    /// Store CRLs past their next update that the check relied on.
    pub stale_crls: Vec<String>,
}

impl Outcome {
    /// A refusal with the chain built so far.
    fn invalid(chain: Vec<Link>, r: Reason, crl_check: CrlCheck) -> Outcome {
        Outcome {
            valid: false,
            chain,
            reason: Some(r),
            crl_check,
            stale_crls: Vec::new(),
        }
    }

    /// A refusal before any chain was built: the leaf alone.
    fn failed(input: &Input<'_>, crl_check: CrlCheck, r: Reason) -> Outcome {
        let leaf = Link {
            der: input.leaf.to_vec(),
            source: input.leaf_source.to_string(),
        };
        Outcome::invalid(vec![leaf], r, crl_check)
    }

    /// A valid chain.
    fn valid(chain: Vec<Link>, crl_check: CrlCheck) -> Outcome {
        Outcome {
            valid: true,
            chain,
            reason: None,
            crl_check,
            stale_crls: Vec::new(),
        }
    }
}

fn sans_of(c: &X509Certificate<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(Some(san)) = c.subject_alternative_name() {
        for gn in &san.value.general_names {
            match gn {
                GeneralName::DNSName(d) => out.push(d.to_string()),
                GeneralName::IPAddress(b) => out.push(crate::pki::certinfo::ip_to_string(b)),
                _ => {}
            }
        }
    }
    if out.is_empty() {
        out.push("none".into());
    }
    out
}

/// One certificate of a built chain, and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct ChainCert {
    #[serde(flatten)]
    pub certificate: CertView,
    pub source: String,
}

/// The chain of an outcome as certificate objects with their sources.
pub fn to_chain(out: &Outcome, at: i64) -> Vec<ChainCert> {
    out.chain
        .iter()
        .filter_map(|l| {
            CertFacts::from_der(&l.der).ok().map(|f| ChainCert {
                certificate: CertView::new(f, at),
                source: l.source.clone(),
            })
        })
        .collect()
}
