//! `pkictl init-ca`: a root CA, or an intermediate signed by a CA of the store.

use serde::Serialize;

use crate::cli::{ConstraintArgs, InitCaArgs};
use crate::commands::common::{
    CaMaterial, ChainCa, check_name_free_for_ca, load_ca, unlock_ca_key,
};
use crate::context::Context;
use crate::encoding::{cert_pem, new_serial};
use crate::error::{Code, Error, Result, Warning};
use crate::names::{Attr, Sans, Subject, check_name, parse_dns_name, parse_uri};
use crate::output::Report;
use crate::output::human::{Text, cert_fields};
use crate::pki::build::{CaSigner, CertSpec, NcSpec, SpecKind, self_sign};
use crate::pki::certinfo::{CertFacts, CertView, StoreFields};
use crate::pki::keys::PrivateKey;
use crate::pki::policy::{check_constraints, parse_cidr, violations_to_error};
use crate::store::config::{self, Config};
use crate::store::fsio::{MODE_PUBLIC, MODE_SECRET};
use crate::store::log::{Entry, Event, Record};
use crate::store::state::CaInfo;
use crate::store::{Kind, META, Meta, StagedFile, Store};
use crate::timeutil::{DAY, format_time};

/// JSON: `{"ca": {...}}`.
#[derive(Debug, Serialize)]
pub struct InitCaReport {
    pub ca: CaOut,
}

/// The created CA.
#[derive(Debug, Serialize)]
pub struct CaOut {
    pub name: String,
    /// `valid`, or `pending` while an offline root has not signed it yet.
    pub status: String,
    pub certificate: Option<CertView>,
    pub cert_path: Option<String>,
    pub key_path: Option<String>,
    /// The request written by `--csr-out`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csr_path: Option<String>,
    pub default: bool,
}

impl Report for InitCaReport {
    fn human(&self, t: &mut Text) {
        let Some(cert) = &self.ca.certificate else {
            t.line(format!(
                "Created the key of CA {} and wrote its request to {}.",
                t.bold(&self.ca.name),
                self.ca.csr_path.as_deref().unwrap_or("")
            ));
            t.line(format!(
                "Sign it on the root's machine (pkictl sign-csr FILE --name {} --profile intermediate-ca), then run: pkictl init-ca {} --import-cert CERT",
                self.ca.name, self.ca.name
            ));
            return;
        };
        let kind = if cert.issuer == cert.subject {
            "root"
        } else {
            "intermediate"
        };
        let verb = if self.ca.key_path.is_some() {
            "Created"
        } else {
            "Imported"
        };
        t.line(format!("{verb} {kind} CA {}.", t.bold(&self.ca.name)));
        cert_fields(t, cert, 2);
        t.fields(
            2,
            &[
                ("certificate", self.ca.cert_path.clone().unwrap_or_default()),
                (
                    "private key",
                    self.ca
                        .key_path
                        .clone()
                        .unwrap_or_else(|| "(not in this store)".into()),
                ),
                (
                    "default issuer",
                    if self.ca.default {
                        "yes".into()
                    } else {
                        "no".into()
                    },
                ),
            ],
        );
    }
}

/// Parses a `--permit-dns` / `--exclude-dns` value: a DNS name, optionally
/// with a leading dot (subdomains only).
fn parse_dns_constraint(text: &str) -> Result<String> {
    let (dot, body) = match text.strip_prefix('.') {
        Some(b) => (".", b),
        None => ("", text),
    };
    let name = parse_dns_name(body)?;
    if name.starts_with('*') {
        return Err(Error::usage(format!(
            "name constraint {} cannot be a wildcard",
            crate::error::q(text)
        ))
        .hint("use .example.com for subdomains only, or example.com for the apex and subdomains"));
    }
    Ok(format!("{dot}{name}"))
}

/// Parses a `--permit-email` value: a domain (leading dot allowed) or an address.
fn parse_email_constraint(text: &str) -> Result<String> {
    if text.contains('@') {
        return crate::names::parse_email(text);
    }
    parse_dns_constraint(text)
}

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

/// A new CA key as it is stored: encrypted with the new passphrase, or in
/// the clear with a warning for `--no-passphrase`.
pub(crate) fn new_key_pem(
    ctx: &Context,
    name: &str,
    key: &PrivateKey,
    no_passphrase: bool,
) -> Result<zeroize::Zeroizing<String>> {
    if no_passphrase {
        ctx.warn(Warning::new(
            "unencrypted_key",
            format!("the key of CA {name} is stored unencrypted (--no-passphrase); anyone who can read the store can issue certificates"),
        ));
        return Ok(key.to_pem());
    }
    let mut ws = Vec::new();
    let pw = ctx.passphrases.new_key(name, &mut ws);
    ctx.warn_all(ws);
    key.to_encrypted_pem(pw?.value.as_bytes())
}

/// Chooses whether the new CA becomes the default issuer (SPEC section 4).
fn becomes_default(
    cfg: &Config,
    store: &Store,
    is_intermediate: bool,
    set_default: bool,
) -> Result<bool> {
    if set_default {
        return Ok(true);
    }
    let current = match cfg.default_ca.as_deref() {
        Some(d) => store.current_meta(Kind::Ca, d)?,
        None => None,
    };
    Ok(match current {
        None => true,
        Some((_, meta)) => is_intermediate && meta.entry.ca_kind.as_deref() == Some("root"),
    })
}

fn pf_expired(parent: &CaMaterial, now: i64) -> bool {
    parent.ca().facts.not_after_unix() < now
}

/// Whether `parent` may sign a CA with this pathLen, lifetime and permitted
/// names (shared by `init-ca --parent` and `sign-csr --profile intermediate-ca`).
pub fn check_child_ca(
    parent: &CaMaterial,
    child: &str,
    path_len: u8,
    not_after: i64,
    c: &CaConstraints,
    now: i64,
) -> Result<()> {
    let pf = &parent.ca().facts;
    let pname = &parent.ca().info.name;
    if let Some(pl) = pf.path_len {
        if pl == 0 {
            return Err(Error::new(Code::PolicyViolation, format!("CA {pname} has pathLen 0: it cannot sign another CA"))
                .hint("create the intermediate under a CA whose pathLen allows it (a root's default is 1)"));
        }
        if u32::from(path_len) > pl - 1 {
            return Err(Error::new(
                Code::PolicyViolation,
                format!("--path-len {path_len} is more than CA {pname}'s pathLen {pl} allows below it ({})", pl - 1),
            )
            .hint(format!("use --path-len {} or less", pl - 1)));
        }
    }
    if pf.not_after_unix() < now {
        return Err(Error::new(
            Code::OutlivesIssuer,
            format!("CA {pname} expired on {}", pf.not_after),
        )
        .hint("a CA cannot sign after it expires"));
    }
    if not_after > pf.not_after_unix() {
        return Err(Error::new(
            Code::OutlivesIssuer,
            format!(
                "the new CA would be valid until {}, after its parent {pname} expires ({})",
                format_time(not_after),
                pf.not_after
            ),
        )
        .hint(format!(
            "pass a shorter --validity (the parent allows at most {} days)",
            (pf.not_after_unix() - now) / DAY
        )));
    }
    // The new CA's own permitted names must stay inside its ancestors' constraints.
    let mut names = Sans::default();
    let dns = if c.permit_dns.is_empty() {
        &c.nc.permit_dns
    } else {
        &c.permit_dns
    };
    for d in dns {
        // `.example.com` (subdomains only) stands for any name below it.
        names.add_dns(match d.strip_prefix('.') {
            Some(base) => format!("x.{base}"),
            None => d.clone(),
        });
    }
    for r in &c.nc.permit_ip {
        names.add_ip(r.addr);
    }
    for e in &c.permit_email {
        names.add_email(if e.contains('@') {
            e.clone()
        } else {
            format!("x@{}", e.trim_start_matches('.'))
        });
    }
    for u in &c.permit_uri {
        names.add_uri(u.clone());
    }
    let violations = check_constraints(&names, &parent.constraints());
    if !violations.is_empty() {
        return Err(violations_to_error(&format!("CA {child}"), &violations));
    }
    Ok(())
}

/// A new CA's name constraints (written into its certificate) and its
/// email and URI permits (kept as store policy).
pub struct CaConstraints {
    /// What goes into the certificate: DNS names without a leading period.
    pub nc: NcSpec,
    /// The DNS permits as given, kept as store policy when one of them is
    /// `.example.com` (subdomains only); empty otherwise.
    pub permit_dns: Vec<String>,
    pub permit_email: Vec<String>,
    pub permit_uri: Vec<String>,
}

/// The name constraints and permits of the `--permit-…`/`--exclude-…` flags.
pub fn parse_constraints(flags: &ConstraintArgs) -> Result<CaConstraints> {
    let mut nc = NcSpec::default();
    let mut permit_dns = Vec::new();
    // RFC 5280 section 4.2.1.10 allows no leading period in a dNSName
    // constraint (strict verifiers reject the CA): `.example.com` goes into
    // the certificate as `example.com`, and "subdomains only" stays policy.
    for d in &flags.permit_dns {
        let d = parse_dns_constraint(d)?;
        nc.permit_dns.push(d.trim_start_matches('.').to_string());
        permit_dns.push(d);
    }
    if !permit_dns.iter().any(|d| d.starts_with('.')) {
        permit_dns.clear();
    }
    // An excluded `.example.com` is written as `example.com`: the apex is
    // excluded too, which is stricter than asked, never looser.
    for d in &flags.exclude_dns {
        let d = parse_dns_constraint(d)?;
        nc.exclude_dns.push(d.trim_start_matches('.').to_string());
    }
    for r in &flags.permit_ip {
        nc.permit_ip.push(parse_cidr(r)?);
    }
    for r in &flags.exclude_ip {
        nc.exclude_ip.push(parse_cidr(r)?);
    }
    let emails = flags
        .permit_email
        .iter()
        .map(|e| parse_email_constraint(e))
        .collect::<Result<Vec<_>>>()?;
    let uris = flags
        .permit_uri
        .iter()
        .map(|u| parse_uri(u))
        .collect::<Result<Vec<_>>>()?;
    Ok(CaConstraints {
        nc,
        permit_dns,
        permit_email: emails,
        permit_uri: uris,
    })
}

/// Runs `init-ca`.
pub fn run(ctx: &Context, args: InitCaArgs) -> Result<InitCaReport> {
    check_name(&args.name)?;
    if let Some(cert) = &args.import_cert {
        return crate::commands::offline::complete(ctx, &args, cert);
    }
    if let Some(out) = &args.csr_out {
        return crate::commands::offline::pending(ctx, &args, out);
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

    let is_intermediate = args.parent.is_some();
    let validity = args.validity.unwrap_or(if is_intermediate {
        5 * 365 * DAY
    } else {
        10 * 365 * DAY
    });
    if validity <= 0 {
        return Err(Error::usage("--validity must be positive"));
    }
    let path_len = args.path_len.unwrap_or(if is_intermediate { 0 } else { 1 });
    let not_before = ctx.now - 300;
    let not_after = ctx.now + validity;

    let parent: Option<CaMaterial> = match &args.parent {
        Some(p) => Some(load_ca(&store, p)?),
        None => None,
    };
    if let Some(parent) = &parent {
        check_child_ca(
            parent,
            &args.name,
            path_len,
            not_after,
            &constraints,
            ctx.now,
        )
        .map_err(|e| {
            if e.code == Code::OutlivesIssuer && pf_expired(parent, ctx.now) {
                e
            } else {
                refusal(e)
            }
        })?;
    }

    // Keys and passphrases before the lock.
    let key = PrivateKey::generate(key_type)?;
    let key_pem = new_key_pem(ctx, &args.name, &key, args.no_passphrase)?;
    let parent_key = match &parent {
        Some(p) => Some(unlock_ca_key(ctx, p.ca(), true)?),
        None => None,
    };

    let txn = store.begin(timeout, &ctx.command_line)?;
    if store.has_current(Kind::Ca, &args.name) {
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
    let spec = CertSpec {
        subject,
        sans: Sans::default(),
        not_before,
        not_after,
        kind: SpecKind::Ca {
            path_len,
            nc: constraints.nc,
        },
        rsa_key: key_type.is_rsa(),
    };
    let der = match (&parent, &parent_key) {
        (Some(p), Some(pk)) => {
            let pname = &p.ca().info.name;
            CaSigner::new(&p.ca().der, pk, cfg.policy(pname).locations(pname))?.sign(
                &spec,
                &serial,
                key.pair(),
            )?
        }
        _ => self_sign(&spec, &serial, &key)?,
    };
    let entry = Entry {
        ca_kind: Some(
            if is_intermediate {
                "intermediate"
            } else {
                "root"
            }
            .into(),
        ),
        parent: args.parent.clone(),
        key_stored: true,
        key_encrypted: Some(!args.no_passphrase),
        validity_secs: Some(validity),
        permit_dns: constraints.permit_dns,
        permit_email: constraints.permit_email,
        permit_uri: constraints.permit_uri,
        ..Entry::default()
    };
    install_ca(
        ctx,
        &store,
        txn,
        NewCa {
            name: &args.name,
            der: &der,
            key_pem: Some(key_pem.as_str()),
            key: Some(&key),
            parent: parent.as_ref(),
            entry,
            set_default: args.set_default,
        },
    )
}

/// A CA certificate about to be installed in the store.
pub(crate) struct NewCa<'a> {
    pub name: &'a str,
    pub der: &'a [u8],
    /// The key file's contents (None for a CA imported without its key).
    pub key_pem: Option<&'a str>,
    /// The key, to sign the CA's first CRL.
    pub key: Option<&'a PrivateKey>,
    pub parent: Option<&'a CaMaterial>,
    pub entry: Entry,
    pub set_default: bool,
}

/// Writes a CA's serial directory, points `current` at it, adds its policy
/// section, settles the default issuer, records it and signs its first CRL,
/// all in one transaction.
pub(crate) fn install_ca(
    ctx: &Context,
    store: &Store,
    mut txn: crate::store::Txn<'_>,
    new: NewCa<'_>,
) -> Result<InitCaReport> {
    let facts = CertFacts::from_der(new.der)?;
    let cert_text = cert_pem(new.der);
    let (chain_text, root_text) = match new.parent {
        Some(p) => (
            p.intermediates_for_child()
                .iter()
                .map(|d| cert_pem(d))
                .collect::<String>(),
            cert_pem(&p.root().der),
        ),
        None => (String::new(), cert_text.clone()),
    };
    let parent_name = new.parent.map(|p| p.ca().info.name.clone());
    let is_intermediate = parent_name.is_some();
    let meta = serde_json::to_string(&Meta {
        name: new.name.to_string(),
        ca: parent_name.clone(),
        entry: new.entry.clone(),
    })
    .map_err(|e| Error::internal(format!("metadata: {e}")))?;
    let mut files = vec![
        StagedFile {
            name: META,
            bytes: meta.as_bytes(),
            mode: MODE_PUBLIC,
        },
        StagedFile {
            name: "cert.pem",
            bytes: cert_text.as_bytes(),
            mode: MODE_PUBLIC,
        },
        StagedFile {
            name: "chain.pem",
            bytes: chain_text.as_bytes(),
            mode: MODE_PUBLIC,
        },
        StagedFile {
            name: "ca.pem",
            bytes: root_text.as_bytes(),
            mode: MODE_PUBLIC,
        },
    ];
    if let Some(k) = new.key_pem {
        files.push(StagedFile {
            name: "key.pem",
            bytes: k.as_bytes(),
            mode: MODE_SECRET,
        });
    }
    txn.stage_serial_dir(Kind::Ca, new.name, &facts.serial, &files)?;
    txn.set_current(Kind::Ca, new.name, &facts.serial)?;

    let (cfg, cfg_text) = store.config()?;
    let usable = new.key.is_some();
    let make_default = usable && becomes_default(&cfg, store, is_intermediate, new.set_default)?;
    let mut text = cfg_text.clone();
    if usable && !cfg.ca.keys().any(|k| k.eq_ignore_ascii_case(new.name)) {
        text.push_str(&config::ca_section(
            new.name,
            !is_intermediate,
            &new.entry.permit_email,
            &new.entry.permit_uri,
        ));
    }
    if make_default {
        text = config::set_default_ca(&text, new.name)?;
    }
    // The new text must read back before it replaces the file: a store whose
    // configuration does not parse stops every command.
    let new_cfg = Config::parse(&text, &store.config_path()).map_err(|e| {
        Error::internal(format!(
            "the new configuration does not read back: {}",
            e.message
        ))
    })?;
    if text != cfg_text {
        txn.write_config(&text)?;
    }
    let mut rec = Record::for_cert(Event::CaCreated, &facts);
    rec.name = Some(new.name.to_string());
    rec.ca = parent_name.clone();
    rec.entry = Some(new.entry.clone());
    txn.push(rec);
    // Every CA starts with an empty CRL, so relying parties that check
    // revocation at every level (nginx ssl_crl, --crl-check all) work at once.
    if let Some(key) = new.key {
        let mut chain = vec![ChainCa {
            info: CaInfo {
                name: new.name.to_string(),
                serial: facts.serial.clone(),
                kind: new.entry.ca_kind.clone().unwrap_or_else(|| "root".into()),
                parent: parent_name.clone(),
                key_stored: true,
                key_encrypted: new.entry.key_encrypted.unwrap_or(false),
                permit_dns: Vec::new(),
                permit_email: Vec::new(),
                permit_uri: Vec::new(),
            },
            facts: facts.clone(),
            der: new.der.to_vec(),
            dir: store.serial_dir(Kind::Ca, new.name, &facts.serial),
        }];
        if let Some(p) = new.parent {
            chain.extend(p.chain.iter().cloned());
        }
        let own = CaMaterial { chain };
        let next = crate::commands::crl::next_update_secs(&new_cfg, &own, None)?;
        crate::commands::crl::sign_into(
            &mut txn,
            &crate::store::state::State::default(),
            &own,
            key,
            next,
            &[],
            ctx.now,
        )?;
    }
    txn.commit()?;

    let current = store.current_dir(Kind::Ca, new.name);
    let view = CertView::new(facts, ctx.now)
        .with_path(current.join("cert.pem").display().to_string())
        .with_store(StoreFields {
            name: new.name.to_string(),
            ca: parent_name,
            profile: None,
            status: "valid".into(),
            replaces: None,
            replaced_by: None,
        });
    Ok(InitCaReport {
        ca: CaOut {
            name: new.name.to_string(),
            status: "valid".into(),
            certificate: Some(view),
            cert_path: Some(current.join("cert.pem").display().to_string()),
            key_path: usable.then(|| current.join("key.pem").display().to_string()),
            csr_path: None,
            default: make_default,
        },
    })
}
