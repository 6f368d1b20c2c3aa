//! `pkictl ca default NAME`.

use serde::Serialize;

use crate::authority::unknown_ca;
use crate::cli::CaDefaultArgs;
use crate::context::Context;
use crate::error::{Code, Error, Result};
use crate::output::Report;
use crate::output::human::Text;
use crate::store::config;
use crate::store::record::{Event, Record};

/// JSON: `{"default_ca": NAME, "previous": NAME|null, "changed": bool}`.
#[derive(Debug, Serialize)]
pub struct DefaultReport {
    pub default_ca: String,
    pub previous: Option<String>,
    pub changed: bool,
}

impl Report for DefaultReport {
    fn human(&self, t: &mut Text) {
        if self.changed {
            t.line(format!(
                "The default issuer is now {}.",
                t.bold(&self.default_ca)
            ));
        } else {
            t.line(format!(
                "{} is already the default issuer.",
                self.default_ca
            ));
        }
    }
}

/// Runs `ca default`.
pub fn set_default(ctx: &Context, args: CaDefaultArgs) -> Result<DefaultReport> {
    let store = ctx.open_store()?;
    let (cfg, text) = store.config()?;
    let (state, ws) = store.state()?;
    ctx.warn_all(ws);
    let ca = state
        .ca(&args.name)
        .ok_or_else(|| unknown_ca(&args.name, &store))?;
    if !ca.key_stored {
        return Err(Error::new(
            Code::Unsupported,
            format!("the store holds no key for CA {}; it cannot issue", ca.name),
        )
        .hint("choose a CA created in this store"));
    }
    let previous = cfg.default_ca.clone();
    if previous
        .as_deref()
        .is_some_and(|p| p.eq_ignore_ascii_case(&ca.name))
    {
        return Ok(DefaultReport {
            default_ca: ca.name.clone(),
            previous,
            changed: false,
        });
    }
    let new_text = config::set_default_ca(&text, &ca.name)?;
    let mut txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    txn.stage_config(&new_text)?;
    let mut r = Record::new(Event::PolicyChanged);
    r.ca = Some(ca.name.clone());
    r.message = Some(format!(
        "default issuer changed from {} to {}",
        previous.as_deref().unwrap_or("(none)"),
        ca.name
    ));
    txn.push(r);
    txn.commit()?;
    Ok(DefaultReport {
        default_ca: ca.name.clone(),
        previous,
        changed: true,
    })
}
