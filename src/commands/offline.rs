//! The offline-root flow: `init-ca NAME --csr-out FILE` makes a pending CA
//! (key and request in this store), the root's store signs the request with
//! `sign-csr --profile intermediate-ca`, and `init-ca NAME --import-cert FILE`
//! completes it. `import-ca` adds a CA certificate without its key.

use std::path::Path;

use crate::cli::{ImportCaArgs, InitCaArgs};
use crate::commands::common::{check_name_free_for_ca, find_issuer, read_certs};
use crate::commands::init_ca::{
    CaOut, InitCaReport, NewCa, build_subject, install_ca, new_key_pem,
};
use crate::context::Context;
use crate::encoding::sha256_hex;
use crate::error::{Code, Error, Result};
use crate::names::{Sans, check_name};
use crate::pki::build::make_request;
use crate::pki::certinfo::CertFacts;
use crate::pki::keys::{PrivateKey, decrypt_pkcs8, plain_private_key_to_pkcs8};
use crate::store::fsio::{self, MODE_PUBLIC, MODE_SECRET, Replace};
use crate::store::log::{Entry, Event, Record};
use crate::store::{Kind, META, Meta, StagedFile, Store};

/// Where a pending CA's key and request wait.
fn pending_dir(store: &Store, name: &str) -> std::path::PathBuf {
    store.name_dir(Kind::Ca, name).join("pending")
}

/// `init-ca NAME --csr-out FILE`.
pub fn pending(ctx: &Context, args: &InitCaArgs, out: &Path) -> Result<InitCaReport> {
    let subject = build_subject(args)?;
    let key_type = args.key_type;
    if fsio::exists_no_follow(out) {
        return Err(fsio::already_exists(out));
    }
    let store = ctx.create_store()?;
    let (cfg, _) = store.config()?;
    check_name_free_for_ca(&store, &args.name)?;
    let dir = pending_dir(&store, &args.name);
    if fsio::exists_no_follow(&dir) {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("CA {} is already pending", args.name),
        )
        .hint(format!(
            "complete it with `pkictl init-ca {} --import-cert CERT`",
            args.name
        )));
    }
    let key = PrivateKey::generate(key_type)?;
    let key_pem = new_key_pem(ctx, &args.name, &key, args.no_passphrase)?;
    let request = crate::encoding::pem_text(
        "CERTIFICATE REQUEST",
        &make_request(&subject, &Sans::default(), true, &key)?,
    );
    let entry = Entry {
        ca_kind: Some("intermediate".into()),
        key_stored: true,
        key_encrypted: Some(!args.no_passphrase),
        ..Entry::default()
    };
    let meta = serde_json::to_string(&Meta {
        name: args.name.clone(),
        ca: None,
        entry: entry.clone(),
    })
    .map_err(|e| Error::internal(format!("metadata: {e}")))?;
    let mut txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    txn.stage_serial_dir(
        Kind::Ca,
        &args.name,
        "pending",
        &[
            StagedFile {
                name: META,
                bytes: meta.as_bytes(),
                mode: MODE_PUBLIC,
            },
            StagedFile {
                name: "key.pem",
                bytes: key_pem.as_bytes(),
                mode: MODE_SECRET,
            },
            StagedFile {
                name: "request.pem",
                bytes: request.as_bytes(),
                mode: MODE_PUBLIC,
            },
        ],
    )?;
    let mut rec = Record::new(Event::CaCreated);
    rec.name = Some(args.name.clone());
    rec.subject = Some(subject.to_rfc4514());
    rec.entry = Some(entry);
    rec.message =
        Some("pending: the key and request are in the store; waiting for the certificate".into());
    txn.push(rec);
    txn.commit()?;
    fsio::write_file(out, request.as_bytes(), MODE_PUBLIC, Replace::Never, true).map_err(|e| {
        e.hint(format!(
            "the request is also in {}",
            dir.join("request.pem").display()
        ))
    })?;
    Ok(InitCaReport {
        ca: CaOut {
            name: args.name.clone(),
            status: "pending".into(),
            certificate: None,
            cert_path: None,
            key_path: Some(dir.join("key.pem").display().to_string()),
            csr_path: Some(out.display().to_string()),
            default: false,
        },
    })
}

/// `init-ca NAME --import-cert FILE`: the signed certificate must match the
/// pending key and chain to a CA whose certificate this store holds.
pub fn complete(ctx: &Context, args: &InitCaArgs, cert_file: &Path) -> Result<InitCaReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let dir = pending_dir(&store, &args.name);
    if !dir.is_dir() {
        return Err(Error::new(
            Code::NotFound,
            format!("CA {} is not pending in this store", args.name),
        )
        .hint(format!(
            "start with `pkictl init-ca {} --cn CN --csr-out FILE`",
            args.name
        )));
    }
    let der = read_certs(cert_file)?.remove(0);
    let facts = CertFacts::from_der(&der)?;
    let request = fsio::read(&dir.join("request.pem"))?;
    let req_der = crate::pki::csr::decode(&request)?;
    let req = crate::pki::csr::read(&req_der, 0)?;
    if sha256_hex(&req.spki_der) != facts.spki_sha256 {
        return Err(Error::new(
            Code::MalformedInput,
            format!(
                "{} is not the certificate of CA {}'s key",
                cert_file.display(),
                args.name
            ),
        )
        .hint("import the certificate the root signed for this CA's request"));
    }
    if !facts.is_ca || !facts.key_usage.iter().any(|k| k == "keyCertSign") {
        return Err(Error::new(
            Code::MalformedInput,
            format!(
                "{} is not a CA certificate (CA:TRUE with keyCertSign)",
                cert_file.display()
            ),
        )
        .hint(
            "sign the request with `pkictl sign-csr FILE --name NAME --profile intermediate-ca`",
        ));
    }
    if facts.not_after_unix() < ctx.now {
        return Err(Error::new(
            Code::OutlivesIssuer,
            format!("the certificate expired on {}", facts.not_after),
        ));
    }
    let parent = find_issuer(&store, &der)?.ok_or_else(|| {
        Error::new(
            Code::NotFound,
            format!(
                "the certificate's issuer ({}) is not a CA of this store",
                facts.issuer
            ),
        )
        .hint("add the root first: pkictl import-ca root --cert root.pem")
    })?;
    if parent.ca().facts.path_len == Some(0) {
        return Err(Error::new(
            Code::PolicyViolation,
            format!(
                "the issuer {} has pathLen 0; it cannot have signed a CA",
                parent.ca().info.name
            ),
        ));
    }
    let key_pem = zeroize::Zeroizing::new(fsio::read_to_string(&dir.join("key.pem"))?);
    let meta: Meta =
        serde_json::from_str(&fsio::read_to_string(&dir.join(META))?).map_err(|e| {
            Error::new(
                Code::StoreFormat,
                format!("{} is damaged: {e}", dir.join(META).display()),
            )
        })?;
    // The key signs the CA's first CRL: open it now, before the lock.
    let p = pem::parse(key_pem.as_bytes())
        .map_err(|e| Error::malformed(format!("{}: {e}", dir.join("key.pem").display())))?;
    let plain = if p.tag() == "ENCRYPTED PRIVATE KEY" {
        let mut ws = Vec::new();
        let pw = ctx.passphrases.existing(&args.name, true, &mut ws);
        ctx.warn_all(ws);
        decrypt_pkcs8(
            p.contents(),
            pw?.value.as_bytes(),
            &format!("CA {}", args.name),
        )?
    } else {
        plain_private_key_to_pkcs8(p.tag(), p.contents())?
    };
    let key = PrivateKey::from_pkcs8_der(plain)?;
    let mut entry = meta.entry;
    entry.parent = Some(parent.ca().info.name.clone());
    let txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    let report = install_ca(
        ctx,
        &store,
        txn,
        NewCa {
            name: &args.name,
            der: &der,
            key_pem: Some(key_pem.as_str()),
            key: Some(&key),
            parent: Some(&parent),
            entry,
            set_default: args.set_default,
        },
    )?;
    // The key now lives in the CA's serial directory.
    std::fs::remove_dir_all(&dir).map_err(|e| Error::io("remove", &dir, &e))?;
    fsio::fsync_dir(&store.name_dir(Kind::Ca, &args.name))?;
    Ok(report)
}

/// `import-ca NAME --cert FILE`: a root (self-signed) or a CA issued by a
/// CA of this store, without its key. It can anchor chains, never issue.
pub fn import_ca(ctx: &Context, args: ImportCaArgs) -> Result<InitCaReport> {
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
        crate::commands::common::load_ca(&store, n)
            .is_ok_and(|c| c.ca().facts.fingerprint_sha256 == facts.fingerprint_sha256)
    }) {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("this certificate is already CA {dup} of the store"),
        ));
    }
    let entry = Entry {
        ca_kind: Some(
            if parent.is_some() {
                "intermediate"
            } else {
                "root"
            }
            .into(),
        ),
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
}
