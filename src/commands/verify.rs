//! `pkictl verify`: build and validate each certificate's path to a trust
//! anchor, as a TLS stack does, plus the strict checks of SPEC section 7.

use std::path::Path;

use serde::Serialize;

use crate::authority::{load_ca, unknown_ca};
use crate::cli::VerifyArgs;
use crate::commands::common::read_certs;
use crate::context::Context;
use crate::error::{Code, Error, InputError, Result, Warning};
use crate::output::Report;
use crate::output::human::Text;
use crate::pki::certinfo::{CertFacts, CertView};
use crate::pki::verify::{
    Candidate, CrlCheck, CrlIn, Input, MAX_CERT_DER, Outcome, Purpose, Reason, crl_der_of, verify,
};
use crate::store::Store;
use crate::timeutil::format_time;

/// One certificate of a built chain, and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct ChainCert {
    #[serde(flatten)]
    pub certificate: CertView,
    pub source: String,
}

/// The verdict on one CERT file.
#[derive(Debug, Serialize)]
pub struct VerifyResult {
    pub path: String,
    pub valid: bool,
    pub chain: Vec<ChainCert>,
    pub reason: Option<Reason>,
    pub crl_check: CrlCheck,
}

/// JSON: `{"valid", "results", "chain", "reason", "errors"}`.
#[derive(Debug, Serialize)]
pub struct VerifyReport {
    pub valid: bool,
    pub purpose: Purpose,
    pub host: Option<String>,
    pub at: String,
    pub results: Vec<VerifyResult>,
    /// The first result's chain and reason (the one-file case).
    pub chain: Vec<ChainCert>,
    pub reason: Option<Reason>,
    pub errors: Vec<InputError>,
}

impl Report for VerifyReport {
    fn human(&self, t: &mut Text) {
        for r in &self.results {
            let verdict = if r.valid {
                t.status("valid")
            } else {
                t.status("invalid")
            };
            let mut ctx = vec![format!("purpose {}", purpose_name(self.purpose))];
            if let Some(h) = &self.host {
                ctx.push(format!("host {h}"));
            }
            ctx.push(format!("at {}", self.at));
            if r.crl_check != CrlCheck::None {
                ctx.push(format!("CRL check {}", crl_name(r.crl_check)));
            }
            t.line(format!("{}: {verdict} ({})", r.path, ctx.join(", ")));
            explain(t, r.valid, r.reason.as_ref(), &r.chain);
        }
    }

    fn diagnostics(&self) -> Vec<String> {
        self.errors.iter().map(InputError::describe).collect()
    }

    fn exit_code(&self) -> u8 {
        if !self.errors.is_empty() {
            2
        } else if self.valid {
            0
        } else {
            1
        }
    }

    fn is_data(&self) -> bool {
        true
    }
}

/// The reason of a verdict and the chain that was built, for a person.
pub fn explain(t: &mut Text, valid: bool, reason: Option<&Reason>, chain: &[ChainCert]) {
    if let Some(reason) = reason {
        t.line(format!("  {}: {}", reason.code, reason.message));
        if let Some(c) = &reason.certificate {
            t.line(format!("  certificate: {c}"));
        }
    }
    let label = if valid { "chain" } else { "chain found" };
    t.line(format!("  {label}:"));
    for (i, c) in chain.iter().enumerate() {
        t.line(format!(
            "    {i}. {}  [{} .. {}]  from {}",
            c.certificate.subject, c.certificate.not_before, c.certificate.not_after, c.source
        ));
    }
}

fn purpose_name(p: Purpose) -> &'static str {
    match p {
        Purpose::Server => "server",
        Purpose::Client => "client",
        Purpose::Any => "any",
    }
}

fn crl_name(c: CrlCheck) -> &'static str {
    match c {
        CrlCheck::Leaf => "leaf",
        CrlCheck::All => "all",
        CrlCheck::None => "none",
    }
}

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
        if ca.is_root() {
            roots.push((name, c));
        } else {
            inters.push(c);
        }
    }
    (roots, inters)
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
                if store_roots.len() > 1 {
                    let names: Vec<&str> = store_roots.iter().map(|(n, _)| n.as_str()).collect();
                    ctx.warn(Warning::new(
                        "several_roots",
                        format!("{} roots of the store are trusted implicitly ({}); pass --trust NAME to choose", store_roots.len(), names.join(", ")),
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
    if let Some(store) = store
        && let Ok(rd) = std::fs::read_dir(store.root().join("crls"))
    {
        for e in rd.flatten() {
            if e.path().extension().is_some_and(|x| x == "pem")
                && let Ok(b) = std::fs::read(e.path())
            {
                crls.extend(
                    crl_der_of(&b)
                        .into_iter()
                        .map(|der| CrlIn { der, store: true }),
                );
            }
        }
    }
    Ok(Trust {
        anchors,
        intermediates,
        crls,
    })
}

/// Runs `verify`.
pub fn run(ctx: &Context, args: VerifyArgs) -> Result<VerifyReport> {
    let store = trust_store(ctx, &args.roots)?;
    let at = args.at.unwrap_or(ctx.now);
    let purpose = args.purpose.unwrap_or(if args.host.is_some() {
        Purpose::Server
    } else {
        Purpose::Any
    });
    let trust = trust_material(
        ctx,
        store.as_ref(),
        &args.roots,
        &args.trust,
        &args.untrusted,
        &args.crl,
    )?;

    let mut results = Vec::new();
    let mut errors = Vec::new();
    for path in &args.certs {
        let shown = path.display().to_string();
        let certs = match read_certs(path) {
            Ok(c) => c,
            Err(e) => {
                errors.push(InputError::new(shown, e));
                continue;
            }
        };
        if certs[0].len() > MAX_CERT_DER {
            errors.push(InputError::new(
                shown,
                Error::new(
                    Code::Unsupported,
                    format!(
                        "the certificate is {} bytes; pkictl verifies certificates of up to 64 KiB, the limit of rustls-webpki, which TLS stacks built on it (rustls) also cannot exceed",
                        certs[0].len()
                    ),
                )
                .hint("`pkictl inspect` reads it; `openssl verify` can judge it; certificates pkictl issues stay under the limit"),
            ));
            continue;
        }
        let pool = trust.pool(&certs[1..], &format!("{shown} (chain)"));
        let input = Input {
            leaf: &certs[0],
            leaf_source: &shown,
            intermediates: &pool,
            anchors: &trust.anchors,
            crls: &trust.crls,
            host: args.host.as_deref(),
            purpose,
            at,
            crl_check: args.crl_check,
            max_depth: args.max_depth,
        };
        let out = verify(&input);
        for m in &out.stale_crls {
            ctx.warn(Warning::new("crl_stale", m.clone()));
        }
        results.push(VerifyResult {
            path: shown,
            valid: out.valid,
            chain: to_chain(&out, at),
            reason: out.reason.clone(),
            crl_check: out.crl_check,
        });
    }
    let (chain, reason) = match results.first() {
        Some(r) => (r.chain.clone(), r.reason.clone()),
        None => (Vec::new(), None),
    };
    Ok(VerifyReport {
        valid: errors.is_empty() && !results.is_empty() && results.iter().all(|r| r.valid),
        purpose,
        host: args.host.clone(),
        at: format_time(at),
        results,
        chain,
        reason,
        errors,
    })
}
