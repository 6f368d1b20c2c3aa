//! `pkictl ca renew NAME`: the same key certified again (by itself for a
//! root, by its parent in the store, or through a request to an offline
//! parent).

use serde::Serialize;

use crate::authority::{CaMaterial, install_recertified, load_ca, open_signer};
use crate::cli::CaRenewArgs;
use crate::context::Context;
use crate::encoding::new_serial;
use crate::error::{Code, Error, Result};
use crate::issuance::ca::{check_same_ca, plan_same_ca, preview_ca, spki_der_of};
use crate::issuance::{CaIssuer, check_ca, recertify_ca, sign_ca};
use crate::names::{Sans, Subject};
use crate::output::Report;
use crate::output::human::Text;
use crate::pki::build::make_request;
use crate::pki::certinfo::{CertFacts, CertView};
use crate::store::Kind;
use crate::store::record::CaKind;

/// JSON: `{"ca", "dry_run", "changed", "replaces", "certificate": {…},
/// "cert_path"}`.
#[derive(Debug, Serialize)]
pub struct RenewReport {
    pub ca: String,
    pub dry_run: bool,
    pub changed: bool,
    /// The serial of the certificate it replaces.
    pub replaces: String,
    /// The new certificate (the current one when only a request was written).
    pub certificate: CertView,
    pub cert_path: Option<String>,
    /// `--csr-out`: where the request for the offline parent went.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csr_path: Option<String>,
}

impl Report for RenewReport {
    fn human(&self, t: &mut Text) {
        let c = &self.certificate;
        if let Some(p) = &self.csr_path {
            t.line(format!(
                "Wrote a request for CA {}'s key to {p}: have its parent sign it (e.g. `pkictl sign-csr {p} --name {} --profile intermediate-ca --supersede`), then run `pkictl ca renew {} --import-cert FILE`.",
                t.bold(&self.ca),
                self.ca,
                self.ca
            ));
        } else if self.dry_run {
            t.line(format!(
                "Would renew CA {}: same key and subject, valid until {} (dry run, nothing changed).",
                t.bold(&self.ca),
                c.not_after_text()
            ));
        } else {
            t.line(format!(
                "Renewed CA {}: same key and subject, serial {}, valid until {}.",
                t.bold(&self.ca),
                c.facts.serial,
                c.not_after_text()
            ));
            t.line(format!(
                "It replaces {}; what the CA issued keeps verifying with either certificate.",
                self.replaces
            ));
            if let Some(p) = &self.cert_path {
                t.line(format!("certificate: {p}"));
            }
        }
    }
}

/// Runs `ca renew`.
pub fn run(ctx: &Context, args: CaRenewArgs) -> Result<RenewReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let ca = load_ca(&store, &args.name)?;
    let me = ca.ca();
    let name = me.info.name.clone();
    if !me.info.key_stored {
        return Err(Error::new(
            Code::Unsupported,
            format!("the store holds no key for CA {name}"),
        )
        .hint(
            "renew it where its key is, then import the new certificate with `pkictl import-ca`",
        ));
    }
    let parent = ca.parent();
    if args.csr_out.is_some() || args.import_cert.is_some() {
        return renew_offline(ctx, &store, &cfg, &ca, parent.as_ref(), &args);
    }
    if me.info.kind == CaKind::Intermediate && parent.is_none() {
        return Err(Error::new(
            Code::Unsupported,
            format!("CA {name}'s parent is not in this store (an offline root)"),
        )
        .hint(format!("renew it through its parent: `pkictl ca renew {name} --csr-out FILE`, then `--import-cert`")));
    }
    if let Some(p) = &parent
        && !p.ca().info.key_stored
    {
        return Err(Error::new(
            Code::Unsupported,
            format!(
                "the store holds no key for {name}'s parent {}",
                p.ca().info.name
            ),
        )
        .hint(format!("renew it through its parent: `pkictl ca renew {name} --csr-out FILE`, then `--import-cert`")));
    }
    let old = &me.facts;
    let plan = plan_same_ca(
        &me.info,
        old,
        args.validity.unwrap_or(old.not_after - old.not_before),
        args.not_after,
        parent.is_some(),
        ctx.now,
    )?;
    if let Some(p) = &parent {
        check_ca(&plan, p, ctx.now)?;
    }
    if args.dry_run {
        let issuer = parent.as_ref().map_or(old, |p| &p.ca().facts);
        let facts = preview_ca(&plan, issuer, old);
        return Ok(RenewReport {
            ca: name,
            dry_run: true,
            changed: false,
            replaces: old.serial.clone(),
            certificate: CertView::new(facts, ctx.now),
            cert_path: None,
            csr_path: None,
        });
    }
    let serial = new_serial()?;
    let der = match &parent {
        None => {
            let key = open_signer(ctx, me, true)?;
            sign_ca(&plan, &serial, key.as_ref(), None)?
        }
        Some(p) => {
            let key = open_signer(ctx, p.ca(), true)?;
            recertify_ca(
                &plan,
                &serial,
                &spki_der_of(&me.der)?,
                CaIssuer {
                    ca: p,
                    key: key.as_ref(),
                    locations: p.locations(&cfg),
                },
            )?
        }
    };
    check_same_ca(old, &CertFacts::from_der(&der)?, true)?;
    commit(ctx, &store, &cfg, me, &der, parent.as_ref())
}

/// `ca renew --csr-out` and `--import-cert`: the CA's key certified again
/// by a parent whose key this store does not hold (an offline root).
fn renew_offline(
    ctx: &Context,
    store: &crate::store::Store,
    cfg: &crate::store::config::Config,
    ca: &CaMaterial,
    parent: Option<&CaMaterial>,
    args: &CaRenewArgs,
) -> Result<RenewReport> {
    let me = ca.ca();
    let name = me.info.name.clone();
    let old = &me.facts;
    if let Some(out) = &args.csr_out {
        ctx.check_output(out)?;
        let key = open_signer(ctx, me, true)?;
        let request = make_request(
            &Subject::parse(&old.subject)?,
            &Sans::default(),
            true,
            key.as_ref(),
        )?;
        let shown = ctx.write_output(
            out,
            crate::encoding::pem_text("CERTIFICATE REQUEST", &request).as_bytes(),
            crate::store::fsio::MODE_PUBLIC,
            crate::store::fsio::Replace::Never,
        )?;
        return Ok(RenewReport {
            ca: name,
            dry_run: false,
            changed: false,
            replaces: old.serial.clone(),
            certificate: CertView::new(old.clone(), ctx.now),
            cert_path: None,
            csr_path: Some(shown),
        });
    }
    let file = args
        .import_cert
        .as_deref()
        .unwrap_or(std::path::Path::new("-"));
    let der = crate::inputs::read_certs(file)?.remove(0);
    let new = CertFacts::from_der(&der)?;
    let shown = file.display();
    if new.subject != old.subject || new.spki_sha256 != old.spki_sha256 {
        return Err(Error::new(
            Code::MalformedInput,
            format!("{shown} is not a certificate of CA {name}'s key and subject"),
        )
        .hint(format!(
            "import the certificate the parent signed for `pkictl ca renew {name} --csr-out`"
        )));
    }
    if new.subject_key_id != old.subject_key_id {
        return Err(Error::new(
            Code::PolicyViolation,
            format!(
                "{shown} has another subject key identifier than CA {name}'s certificate; what the CA issued would no longer chain to it"
            ),
        )
        .hint("sign the request with `pkictl sign-csr --profile intermediate-ca`, which keeps the identifier"));
    }
    if !new.is_ca || !new.key_usage.iter().any(|k| k == "keyCertSign") {
        return Err(Error::new(
            Code::PolicyViolation,
            format!("{shown} is not a CA certificate with keyCertSign"),
        )
        .hint("sign the request with --profile intermediate-ca"));
    }
    if new.fingerprint_sha256 == old.fingerprint_sha256 {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("{shown} is CA {name}'s current certificate already"),
        ));
    }
    // The parent decides them, but a change should not pass unseen.
    if new.path_len != old.path_len || new.name_constraints != old.name_constraints {
        ctx.warn(crate::error::Warning::new(
            crate::error::WarningCode::ConstraintsChanged,
            format!(
                "the renewed certificate of CA {name} has other constraints than the one it replaces (pathLen {:?} → {:?}; name constraints {})",
                old.path_len,
                new.path_len,
                if new.name_constraints == old.name_constraints { "unchanged" } else { "changed" }
            ),
        ));
    }
    let signed_by = crate::authority::find_issuer(store, &der)?;
    let parent = match (signed_by, parent) {
        (Some(s), Some(p)) if s.ca().info.name.eq_ignore_ascii_case(&p.ca().info.name) => s,
        (Some(s), None) => s,
        _ => {
            let expected = parent.map_or("a CA whose certificate this store holds".into(), |p| {
                format!("CA {}", p.ca().info.name)
            });
            return Err(Error::new(
                Code::MalformedInput,
                format!("{shown} is not signed by {expected}"),
            )
            .hint("import the parent's certificate first (`pkictl import-ca`)"));
        }
    };
    commit(ctx, store, cfg, me, &der, Some(&parent))
}

/// Installs the new certificate of `me` under the lock, if `me` is still
/// the certificate the renewal started from.
fn commit(
    ctx: &Context,
    store: &crate::store::Store,
    cfg: &crate::store::config::Config,
    me: &crate::authority::ChainCa,
    der: &[u8],
    parent: Option<&CaMaterial>,
) -> Result<RenewReport> {
    let name = &me.info.name;
    let txn = store.begin(ctx.lock_timeout(cfg), &ctx.command_line)?;
    if txn.active_serial(Kind::Ca, name).as_deref() != Some(me.info.serial.as_str()) {
        return Err(crate::authority::changed_meanwhile(name));
    }
    let facts = install_recertified(txn, me, der, parent)?;
    let dir = store.serial_dir(Kind::Ca, name, &facts.serial);
    Ok(RenewReport {
        ca: name.clone(),
        dry_run: false,
        changed: true,
        replaces: me.info.serial.clone(),
        certificate: CertView::new(facts, ctx.now),
        cert_path: Some(dir.join("cert.pem").display().to_string()),
        csr_path: None,
    })
}
