//! `pkictl export` (a certificate with its key, for a server, a Java
//! keystore or a Kubernetes Secret) and `pkictl bundle` (the CA
//! certificates peers trust).

use std::fmt::Write as _;
use std::path::PathBuf;

use base64::Engine;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::authority::load_active;
use crate::authority::{ChainCa, load_ca, unknown_ca};
use crate::cli::{BundleArgs, BundleFormat, ExportArgs, ExportFormat};
use crate::timeutil::format_time;

use crate::context::Context;
use crate::error::{Code, Error, Result, Warning, WarningCode};
use crate::output::Report;
use crate::output::human::Text;
use crate::pki::certinfo::CertView;
use crate::pki::p12;
use crate::store::fsio::{self, MODE_PUBLIC, MODE_SECRET, Replace};
use crate::store::record::{Event, Record};
use crate::store::{Kind, Store};

/// JSON of `export`.
#[derive(Debug, Serialize)]
pub struct ExportReport {
    pub name: String,
    pub format: String,
    pub out_path: String,
    pub includes_key: bool,
    pub certificate: CertView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p12_name: Option<String>,
}

impl Report for ExportReport {
    fn human(&self, t: &mut Text) {
        if self.out_path != "-" {
            let what = if self.includes_key {
                "certificate, chain and private key"
            } else {
                "certificate and chain"
            };
            t.line(format!(
                "Exported the {what} of {} as {} to {}.",
                t.bold(&self.name),
                self.format,
                self.out_path
            ));
        }
    }
}

/// JSON of `bundle`.
#[derive(Debug, Serialize)]
pub struct BundleReport {
    pub format: String,
    pub out_path: String,
    pub certificates: Vec<CertView>,
}

impl Report for BundleReport {
    fn human(&self, t: &mut Text) {
        if self.out_path != "-" {
            t.line(format!(
                "Wrote {} CA certificate(s) as {} to {}.",
                self.certificates.len(),
                self.format,
                self.out_path
            ));
        }
    }
}

/// A Kubernetes object name (DNS-1123 subdomain), from a store name.
pub fn dns1123(name: &str) -> Result<String> {
    let s: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string();
    check_dns1123(&s)?;
    Ok(s)
}

/// Refuses a name Kubernetes would refuse.
pub fn check_dns1123(s: &str) -> Result<()> {
    let ok = !s.is_empty()
        && s.len() <= 253
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'.')
        && s.split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-'));
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "{} is not a valid Kubernetes name (DNS-1123: lowercase letters, digits, '-' and '.')",
            crate::error::q(s)
        ))
        .hint("pass a valid name with --secret-name (or --configmap-name)"))
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Runs `export`.
pub fn export(ctx: &Context, args: ExportArgs) -> Result<ExportReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let (meta, facts) = load_active(&store, &args.name)?.ok_or_else(|| {
        Error::new(
            Code::NotFound,
            format!("{} has no active certificate", args.name),
        )
        .hint("see `pkictl list`")
    })?;
    let default_name = match args.format {
        ExportFormat::Pkcs12 => format!("{}.p12", meta.name),
        ExportFormat::K8sSecret => format!("{}.secret.yaml", meta.name),
        ExportFormat::Pem => format!("{}.pem", meta.name),
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(default_name));
    ctx.check_output(&out)?;
    // The files of the certificate's serial directory, each read once.
    let dir = store.serial_dir(Kind::Cert, &meta.name, &facts.serial);
    let read_pem = |f: &str| -> Result<(Vec<u8>, Vec<Vec<u8>>)> {
        let path = dir.join(f);
        let bytes = fsio::read(&path)?;
        let ders = crate::pki::objects::pem_certificates(&bytes).map_err(|e| e.about(&path))?;
        Ok((bytes, ders))
    };
    let (leaf_pem, leaf) = read_pem("cert.pem")?;
    let (chain_pem, inters) = read_pem("chain.pem")?;
    let (root_pem, root) = read_pem("ca.pem")?;
    let key = if meta.entry.key_stored {
        let key_path = dir.join("key.pem");
        fsio::check_secret_mode(&key_path)?;
        let text = zeroize::Zeroizing::new(fsio::read_to_string(&key_path)?);
        Some(crate::pki::keys::PrivateKey::from_pem(&text)?)
    } else {
        None
    };
    let need_key = || {
        key.as_ref().ok_or_else(|| {
            Error::new(Code::NotFound, format!("the store does not hold the private key of {}", args.name))
                .hint("it was signed from a request or issued with --no-keep-key; export --format pem exports its certificates")
        })
    };
    let mut secret_name = None;
    let mut p12_name = None;
    let (bytes, format) = match args.format {
        ExportFormat::Pkcs12 => {
            let key = need_key()?;
            let pw = ctx.p12_password(args.p12_passphrase_file.as_deref(), true)?;
            if args.legacy {
                ctx.warn(Warning::new(WarningCode::LegacyPkcs12, "legacy PKCS#12 (3DES, SHA-1 MAC) is weak; use it only for software that cannot read the default (OpenSSL 1.x, old Java)"));
            }
            let alias = args.p12_name.clone().unwrap_or_else(|| meta.name.clone());
            let chain: Vec<Vec<u8>> = [leaf, inters, root].concat();
            let bytes = Zeroizing::new(p12::keystore(
                &alias,
                key.pkcs8_der(),
                &chain,
                &pw,
                args.legacy,
            )?);
            p12_name = Some(alias);
            (bytes, "pkcs12")
        }
        ExportFormat::K8sSecret => {
            let key = need_key()?;
            let name = match &args.secret_name {
                Some(n) => {
                    check_dns1123(n)?;
                    n.clone()
                }
                None => dns1123(&meta.name)?,
            };
            let ns = args.namespace.as_deref().unwrap_or("default");
            check_dns1123(ns)?;
            let tls_crt = [leaf_pem.as_slice(), chain_pem.as_slice()].concat();
            let key_b64 = Zeroizing::new(b64(key.to_pem().as_bytes()));
            // Sized up front: a String that grows leaves copies of the key
            // in the memory it gives back.
            let mut yaml = Zeroizing::new(String::with_capacity(
                1024 + key_b64.len() + 2 * (tls_crt.len() + root_pem.len()),
            ));
            write!(
                yaml,
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\n  labels:\n    app.kubernetes.io/managed-by: pkictl\n    pkictl.io/name: {label}\n    pkictl.io/serial: \"{serial}\"\n    pkictl.io/not-after: \"{na}\"\n  annotations:\n    pkictl.io/not-after: \"{na_full}\"\ntype: kubernetes.io/tls\ndata:\n  tls.crt: {crt}\n  tls.key: {key}\n  ca.crt: {ca}\n",
                label = dns1123(&meta.name).unwrap_or_default(),
                serial = facts.serial,
                na = format_time(facts.not_after).replace([':', '-'], ""),
                na_full = format_time(facts.not_after),
                crt = b64(&tls_crt),
                key = key_b64.as_str(),
                ca = b64(&root_pem),
            )
            .map_err(|e| Error::internal(format!("secret YAML: {e}")))?;
            secret_name = Some(name);
            (
                Zeroizing::new(std::mem::take(&mut *yaml).into_bytes()),
                "k8s-secret",
            )
        }
        ExportFormat::Pem => {
            let key_pem = key.as_ref().map(|k| k.to_pem());
            let mut out = Zeroizing::new(Vec::with_capacity(
                key_pem.as_ref().map_or(0, |k| k.len()) + leaf_pem.len() + chain_pem.len(),
            ));
            match &key_pem {
                Some(k) => out.extend_from_slice(k.as_bytes()),
                None => ctx.warn(Warning::new(
                    WarningCode::NoKey,
                    format!(
                        "the store does not hold the key of {}; only the certificates are exported",
                        meta.name
                    ),
                )),
            }
            out.extend_from_slice(&leaf_pem);
            out.extend_from_slice(&chain_pem);
            (out, "pem")
        }
    };
    // Every format carries the key when the store holds it (and the
    // key-only formats refused above when it does not).
    let includes_key = key.is_some();
    let replace = Replace::if_overwrite(args.overwrite);
    // A key leaves the store only with its audit record: the record is
    // durable before the file is visible at its destination (or written to
    // stdout), and a record that cannot be written means no file.
    let record = || -> Result<()> {
        let shown = if out == std::path::Path::new("-") {
            "-".to_string()
        } else {
            out.display().to_string()
        };
        let mut txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
        let mut r = Record::about(Event::KeyExported, &meta.name, meta.ca.as_deref(), &facts);
        r.message = Some(format!("{format} to {shown}"));
        txn.push(r);
        txn.commit().map(drop)
    };
    let out_path = if !includes_key {
        ctx.write_output(&out, &bytes, MODE_PUBLIC, replace)?
    } else if out == std::path::Path::new("-") {
        crate::output::check_stdout_bytes(&bytes)?;
        record()?;
        ctx.write_output(&out, &bytes, MODE_SECRET, replace)?
    } else {
        if replace == Replace::Never && fsio::exists_no_follow(&out) {
            return Err(fsio::already_exists(&out));
        }
        let staged = fsio::stage(&out, &bytes, MODE_SECRET, true)?;
        record()?;
        staged.persist(replace, true)?;
        out.display().to_string()
    };
    Ok(ExportReport {
        name: meta.name.clone(),
        format: format.into(),
        out_path,
        includes_key,
        certificate: CertView::new(facts, ctx.now),
        secret_name,
        p12_name,
    })
}

/// The CA certificates a bundle holds: the chosen CAs (default: every root),
/// and with --with-intermediates the store's intermediates too.
fn bundle_cas(store: &Store, args: &BundleArgs) -> Result<Vec<ChainCa>> {
    let mut out: Vec<ChainCa> = Vec::new();
    let names = store.ca_names();
    let chosen: Vec<String> = if args.ca.is_empty() {
        names.clone()
    } else {
        for n in &args.ca {
            if !names.iter().any(|x| x.eq_ignore_ascii_case(n)) {
                return Err(unknown_ca(n, store));
            }
        }
        args.ca.clone()
    };
    for n in &chosen {
        let ca = load_ca(store, n)?;
        if args.ca.is_empty() && !ca.is_root() && !args.with_intermediates {
            continue;
        }
        let upto = if args.with_intermediates && !args.ca.is_empty() {
            ca.chain.len()
        } else {
            1
        };
        let mut certs: Vec<ChainCa> = ca.chain[..upto].to_vec();
        // During a root's rollover, peers must trust both generations.
        if ca.is_root()
            && let Some(prev) = crate::authority::previous_generation(store, &ca.ca().info.name)?
        {
            certs.push(prev.ca().clone());
        }
        for c in certs {
            if !out.iter().any(|o| o.der == c.der) {
                out.push(c);
            }
        }
    }
    if out.is_empty() {
        return Err(Error::new(Code::NotFound, "the bundle would be empty")
            .hint("create a CA with `pkictl init-ca`, or name one with --ca"));
    }
    Ok(out)
}

/// Runs `bundle`.
pub fn bundle(ctx: &Context, args: BundleArgs) -> Result<BundleReport> {
    let store = ctx.open_store()?;
    let cas = bundle_cas(&store, &args)?;
    let pem_text: String = cas
        .iter()
        .map(|c| crate::encoding::cert_pem(&c.der))
        .collect();
    let default_out = match args.format {
        BundleFormat::Pkcs12Truststore => "truststore.p12",
        BundleFormat::Pem | BundleFormat::K8sConfigmap => "-",
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(default_out));
    ctx.check_output(&out)?;
    let (bytes, format) = match args.format {
        BundleFormat::Pem => (pem_text.into_bytes(), "pem"),
        BundleFormat::Pkcs12Truststore => {
            let pw = ctx.p12_password(args.p12_passphrase_file.as_deref(), true)?;
            let entries: Vec<(String, Vec<u8>)> = cas
                .iter()
                .map(|c| {
                    // Two generations of one root need two aliases.
                    let alias = crate::store::record::crl_stem(&c.info.name, c.info.generation);
                    (alias, c.der.clone())
                })
                .collect();
            (p12::truststore(&entries, &pw)?, "pkcs12-truststore")
        }
        BundleFormat::K8sConfigmap => {
            let name = args
                .configmap_name
                .clone()
                .unwrap_or_else(|| "pkictl-ca-bundle".into());
            check_dns1123(&name)?;
            let ns = args.namespace.as_deref().unwrap_or("default");
            check_dns1123(ns)?;
            let body: String = pem_text.lines().map(|l| format!("    {l}\n")).collect();
            let yaml = format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {ns}\n  labels:\n    app.kubernetes.io/managed-by: pkictl\ndata:\n  ca.crt: |\n{body}"
            );
            (yaml.into_bytes(), "k8s-configmap")
        }
    };
    let out_path = ctx.write_output(
        &out,
        &bytes,
        MODE_PUBLIC,
        Replace::if_overwrite(args.overwrite),
    )?;
    let certificates = cas
        .into_iter()
        .map(|c| CertView::new(c.facts, ctx.now))
        .collect();
    Ok(BundleReport {
        format: format.into(),
        out_path,
        certificates,
    })
}
