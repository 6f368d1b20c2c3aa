//! `pkictl crl`: re-sign CRLs with an increasing CRL number, and the CRL
//! signing that `revoke` shares.

use serde::Serialize;

use crate::authority::{CrlBase, CrlOut, next_update_secs, sign_crl};
use crate::authority::{load_ca, open_signer, previous_generation, unknown_ca};
use crate::cli::CrlArgs;

use crate::context::Context;
use crate::error::{Code, Error, Result, Warning, WarningCode};
use crate::output::Report;
use crate::output::human::Text;
use crate::store::fsio::{MODE_PUBLIC, Replace};

/// JSON: `{"crls": [...], "out_path"}`.
#[derive(Debug, Serialize)]
pub struct CrlReport {
    pub crls: Vec<CrlOut>,
    pub out_path: Option<String>,
}

impl Report for CrlReport {
    fn human(&self, t: &mut Text) {
        for c in &self.crls {
            t.line(format!(
                "Signed CRL #{} of {} ({} revoked), next update {}: {}",
                c.crl_number, c.ca, c.revoked, c.next_update, c.crl_path
            ));
        }
        if let Some(p) = &self.out_path {
            t.line(format!("Wrote {p}"));
        }
    }
}

/// Runs `crl`.
pub fn run(ctx: &Context, args: CrlArgs) -> Result<CrlReport> {
    if let Some(out) = &args.out {
        ctx.check_output(out)?;
    }
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let (state, ws) = store.state()?;
    ctx.warn_all(ws);
    let names: Vec<String> = if args.all {
        state
            .cas
            .values()
            .filter(|c| c.key_stored)
            .map(|c| c.name.clone())
            .collect()
    } else {
        let n = match args.ca.clone().or_else(|| cfg.default_ca.clone()) {
            Some(n) => n,
            None => {
                return Err(Error::new(Code::NotFound, "the store has no CA")
                    .hint("create one with `pkictl init-ca`"));
            }
        };
        if state.ca(&n).is_none() {
            return Err(unknown_ca(&n, &store));
        }
        vec![n]
    };
    for ca in state.cas.values().filter(|c| !c.key_stored) {
        if args.all {
            ctx.warn(Warning::new(
                WarningCode::NoKey,
                format!(
                    "CA {} has no key in this store; its CRL is not included",
                    ca.name
                ),
            ));
        }
    }
    // Keys are opened before the lock.
    let mut material = Vec::new();
    for n in &names {
        // During a rollover the previous generation keeps its own CRL.
        let mut generations = vec![load_ca(&store, n)?];
        generations.extend(previous_generation(&store, n)?);
        for ca in generations {
            let key = open_signer(ctx, ca.ca(), !args.all)?;
            let next = next_update_secs(&cfg, &ca, args.next_update)?;
            material.push((ca, key, next));
        }
    }
    let mut txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    // What the CRLs list is read under the lock: a revocation committed
    // while the keys were opened is not left out.
    let (state, _) = store.state()?;
    let mut crls = Vec::new();
    let mut combined = String::new();
    for (ca, key, next) in &material {
        let (out, pem_text) = sign_crl(
            &mut txn,
            &CrlBase::from_state(&state, &ca.ca().info.name, ca.ca().info.generation, ctx.now),
            ca,
            key.as_ref(),
            *next,
            &[],
            ctx.now,
        )?;
        combined.push_str(&pem_text);
        crls.push(out);
    }
    txn.commit()?;
    // The file is replaced: it is a copy of the store's CRLs.
    let out_path = args
        .out
        .as_deref()
        .map(|p| ctx.write_output(p, combined.as_bytes(), MODE_PUBLIC, Replace::Always))
        .transpose()?;
    Ok(CrlReport { crls, out_path })
}
