//! `pkictl issue`: generate a key and a certificate for a name, or many
//! from a batch file (all planned and checked before anything is signed;
//! one lock, one CA-key opening per CA).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::authority::{CaMaterial, load_ca, open_signers};
use crate::cli::IssueArgs;
use crate::context::Context;
use crate::error::{Code, Error, Result, Warning, WarningCode};
use crate::issuance::batch::{BatchItems, BatchText, LineError, MAX_BATCH_ERRORS};
use crate::issuance::out::{IssuedList, SHOWN_ROWS};
use crate::issuance::{
    Decision, Existing, IssuedOut, Plan, Prepared, Request, SubjectKey, ca_signers, check, decide,
    is_refusal, issued_out, out_dir_for, plan, preflight_out_dir, refusal_record, resolve_ca_name,
    sign_and_stage, unchanged_out,
};
use crate::output::Report;
use crate::output::human::{Text, cert_fields};
use crate::pki::keys::PrivateKey;
use crate::settings::Defaults;
use crate::store::Store;
use crate::store::config::Config;
use crate::store::record::{Event, Record};

/// JSON: `{"changed", "issued": [...], "errors": [...]}`.
#[derive(Debug, Serialize)]
pub struct IssueReport {
    pub changed: bool,
    pub dry_run: bool,
    pub issued: IssuedList,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<LineError>>,
    /// The batch file, to name it in messages.
    #[serde(skip)]
    pub batch: Option<String>,
}

impl Report for IssueReport {
    fn human(&self, t: &mut Text) {
        if self.issued.len() > 1 {
            let verb = if self.dry_run {
                "Would issue"
            } else {
                "Issued"
            };
            t.line(format!("{verb} {} certificate(s).", self.issued.changed()));
            let rows = self
                .issued
                .head()
                .iter()
                .map(|r| {
                    vec![
                        comfy_table::Cell::new(&r.name),
                        comfy_table::Cell::new(&r.serial),
                        comfy_table::Cell::new(&r.not_after),
                        comfy_table::Cell::new(&r.cert_path),
                    ]
                })
                .collect();
            t.table(
                &["name", "serial", "not after", "certificate"],
                rows,
                &["serial", "not after"],
            );
            if self.issued.len() > SHOWN_ROWS {
                t.line(format!(
                    "… and {} more (`pkictl list` shows them all; --json lists every one)",
                    self.issued.len() - SHOWN_ROWS
                ));
            }
        } else if let Some(i) = self.issued.first() {
            let head = if self.dry_run {
                format!(
                    "Would issue {} (dry run: nothing was written)",
                    t.bold(&i.name)
                )
            } else if !i.changed {
                format!(
                    "{} is already issued as requested; nothing changed.",
                    t.bold(&i.name)
                )
            } else {
                format!("Issued {}.", t.bold(&i.name))
            };
            t.line(head);
            cert_fields(t, &i.certificate, 2);
            let rows: Vec<(&str, String)> = vec![
                ("certificate", i.cert_path.clone().unwrap_or_default()),
                ("private key", i.key_path.clone().unwrap_or_default()),
                ("chain", i.chain_path.clone().unwrap_or_default()),
                ("full chain", i.fullchain_path.clone().unwrap_or_default()),
                ("root CA", i.ca_path.clone().unwrap_or_default()),
                ("copied to", i.out_dir.clone().unwrap_or_default()),
            ];
            t.fields(2, &rows);
        }
    }

    fn diagnostics(&self) -> Vec<String> {
        let file = self.batch.as_deref().unwrap_or("batch");
        self.errors
            .iter()
            .flatten()
            .map(|e| {
                let name = e
                    .name
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                if e.line > 0 {
                    format!("{file}:{}{name}: {} ({})", e.line, e.message, e.code)
                } else {
                    format!("{file}{name}: {} ({})", e.message, e.code)
                }
            })
            .collect()
    }

    fn exit_code(&self) -> u8 {
        if self.errors.as_ref().is_some_and(|e| !e.is_empty()) {
            2
        } else {
            0
        }
    }
}

/// Runs `issue`.
pub fn run(ctx: &Context, args: IssueArgs) -> Result<IssueReport> {
    let batch = args.batch.as_ref().map(|b| b.display().to_string());
    let mut report = issue_all(ctx, args)?;
    report.batch = batch;
    Ok(report)
}

/// A chunk of a batch is planned, keyed, signed and staged at a time, so
/// memory stays flat whatever the batch's size.
const CHUNK: usize = 1024;

fn issue_all(ctx: &Context, args: IssueArgs) -> Result<IssueReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let defaults = Defaults::resolve(
        &cfg,
        &crate::settings::Overrides {
            ca: args.ca.clone(),
            key_type: args.key_type,
            profile: args.profile,
            validity: args.validity,
        },
    )?;
    let timeout = ctx.lock_timeout(&cfg);
    let keep_key = defaults.keep_key && !args.no_keep_key;
    if !keep_key && args.out_dir.is_none() && !args.dry_run {
        return Err(Error::usage("the key would not be kept anywhere: --no-keep-key (or keep_leaf_keys = false) needs --out-dir")
            .hint("pass --out-dir DIR so the private key is written there"));
    }
    let mode = Existing::from_flags(args.supersede, args.if_absent);
    let batch = args.batch.is_some();
    let source = Source::open(&args)?;
    let mut planner = Planner {
        store: &store,
        cfg: &cfg,
        defaults: &defaults,
        mode,
        now: ctx.now,
        cas: HashMap::new(),
        missing: HashMap::new(),
    };

    // Pass 1: plan and check every line before generating or signing
    // anything; keep only what is wrong, and the names for duplicates.
    let mut errors: Vec<LineError> = Vec::new();
    let mut failed: HashSet<usize> = HashSet::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut from_root: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut valid = 0usize;
    let mut to_issue = 0usize;
    let mut issuing_cas: BTreeSet<String> = BTreeSet::new();
    let mut items = source.items()?;
    'pass1: loop {
        let mut chunk = Vec::with_capacity(CHUNK);
        for item in items.by_ref() {
            match item {
                Ok(v) => chunk.push(v),
                Err(e) => {
                    failed.insert(e.line);
                    errors.push(e);
                }
            }
            if chunk.len() == CHUNK {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let planned = planner.plan_many(&chunk);
        for ((line, input), result) in chunk.into_iter().zip(planned) {
            let result = result.and_then(|(plan, decision)| {
                if !seen.insert(plan.name.to_ascii_lowercase()) {
                    return Err(Error::usage(format!(
                        "{} appears twice in the batch",
                        plan.name
                    )));
                }
                Ok((plan, decision))
            });
            match result {
                Ok((plan, decision)) => {
                    valid += 1;
                    if matches!(decision, Decision::Issue { .. }) {
                        to_issue += 1;
                        issuing_cas.insert(plan.ca.clone());
                    }
                    if planner.cas[&plan.ca.to_ascii_lowercase()].is_root() {
                        let names = from_root.entry(plan.ca.clone()).or_default();
                        if names.len() < 2 {
                            names.push(plan.name.clone());
                        } else {
                            names[1] = String::new();
                        }
                    }
                }
                Err(e) => {
                    if !batch {
                        if is_refusal(e.code) {
                            let ca = input.ca.clone().or_else(|| defaults.ca.clone());
                            store.log_refusal(
                                timeout,
                                &ctx.command_line,
                                refusal_record(&input.name, ca.as_deref()),
                                &e,
                            );
                        }
                        return Err(e);
                    }
                    failed.insert(line);
                    errors.push(LineError {
                        line,
                        name: (!input.name.is_empty())
                            .then(|| crate::error::clip(input.name.clone(), 130)),
                        code: e.code,
                        message: e.message.clone(),
                    });
                }
            }
        }
        if !args.keep_going && errors.len() >= MAX_BATCH_ERRORS {
            break 'pass1;
        }
    }
    // Errors in line order; without --keep-going, the first ones only.
    errors.sort_by_key(|e| e.line);
    if !args.keep_going && errors.len() >= MAX_BATCH_ERRORS {
        errors.truncate(MAX_BATCH_ERRORS);
        let last = errors.last().map_or(0, |e| e.line);
        let code = errors.last().map_or(Code::MalformedInput, |e| e.code);
        errors.push(LineError {
            line: last + 1,
            name: None,
            code,
            message: format!("stopped after {} bad lines; the rest was not checked (fix these, or pass --keep-going to see every one)", errors.len()),
        });
    }
    let report = |changed, dry_run, issued, errors: Vec<LineError>| IssueReport {
        changed,
        dry_run,
        issued,
        errors: (!errors.is_empty()).then_some(errors),
        batch: None,
    };
    if !errors.is_empty() && !args.keep_going {
        let mut r = Record::new(Event::Refused);
        r.message = Some(format!(
            "batch refused: {} line(s) failed validation; nothing was issued",
            errors.len()
        ));
        r.reason = Some(errors[0].code.as_str().into());
        if errors.iter().any(|e| is_refusal(e.code)) {
            store.log_refusal(
                timeout,
                &ctx.command_line,
                r,
                &Error::new(errors[0].code, errors[0].message.clone()),
            );
        }
        return Ok(report(false, args.dry_run, IssuedList::default(), errors));
    }
    for (ca, names) in &from_root {
        let what = match names.as_slice() {
            [one] => one.clone(),
            _ => "certificates".into(),
        };
        let verb = if names.len() == 1 { "is" } else { "are" };
        ctx.warn(Warning::new(
            WarningCode::IssuedFromRoot,
            format!("{what} {verb} issued directly by root CA {ca}; leaves should come from an intermediate (`pkictl init-ca NAME --parent {ca}`)"),
        ));
    }

    // Pass 2, a chunk at a time, in input order.
    let mut issued = IssuedList::default();
    let mut lines = source
        .items()?
        .filter_map(|i| i.ok())
        .filter(|(line, _)| !failed.contains(line));
    if args.dry_run {
        for (_, input) in lines {
            let (plan, _) = planner.plan(&input)?;
            let ca = &planner.cas[&plan.ca.to_ascii_lowercase()];
            issued.push(IssuedOut::planned(&plan, ca, ctx.now))?;
        }
        return Ok(report(false, true, issued, errors));
    }
    if to_issue == 0 {
        // Nothing to sign (--if-absent found everything): no key, no lock.
        for (_, input) in lines {
            if let (_, Decision::Unchanged(found)) = planner.plan(&input)? {
                issued.push(unchanged_out(&store, *found, ctx.now))?;
            }
        }
        return Ok(report(false, false, issued, errors));
    }
    let out_base = args.out_dir.as_deref();
    let prepare = |planner: &mut Planner<'_>, chunk: Vec<(usize, Request)>| {
        prepare_chunk(
            planner,
            chunk,
            out_base,
            batch,
            args.overwrite,
            keep_key,
            ctx,
        )
    };
    // The first chunk (a single issue: everything) is keyed before the lock.
    let first: Vec<(usize, Request)> = lines.by_ref().take(CHUNK).collect();
    let mut ready = prepare(&mut planner, first)?;
    let keys = open_signers(ctx, &planner.cas, issuing_cas.iter().map(String::as_str))?;
    let signers = ca_signers(&cfg, &planner.cas, &keys)?;
    let mut txn = store.begin(timeout, &ctx.command_line)?;
    let bar = ctx.progress(valid as u64, "issuing");
    let mut changed = false;
    loop {
        let staged = crate::parallel::map(&ready, |item| match item {
            Ready::Unchanged(_) | Ready::Failed(..) => None,
            Ready::Issue(p) => {
                let k = p.plan.ca.to_ascii_lowercase();
                let r = sign_and_stage(
                    &txn,
                    p,
                    &planner.cas[&k],
                    &signers[&k],
                    args.overwrite,
                    Event::Issued,
                );
                bar.inc(1);
                Some(r)
            }
        });
        for (item, result) in ready.into_iter().zip(staged) {
            match (item, result) {
                (Ready::Unchanged(found), _) => {
                    bar.inc(1);
                    issued.push(unchanged_out(&store, *found, ctx.now))?;
                }
                (Ready::Issue(p), Some(Ok((facts, records)))) => {
                    for r in records {
                        txn.push(r);
                    }
                    changed = true;
                    issued.push(issued_out(&store, &p, facts, ctx.now))?;
                }
                (Ready::Issue(p), Some(Err(e))) if batch && args.keep_going => {
                    errors.push(LineError {
                        line: 0,
                        name: Some(p.plan.name.clone()),
                        code: e.code,
                        message: e.message,
                    })
                }
                (Ready::Failed(name, e), _) if batch && args.keep_going => {
                    bar.inc(1);
                    errors.push(LineError {
                        line: 0,
                        name: Some(name),
                        code: e.code,
                        message: e.message,
                    })
                }
                (Ready::Failed(_, e), _) | (Ready::Issue(_), Some(Err(e))) => return Err(e),
                (Ready::Issue(_), None) => unreachable!("every issue is staged"),
            }
        }
        txn.seal_if_many()?;
        let chunk: Vec<(usize, Request)> = lines.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        ready = prepare(&mut planner, chunk)?;
    }
    bar.finish_and_clear();
    txn.commit()?;
    Ok(report(changed, false, issued, errors))
}

/// Where the requests come from: the flags, or a batch file.
enum Source {
    One(Box<Request>),
    Batch(BatchText, Box<LineDefaults>),
}

/// The batch-wide flags a line gets when it does not set them.
struct LineDefaults {
    ca: Option<String>,
    profile: Option<crate::pki::profile::Profile>,
    key_type: Option<crate::pki::keys::KeyType>,
    validity: Option<i64>,
    not_after: Option<i64>,
    not_before: Option<i64>,
    backdate: Option<i64>,
    backdate_ok: bool,
}

impl Source {
    fn open(args: &IssueArgs) -> Result<Source> {
        let Some(file) = &args.batch else {
            return Ok(Source::One(Box::new(Request {
                name: args.name.clone().unwrap_or_default(),
                cn: args.cn.clone(),
                subject: args.subject.clone(),
                dns: args.sans.dns.clone(),
                ip: args.sans.ip.clone(),
                email: args.sans.email.clone(),
                uri: args.sans.uri.clone(),
                spiffe_id: args.spiffe_id.clone(),
                profile: args.profile,
                validity: args.validity,
                key_type: args.key_type,
                ca: args.ca.clone(),
                not_after: args.not_after,
                not_before: args.not_before,
                backdate: args.backdate,
                backdate_ok: args.backdate_ok,
                csr_key: None,
            })));
        };
        Ok(Source::Batch(
            BatchText::read(file, args.batch_format, args.keep_going)?,
            Box::new(LineDefaults {
                ca: args.ca.clone(),
                profile: args.profile,
                key_type: args.key_type,
                validity: args.validity,
                not_after: args.not_after,
                not_before: args.not_before,
                backdate: args.backdate,
                backdate_ok: args.backdate_ok,
            }),
        ))
    }

    /// The requests, with the batch-wide flags applied to every line that
    /// does not set them.
    fn items(&self) -> Result<BatchItems<'_>> {
        match self {
            Source::One(r) => Ok(Box::new(std::iter::once(Ok((1, (**r).clone()))))),
            Source::Batch(text, args) => Ok(Box::new(text.items()?.map(move |r| {
                r.map(|(line, mut i)| {
                    i.ca = i.ca.or_else(|| args.ca.clone());
                    i.profile = i.profile.or(args.profile);
                    i.key_type = i.key_type.or(args.key_type);
                    i.validity = i.validity.or(args.validity);
                    i.not_after = args.not_after;
                    i.not_before = args.not_before;
                    i.backdate = args.backdate;
                    i.backdate_ok = args.backdate_ok;
                    (line, i)
                })
            }))),
        }
    }
}

/// Plans requests against the store's CAs (loaded once each).
struct Planner<'a> {
    store: &'a Store,
    cfg: &'a Config,
    defaults: &'a Defaults,
    mode: Existing,
    now: i64,
    cas: HashMap<String, CaMaterial>,
    /// CAs that could not be loaded, with why.
    missing: HashMap<String, Error>,
}

impl Planner<'_> {
    /// Plans many requests: their CAs are loaded first (once each), then
    /// the requests are planned and checked on every core.
    fn plan_many(&mut self, inputs: &[(usize, Request)]) -> Vec<Result<(Plan, Decision)>> {
        for (_, input) in inputs {
            if let Ok(name) = resolve_ca_name(input, self.defaults) {
                let key = name.to_ascii_lowercase();
                if !self.cas.contains_key(&key) && !self.missing.contains_key(&key) {
                    match load_ca(self.store, &name) {
                        Ok(ca) => {
                            self.cas.insert(key, ca);
                        }
                        Err(e) => {
                            self.missing.insert(key, e);
                        }
                    }
                }
            }
        }
        let this = &*self;
        crate::parallel::map(inputs, |(_, input)| this.plan(input))
    }

    /// Plans and checks one request (its CA loaded by `plan_many`) and
    /// decides what an existing certificate of the name means for it.
    fn plan(&self, input: &Request) -> Result<(Plan, Decision)> {
        let key = resolve_ca_name(input, self.defaults)?.to_ascii_lowercase();
        let Some(ca) = self.cas.get(&key) else {
            return Err(self
                .missing
                .get(&key)
                .cloned()
                .unwrap_or_else(|| Error::internal("a CA was not loaded")));
        };
        let policy = self.cfg.policy(&ca.ca().info.name);
        let plan = plan(input, ca, &policy, self.defaults, self.now)?;
        check(&plan, ca, &policy, self.now)?;
        let decision = decide(self.store, &plan, self.mode)?;
        Ok((plan, decision))
    }
}

/// A request ready to sign (key generated), found unchanged, or no longer
/// possible (the store changed since the batch was checked).
enum Ready {
    Issue(Box<Prepared>),
    Unchanged(Box<(crate::store::Meta, crate::pki::certinfo::CertFacts)>),
    Failed(String, Error),
}

/// Plans a chunk again (pass 1 found it sound), checks its --out-dir
/// copies and generates its keys on every core.
fn prepare_chunk(
    planner: &mut Planner<'_>,
    chunk: Vec<(usize, Request)>,
    out_base: Option<&std::path::Path>,
    batch: bool,
    overwrite: bool,
    keep_key: bool,
    ctx: &Context,
) -> Result<Vec<Ready>> {
    let mut planned = Vec::with_capacity(chunk.len());
    let mut failed = Vec::new();
    let results = planner.plan_many(&chunk);
    for (i, ((_, input), result)) in chunk.iter().zip(results).enumerate() {
        let (plan, decision) = match result {
            Ok(p) => p,
            Err(e) => {
                failed.push((i, Ready::Failed(input.name.clone(), e)));
                continue;
            }
        };
        if let (Decision::Issue { .. }, Some(base)) = (&decision, out_base) {
            preflight_out_dir(&out_dir_for(base, &plan.name, batch), true, overwrite)?;
        }
        planned.push((plan, decision));
    }
    let bar = ctx.progress(planned.len() as u64, "generating keys");
    let keys = crate::parallel::map(&planned, |(plan, decision)| {
        let k =
            matches!(decision, Decision::Issue { .. }).then(|| PrivateKey::generate(plan.key_type));
        bar.inc(1);
        k
    });
    bar.finish_and_clear();
    let mut ready = Vec::with_capacity(planned.len());
    for ((plan, decision), key) in planned.into_iter().zip(keys) {
        match (decision, key) {
            (Decision::Unchanged(found), _) => ready.push(Ready::Unchanged(found)),
            (Decision::Issue { replaces }, Some(key)) => {
                let out_dir = out_base.map(|b| out_dir_for(b, &plan.name, batch));
                ready.push(Ready::Issue(Box::new(Prepared {
                    plan,
                    replaces,
                    key: SubjectKey::Generated(Box::new(key?)),
                    keep_key,
                    out_dir,
                })));
            }
            (Decision::Issue { .. }, None) => unreachable!("a key for every issue"),
        }
    }
    for (i, f) in failed {
        ready.insert(i, f);
    }
    Ok(ready)
}
