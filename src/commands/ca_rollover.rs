//! `pkictl ca rollover NAME --plan | --start | --reissue | --finish`: a CA
//! moved to a new key in recorded stages, each resumable and each with
//! `--dry-run`.

use serde::Serialize;

use crate::authority::rollover::{
    NextGeneration, Stage, descendants, install_finish, install_next_generation, leaves_under,
    no_rollover, progress, waiting_leaves,
};
use crate::authority::{
    CaMaterial, ChainCa, CrlOut, changed_meanwhile, load_ca, open_signer, previous_generation,
};
use crate::cli::{CaRolloverArgs, RenewArgs};
use crate::context::Context;
use crate::encoding::new_serial;
use crate::error::{Code, Error, Result};
use crate::issuance::ca::{plan_next_ca, preview_ca};
use crate::issuance::renewal::{Options, RenewReport, Spread, renew};
use crate::issuance::rollover::{
    cross_certificate, new_generation_key, new_subject, recertify_child,
};
use crate::issuance::{CaIssuer, check_ca, sign_ca};
use crate::output::Report;
use crate::output::human::Text;
use crate::pki::certinfo::{CertFacts, CertView};
use crate::store::config::Config;
use crate::store::record::CaKind;
use crate::store::state::{CertEntry, State};
use crate::store::{Kind, Store};
use crate::timeutil::{DAY, format_time};

/// JSON: `{"ca", "action", "dry_run", "changed", "stage", "generation",
/// "steps", "dependents", …}` (SPEC's `--plan` document, with what the
/// step did).
#[derive(Debug, Serialize)]
pub struct RolloverReport {
    pub ca: String,
    pub action: &'static str,
    pub dry_run: bool,
    pub changed: bool,
    pub stage: Stage,
    /// The generation that issues.
    pub generation: u32,
    /// The generation being replaced, while the rollover is under way.
    pub previous_generation: Option<u32>,
    pub steps: Vec<Step>,
    pub dependents: Dependents,
    /// `--start`: the new generation's certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertView>,
    /// `--start` of a root: the new key certified by the old root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_certificate: Option<CertView>,
    /// `--start` of a root: the intermediates certified again by the new
    /// key (their existing keys).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recertified: Vec<String>,
    /// `--reissue`: the renewals, as `renew` reports them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reissue: Option<RenewReport>,
    /// `--finish`: the old generation's final CRL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crl: Option<CrlOut>,
}

/// One step of a rollover.
#[derive(Debug, Serialize)]
pub struct Step {
    pub step: &'static str,
    /// `done`, or `pending`.
    pub status: &'static str,
    /// When it was done, or the date it is due by.
    pub date: Option<String>,
    pub command: String,
    pub what: String,
}

/// What depends on the CA.
#[derive(Debug, Serialize)]
pub struct Dependents {
    /// Active leaves issued by the CA or by a CA below it.
    pub active_leaves: usize,
    /// Those that still need the old generation (or would need to move).
    pub waiting_leaves: usize,
    /// Active leaves by the week they expire in (Monday's date).
    pub leaves_by_expiry_week: Vec<Week>,
    /// CAs below it.
    pub cas: Vec<String>,
    /// Bundles to hand out again (a root's trust changes).
    pub bundles: Vec<String>,
}

/// Leaves expiring in one week.
#[derive(Debug, Serialize)]
pub struct Week {
    pub week: String,
    pub leaves: usize,
}

impl Report for RolloverReport {
    fn human(&self, t: &mut Text) {
        let ca = t.bold(&self.ca);
        let dry = if self.dry_run {
            " (dry run, nothing changed)"
        } else {
            ""
        };
        match self.action {
            "start" => {
                if let Some(c) = &self.certificate {
                    t.line(format!(
                        "{} CA {ca} generation {}: {}, {}, valid until {}{dry}.",
                        if self.dry_run {
                            "Would start"
                        } else {
                            "Started"
                        },
                        if self.dry_run {
                            self.generation + 1
                        } else {
                            self.generation
                        },
                        c.facts.subject,
                        c.facts.key.name,
                        c.not_after_text()
                    ));
                }
                if let Some(x) = &self.cross_certificate {
                    t.line(format!(
                        "Cross certificate (new key, signed by the old root): valid until {}.",
                        x.not_after_text()
                    ));
                }
                if !self.recertified.is_empty() {
                    t.line(format!(
                        "Certified again by the new key: {}.",
                        self.recertified.join(", ")
                    ));
                }
            }
            "reissue" => {
                if let Some(r) = &self.reissue {
                    r.human(t);
                }
            }
            "finish" => {
                t.line(format!(
                    "{} the rollover of CA {ca}: generation {} retired{dry}.",
                    if self.dry_run {
                        "Would finish"
                    } else {
                        "Finished"
                    },
                    self.previous_generation
                        .unwrap_or(self.generation.saturating_sub(1))
                ));
                if let Some(c) = &self.crl {
                    t.line(format!(
                        "Final CRL #{} ({} revoked), next update {}: {}",
                        c.crl_number, c.revoked, c.next_update, c.crl_path
                    ));
                }
            }
            _ => {}
        }
        t.line(format!(
            "CA {ca}: stage {}, generation {} issues; {} active leaves, {} waiting for the new generation.",
            self.stage.as_str(),
            self.generation,
            self.dependents.active_leaves,
            self.dependents.waiting_leaves
        ));
        if self.action == "plan" {
            for s in &self.steps {
                t.line(format!(
                    "  [{}] {:<10} {}  {}\n             {}",
                    if s.status == "done" { "x" } else { " " },
                    s.step,
                    s.date.as_deref().unwrap_or(""),
                    s.what,
                    s.command
                ));
            }
            if !self.dependents.cas.is_empty() {
                t.line(format!("CAs below it: {}", self.dependents.cas.join(", ")));
            }
            for w in &self.dependents.leaves_by_expiry_week {
                t.line(format!("  week of {}: {} leaves expire", w.week, w.leaves));
            }
        }
    }

    fn exit_code(&self) -> u8 {
        self.reissue.as_ref().map_or(0, Report::exit_code)
    }

    fn diagnostics(&self) -> Vec<String> {
        self.reissue
            .as_ref()
            .map(Report::diagnostics)
            .unwrap_or_default()
    }
}

/// Runs `ca rollover`.
pub fn run(ctx: &Context, args: CaRolloverArgs) -> Result<RolloverReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let ca = load_ca(&store, &args.name)?;
    let mut changes = Changes::default();
    let action = if args.start {
        changes = start(ctx, &store, &cfg, &ca, &args)?;
        "start"
    } else if args.reissue {
        changes.reissue = Some(reissue(ctx, &store, &ca, &args)?);
        "reissue"
    } else if args.finish {
        changes.crl = finish(ctx, &store, &ca, &args)?;
        "finish"
    } else {
        "plan"
    };
    let changed = !args.dry_run && action != "plan";
    let ca = if changed {
        load_ca(&store, &args.name)?
    } else {
        ca
    };
    let (state, ws) = store.state()?;
    ctx.warn_all(ws);
    let mut report = describe(ctx, &store, &state, &ca, action, args.dry_run)?;
    report.changed = changed && !matches!(&changes.reissue, Some(r) if r.renewed.is_empty());
    report.certificate = changes.certificate;
    report.cross_certificate = changes.cross;
    report.recertified = changes.recertified;
    report.reissue = changes.reissue;
    report.crl = changes.crl;
    Ok(report)
}

/// What a step did.
#[derive(Default)]
struct Changes {
    certificate: Option<CertView>,
    cross: Option<CertView>,
    recertified: Vec<String>,
    reissue: Option<RenewReport>,
    crl: Option<CrlOut>,
}

/// The stage, steps and dependents of a CA.
fn describe(
    ctx: &Context,
    store: &Store,
    state: &State,
    ca: &CaMaterial,
    action: &'static str,
    dry_run: bool,
) -> Result<RolloverReport> {
    let me = ca.ca();
    let name = &me.info.name;
    let (st, waiting_now) = progress(store, state, me);
    let under_way = matches!(st, Stage::Started | Stage::Reissued);
    let leaves = leaves_under(state, name);
    let waiting = if under_way {
        waiting_now.len()
    } else if st == Stage::Finished {
        0
    } else {
        leaves
            .iter()
            .filter(|e| me.info.kind == CaKind::Root || e.ca.as_deref() == Some(name.as_str()))
            .count()
    };
    let ro = state.rollovers.get(&name.to_ascii_lowercase());
    let old = previous_generation(store, name)?;
    let is_root = me.info.kind == CaKind::Root;
    let old_end = old
        .as_ref()
        .map_or(me.facts.not_after, |o| o.ca().facts.not_after);
    let last_waiting = leaves
        .iter()
        .map(|e| e.facts.not_after)
        .max()
        .unwrap_or(ctx.now)
        .min(old_end);
    let started = ro.filter(|_| st != Stage::None).map(|r| r.started.clone());
    let done = |b: bool| if b { "done" } else { "pending" };
    let mut steps = vec![Step {
        step: "start",
        status: done(under_way || st == Stage::Finished),
        date: started.clone().or_else(|| Some(format_time(ctx.now))),
        command: format!("pkictl ca rollover {name} --start"),
        what: if is_root {
            "new key (and subject, when the old root's pathLen leaves room), cross-signed by the old root; intermediates certified again by the new key".into()
        } else {
            "new key signed by the parent; issuance moves to it".into()
        },
    }];
    if is_root {
        steps.push(Step {
            step: "distribute",
            status: done(st == Stage::Finished),
            date: started.clone(),
            command: "pkictl bundle --format pem (or pkcs12-truststore, k8s-configmap)".into(),
            what: "give every peer the bundle with both roots before leaves move".into(),
        });
    }
    steps.push(Step {
        step: "reissue",
        status: done(matches!(st, Stage::Reissued | Stage::Finished)),
        date: Some(format_time(old_end)),
        command: format!("pkictl ca rollover {name} --reissue --spread 7d"),
        what: format!(
            "renew the leaves that still need the old generation ({waiting} now), before it expires"
        ),
    });
    steps.push(Step {
        step: "finish",
        status: done(st == Stage::Finished),
        date: Some(format_time(
            ro.and_then(|r| r.finished.as_deref())
                .and_then(crate::timeutil::parse_time)
                .unwrap_or(last_waiting),
        )),
        command: format!("pkictl ca rollover {name} --finish"),
        what: if is_root {
            "retire the old root with a final CRL; bundles then hold only the new root".into()
        } else {
            "retire the old generation with a final CRL".into()
        },
    });
    Ok(RolloverReport {
        ca: name.clone(),
        action,
        dry_run,
        changed: false,
        stage: st,
        generation: me.info.generation,
        previous_generation: old.as_ref().map(|o| o.ca().info.generation),
        steps,
        dependents: Dependents {
            active_leaves: leaves.len(),
            waiting_leaves: waiting,
            leaves_by_expiry_week: by_week(&leaves),
            cas: descendants(state, name),
            bundles: if is_root {
                ["pem", "pkcs12-truststore", "k8s-configmap"]
                    .iter()
                    .map(|f| format!("pkictl bundle --format {f}"))
                    .collect()
            } else {
                Vec::new()
            },
        },
        certificate: None,
        cross_certificate: None,
        recertified: Vec::new(),
        reissue: None,
        crl: None,
    })
}

/// Active leaves by the week (from Monday) their certificates expire in.
fn by_week(leaves: &[&CertEntry]) -> Vec<Week> {
    let mut weeks: std::collections::BTreeMap<i64, usize> = Default::default();
    for e in leaves {
        let days = e.facts.not_after.div_euclid(DAY);
        // 1970-01-01 was a Thursday: Monday is 3 days before.
        let monday = days - (days + 3).rem_euclid(7);
        *weeks.entry(monday * DAY).or_default() += 1;
    }
    weeks
        .into_iter()
        .map(|(t, n)| Week {
            week: format_time(t)[..10].to_string(),
            leaves: n,
        })
        .collect()
}

/// `--start`: the next generation, signed and installed.
fn start(
    ctx: &Context,
    store: &Store,
    cfg: &Config,
    ca: &CaMaterial,
    args: &CaRolloverArgs,
) -> Result<Changes> {
    let me = ca.ca();
    let name = me.info.name.clone();
    if store.previous_serial(&name)?.is_some() {
        return Err(Error::new(
            Code::AlreadyExists,
            format!("a rollover of CA {name} is under way"),
        )
        .hint(format!(
            "move its leaves with `pkictl ca rollover {name} --reissue`, then end it with `--finish`"
        )));
    }
    if !me.info.key_stored {
        return Err(Error::new(
            Code::Unsupported,
            format!("the store holds no key for CA {name}"),
        )
        .hint("roll the CA over where its key is"));
    }
    let parent = ca.parent();
    if me.info.kind == CaKind::Intermediate
        && !parent.as_ref().is_some_and(|p| p.ca().info.key_stored)
    {
        return Err(Error::new(
            Code::Unsupported,
            format!("CA {name}'s parent is not in this store with its key (an offline root)"),
        )
        .hint("create the new CA with `pkictl init-ca NEW --csr-out FILE` signed by the offline root, then make it the default with `pkictl ca default NEW`"));
    }
    let (state, ws) = store.state()?;
    ctx.warn_all(ws);
    let generation = me.info.generation + 1;
    let is_root = me.info.kind == CaKind::Root;
    let subject = new_subject(ctx, store, &state, me, generation, args.cn.as_deref())?;
    let key_type = match args.key_type.or_else(|| me.facts.key.key_type()) {
        Some(k) => k,
        None => return Err(Error::usage("pass --key-type for the new generation")),
    };
    let validity = args
        .validity
        .unwrap_or(me.facts.not_after - me.facts.not_before);
    let plan = plan_next_ca(
        &me.info,
        &me.facts,
        subject,
        key_type.rsa_bits().is_some(),
        validity,
        ctx.now,
    )?;
    if let Some(p) = &parent {
        check_ca(&plan, p, ctx.now)?;
    }
    // A root's intermediates, certified again for their keys.
    let children: Vec<ChainCa> = if is_root {
        state
            .cas
            .values()
            .filter(|c| {
                c.parent
                    .as_deref()
                    .is_some_and(|p| p.eq_ignore_ascii_case(&name))
            })
            .map(|c| load_ca(store, &c.name).map(|m| m.ca().clone()))
            .collect::<Result<_>>()?
    } else {
        Vec::new()
    };
    if args.dry_run {
        let issuer = parent.as_ref().map_or(&me.facts, |p| &p.ca().facts);
        let mut facts = preview_ca(&plan, issuer, &me.facts);
        if parent.is_none() {
            facts.issuer = facts.subject.clone();
        }
        return Ok(Changes {
            certificate: Some(CertView::new(facts, ctx.now)),
            recertified: children.iter().map(|c| c.info.name.clone()).collect(),
            ..Changes::default()
        });
    }

    let old_key = open_signer(ctx, me, true)?;
    let (key, key_pem, key_uri) = new_generation_key(
        ctx,
        me,
        generation,
        key_type,
        args.no_passphrase || !me.info.key_encrypted,
    )?;
    let der = match &parent {
        None => sign_ca(&plan, &new_serial()?, key.as_ref(), None)?,
        Some(p) => {
            let pk = open_signer(ctx, p.ca(), true)?;
            sign_ca(
                &plan,
                &new_serial()?,
                key.as_ref(),
                Some(CaIssuer {
                    ca: p,
                    key: pk.as_ref(),
                    locations: p.locations(cfg),
                }),
            )?
        }
    };
    let facts = CertFacts::from_der(&der)?;
    let mut new_info = me.info.clone();
    new_info.serial = facts.serial.clone();
    new_info.generation = generation;
    let new_ca = CaMaterial {
        chain: std::iter::once(ChainCa {
            info: new_info,
            facts: facts.clone(),
            der: der.clone(),
            dir: store.serial_dir(Kind::Ca, &name, &facts.serial),
        })
        .chain(ca.chain[1..].iter().cloned())
        .collect(),
        extra: Vec::new(),
    };
    let (cross, recertified) = if is_root {
        let cross = cross_certificate(cfg, ca, old_key.as_ref(), &plan, &facts, &der, ctx.now)?;
        let mut out = Vec::new();
        for child in children {
            let d = recertify_child(cfg, &new_ca, key.as_ref(), &child, ctx.now)?;
            out.push((child, d));
        }
        (Some(cross), out)
    } else {
        (None, Vec::new())
    };
    let txn = store.begin(ctx.lock_timeout(cfg), &ctx.command_line)?;
    if txn.active_serial(Kind::Ca, &name).as_deref() != Some(me.info.serial.as_str())
        || store.previous_serial(&name)?.is_some()
    {
        return Err(changed_meanwhile(&name));
    }
    install_next_generation(
        cfg,
        txn,
        NextGeneration {
            old: ca,
            generation,
            der: &der,
            key_pem: key_pem.as_deref().map(String::as_str),
            key_uri,
            key: key.as_ref(),
            cross: cross.as_deref(),
            children: &recertified,
        },
        ctx.now,
    )?;
    Ok(Changes {
        certificate: Some(CertView::new(facts, ctx.now)),
        cross: cross
            .map(|d| CertFacts::from_der(&d).map(|f| CertView::new(f, ctx.now)))
            .transpose()?,
        recertified: recertified
            .iter()
            .map(|(c, _)| c.info.name.clone())
            .collect(),
        ..Changes::default()
    })
}

/// `--reissue`: the leaves that need the old generation, renewed in
/// batches onto the new one.
fn reissue(
    ctx: &Context,
    store: &Store,
    ca: &CaMaterial,
    args: &CaRolloverArgs,
) -> Result<RenewReport> {
    let (state, ws) = store.state()?;
    ctx.warn_all(ws);
    let name = &ca.ca().info.name;
    let (st, waiting) = progress(store, &state, ca.ca());
    if !matches!(st, Stage::Started | Stage::Reissued) {
        return Err(no_rollover(name));
    }
    let targets: Vec<CertEntry> = waiting.into_iter().cloned().collect();
    let renew_args = RenewArgs {
        names: Vec::new(),
        serial: Vec::new(),
        within: None,
        reuse_key: false,
        validity: None,
        revoke_old: args.revoke_old,
        dry_run: args.dry_run,
        exec: args.exec.clone(),
        post_exec: args.post_exec.clone(),
        exec_timeout: args.exec_timeout,
        exit_code: false,
        out_dir: None,
        overwrite: false,
        csr: None,
    };
    let mut report = RenewReport::new(args.dry_run, false);
    let total = targets.len();
    let size = args.batch_size.map_or(total.max(1), |n| n as usize);
    let mut first = 0;
    for chunk in targets.chunks(size) {
        let opts = Options {
            args: &renew_args,
            spread: args.spread.map(|span| Spread { span, first, total }),
        };
        report = renew(ctx, store, chunk.to_vec(), report, &opts)?;
        first += chunk.len();
    }
    Ok(report)
}

/// `--finish`: refused while leaves need the old generation (unless
/// `--force`); then its final CRL, and it retires.
fn finish(
    ctx: &Context,
    store: &Store,
    ca: &CaMaterial,
    args: &CaRolloverArgs,
) -> Result<Option<CrlOut>> {
    let name = &ca.ca().info.name;
    let Some(old) = previous_generation(store, name)? else {
        return Err(no_rollover(name));
    };
    let prev = old.ca().info.serial.clone();
    let (state, ws) = store.state()?;
    ctx.warn_all(ws);
    let waiting = waiting_leaves(store, &state, ca.ca());
    if !waiting.is_empty() && !args.force {
        let mut names: Vec<&str> = waiting.iter().map(|e| e.name.as_str()).collect();
        names.sort_unstable();
        let shown = names
            .iter()
            .take(20)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let more = names.len().saturating_sub(20);
        return Err(Error::new(
            Code::PolicyViolation,
            format!(
                "{} active leaves still need CA {name}'s old generation: {shown}{}",
                names.len(),
                if more > 0 { format!(" … and {more} more") } else { String::new() }
            ),
        )
        .hint(format!(
            "move them with `pkictl ca rollover {name} --reissue`, or retire the old generation anyway with --force"
        )));
    }
    if args.dry_run {
        return Ok(None);
    }
    let key = open_signer(ctx, old.ca(), true)?;
    let (cfg, _) = store.config()?;
    let txn = store.begin(ctx.lock_timeout(&cfg), &ctx.command_line)?;
    if store.previous_serial(name)?.as_deref() != Some(prev.as_str()) {
        return Err(changed_meanwhile(name));
    }
    Ok(Some(install_finish(txn, &old, key.as_ref(), ctx.now)?))
}
