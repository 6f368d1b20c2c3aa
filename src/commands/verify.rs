//! `pkictl verify`: build and validate each certificate's path to a trust
//! anchor, as a TLS stack does, plus the strict checks of SPEC section 7.

use serde::Serialize;

use crate::cli::VerifyArgs;
use crate::context::Context;
use crate::error::{Code, Error, InputError, Result, Warning, WarningCode};
use crate::inputs::read_certs;
use crate::output::Report;
use crate::output::human::Text;
use crate::output::human::explain;
use crate::pki::verify::{ChainCert, Memo, to_chain};
use crate::pki::verify::{CrlCheck, Input, MAX_CERT_DER, Purpose, Reason, verify};
use crate::timeutil::format_time;
use crate::trust::{trust_material, trust_store};

/// The verdict on one CERT file.
#[derive(Debug, Serialize)]
pub struct VerifyResult {
    pub path: String,
    pub valid: bool,
    pub chain: Vec<ChainCert>,
    pub reason: Option<Reason>,
    pub crl_check: CrlCheck,
}

/// JSON: `{"valid", "results", "chain", "reason", "errors"}`.
#[derive(Debug, Serialize)]
pub struct VerifyReport {
    pub valid: bool,
    pub purpose: Purpose,
    pub host: Option<String>,
    pub at: String,
    pub results: Vec<VerifyResult>,
    /// The first result's chain and reason (the one-file case).
    pub chain: Vec<ChainCert>,
    pub reason: Option<Reason>,
    pub errors: Vec<InputError>,
}

impl Report for VerifyReport {
    fn human(&self, t: &mut Text) {
        for r in &self.results {
            let verdict = if r.valid {
                t.status("valid")
            } else {
                t.status("invalid")
            };
            let mut ctx = vec![format!("purpose {}", purpose_name(self.purpose))];
            if let Some(h) = &self.host {
                ctx.push(format!("host {h}"));
            }
            ctx.push(format!("at {}", self.at));
            if r.crl_check != CrlCheck::None {
                ctx.push(format!("CRL check {}", crl_name(r.crl_check)));
            }
            t.line(format!("{}: {verdict} ({})", r.path, ctx.join(", ")));
            explain(t, r.valid, r.reason.as_ref(), &r.chain);
        }
    }

    fn diagnostics(&self) -> Vec<String> {
        self.errors.iter().map(InputError::describe).collect()
    }

    fn exit_code(&self) -> u8 {
        if !self.errors.is_empty() {
            2
        } else if self.valid {
            0
        } else {
            1
        }
    }

    fn is_data(&self) -> bool {
        true
    }
}

fn purpose_name(p: Purpose) -> &'static str {
    match p {
        Purpose::Server => "server",
        Purpose::Client => "client",
        Purpose::Any => "any",
    }
}

fn crl_name(c: CrlCheck) -> &'static str {
    match c {
        CrlCheck::Leaf => "leaf",
        CrlCheck::All => "all",
        CrlCheck::None => "none",
    }
}

/// Runs `verify`.
pub fn run(ctx: &Context, args: VerifyArgs) -> Result<VerifyReport> {
    let store = trust_store(ctx, &args.roots)?;
    let at = args.at.unwrap_or(ctx.now);
    let purpose = args.purpose.unwrap_or(if args.host.is_some() {
        Purpose::Server
    } else {
        Purpose::Any
    });
    let trust = trust_material(
        ctx,
        store.as_ref(),
        &args.roots,
        &args.trust,
        &args.untrusted,
        &args.crl,
    )?;

    // Every file on every core; the anchors, intermediates and CRLs are
    // read once, and each CRL signature is checked once (the memo).
    let memo = Memo::default();
    let judged = crate::parallel::map(&args.certs, |path| {
        let shown = path.display().to_string();
        let certs = read_certs(path).map_err(|e| InputError::new(shown.clone(), e))?;
        if certs[0].len() > MAX_CERT_DER {
            return Err(InputError::new(
                shown,
                Error::new(
                    Code::Unsupported,
                    format!(
                        "the certificate is {} bytes; pkictl verifies certificates of up to 64 KiB, the limit of rustls-webpki, which TLS stacks built on it (rustls) also cannot exceed",
                        certs[0].len()
                    ),
                )
                .hint("`pkictl inspect` reads it; `openssl verify` can judge it; certificates pkictl issues stay under the limit"),
            ));
        }
        let pool = trust.pool(&certs[1..], &format!("{shown} (chain)"));
        let input = Input {
            memo: &memo,
            leaf: &certs[0],
            leaf_source: &shown,
            intermediates: &pool,
            anchors: &trust.anchors,
            crls: &trust.crls,
            host: args.host.as_deref(),
            purpose,
            at,
            crl_check: args.crl_check,
            max_depth: args.max_depth,
        };
        let out = verify(&input);
        Ok((
            VerifyResult {
                path: shown.clone(),
                valid: out.valid,
                chain: to_chain(&out, at),
                reason: out.reason.clone(),
                crl_check: out.crl_check,
            },
            out.stale_crls,
        ))
    });
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for j in judged {
        match j {
            Ok((r, stale)) => {
                for m in stale {
                    ctx.warn(Warning::new(WarningCode::CrlStale, m));
                }
                results.push(r);
            }
            Err(e) => errors.push(e),
        }
    }
    let (chain, reason) = match results.first() {
        Some(r) => (r.chain.clone(), r.reason.clone()),
        None => (Vec::new(), None),
    };
    Ok(VerifyReport {
        valid: errors.is_empty() && !results.is_empty() && results.iter().all(|r| r.valid),
        purpose,
        host: args.host.clone(),
        at: format_time(at),
        results,
        chain,
        reason,
        errors,
    })
}
