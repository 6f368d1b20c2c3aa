//! `pkictl ca cross-sign NAME --by CA`: a CA's key and subject certified by
//! another CA of the store.

use serde::Serialize;

use crate::authority::{install_cross, load_ca, open_signer};
use crate::cli::CaCrossSignArgs;
use crate::context::Context;
use crate::encoding::new_serial;
use crate::error::{Code, Error, Result};
use crate::issuance::ca::{check_same_ca, plan_same_ca, preview_ca, spki_der_of};
use crate::issuance::{CaIssuer, check_ca, recertify_ca};
use crate::output::Report;
use crate::output::human::Text;
use crate::pki::certinfo::{CertFacts, CertView};
use crate::store::Kind;

/// JSON: `{"ca", "by", "by_root", "dry_run", "changed", "certificate": {…},
/// "cert_path", "chain_path"}`.
#[derive(Debug, Serialize)]
pub struct CrossReport {
    pub ca: String,
    pub by: String,
    /// The root above BY (BY itself when it is a root).
    pub by_root: String,
    pub dry_run: bool,
    pub changed: bool,
    pub certificate: CertView,
    pub cert_path: Option<String>,
    /// The cross certificate's chain up to BY's root (without the root).
    pub chain_path: Option<String>,
}

impl Report for CrossReport {
    fn human(&self, t: &mut Text) {
        let c = &self.certificate;
        let verb = if self.dry_run {
            "Would cross-sign"
        } else {
            "Cross-signed"
        };
        t.line(format!(
            "{verb} CA {} by {}: its key and subject, valid until {}{}.",
            t.bold(&self.ca),
            t.bold(&self.by),
            c.not_after_text(),
            if self.dry_run {
                " (dry run, nothing changed)"
            } else {
                ""
            }
        ));
        if let (Some(cert), Some(chain)) = (&self.cert_path, &self.chain_path) {
            t.line(format!("certificate: {cert}"));
            t.line(format!("its chain:   {chain}"));
            t.line(format!(
                "Peers that trust {} build a path to what {} issues through it.",
                self.by_root, self.ca
            ));
        }
    }
}

/// Runs `ca cross-sign`.
pub fn run(ctx: &Context, args: CaCrossSignArgs) -> Result<CrossReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let target = load_ca(&store, &args.name)?;
    let me = target.ca();
    let me_generation = me.info.generation;
    let by = load_ca(&store, &args.by)?;
    let signer = by.ca();
    if by
        .chain
        .iter()
        .any(|c| c.info.name.eq_ignore_ascii_case(&me.info.name))
    {
        return Err(Error::usage(format!(
            "{} is {} itself or a CA below it; a CA cannot certify its own ancestor",
            signer.info.name, me.info.name
        ))
        .hint("to certify a CA's key again with new dates, use `pkictl ca renew NAME`"));
    }
    if me
        .info
        .parent
        .as_deref()
        .is_some_and(|p| p.eq_ignore_ascii_case(&signer.info.name))
    {
        return Err(Error::usage(format!(
            "{} is {}'s own parent: that certificate exists already",
            signer.info.name, me.info.name
        ))
        .hint(format!(
            "to certify {}'s key again with new dates, use `pkictl ca renew {}`",
            me.info.name, me.info.name
        )));
    }
    if !signer.info.key_stored {
        return Err(Error::new(
            Code::Unsupported,
            format!("the store holds no key for CA {}", signer.info.name),
        )
        .hint("cross-sign with a CA whose key this store holds"));
    }
    let old = &me.facts;
    // By default the cross certificate lives as long as both certificates.
    let not_after = args.not_after.or_else(|| {
        args.validity
            .is_none()
            .then(|| old.not_after.min(signer.facts.not_after))
    });
    let plan = plan_same_ca(
        &me.info,
        old,
        args.validity.unwrap_or(old.not_after - ctx.now),
        not_after,
        true,
        ctx.now,
    )?;
    check_ca(&plan, &by, ctx.now)?;
    let (ca, by_name) = (me.info.name.clone(), signer.info.name.clone());
    if args.dry_run {
        return Ok(CrossReport {
            ca,
            by: by_name,
            by_root: by.root().info.name.clone(),
            dry_run: true,
            changed: false,
            certificate: CertView::new(preview_ca(&plan, &signer.facts, old), ctx.now),
            cert_path: None,
            chain_path: None,
        });
    }
    let key = open_signer(ctx, signer, true)?;
    let der = recertify_ca(
        &plan,
        &new_serial()?,
        &spki_der_of(&me.der)?,
        CaIssuer {
            ca: &by,
            key: key.as_ref(),
            locations: by.locations(&cfg),
        },
    )?;
    check_same_ca(old, &CertFacts::from_der(&der)?, false)?;
    let txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    let facts = install_cross(txn, &ca, me_generation, &der, &by)?;
    let dir = store.serial_dir(Kind::Ca, &ca, &facts.serial);
    Ok(CrossReport {
        ca,
        by: by_name,
        by_root: by.root().info.name.clone(),
        dry_run: false,
        changed: true,
        certificate: CertView::new(facts, ctx.now),
        cert_path: Some(dir.join("cert.pem").display().to_string()),
        chain_path: Some(dir.join("chain.pem").display().to_string()),
    })
}
