//! `pkictl inspect`: show any certificate, request, CRL or key in plain words.

use std::path::Path;

use serde::Serialize;

use crate::app::Context;
use crate::cli::InspectArgs;
use crate::error::{Error, InputError, Result};
use crate::output::Report;
use crate::output::human::{Text, cert_fields, remaining};
use crate::pki::objects::{Found, Object, ReadOptions, read_objects};
use crate::secrets::read_file;

/// Largest input read (a CRL of a million entries fits).
const MAX_INPUT: u64 = 256 * 1024 * 1024;

/// JSON: `{"items": [...], "errors": [...]}`.
#[derive(Debug, Serialize)]
pub struct InspectReport {
    pub items: Vec<Item>,
    pub errors: Vec<InputError>,
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
                Object::PublicKey(k) => t.fields(
                    2,
                    &[
                        ("key", k.key.name.clone()),
                        ("key SHA-256", k.spki_sha256.clone()),
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
        for e in &self.errors {
            t.line(format!("{}: {} ({})", e.path, e.message, e.code));
        }
    }

    fn exit_code(&self) -> u8 {
        if self.errors.is_empty() { 0 } else { 2 }
    }

    fn is_data(&self) -> bool {
        true
    }
}

fn read_input(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut data = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .take(MAX_INPUT)
            .read_to_end(&mut data)
            .map_err(|e| Error::io("read", Path::new("stdin"), &e))?;
        return Ok(data);
    }
    let f = std::fs::File::open(path).map_err(|e| Error::io("read", path, &e))?;
    if f.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(Error::usage(format!("{} is a directory", path.display()))
            .hint("name the files to inspect"));
    }
    f.take(MAX_INPUT)
        .read_to_end(&mut data)
        .map_err(|e| Error::io("read", path, &e))?;
    Ok(data)
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
    let opts = ReadOptions {
        at: args.at.unwrap_or(ctx.now),
        passphrase: passphrase.as_ref().map(|p| p.as_bytes()),
        include_pem: args.include_pem,
    };
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for path in &args.files {
        let shown = path.display().to_string();
        match read_input(path).and_then(|d| read_objects(&d, &opts)) {
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
    Ok(InspectReport { items, errors })
}
