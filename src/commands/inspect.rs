//! `pkictl inspect`: show any certificate, request, CRL or key in plain words.

use serde::Serialize;

use crate::cli::InspectArgs;
use crate::context::Context;
use crate::error::{InputError, Result, WarningCode};
use crate::output::Report;
use crate::output::human::{Text, cert_fields, remaining};
use crate::pki::objects::{Found, Object, ReadOptions, read_objects};
use crate::secrets::read_file;
use crate::timeutil::format_time;

/// JSON: `{"items": [...], "errors": [...], "connection": {...}}`.
#[derive(Debug, Serialize)]
pub struct InspectReport {
    pub items: Vec<Item>,
    pub errors: Vec<InputError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<Connection>,
}

/// What `--connect` found: the handshake and the verdict on the chain.
#[derive(Debug, Serialize)]
pub struct Connection {
    #[serde(flatten)]
    pub presented: crate::tls::Presented,
    /// The name the chain was judged for.
    pub host: String,
    pub valid: bool,
    pub reason: Option<crate::pki::verify::Reason>,
    pub chain: Vec<crate::pki::verify::ChainCert>,
}

/// One object of one input.
#[derive(Debug, Serialize)]
pub struct Item {
    #[serde(flatten)]
    pub found: Found,
    /// The file (or `-`) the object was read from.
    pub path: String,
    /// 1-based position of the object in its file.
    pub index: usize,
}

impl Report for InspectReport {
    fn human(&self, t: &mut Text) {
        let mut first = true;
        for item in &self.items {
            if !first {
                t.blank();
            }
            first = false;
            let kind = match &item.found.object {
                Object::Certificate(_) => "Certificate",
                Object::Csr(_) => "Certificate request",
                Object::Crl(_) => "CRL",
                Object::PrivateKey(_) => "Private key",
                Object::PublicKey(_) => "Public key",
                Object::Pkcs12(_) => "PKCS#12",
                Object::Pkcs11Key(_) => "Key in a PKCS#11 token",
            };
            t.line(t.bold(&format!("{} #{}: {kind}", item.path, item.index)));
            match &item.found.object {
                Object::Certificate(c) => cert_fields(t, c, 2),
                Object::Csr(c) => t.fields(
                    2,
                    &[
                        ("subject", c.subject.clone()),
                        ("DNS names", c.sans.dns.join(", ")),
                        ("IP addresses", c.sans.ip.join(", ")),
                        ("emails", c.sans.email.join(", ")),
                        ("URIs", c.sans.uri.join(", ")),
                        ("key", c.key.name.clone()),
                        (
                            "signature",
                            format!(
                                "{} ({})",
                                c.signature_algorithm,
                                if c.signature_valid {
                                    "valid"
                                } else {
                                    "INVALID"
                                }
                            ),
                        ),
                        ("requested extensions", c.requested_extensions.join(", ")),
                        ("key SHA-256", c.spki_sha256.clone()),
                    ],
                ),
                Object::Crl(c) => {
                    t.fields(
                        2,
                        &[
                            ("issuer", c.issuer.clone()),
                            ("this update", c.this_update.clone()),
                            (
                                "next update",
                                c.next_update.clone().unwrap_or_else(|| "(none)".into()),
                            ),
                            (
                                "CRL number",
                                c.crl_number.clone().unwrap_or_else(|| "(none)".into()),
                            ),
                            ("signature", c.signature_algorithm.clone()),
                            ("revoked", c.revoked_count.to_string()),
                        ],
                    );
                    for r in c.revoked.iter().take(50) {
                        t.line(format!(
                            "    {} revoked {} {}",
                            r.serial,
                            r.revocation_date,
                            r.reason.clone().unwrap_or_default()
                        ));
                    }
                    if c.revoked.len() > 50 {
                        t.line(format!(
                            "    … and {} more (see --json)",
                            c.revoked.len() - 50
                        ));
                    }
                }
                Object::PrivateKey(k) => {
                    let enc = k
                        .encryption
                        .as_ref()
                        .map(|e| {
                            let kdf = match (&e.iterations, &e.scrypt) {
                                (_, Some(s)) => {
                                    format!("scrypt N=2^{} r={} p={}", s.log_n, s.r, s.p)
                                }
                                (Some(i), None) => format!(
                                    "{} {} iterations",
                                    e.prf.clone().unwrap_or_else(|| e.kdf.clone()),
                                    i
                                ),
                                _ => e.kdf.clone(),
                            };
                            format!(
                                "{} with {kdf}, {}-byte salt, {}",
                                e.scheme.to_uppercase(),
                                e.salt_bytes,
                                e.cipher
                            )
                        })
                        .unwrap_or_else(|| "no".into());
                    t.fields(
                        2,
                        &[
                            ("format", k.format.clone()),
                            ("encrypted", enc),
                            (
                                "key",
                                k.key.as_ref().map(|k| k.name.clone()).unwrap_or_else(|| {
                                    "(encrypted; pass --passphrase-file to see it)".into()
                                }),
                            ),
                            ("key SHA-256", k.spki_sha256.clone().unwrap_or_default()),
                        ],
                    );
                }
                Object::Pkcs12(p) => {
                    t.fields(2, &[("protection", p.protection.clone())]);
                    for k in &p.keys {
                        t.line(format!(
                            "    private key {}: {}",
                            k.friendly_name.as_deref().unwrap_or("(no name)"),
                            k.key
                                .as_ref()
                                .map(|k| k.name.clone())
                                .unwrap_or_else(|| "unknown type".into())
                        ));
                    }
                    for c in &p.certificates {
                        let trust = if c.trusted { " (trusted entry)" } else { "" };
                        t.line(format!(
                            "    certificate {}{trust}, valid until {}",
                            c.subject,
                            format_time(c.not_after)
                        ));
                    }
                }
                Object::PublicKey(k) => t.fields(
                    2,
                    &[
                        ("key", k.key.name.clone()),
                        ("key SHA-256", k.spki_sha256.clone()),
                    ],
                ),
                Object::Pkcs11Key(k) => t.fields(
                    2,
                    &[
                        ("token", k.token.clone().unwrap_or_default()),
                        ("object", k.object.clone().unwrap_or_default()),
                        ("id", k.id.clone().unwrap_or_default()),
                        (
                            "module",
                            k.module_path.clone().unwrap_or_else(|| {
                                "PKICTL_PKCS11_MODULE or pkcs11_module in pkictl.toml".into()
                            }),
                        ),
                        ("uri", k.uri.clone()),
                    ],
                ),
            }
            for w in &item.found.warnings {
                t.line(format!("  {} {}", t.status("warning"), w.message));
            }
            if let Object::Certificate(c) = &item.found.object
                && item.found.warnings.is_empty()
            {
                t.line(format!(
                    "  {} ({})",
                    t.status("ok"),
                    remaining(c.days_remaining, c.seconds_remaining)
                ));
            }
            if let Some(p) = &item.found.pem {
                t.line(p.trim_end());
            }
        }

        if let Some(c) = &self.connection {
            t.blank();
            t.line(format!(
                "{}: {} {}, SNI {}",
                c.presented.address,
                c.presented.protocol,
                c.presented.cipher,
                c.presented.servername.as_deref().unwrap_or("(none)")
            ));
            let verdict = if c.valid {
                t.status("valid")
            } else {
                t.status("invalid")
            };
            t.line(format!("  chain for {}: {verdict}", c.host));
            crate::output::human::explain(t, c.valid, c.reason.as_ref(), &c.chain);
        }
    }

    fn exit_code(&self) -> u8 {
        if self.errors.is_empty() { 0 } else { 2 }
    }

    fn is_data(&self) -> bool {
        true
    }

    fn diagnostics(&self) -> Vec<String> {
        self.errors.iter().map(InputError::describe).collect()
    }
}

/// Runs `inspect`.
pub fn run(ctx: &Context, args: InspectArgs) -> Result<InspectReport> {
    // Encrypted keys are opened only with an explicit passphrase source.
    let mut ws = Vec::new();
    let passphrase = match (&ctx.passphrases.file, &ctx.passphrases.env) {
        (Some(f), _) => Some(read_file(f, "--passphrase-file", &mut ws)?.value),
        (None, Some(v)) => Some(v.clone()),
        _ => None,
    };
    ctx.warn_all(ws);
    // A PKCS#12 password is asked for only when a PKCS#12 input is met.
    let mut p12_pw: Option<zeroize::Zeroizing<String>> = None;
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for path in &args.files {
        let shown = path.display().to_string();
        // The input may be a private key: wiped after reading.
        let data = crate::store::fsio::read_input(path, crate::store::fsio::InputKind::ANY_OBJECT)
            .map(zeroize::Zeroizing::new);
        if let Ok(d) = &data
            && crate::pki::p12::looks_like_p12(d)
            && p12_pw.is_none()
            && (args.p12_passphrase_file.is_some()
                || ctx.p12_passphrase_env.is_some()
                || ctx.interactive)
        {
            p12_pw = Some(ctx.p12_password(args.p12_passphrase_file.as_deref(), false)?);
        }
        let opts = ReadOptions {
            at: args.at.unwrap_or(ctx.now),
            passphrase: passphrase.as_ref().map(|p| p.as_bytes()),
            p12_password: p12_pw.as_ref().map(|p| p.as_str()),
            include_pem: args.include_pem,
        };
        match data.and_then(|d| read_objects(&d, &opts)) {
            Ok(found) => {
                for (i, f) in found.into_iter().enumerate() {
                    items.push(Item {
                        found: f,
                        path: shown.clone(),
                        index: i + 1,
                    });
                }
            }
            Err(e) => errors.push(InputError::new(shown, e)),
        }
    }
    let connection = match &args.connect {
        Some(address) => Some(connect(ctx, &args, address, &mut items)?),
        None => None,
    };
    Ok(InspectReport {
        items,
        errors,
        connection,
    })
}

/// `--connect`: the presented chain as items, and the verdict on it.
fn connect(
    ctx: &Context,
    args: &InspectArgs,
    address: &str,
    items: &mut Vec<Item>,
) -> Result<Connection> {
    let presented = crate::tls::fetch(
        address,
        args.servername.as_deref(),
        std::time::Duration::from_secs(10),
    )?;
    let at = args.at.unwrap_or(ctx.now);
    let shown = crate::tls::shown(address);
    let opts = ReadOptions {
        at,
        passphrase: None,
        p12_password: None,
        include_pem: args.include_pem,
    };
    for (i, der) in presented.chain.iter().enumerate() {
        for f in read_objects(der, &opts)? {
            items.push(Item {
                found: f,
                path: shown.clone(),
                index: i + 1,
            });
        }
    }
    let store = crate::trust::trust_store(ctx, &args.roots)?;
    let trust = crate::trust::trust_material(ctx, store.as_ref(), &args.roots, &[], &[], &[])?;
    let host = args
        .host
        .clone()
        .or_else(|| args.servername.clone())
        .unwrap_or_else(|| presented.host.clone());
    let pool = trust.pool(&presented.chain[1..], &format!("{shown} (presented)"));
    let memo = crate::pki::verify::Memo::default();
    let input = crate::pki::verify::Input {
        memo: &memo,
        leaf: &presented.chain[0],
        leaf_source: &shown,
        intermediates: &pool,
        anchors: &trust.anchors,
        crls: &trust.crls,
        host: Some(&host),
        purpose: crate::pki::verify::Purpose::Server,
        at,
        crl_check: None,
        max_depth: None,
    };
    let out = crate::pki::verify::verify(&input);
    for m in &out.stale_crls {
        ctx.warn(crate::error::Warning::new(WarningCode::CrlStale, m.clone()));
    }
    let chain = crate::pki::verify::to_chain(&out, at);
    Ok(Connection {
        presented,
        host,
        valid: out.valid,
        reason: out.reason,
        chain,
    })
}
