//! What `doctor` checks of each CA: every generation's CRL against the
//! index, name constraints, expiry, a key in a token, the file key's KDF,
//! and the `previous` link of a rollover under way.

use std::collections::HashSet;
use std::path::Path;

use super::{Findings, Repair, Severity};
use crate::error::Error;
use crate::store::fsio;
use crate::store::state::{CaInfo, State};
use crate::store::{Kind, Store, view};
use crate::timeutil::format_time;

/// The checks of every CA of the store.
pub(super) fn check_cas(store: &Store, state: &State, now: i64, f: &mut Findings) {
    for ca in state.cas.values() {
        let Some(entry) = state.by_serial(&ca.serial) else {
            continue;
        };
        // Each generation's CRL is what its next CRL builds on: it must list
        // every revocation the index records for that generation.
        for generation in 1..=ca.generation {
            check_crl(store, state, ca, generation, f);
        }
        if let Some(d) = crate::pki::objects::nc_leading_period(&entry.facts) {
            f.add(
            "nc_leading_period",
            Severity::Warning,
            None,
            format!("CA {}'s certificate has the DNS name constraint {d:?} with a leading period, which RFC 5280 does not allow; strict verifiers refuse chains through it", ca.name),
            "CAs are never rewritten: create a new CA (pkictl writes such a permit without the period and keeps \"subdomains only\" as policy) and move issuance to it",
            None,
        );
        }
        if entry.facts.not_after < now {
            f.add(
                "ca_expired",
                Severity::Error,
                None,
                format!(
                    "CA {} expired on {}",
                    ca.name,
                    format_time(entry.facts.not_after)
                ),
                "create a new CA and re-issue what it signed",
                None,
            );
        }
        if let Some(uri) = &ca.key_uri {
            check_token_key(store, ca, uri, &entry.facts.spki_sha256, f);
        }
        let key = store
            .serial_dir(Kind::Ca, &ca.name, &ca.serial)
            .join("key.pem");
        if let Ok(text) = std::fs::read(&key)
            && let Ok(p) = pem::parse(&text)
            && p.tag() == "ENCRYPTED PRIVATE KEY"
            && let Ok(enc) = crate::pki::keys::encryption_info(p.contents())
            && enc.kdf == "pbkdf2"
            && enc.iterations.unwrap_or(0) < crate::pki::keys::PBKDF2_ITERATIONS
        {
            f.add("weak_kdf", Severity::Warning, Some(&key), format!("CA {}'s key uses PBKDF2 with {} iterations, below 600,000", ca.name, enc.iterations.unwrap_or(0)), "re-encrypt the key: openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter 600000", None);
        }
    }
}

/// A CA's `previous` link (its old generation while a rollover is under
/// way) against the index.
pub(super) fn check_previous_link(state: &State, name: &str, path: &Path, f: &mut Findings) {
    let expected = state
        .rollovers
        .get(&name.to_ascii_lowercase())
        .filter(|r| r.finished.is_none())
        .map(|r| r.old_serial.clone());
    let link = path.join(view::PREVIOUS);
    let target = std::fs::read_link(&link)
        .ok()
        .map(|t| t.to_string_lossy().into_owned());
    if target != expected {
        f.add(
            "previous_link",
            Severity::Error,
            Some(&link),
            match &expected {
                Some(e) => format!("{name}/previous should point to {e}, the old generation of a rollover under way"),
                None => format!("{name}/previous exists, but no rollover of {name} is under way"),
            },
            "pkictl doctor --fix sets it as the index says",
            Some(Repair::Relink {
                link: link.clone(),
                target: expected,
            }),
        );
    }
}

/// A CA key in a PKCS#11 token: the token is reachable, the key is there,
/// and its public half is the CA certificate's — read without a PIN (the
/// public object), so doctor never needs one.
fn check_token_key(store: &Store, ca: &CaInfo, uri: &str, spki_sha256: &str, f: &mut Findings) {
    use crate::pki::pkcs11::{KeyUri, public_key};
    let result = KeyUri::parse(uri).and_then(|u| {
        let configured = store.config().ok().and_then(|(c, _)| c.pkcs11_module);
        let module = crate::pki::pkcs11::module_path(&u, configured)
            .ok_or_else(|| Error::usage("no PKCS#11 module is configured"))?;
        public_key(&module, &u)
    });
    let path = store
        .serial_dir(Kind::Ca, &ca.name, &ca.serial)
        .join("key.uri");
    match result {
        Ok((kt, public)) => {
            let spki = crate::pki::signer::spki_from(kt, &public);
            if crate::encoding::sha256_hex(&spki) != spki_sha256 {
                f.add(
                    "token_key_mismatch",
                    Severity::Error,
                    Some(&path),
                    format!("the token key {uri} is not CA {}'s key", ca.name),
                    "fix key.uri to name the CA's key, or restore the token from its backup",
                    None,
                );
            }
        }
        Err(e) => f.add(
            "token_unreachable",
            Severity::Error,
            Some(&path),
            format!(
                "CA {}'s key in a token cannot be reached: {}",
                ca.name, e.message
            ),
            &e.hint
                .unwrap_or_else(|| "check the module, the token and the key URI".into()),
            None,
        ),
    }
}

/// A CA generation's CRL against the revocations the index records.
fn check_crl(store: &Store, state: &State, ca: &CaInfo, generation: u32, f: &mut Findings) {
    let revoked: Vec<&str> = state
        .revoked_by(&ca.name, generation)
        .into_iter()
        .map(|(s, _, _)| s)
        .collect();
    if ca.key_stored && !revoked.is_empty() {
        let path = store.crl_path(&crate::store::record::crl_stem(&ca.name, generation));

        let listed: HashSet<String> = fsio::read_store_file(&path)
            .ok()
            .flatten()
            .and_then(|b| pem::parse(&b).ok())
            .and_then(|p| {
                x509_parser::parse_x509_crl(p.contents())
                    .ok()
                    .map(|(_, crl)| {
                        crl.iter_revoked_certificates()
                            .map(|r| crate::pki::certinfo::serial_hex(r.raw_serial()))
                            .collect()
                    })
            })
            .unwrap_or_default();
        let missing = revoked.iter().filter(|s| !listed.contains(**s)).count();
        if missing > 0 {
            f.add(
                    "crl_incomplete",
                    Severity::Error,
                    Some(&path),
                    format!(
                        "the CRL of CA {} is missing or lacks {missing} of the {} certificates the index records as revoked",
                        ca.name,
                        revoked.len()
                    ),
                    &format!("re-sign it from the index: pkictl crl --ca {}", ca.name),
                    None,
                );
        }
    }
}
