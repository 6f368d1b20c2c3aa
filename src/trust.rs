//! What chains are built from and judged against, for `verify` and
//! `inspect --connect`: trust anchors (`--roots` files, `--trust` CAs or the
//! store's roots), intermediates (the store's, `--untrusted`, and what came
//! with the leaf) and CRLs (`--crl` files and the store's own).

use std::path::Path;

use crate::authority::{load_ca, unknown_ca};
use crate::context::Context;
use crate::error::{Error, Result, Warning, WarningCode};
use crate::inputs::read_certs;
use crate::pki::verify::{Candidate, CrlIn, crl_der_of};
use crate::store::Store;

fn candidates(path: &Path, source: &str) -> Result<Vec<Candidate>> {
    Ok(read_certs(path)?
        .into_iter()
        .map(|der| Candidate {
            der,
            source: source.to_string(),
        })
        .collect())
}

/// The store's CAs as anchors (roots) and intermediates.
fn store_cas(store: &Store) -> (Vec<(String, Candidate)>, Vec<Candidate>) {
    let mut roots = Vec::new();
    let mut inters = Vec::new();
    for name in store.ca_names() {
        let Ok(ca) = load_ca(store, &name) else {
            continue;
        };
        let c = Candidate {
            der: ca.ca().der.clone(),
            source: format!("store CA {name}"),
        };
        // During a key rollover the old generation still vouches for what
        // it issued (a root's old key stays an anchor until --finish), and
        // a root's cross certificate links the two.
        let previous = crate::authority::previous_generation(store, &name)
            .ok()
            .flatten()
            .map(|old| Candidate {
                der: old.ca().der.clone(),
                source: format!("store CA {name} (previous generation)"),
            });
        inters.extend(ca.extra.iter().map(|der| Candidate {
            der: der.clone(),
            source: format!("store CA {name} (cross certificate)"),
        }));
        if ca.is_root() {
            roots.push((name.clone(), c));
            roots.extend(previous.map(|p| (name.clone(), p)));
        } else {
            inters.push(c);
            inters.extend(previous);
        }
    }
    // Every CA under a root in rollover carries the same cross certificate.
    let mut seen = std::collections::HashSet::new();
    inters.retain(|c| seen.insert(c.der.clone()));
    (roots, inters)
}

/// What chains are built from and checked against.
pub struct Trust {
    pub anchors: Vec<Candidate>,
    pub intermediates: Vec<Candidate>,
    pub crls: Vec<CrlIn>,
}

impl Trust {
    /// The intermediates to build from: the trusted material's, then the
    /// certificates that came with the leaf (a file's, a server's).
    pub fn pool(&self, with_leaf: &[Vec<u8>], source: &str) -> Vec<Candidate> {
        let mut pool = self.intermediates.clone();
        pool.extend(with_leaf.iter().map(|d| Candidate {
            der: d.clone(),
            source: source.to_string(),
        }));
        pool
    }
}

/// The store that trust comes from: required unless `--roots` files are
/// given, then used when present (for its intermediates and CRLs).
pub fn trust_store(ctx: &Context, roots: &[std::path::PathBuf]) -> Result<Option<Store>> {
    if roots.is_empty() {
        Ok(Some(ctx.open_store()?))
    } else {
        ctx.open_store_if_present()
    }
}

/// Trust anchors (`--roots` files, or `--trust` CAs, or the store's roots),
/// intermediates (the store's and `--untrusted` files) and CRLs (`--crl`
/// files and the store's).
pub fn trust_material(
    ctx: &Context,
    store: Option<&Store>,
    roots: &[std::path::PathBuf],
    trust: &[String],
    untrusted: &[std::path::PathBuf],
    crl_files: &[std::path::PathBuf],
) -> Result<Trust> {
    let mut anchors = Vec::new();
    let mut intermediates = Vec::new();
    for f in roots {
        anchors.extend(candidates(f, &format!("--roots {}", f.display()))?);
    }
    if let Some(store) = store {
        let (store_roots, inters) = store_cas(store);
        intermediates.extend(inters);
        if roots.is_empty() {
            if trust.is_empty() {
                let mut names: Vec<&str> = store_roots.iter().map(|(n, _)| n.as_str()).collect();
                names.dedup();
                if names.len() > 1 {
                    ctx.warn(Warning::new(
                        WarningCode::SeveralRoots,
                        format!("{} roots of the store are trusted implicitly ({}); pass --trust NAME to choose", names.len(), names.join(", ")),
                    ));
                }
                anchors.extend(store_roots.into_iter().map(|(_, c)| c));
            } else {
                for name in trust {
                    let ca = load_ca(store, name).map_err(|_| unknown_ca(name, store))?;
                    anchors.push(Candidate {
                        der: ca.ca().der.clone(),
                        source: format!("store CA {}", ca.ca().info.name),
                    });
                    // A root in rollover: its old generation too.
                    anchors.extend(
                        store_roots
                            .iter()
                            .filter(|(n, c)| n.eq_ignore_ascii_case(name) && c.der != ca.ca().der)
                            .map(|(_, c)| c.clone()),
                    );
                }
            }
        }
    }
    if anchors.is_empty() {
        return Err(Error::usage(
            "no trust anchor: the store has no root and no --roots file was given",
        )
        .hint("pass --roots ROOT.pem, or create a CA with `pkictl init-ca`"));
    }
    for f in untrusted {
        intermediates.extend(candidates(f, &format!("--untrusted {}", f.display()))?);
    }
    let mut crls: Vec<CrlIn> = Vec::new();
    for f in crl_files {
        let found = crl_der_of(&crate::store::fsio::read_input(
            f,
            crate::store::fsio::InputKind::CRL,
        )?);
        if found.is_empty() {
            return Err(Error::malformed(format!("--crl {} holds no CRL", f.display()))
                .hint("give a PEM (X509 CRL) or DER CRL file; `pkictl inspect FILE` shows what it holds"));
        }
        if let Some(e) = found
            .iter()
            .find_map(|d| x509_parser::parse_x509_crl(d).err())
        {
            return Err(Error::malformed(format!(
                "--crl {} is not a valid CRL: {e}",
                f.display()
            )));
        }
        crls.extend(found.into_iter().map(|der| CrlIn { der, store: false }));
    }
    if let Some(store) = store {
        for pem in store.crl_pems() {
            crls.extend(
                crl_der_of(&pem)
                    .into_iter()
                    .map(|der| CrlIn { der, store: true }),
            );
        }
    }
    Ok(Trust {
        anchors,
        intermediates,
        crls,
    })
}
