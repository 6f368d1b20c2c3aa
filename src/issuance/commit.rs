//! Signing a plan through the CA's signer and staging the result in a
//! store transaction, with its records.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::authority::CaMaterial;
use crate::context::Context;
use crate::encoding::new_serial;
use crate::error::{Code, Error, Result};
use crate::issuance::Plan;
use crate::issuance::files::{leaf_files, write_out_dir};
use crate::pki::build::CaSigner;
use crate::pki::certinfo::CertFacts;
use crate::pki::keys::PrivateKey;
use crate::pki::signer::Signer;
use crate::store::Store;
use crate::store::config::Config;
use crate::store::fsio::{MODE_PUBLIC, MODE_SECRET};
use crate::store::record::{Entry, Event, Record, generation_field};
use crate::store::{Kind, META, Meta, StagedFile, Txn};

/// Whose public key goes into the certificate.
pub enum SubjectKey {
    /// A key pkictl generated (or reused): its private half is written.
    Generated(Box<PrivateKey>),
    /// The public key of a request signed from elsewhere.
    Csr(rcgen::SubjectPublicKeyInfo),
}

/// A request about to be signed, with its key already generated.
pub struct Prepared {
    pub plan: Plan,
    pub replaces: Option<String>,
    pub key: SubjectKey,
    /// Whether the store keeps the private key.
    pub keep_key: bool,
    pub out_dir: Option<PathBuf>,
}

/// Signs and stages one certificate inside a transaction.
pub fn sign_and_stage(
    txn: &Txn<'_>,
    p: &Prepared,
    ca: &CaMaterial,
    signer: &CaSigner<'_>,
    overwrite: bool,
    event: Event,
) -> Result<(CertFacts, Vec<Record>)> {
    if let Some(old) = &p.replaces {
        // Under the lock: the name must still be where we decided.
        if txn.active_serial(Kind::Cert, &p.plan.name).as_deref() != Some(old.as_str()) {
            return Err(Error::new(
                Code::AlreadyExists,
                format!("{} changed while waiting for the lock", p.plan.name),
            )
            .hint("run the command again"));
        }
    } else if txn.active_serial(Kind::Cert, &p.plan.name).is_some() {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("{} was issued by another command meanwhile", p.plan.name),
        )
        .hint(format!(
            "see `pkictl list`; renew it with `pkictl renew {}`",
            p.plan.name
        )));
    }
    let serial = new_serial()?;
    let (der, key_pem) = match &p.key {
        SubjectKey::Generated(k) => (
            signer.sign(&p.plan.spec, &serial, k.pair())?,
            Some(k.to_pem()),
        ),
        SubjectKey::Csr(spki) => (signer.sign(&p.plan.spec, &serial, spki)?, None),
    };
    let keep_key = p.keep_key && key_pem.is_some();
    let facts = CertFacts::from_der(&der)?;
    let files = leaf_files(&der, ca);
    let entry = Entry {
        profile: Some(p.plan.profile.as_str().into()),
        validity_secs: Some(p.plan.validity_secs),
        key_stored: keep_key,
        replaces: p.replaces.clone(),
        from_csr: key_pem.is_none(),
        ca_generation: generation_field(ca.ca().info.generation),
        ..Entry::default()
    };
    let meta = serde_json::to_string(&Meta {
        name: p.plan.name.clone(),
        ca: Some(p.plan.ca.clone()),
        entry: entry.clone(),
    })
    .map_err(|e| Error::internal(format!("metadata: {e}")))?;
    let mut staged = vec![
        StagedFile {
            name: META,
            bytes: meta.as_bytes(),
            mode: MODE_PUBLIC,
            shared: false,
        },
        StagedFile {
            name: "cert.pem",
            bytes: files.cert.as_bytes(),
            mode: MODE_PUBLIC,
            shared: false,
        },
        StagedFile {
            name: "chain.pem",
            bytes: files.chain.as_bytes(),
            mode: MODE_PUBLIC,
            shared: true,
        },
        StagedFile {
            name: "fullchain.pem",
            bytes: files.fullchain.as_bytes(),
            mode: MODE_PUBLIC,
            shared: false,
        },
        StagedFile {
            name: "ca.pem",
            bytes: files.root.as_bytes(),
            mode: MODE_PUBLIC,
            shared: true,
        },
    ];
    if let (true, Some(k)) = (keep_key, &key_pem) {
        staged.push(StagedFile {
            name: "key.pem",
            bytes: k.as_bytes(),
            mode: MODE_SECRET,
            shared: false,
        });
    }
    let dir = txn.stage_serial_dir(Kind::Cert, &p.plan.name, &facts.serial, &staged)?;
    if let Some(out) = &p.out_dir
        && let Err(e) = write_out_dir(out, &files, key_pem.as_ref().map(|k| k.as_str()), overwrite)
    {
        txn.unstage(&dir)?;
        return Err(e);
    }
    let mut rec = Record::for_cert(event, &facts);
    rec.name = Some(p.plan.name.clone());
    rec.ca = Some(p.plan.ca.clone());
    rec.entry = Some(entry);
    let mut records = vec![rec];
    if let Some(old) = &p.replaces {
        let mut s = Record::new(Event::Superseded);
        s.name = Some(p.plan.name.clone());
        s.ca = Some(p.plan.ca.clone());
        s.serial = Some(old.clone());
        s.replaced_by = Some(facts.serial.clone());
        records.push(s);
    }
    Ok((facts, records))
}

/// Each CA's signer (its certificate, its key, the URLs of its policy),
/// keyed like `cas`.
pub fn ca_signers<'k>(
    cfg: &Config,
    cas: &HashMap<String, CaMaterial>,
    keys: &'k HashMap<String, Box<dyn Signer>>,
) -> Result<HashMap<String, CaSigner<'k>>> {
    keys.iter()
        .map(|(k, key)| {
            CaSigner::new(&cas[k].ca().der, key.as_ref(), cas[k].locations(cfg))
                .map(|s| (k.clone(), s))
        })
        .collect()
}

pub fn refusal_record(name: &str, ca: Option<&str>) -> Record {
    let mut r = Record::new(Event::Refused);
    r.name = Some(name.to_string());
    r.ca = ca.map(str::to_string);
    r
}

/// Errors that are decisions of the store (logged as `refused`), not bad input.
pub fn is_refusal(code: Code) -> bool {
    matches!(
        code,
        Code::PolicyViolation
            | Code::NameConstraintViolation
            | Code::OutlivesIssuer
            | Code::AlreadyExists
            | Code::ExistsDifferent
    )
}

/// Signs every prepared certificate with its CA's signer (`keys`, opened
/// once per CA by `authority::open_signers`, before the lock) and commits
/// them in one transaction.
/// Returns each one's facts, in order. With `keep_going`, a certificate
/// that cannot be staged is reported in its place and the rest go on;
/// otherwise its error stops everything and nothing is committed.
#[allow(clippy::too_many_arguments)]
pub fn sign_and_commit(
    ctx: &Context,
    store: &Store,
    cfg: &Config,
    cas: &HashMap<String, CaMaterial>,
    keys: &HashMap<String, Box<dyn Signer>>,
    prepared: &[Prepared],
    event: Event,
    overwrite: bool,
    keep_going: bool,
) -> Result<Vec<Result<CertFacts>>> {
    let signers = ca_signers(cfg, cas, keys)?;
    let mut txn = store.begin(ctx.lock_timeout(cfg), &ctx.command_line)?;
    let bar = ctx.progress(prepared.len() as u64, "signing");
    // Signing and staging on every core; the records keep the input order.
    let staged = crate::parallel::map(prepared, |p| {
        let k = p.plan.ca.to_ascii_lowercase();
        let r = sign_and_stage(&txn, p, &cas[&k], &signers[&k], overwrite, event);
        bar.inc(1);
        r
    });
    let mut results = Vec::with_capacity(prepared.len());
    for r in staged {
        match r {
            Ok((facts, records)) => {
                for r in records {
                    txn.push(r);
                }
                results.push(Ok(facts));
            }
            Err(e) if keep_going => results.push(Err(e)),
            Err(e) => return Err(e),
        }
    }
    bar.finish_and_clear();
    txn.commit()?;
    Ok(results)
}
