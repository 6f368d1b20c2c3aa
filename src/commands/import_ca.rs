//! `pkictl import-ca NAME --cert FILE`: a CA certificate without its key,
//! as a trust anchor (a root) or a known intermediate; it never issues.

use crate::authority::{CaReport, NewCa, check_name_free_for_ca, find_issuer, install_ca};
use crate::cli::ImportCaArgs;
use crate::context::Context;
use crate::error::{Code, Error, Result};
use crate::inputs::read_certs;
use crate::names::check_name;
use crate::pki::certinfo::CertFacts;
use crate::store::record::{CaKind, Entry};

/// `import-ca NAME --cert FILE`: a root (self-signed) or a CA issued by a
/// CA of this store, without its key. It can anchor chains, never issue.
pub fn run(ctx: &Context, args: ImportCaArgs) -> Result<CaReport> {
    check_name(&args.name)?;
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    check_name_free_for_ca(&store, &args.name)?;
    let der = read_certs(&args.cert)?.remove(0);
    let facts = CertFacts::from_der(&der)?;
    if !facts.is_ca {
        return Err(Error::new(
            Code::MalformedInput,
            format!(
                "{} is not a CA certificate (basicConstraints CA:TRUE)",
                args.cert.display()
            ),
        )
        .hint("import-ca takes the certificate of a root or intermediate CA"));
    }
    let self_signed = facts.self_issued() && {
        let (_, c) = x509_parser::parse_x509_certificate(&der)
            .map_err(|e| Error::malformed(e.to_string()))?;
        c.verify_signature(None).is_ok()
    };
    let parent = if self_signed {
        None
    } else {
        Some(find_issuer(&store, &der)?.ok_or_else(|| {
            Error::new(
                Code::NotFound,
                format!(
                    "the issuer of {} ({}) is not a CA of this store",
                    args.cert.display(),
                    facts.issuer
                ),
            )
            .hint("import its issuer first, down from the root")
        })?)
    };
    if let Some(dup) = store.ca_names().into_iter().find(|n| {
        crate::authority::load_ca(&store, n)
            .is_ok_and(|c| c.ca().facts.fingerprint_sha256 == facts.fingerprint_sha256)
    }) {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("this certificate is already CA {dup} of the store"),
        ));
    }
    let entry = Entry {
        ca_kind: Some(CaKind::of(parent.is_none())),
        key_stored: false,
        ..Entry::default()
    };
    let txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    install_ca(
        ctx,
        &store,
        txn,
        NewCa {
            name: &args.name,
            der: &der,
            key_pem: None,
            key: None,
            parent: parent.as_ref(),
            entry,
            set_default: false,
        },
    )
    .map(|i| CaReport::installed(i, ctx.now))
}
