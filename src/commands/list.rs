//! `pkictl list`: the store's certificates and CAs, from the index alone.

use serde::Serialize;

use crate::authority::unknown_ca;
use crate::cli::ListArgs;

use crate::context::Context;
use crate::error::Result;
use crate::output::Report;
use crate::output::human::{Text, remaining};
use crate::pki::certinfo::CertView;
use comfy_table::Cell;

/// JSON: `{"certificates": [...]}` sorted by name, then serial.
#[derive(Debug, Serialize)]
pub struct ListReport {
    pub certificates: Vec<CertView>,
}

impl Report for ListReport {
    fn human(&self, t: &mut Text) {
        if self.certificates.is_empty() {
            t.line("No certificates match.");
            return;
        }
        let rows = self
            .certificates
            .iter()
            .map(|c| {
                let s = c.store.as_ref();
                let kind = if c.facts.is_ca {
                    "CA".to_string()
                } else {
                    s.and_then(|s| s.profile.clone()).unwrap_or_default()
                };
                vec![
                    Cell::new(s.map(|s| s.name.clone()).unwrap_or_default()),
                    Cell::new(kind),
                    t.status_cell(s.map_or("", |s| s.status.as_str())),
                    Cell::new(c.not_after_text()),
                    Cell::new(remaining(c.days_remaining, c.seconds_remaining)),
                    Cell::new(s.and_then(|s| s.ca.clone()).unwrap_or_default()),
                    Cell::new(&c.facts.serial),
                    Cell::new(c.facts.sans.summary()),
                ]
            })
            .collect();
        t.table(
            &[
                "name",
                "kind",
                "status",
                "not after",
                "remaining",
                "CA",
                "serial",
                "names",
            ],
            rows,
            &["name", "status", "not after", "serial"],
        );
    }

    fn is_data(&self) -> bool {
        true
    }
}

/// Runs `list`.
pub fn run(ctx: &Context, args: ListArgs) -> Result<ListReport> {
    let store = ctx.open_store()?;
    let (state, ws) = store.state()?;
    ctx.warn_all(ws);
    let now = args.at.unwrap_or(ctx.now);
    if let Some(ca) = &args.ca
        && state.ca(ca).is_none()
    {
        return Err(unknown_ca(ca, &store));
    }
    let mut entries: Vec<_> = state
        .certs
        .iter()
        .filter(|e| args.status.matches(e.status(now)))
        .filter(|e| match &args.ca {
            Some(ca) => e.ca.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(ca)),
            None => true,
        })
        .collect();
    entries.sort_by(|a, b| {
        crate::names::cmp_ignore_case(&a.name, &b.name)
            .then_with(|| a.facts.serial.cmp(&b.facts.serial))
    });
    Ok(ListReport {
        certificates: entries.into_iter().map(|e| e.view(&store, now)).collect(),
    })
}
