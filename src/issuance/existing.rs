//! What happens to a name that already has an active certificate:
//! refused, superseded, or left alone when identical (`--if-absent`).

use crate::authority::load_active;
use crate::error::{Code, Error, Result};
use crate::issuance::Plan;
use crate::pki::certinfo::CertFacts;
use crate::store::{Kind, Meta, Store};
use crate::timeutil::format_time;

/// How an existing active certificate of the same name is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Refuse,
    Supersede,
    IfAbsent,
}

impl Existing {
    /// From the `--supersede` and `--if-absent` flags (clap keeps them apart).
    pub fn from_flags(supersede: bool, if_absent: bool) -> Existing {
        if supersede {
            Existing::Supersede
        } else if if_absent {
            Existing::IfAbsent
        } else {
            Existing::Refuse
        }
    }
}

/// What to do for one plan once the store was consulted.
pub enum Decision {
    Issue { replaces: Option<String> },
    Unchanged(Box<(Meta, CertFacts)>),
}

/// Looks the name up through its `current` link (O(1) in the store's size).
pub fn decide(store: &Store, plan: &Plan, mode: Existing) -> Result<Decision> {
    if store.has_current(Kind::Ca, &plan.name)? {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("{} is the name of a CA", plan.name),
        )
        .hint("a certificate name cannot also be a CA name; choose another"));
    }
    let Some((meta, facts)) = load_active(store, &plan.name)? else {
        return Ok(Decision::Issue { replaces: None });
    };
    match mode {
        Existing::IfAbsent
            if plan.same_as(&facts, meta.entry.profile.as_deref(), meta.ca.as_deref()) =>
        {
            Ok(Decision::Unchanged(Box::new((meta, facts))))
        }
        Existing::IfAbsent => Err(Error::new(
            Code::ExistsDifferent,
            format!(
                "{} is already issued (serial {}) with a different subject, SANs, profile or CA",
                plan.name, facts.serial
            ),
        )
        .hint(format!(
            "renew it with `pkictl renew {}`, or pass --supersede to replace it",
            plan.name
        ))),
        Existing::Supersede => Ok(Decision::Issue {
            replaces: Some(facts.serial),
        }),
        Existing::Refuse => Err(Error::new(
            Code::AlreadyExists,
            format!(
                "{} already has an active certificate (serial {}, valid until {})",
                plan.name,
                facts.serial,
                format_time(facts.not_after)
            ),
        )
        .hint(format!(
            "renew it with `pkictl renew {}` (the successor keeps its lineage); or pass --supersede to replace it without revoking it",
            plan.name
        ))),
    }
}
