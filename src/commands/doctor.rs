//! `pkictl doctor [--fix]`: check the store and mend what an interrupted
//! run left behind (a torn index line, temporary files, serial directories
//! that were never committed, `current` links that disagree with the index).

use serde::Serialize;

use crate::cli::DoctorArgs;
use crate::context::Context;
use crate::error::Result;
use crate::output::Report;
use crate::output::human::Text;
use crate::store::config::Config;
use crate::store::health::{self, Problem, Severity};
use crate::store::view;

/// JSON: `{"healthy", "problems": [...], "fixed": [...]}`.
#[derive(Debug, Serialize)]
pub struct DoctorReport {
    pub healthy: bool,
    pub problems: Vec<Problem>,
    pub fixed: Vec<Problem>,
}

impl Report for DoctorReport {
    fn human(&self, t: &mut Text) {
        for p in &self.fixed {
            t.line(format!("fixed: {}", p.message));
        }
        if self.problems.is_empty() {
            t.line(format!("The store is {}.", t.status("healthy")));
            return;
        }
        for p in &self.problems {
            let sev = if p.severity == Severity::Error {
                t.status("error")
            } else {
                t.status("warning")
            };
            t.line(format!("{sev}: {}", p.message));
            if let Some(path) = &p.path {
                t.line(format!("  path: {path}"));
            }
            t.line(format!("  fix:  {}", p.fix));
        }
    }

    fn exit_code(&self) -> u8 {
        if self.healthy { 0 } else { 1 }
    }

    fn is_data(&self) -> bool {
        true
    }
}

/// Runs `doctor`.
pub fn run(ctx: &Context, args: DoctorArgs) -> Result<DoctorReport> {
    let store = ctx.open_store()?;
    let mut problems = Vec::new();
    // A configuration that does not parse stops every other command; doctor
    // reports it and carries on with the built-in defaults.
    let cfg = match store.config() {
        Ok((cfg, _)) => cfg,
        Err(e) => {
            problems.push(Problem::new(
                "config_invalid",
                Severity::Error,
                Some(&store.config_path()),
                e.message,
                "edit pkictl.toml so that it parses (quote CA names that hold a dot: [ca.\"issuing.v2\"]; the README's \"Policy file\" section lists every key), or restore it from a backup",
            ));
            Config::default()
        }
    };
    // A write in progress would look like damage (a serial directory not yet
    // recorded, a link ahead of the index): doctor waits for the lock, as a
    // writer does, and reads the store only when no write is under way.
    let lock = store.lock(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    let mut fixed = Vec::new();
    // Records an interrupted writer committed but did not apply: --fix
    // applies them first (as the next writer would), so what follows is
    // judged against an up-to-date view.
    let (behind, _) = view::unapplied(&store)?;
    if !behind.is_empty() {
        let p = Problem::new(
            "view_behind",
            Severity::Warning,
            Some(&store.root().join(view::CHECKPOINT)),
            format!(
                "{} committed record(s) are not yet reflected in the current links, CRL files or pkictl.toml (an interrupted command)",
                behind.len()
            ),
            "pkictl doctor --fix (or any command that writes) applies them",
        );
        if args.fix {
            view::roll_forward(&store)?;
            fixed.push(p);
        } else {
            problems.push(p);
        }
    }
    let mut remaining = Vec::new();
    for p in problems
        .into_iter()
        .chain(health::examine(&store, ctx.now)?)
    {
        if args.fix && p.repairable() {
            p.repair(&store)?;
            fixed.push(p);
        } else {
            remaining.push(p);
        }
    }
    drop(lock);
    Ok(DoctorReport {
        healthy: remaining.is_empty(),
        problems: remaining,
        fixed,
    })
}
