//! `pkictl list`: the store's certificates and CAs, from the index alone.

use serde::Serialize;

use crate::authority::unknown_ca;
use crate::cli::ListArgs;

use crate::context::Context;
use crate::error::Result;
use crate::output::Report;
use crate::output::human::{Text, remaining};
use crate::store::catalog::{Catalog, Views};
use crate::store::log::torn_warning;
use comfy_table::Cell;

/// JSON: `{"certificates": [...]}` sorted by name, then serial; each
/// object is made while it is written.
#[derive(Debug, Serialize)]
pub struct ListReport {
    pub certificates: Views,
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
            .filter_map(|c| c.ok())
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
    let catalog = Catalog::scan(&store)?;
    if catalog.torn {
        ctx.warn(torn_warning(&store.index_path()));
    }
    let now = args.at.unwrap_or(ctx.now);
    if let Some(ca) = &args.ca
        && !catalog
            .certs
            .iter()
            .any(|l| l.is_ca && l.name.eq_ignore_ascii_case(ca))
    {
        return Err(unknown_ca(ca, &store));
    }
    let mut chosen: Vec<usize> = catalog
        .certs
        .iter()
        .enumerate()
        .filter(|(_, l)| args.status.matches(Catalog::status(l, now)))
        .filter(|(_, l)| match &args.ca {
            Some(ca) => l.ca.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(ca)),
            None => true,
        })
        .map(|(i, _)| i)
        .collect();
    chosen.sort_by(|&a, &b| catalog.certs[a].cmp_name_serial(&catalog.certs[b]));
    Ok(ListReport {
        certificates: Views {
            catalog,
            chosen,
            now,
        },
    })
}
