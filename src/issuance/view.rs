//! How an issued (or planned) certificate is reported: its certificate
//! object and the paths of its files.

use serde::Serialize;

use crate::authority::CaMaterial;
use crate::issuance::{Plan, Prepared, SubjectKey};
use crate::pki::certinfo::{CertFacts, CertView, Status, StoreFields};
use crate::store::{Kind, Meta, Store};

/// One issued (or, with --dry-run, planned) certificate.
#[derive(Debug, Serialize)]
pub struct IssuedOut {
    pub name: String,
    pub certificate: CertView,
    pub cert_path: Option<String>,
    pub key_path: Option<String>,
    pub chain_path: Option<String>,
    pub fullchain_path: Option<String>,
    pub ca_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_dir: Option<String>,
    /// False when --if-absent found an identical active certificate.
    pub changed: bool,
}

impl IssuedOut {
    /// What `--dry-run` reports for a plan: the certificate it would sign,
    /// and no files.
    pub fn planned(p: &Plan, ca: &CaMaterial, now: i64) -> IssuedOut {
        IssuedOut {
            name: p.name.clone(),
            certificate: p.preview(ca, now),
            cert_path: None,
            key_path: None,
            chain_path: None,
            fullchain_path: None,
            ca_path: None,
            out_dir: None,
            changed: true,
        }
    }
}

/// The report of a certificate that was issued.
pub fn issued_out(store: &Store, p: &Prepared, facts: CertFacts, now: i64) -> IssuedOut {
    let cur = store.current_dir(Kind::Cert, &p.plan.name);
    let path = |f: &str| Some(cur.join(f).display().to_string());
    let key_path = match (&p.key, p.keep_key) {
        (SubjectKey::Csr(_), _) => None,
        (_, true) => path("key.pem"),
        (_, false) => p
            .out_dir
            .as_ref()
            .map(|d| d.join("key.pem").display().to_string()),
    };
    let view = CertView::new(facts, now)
        .with_path(cur.join("cert.pem").display().to_string())
        .with_store(StoreFields {
            name: p.plan.name.clone(),
            ca: Some(p.plan.ca.clone()),
            profile: Some(p.plan.profile.as_str().into()),
            status: Status::Valid,
            replaces: p.replaces.clone(),
            replaced_by: None,
        });
    IssuedOut {
        name: p.plan.name.clone(),
        certificate: view,
        cert_path: path("cert.pem"),
        key_path,
        chain_path: path("chain.pem"),
        fullchain_path: path("fullchain.pem"),
        ca_path: path("ca.pem"),
        out_dir: p.out_dir.as_ref().map(|d| d.display().to_string()),
        changed: true,
    }
}

/// The report of an identical active certificate that `--if-absent` found.
/// The report of an identical active certificate `--if-absent` found.
pub fn unchanged_out(store: &Store, (meta, facts): (Meta, CertFacts), now: i64) -> IssuedOut {
    let cur = store.current_dir(Kind::Cert, &meta.name);
    let path = |f: &str| Some(cur.join(f).display().to_string());
    let view = CertView::new(facts, now)
        .with_path(cur.join("cert.pem").display().to_string())
        .with_store(StoreFields {
            name: meta.name.clone(),
            ca: meta.ca.clone(),
            profile: meta.entry.profile.clone(),
            status: Status::Valid,
            replaces: meta.entry.replaces.clone(),
            replaced_by: None,
        });
    IssuedOut {
        name: meta.name.clone(),
        certificate: view,
        cert_path: path("cert.pem"),
        key_path: if meta.entry.key_stored {
            path("key.pem")
        } else {
            None
        },
        chain_path: path("chain.pem"),
        fullchain_path: path("fullchain.pem"),
        ca_path: path("ca.pem"),
        out_dir: None,
        changed: false,
    }
}
