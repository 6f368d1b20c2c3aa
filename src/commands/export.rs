//! `pkictl export` (a certificate with its key, for a server, a Java
//! keystore or a Kubernetes Secret) and `pkictl bundle` (the CA
//! certificates peers trust).

use std::path::{Path, PathBuf};

use base64::Engine;
use serde::Serialize;

use crate::app::Context;
use crate::cli::{BundleArgs, BundleFormat, ExportArgs, ExportFormat};
use crate::commands::common::{load_active, load_ca, read_cert_der, unknown_ca};
use crate::error::{Code, Error, Result, Warning};
use crate::output::Report;
use crate::output::human::Text;
use crate::pki::certinfo::CertView;
use crate::pki::p12;
use crate::store::fsio::{self, MODE_PUBLIC, MODE_SECRET, Replace};
use crate::store::log::{Event, Record};
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
        Err(Error::usage(format!("{s:?} is not a valid Kubernetes name (DNS-1123: lowercase letters, digits, '-' and '.')"))
            .hint("pass a valid name with --secret-name (or --configmap-name)"))
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Writes an output: a file (atomically; replaced only with --overwrite) or stdout for `-`.
fn write_out(
    ctx: &Context,
    path: &Path,
    bytes: &[u8],
    mode: u32,
    overwrite: bool,
) -> Result<String> {
    if path == Path::new("-") {
        if ctx.style.json {
            return Err(Error::usage("--out - and --json both want stdout")
                .hint("write to a file with --out FILE"));
        }
        use std::io::{IsTerminal, Write};
        if !bytes.is_ascii() && std::io::stdout().is_terminal() {
            return Err(
                Error::usage("a PKCS#12 file is binary; it would garble the terminal")
                    .hint("redirect stdout to a file, or write it with --out FILE"),
            );
        }
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)
            .and_then(|_| out.flush())
            .map_err(|e| Error::io("write", Path::new("stdout"), &e))?;
        return Ok("-".into());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fsio::check_dir_safe(dir, "output directory")?;
    }
    fsio::write_file(
        path,
        bytes,
        mode,
        if overwrite {
            Replace::Always
        } else {
            Replace::Never
        },
        true,
    )?;
    Ok(path.display().to_string())
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
    let dir = store.serial_dir(Kind::Cert, &meta.name, &facts.serial);
    let leaf = read_cert_der(&dir.join("cert.pem"))?;
    let chain_pem = fsio::read(&dir.join("chain.pem"))?;
    let root_pem = fsio::read(&dir.join("ca.pem"))?;
    let inters: Vec<Vec<u8>> = pem::parse_many(&chain_pem)
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.into_contents())
        .collect();
    let root = pem::parse(&root_pem)
        .map(|p| p.into_contents())
        .map_err(|e| Error::malformed(format!("{}: {e}", dir.join("ca.pem").display())))?;
    let key_path = dir.join("key.pem");
    let key_der = if meta.entry.key_stored {
        fsio::check_secret_mode(&key_path)?;
        let text = zeroize::Zeroizing::new(fsio::read_to_string(&key_path)?);
        Some(crate::pki::keys::PrivateKey::from_pem(&text)?)
    } else {
        None
    };
    let needs_key = !matches!(args.format, ExportFormat::Pem);
    if needs_key && key_der.is_none() {
        return Err(Error::new(Code::NotFound, format!("the store does not hold the private key of {}", args.name))
            .hint("it was signed from a request or issued with --no-keep-key; export --format pem exports its certificates"));
    }
    let leaf_pem = fsio::read(&dir.join("cert.pem"))?;
    let mut secret_name = None;
    let mut p12_name = None;
    let (bytes, default_name, format) = match args.format {
        ExportFormat::Pkcs12 => {
            let pw = ctx.p12_password(args.p12_passphrase_file.as_deref(), true)?;
            if args.legacy {
                ctx.warn(Warning::new("legacy_pkcs12", "legacy PKCS#12 (3DES, SHA-1 MAC) is weak; use it only for software that cannot read the default (OpenSSL 1.x, old Java)"));
            }
            let alias = args.p12_name.clone().unwrap_or_else(|| meta.name.clone());
            let mut chain = vec![leaf.clone()];
            chain.extend(inters.iter().cloned());
            chain.push(root.clone());
            let key = key_der.as_ref().ok_or_else(|| Error::internal("no key"))?;
            p12_name = Some(alias.clone());
            (
                p12::keystore(&alias, key.pkcs8_der(), &chain, &pw, args.legacy)?,
                format!("{}.p12", meta.name),
                "pkcs12",
            )
        }
        ExportFormat::K8sSecret => {
            let name = match &args.secret_name {
                Some(n) => {
                    check_dns1123(n)?;
                    n.clone()
                }
                None => dns1123(&meta.name)?,
            };
            let key = key_der.as_ref().ok_or_else(|| Error::internal("no key"))?;
            let tls_crt = [leaf_pem.as_slice(), chain_pem.as_slice()].concat();
            let yaml = format!(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\n  labels:\n    app.kubernetes.io/managed-by: pkictl\n    pkictl.io/name: {label}\n    pkictl.io/serial: \"{serial}\"\n    pkictl.io/not-after: \"{na}\"\n  annotations:\n    pkictl.io/not-after: \"{na_full}\"\ntype: kubernetes.io/tls\ndata:\n  tls.crt: {crt}\n  tls.key: {key}\n  ca.crt: {ca}\n",
                ns = args.namespace.as_deref().unwrap_or("default"),
                label = dns1123(&meta.name).unwrap_or_default(),
                serial = facts.serial,
                na = facts.not_after.replace([':', '-'], ""),
                na_full = facts.not_after,
                crt = b64(&tls_crt),
                key = b64(key.to_pem().as_bytes()),
                ca = b64(&root_pem),
            );
            if let Some(ns) = &args.namespace {
                check_dns1123(ns)?;
            }
            secret_name = Some(name);
            (
                yaml.into_bytes(),
                format!("{}.secret.yaml", meta.name),
                "k8s-secret",
            )
        }
        ExportFormat::Pem => {
            let mut out = Vec::new();
            if let Some(k) = &key_der {
                out.extend_from_slice(k.to_pem().as_bytes());
            } else {
                ctx.warn(Warning::new(
                    "no_key",
                    format!(
                        "the store does not hold the key of {}; only the certificates are exported",
                        meta.name
                    ),
                ));
            }
            out.extend_from_slice(&leaf_pem);
            out.extend_from_slice(&chain_pem);
            (out, format!("{}.pem", meta.name), "pem")
        }
    };
    let includes_key = needs_key || key_der.is_some();
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(default_name));
    let out_path = write_out(
        ctx,
        &out,
        &bytes,
        if includes_key {
            MODE_SECRET
        } else {
            MODE_PUBLIC
        },
        args.overwrite,
    )?;
    if includes_key {
        let mut txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
        let mut r = Record::about(Event::KeyExported, &meta.name, meta.ca.as_deref(), &facts);
        r.message = Some(format!("{format} to {out_path}"));
        txn.push(r);
        txn.commit()?;
    }
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
fn bundle_cas(store: &Store, args: &BundleArgs) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
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
        out.push((ca.ca().info.name.clone(), ca.ca().der.clone()));
        if args.with_intermediates && !args.ca.is_empty() {
            for c in &ca.chain[1..] {
                if !out.iter().any(|(_, d)| *d == c.der) {
                    out.push((c.info.name.clone(), c.der.clone()));
                }
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
        .map(|(_, d)| crate::pki::build::cert_pem(d))
        .collect();
    let (bytes, default_out, format) = match args.format {
        BundleFormat::Pem => (pem_text.into_bytes(), "-", "pem"),
        BundleFormat::Pkcs12Truststore => {
            let pw = ctx.p12_password(args.p12_passphrase_file.as_deref(), true)?;
            (
                p12::truststore(&cas, &pw)?,
                "truststore.p12",
                "pkcs12-truststore",
            )
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
            (yaml.into_bytes(), "-", "k8s-configmap")
        }
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(default_out));
    let out_path = write_out(ctx, &out, &bytes, MODE_PUBLIC, args.overwrite)?;
    let certificates = cas
        .iter()
        .filter_map(|(_, d)| {
            crate::pki::certinfo::CertFacts::from_der(d)
                .ok()
                .map(|f| CertView::new(f, ctx.now))
        })
        .collect();
    Ok(BundleReport {
        format: format.into(),
        out_path,
        certificates,
    })
}
