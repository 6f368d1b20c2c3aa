//! `pkictl audit verify`: check the hash chain and print its head.

use serde::Serialize;

use crate::context::Context;
use crate::error::Result;
use crate::output::Report;
use crate::output::human::Text;
use crate::store::log::{ChainProblem, Head, verify_chain};

/// JSON: `{"valid", "records", "head": {"seq", "hash"}, "problems": [...]}`.
#[derive(Debug, Serialize)]
pub struct AuditReport {
    pub valid: bool,
    pub records: u64,
    pub head: Option<Head>,
    pub problems: Vec<ChainProblem>,
    pub torn_tail: bool,
}

impl Report for AuditReport {
    fn human(&self, t: &mut Text) {
        if self.valid {
            t.line(format!(
                "{} audit chain of {} records.",
                t.status("valid").replace("valid", "Valid"),
                self.records
            ));
        } else {
            t.line(format!(
                "The audit chain is {}: {} problem(s).",
                t.status("invalid"),
                self.problems.len()
            ));
            for p in &self.problems {
                let seq = p.seq.map(|s| format!(" (seq {s})")).unwrap_or_default();
                t.line(format!("  line {}{seq}: {}", p.line, p.message));
            }
        }
        if let Some(h) = &self.head {
            t.line(format!("Head: seq {} hash {}", h.seq, h.hash));
            t.line("Publish the head elsewhere (a ticket, a chat, a second machine) to detect a rewritten log later.");
        }
        if self.torn_tail {
            t.line(
                "The last line is incomplete (an interrupted command); run `pkictl doctor --fix`.",
            );
        }
    }

    fn exit_code(&self) -> u8 {
        if self.valid { 0 } else { 1 }
    }

    fn is_data(&self) -> bool {
        true
    }
}

/// Runs `audit verify`.
pub fn verify(ctx: &Context) -> Result<AuditReport> {
    let store = ctx.open_store()?;
    let c = verify_chain(&store.index_path())?;
    Ok(AuditReport {
        valid: c.ok,
        records: c.records,
        head: c.head,
        problems: c.problems,
        torn_tail: c.torn_tail,
    })
}
