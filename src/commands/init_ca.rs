//! `pkictl init-ca`: a root CA, or an intermediate signed by a CA of the store.

use crate::authority::{CaMaterial, check_name_free_for_ca, load_ca, open_signer};
use crate::authority::{CaOut, CaReport, find_issuer};
use crate::authority::{
    NewCa, find_token_key, install_ca, new_key_pem, new_token_key, parse_constraints,
    read_key_file, token_key, token_key_or_new,
};
use crate::cli::InitCaArgs;
use crate::context::Context;
use crate::encoding::new_serial;
use crate::encoding::sha256_hex;
use crate::error::{Code, Error, Result};
use crate::inputs::read_certs;
use crate::issuance::{CaIssuer, CaRequest, check_ca, plan_ca, sign_ca};
use crate::names::{Attr, Sans, Subject, check_name};
use crate::pki::build::make_request;
use crate::pki::certinfo::{CertFacts, Status};
use crate::pki::keys::PrivateKey;
use crate::pki::pkcs11::KeyUri;
use crate::pki::signer::Signer;
use crate::store::fsio::{self, Replace};
use crate::store::fsio::{MODE_PUBLIC, MODE_SECRET};
use crate::store::record::{CaKind, Entry, Event, Record};
use crate::store::{Kind, META, Meta, StagedFile, Store};
use std::path::Path;

pub(crate) fn build_subject(args: &InitCaArgs) -> Result<Subject> {
    let mut s = Subject::default();
    let cn = args.cn.clone().unwrap_or_default();
    let check = |v: &str, what: &str| -> Result<()> {
        if v.trim().is_empty() || v.chars().count() > 64 {
            return Err(Error::usage(format!(
                "--{what} must have 1 to 64 characters"
            )));
        }
        Ok(())
    };
    check(&cn, "cn")?;
    s.set(Attr::Cn, cn.trim());
    if let Some(o) = &args.org {
        check(o, "org")?;
        s.set(Attr::O, o.trim());
    }
    if let Some(ou) = &args.ou {
        check(ou, "ou")?;
        s.set(Attr::Ou, ou.trim());
    }
    if let Some(c) = &args.country {
        if !(c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic())) {
            return Err(Error::usage(format!(
                "--country {} is not a two-letter country code",
                crate::error::q(c)
            )));
        }
        s.set(Attr::C, c.to_ascii_uppercase());
    }
    s.check_control_chars()?;
    Ok(s)
}

/// Runs `init-ca`.
pub fn run(ctx: &Context, args: InitCaArgs) -> Result<CaReport> {
    check_name(&args.name)?;
    if let Some(cert) = &args.import_cert {
        return complete(ctx, &args, cert);
    }
    if let Some(out) = &args.csr_out {
        return pending(ctx, &args, out);
    }
    let subject = build_subject(&args)?;
    let key_type = args.key_type;
    let constraints = parse_constraints(&args.constraints)?;

    let store = match &args.parent {
        None => ctx.create_store()?,
        Some(_) => ctx.open_store()?,
    };
    let (cfg, _) = store.config()?;
    let timeout = ctx.lock_timeout(&cfg);
    let refusal = |err: Error| {
        let mut r = Record::new(Event::Refused);
        r.name = Some(args.name.clone());
        r.ca = args.parent.clone();
        store.log_refusal(timeout, &ctx.command_line, r, &err);
        err
    };
    check_name_free_for_ca(&store, &args.name).map_err(refusal)?;
    // A key in a token: the one the URI names, or a new one made there
    // (after the checks, so a refusal leaves no key behind).
    let token = match &args.key_uri {
        Some(u) => {
            let uri = KeyUri::parse(u)?;
            let found = find_token_key(ctx, &uri)?;
            Some((uri, found))
        }
        None => None,
    };
    let key_type = match &token {
        Some((_, Some(k))) => k.key_type(),
        _ => key_type,
    };

    let is_intermediate = args.parent.is_some();
    let plan = plan_ca(
        CaRequest {
            name: args.name.clone(),
            subject,
            validity: args.validity,
            not_after: None,
            path_len: args.path_len,
            constraints,
            rsa_key: key_type.is_rsa(),
            intermediate: is_intermediate,
        },
        ctx.now,
    )?;

    let parent: Option<CaMaterial> = match &args.parent {
        Some(p) => Some(load_ca(&store, p)?),
        None => None,
    };
    if let Some(parent) = &parent {
        check_ca(&plan, parent, ctx.now).map_err(|e| {
            if e.code == Code::OutlivesIssuer && crate::authority::expired(parent, ctx.now) {
                e
            } else {
                refusal(e)
            }
        })?;
    }

    // Keys and passphrases before the lock.
    let (key, key_pem, key_uri): (Box<dyn Signer>, Option<_>, Option<String>) = match token {
        Some((uri, found)) => {
            let (uri, k) = match found {
                Some(k) => (uri, k),
                None => new_token_key(ctx, &uri, key_type)?,
            };
            (Box::new(k), None, Some(uri.canonical()))
        }
        None => {
            let key = PrivateKey::generate(key_type)?;
            let pem = new_key_pem(ctx, &args.name, &key, args.no_passphrase)?;
            (Box::new(key), Some(pem), None)
        }
    };
    let parent_key = match &parent {
        Some(p) => Some(open_signer(ctx, p.ca(), true)?),
        None => None,
    };

    let txn = store.begin(timeout, &ctx.command_line)?;
    if store.has_current(Kind::Ca, &args.name)? {
        return Err(check_name_free_for_ca(&store, &args.name)
            .err()
            .unwrap_or_else(|| {
                Error::new(
                    Code::AlreadyExists,
                    format!("CA {} already exists", args.name),
                )
            }));
    }
    let serial = new_serial()?;
    let issuer = match (&parent, &parent_key) {
        (Some(p), Some(pk)) => Some(CaIssuer {
            ca: p,
            key: pk.as_ref(),
            locations: p.locations(&cfg),
        }),
        _ => None,
    };
    let der = sign_ca(&plan, &serial, key.as_ref(), issuer)?;
    let entry = Entry {
        ca_kind: Some(CaKind::of(!is_intermediate)),
        parent: args.parent.clone(),
        key_stored: true,
        key_encrypted: Some(!args.no_passphrase && key_uri.is_none()),
        key_uri,
        validity_secs: Some(plan.validity_secs),
        permit_dns: plan.constraints.permit_dns,
        permit_email: plan.constraints.permit_email,
        permit_uri: plan.constraints.permit_uri,
        ca_generation: parent
            .as_ref()
            .and_then(|p| crate::store::record::generation_field(p.ca().info.generation)),
        ..Entry::default()
    };
    install_ca(
        ctx,
        &store,
        txn,
        NewCa {
            name: &args.name,
            der: &der,
            key_pem: key_pem.as_deref().map(String::as_str),
            key: Some(key.as_ref()),
            parent: parent.as_ref(),
            entry,
            set_default: args.set_default,
        },
    )
    .map(|i| CaReport::installed(i, ctx.now))
}

/// Where a pending CA's key and request wait.
fn pending_dir(store: &Store, name: &str) -> std::path::PathBuf {
    store.name_dir(Kind::Ca, name).join("pending")
}

/// `init-ca NAME --csr-out FILE`.
pub fn pending(ctx: &Context, args: &InitCaArgs, out: &Path) -> Result<CaReport> {
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
    let (key, key_pem, key_uri) = pending_key(ctx, args, key_type)?;
    let request = crate::encoding::pem_text(
        "CERTIFICATE REQUEST",
        &make_request(&subject, &Sans::default(), true, key.as_ref())?,
    );
    let entry = Entry {
        ca_kind: Some(CaKind::Intermediate),
        key_stored: true,
        key_encrypted: Some(key_pem.is_some() && !args.no_passphrase),
        key_uri: key_uri.clone(),
        ..Entry::default()
    };
    let uri_line = key_uri.as_ref().map(|u| format!("{u}\n"));
    let key_file = match (&key_pem, &uri_line) {
        (Some(pem), _) => StagedFile {
            name: "key.pem",
            bytes: pem.as_bytes(),
            mode: MODE_SECRET,
            shared: false,
        },
        (None, Some(line)) => StagedFile {
            name: "key.uri",
            bytes: line.as_bytes(),
            mode: MODE_PUBLIC,
            shared: false,
        },
        (None, None) => return Err(Error::internal("a pending CA without a key")),
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
                shared: false,
            },
            key_file,
            StagedFile {
                name: "request.pem",
                bytes: request.as_bytes(),
                mode: MODE_PUBLIC,
                shared: false,
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
    Ok(CaReport {
        ca: CaOut {
            name: args.name.clone(),
            status: Status::Pending,
            certificate: None,
            cert_path: None,
            key_path: key_pem
                .is_some()
                .then(|| dir.join("key.pem").display().to_string()),
            key_uri,
            csr_path: Some(out.display().to_string()),
            default: false,
        },
    })
}

/// `init-ca NAME --import-cert FILE`: the signed certificate must match the
/// pending key and chain to a CA whose certificate this store holds.
pub fn complete(ctx: &Context, args: &InitCaArgs, cert_file: &Path) -> Result<CaReport> {
    // A token key with its certificate may be the store's first CA.
    let store = if args.key_uri.is_some() {
        ctx.create_store()?
    } else {
        ctx.open_store()?
    };
    let (cfg, _) = store.config()?;
    let dir = pending_dir(&store, &args.name);
    if !dir.is_dir()
        && let Some(uri) = &args.key_uri
    {
        return complete_token_key(ctx, &store, args, cert_file, uri);
    }
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
    if facts.not_after < ctx.now {
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
    let meta: Meta =
        serde_json::from_str(&fsio::read_to_string(&dir.join(META))?).map_err(|e| {
            Error::new(
                Code::StoreFormat,
                format!("{} is damaged: {e}", dir.join(META).display()),
            )
        })?;
    // The key signs the CA's first CRL: open it now, before the lock.
    let (key, key_pem) = open_pending_key(ctx, &args.name, &dir, &meta)?;
    let mut entry = meta.entry;
    entry.parent = Some(parent.ca().info.name.clone());
    let mut txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    // The key moves to the CA's serial directory: the pending one goes once
    // the CA is recorded.
    txn.retire(dir.clone());
    let report = install_ca(
        ctx,
        &store,
        txn,
        NewCa {
            name: &args.name,
            der: &der,
            key_pem: key_pem.as_deref().map(String::as_str),
            key: Some(key.as_ref()),
            parent: Some(&parent),
            entry,
            set_default: args.set_default,
        },
    )?;
    Ok(CaReport::installed(report, ctx.now))
}

/// The key of a pending CA: in the token `--key-uri` names (found or made
/// there), or a new file key. Returns the signer, the file's PEM (None for
/// a token) and the URI as recorded.
type PendingKey = (
    Box<dyn Signer>,
    Option<zeroize::Zeroizing<String>>,
    Option<String>,
);
fn pending_key(
    ctx: &Context,
    args: &InitCaArgs,
    key_type: crate::pki::keys::KeyType,
) -> Result<PendingKey> {
    match &args.key_uri {
        Some(u) => {
            let (uri, key) = token_key_or_new(ctx, &KeyUri::parse(u)?, key_type)?;
            Ok((Box::new(key), None, Some(uri.canonical())))
        }
        None => {
            let key = PrivateKey::generate(key_type)?;
            let pem = new_key_pem(ctx, &args.name, &key, args.no_passphrase)?;
            Ok((Box::new(key), Some(pem), None))
        }
    }
}

/// A CA key opened to sign, and its file's PEM (None for a token key).
type OpenedKey = (Box<dyn Signer>, Option<zeroize::Zeroizing<String>>);

/// Opens a pending CA's key: its file (decrypted), or its token key.
fn open_pending_key(ctx: &Context, name: &str, dir: &Path, meta: &Meta) -> Result<OpenedKey> {
    if let Some(u) = &meta.entry.key_uri {
        let uri = KeyUri::parse(u)?;
        return Ok((Box::new(token_key(ctx, &uri)?), None));
    }
    let (key, text) = read_key_file(ctx, name, &dir.join("key.pem"), true)?;
    Ok((Box::new(key), Some(text)))
}

/// `init-ca NAME --key-uri URI --import-cert CERT` without a pending CA: a
/// key already in a token and the certificate an outside CA signed for it.
fn complete_token_key(
    ctx: &Context,
    store: &Store,
    args: &InitCaArgs,
    cert_file: &Path,
    uri: &str,
) -> Result<CaReport> {
    let (cfg, _) = store.config()?;
    check_name_free_for_ca(store, &args.name)?;
    let der = read_certs(cert_file)?.remove(0);
    let facts = CertFacts::from_der(&der)?;
    let uri = KeyUri::parse(uri)?;
    let key = token_key(ctx, &uri)?;
    if sha256_hex(&crate::pki::signer::spki_der(&key)) != facts.spki_sha256 {
        return Err(Error::new(
            Code::MalformedInput,
            format!(
                "{} is not a certificate of the token key {}",
                cert_file.display(),
                uri.canonical()
            ),
        )
        .hint("import the certificate issued for that key"));
    }
    if !facts.is_ca || !facts.key_usage.iter().any(|k| k == "keyCertSign") {
        return Err(Error::new(
            Code::MalformedInput,
            format!(
                "{} is not a CA certificate (CA:TRUE with keyCertSign)",
                cert_file.display()
            ),
        ));
    }
    let self_signed = facts.issuer == facts.subject;
    let parent = if self_signed {
        None
    } else {
        Some(find_issuer(store, &der)?.ok_or_else(|| {
            Error::new(
                Code::NotFound,
                format!(
                    "the certificate's issuer ({}) is not a CA of this store",
                    facts.issuer
                ),
            )
            .hint("add the issuer first: pkictl import-ca NAME --cert FILE")
        })?)
    };
    let entry = Entry {
        ca_kind: Some(CaKind::of(self_signed)),
        parent: parent.as_ref().map(|p| p.ca().info.name.clone()),
        key_stored: true,
        key_encrypted: Some(false),
        key_uri: Some(uri.canonical()),
        ..Entry::default()
    };
    let txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    let installed = install_ca(
        ctx,
        store,
        txn,
        NewCa {
            name: &args.name,
            der: &der,
            key_pem: None,
            key: Some(&key),
            parent: parent.as_ref(),
            entry,
            set_default: args.set_default,
        },
    )?;
    Ok(CaReport::installed(installed, ctx.now))
}
