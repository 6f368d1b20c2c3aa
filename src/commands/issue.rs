//! `pkictl issue`: generate a key and a certificate for a name, or many
//! from a batch file (all planned and checked before anything is signed;
//! one lock, one CA-key opening per CA).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::authority::{CaMaterial, load_ca, open_signers};
use crate::cli::IssueArgs;
use crate::context::Context;
use crate::error::{Error, Result, Warning, WarningCode};
use crate::issuance::batch::{LineError, MAX_BATCH_ERRORS, read_batch};
use crate::issuance::{
    Decision, Existing, IssuedOut, Plan, Prepared, Request, SubjectKey, check, decide, is_refusal,
    issued_out, out_dir_for, plan, preflight_out_dir, refusal_record, resolve_ca_name,
    sign_and_commit, unchanged_out,
};
use crate::output::Report;
use crate::output::human::{Text, cert_fields};
use crate::pki::keys::PrivateKey;
use crate::settings::Defaults;
use crate::store::record::{Event, Record};

/// JSON: `{"changed", "issued": [...], "errors": [...]}`.
#[derive(Debug, Serialize)]
pub struct IssueReport {
    pub changed: bool,
    pub dry_run: bool,
    pub issued: Vec<IssuedOut>,
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
            let n = self.issued.iter().filter(|i| i.changed).count();
            t.line(format!("{verb} {n} certificate(s)."));
            let rows = self
                .issued
                .iter()
                .map(|i| {
                    vec![
                        comfy_table::Cell::new(&i.name),
                        comfy_table::Cell::new(i.certificate.serial_or("")),
                        comfy_table::Cell::new(i.certificate.not_after_text()),
                        comfy_table::Cell::new(i.cert_path.clone().unwrap_or_default()),
                    ]
                })
                .collect();
            t.table(
                &["name", "serial", "not after", "certificate"],
                rows,
                &["serial", "not after"],
            );
        } else {
            for i in &self.issued {
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
    let inputs = requests(&args)?;

    // Plan and check everything before generating or signing anything.
    let mut cas: HashMap<String, CaMaterial> = HashMap::new();
    let mut plans: Vec<(Plan, Decision)> = Vec::new();
    let mut errors: Vec<LineError> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for item in inputs {
        let (line, input) = match item {
            Ok(v) => v,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let result = (|| -> Result<(Plan, Decision)> {
            let ca_name = resolve_ca_name(&input, &defaults)?;
            let key = ca_name.to_ascii_lowercase();
            if !cas.contains_key(&key) {
                cas.insert(key.clone(), load_ca(&store, &ca_name)?);
            }
            let ca = &cas[&key];
            let policy = cfg.policy(&ca.ca().info.name);
            let plan = plan(&input, ca, &policy, &defaults, ctx.now)?;
            check(&plan, ca, &policy, ctx.now)?;
            if !seen.insert(plan.name.to_ascii_lowercase()) {
                return Err(Error::usage(format!(
                    "{} appears twice in the batch",
                    plan.name
                )));
            }
            let decision = decide(&store, &plan, mode)?;
            Ok((plan, decision))
        })();
        match result {
            Ok(p) => plans.push(p),
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
                errors.push(LineError {
                    line,
                    name: (!input.name.is_empty())
                        .then(|| crate::error::clip(input.name.clone(), 130)),
                    code: e.code,
                    message: e.message.clone(),
                });
                if !args.keep_going && errors.len() >= MAX_BATCH_ERRORS {
                    errors.push(LineError {
                        line: line + 1,
                        name: None,
                        code: e.code,
                        message: format!("stopped after {} bad lines; the rest was not checked (fix these, or pass --keep-going to see every one)", errors.len()),
                    });
                    break;
                }
            }
        }
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
        return Ok(report(false, args.dry_run, Vec::new(), errors));
    }
    for (p, _) in &plans {
        if cas
            .get(&p.ca.to_ascii_lowercase())
            .is_some_and(|c| c.is_root())
        {
            ctx.warn(Warning::new(
                WarningCode::IssuedFromRoot,
                format!("{} is issued directly by root CA {}; leaves should come from an intermediate (`pkictl init-ca NAME --parent {}`)", p.name, p.ca, p.ca),
            ));
        }
    }

    let mut issued = Vec::new();
    if args.dry_run {
        for (p, _) in &plans {
            let ca = &cas[&p.ca.to_ascii_lowercase()];
            issued.push(IssuedOut::planned(p, ca, ctx.now));
        }
        return Ok(report(false, true, issued, errors));
    }

    // Unchanged (--if-absent) entries are reported as they are.
    let mut to_issue = Vec::new();
    for (plan, decision) in plans {
        match decision {
            Decision::Unchanged(found) => issued.push(unchanged_out(&store, *found, ctx.now)),
            Decision::Issue { replaces } => to_issue.push((plan, replaces)),
        }
    }
    if to_issue.is_empty() {
        return Ok(report(false, false, issued, errors));
    }

    // Out-dir checks and key generation happen before the lock.
    let mut prepared = Vec::new();
    if let Some(base) = &args.out_dir {
        for (plan, _) in &to_issue {
            preflight_out_dir(&out_dir_for(base, &plan.name, batch), true, args.overwrite)?;
        }
    }
    let bar = ctx.progress(to_issue.len() as u64, "generating keys");
    let keys = crate::parallel::map(&to_issue, |(plan, _)| {
        let k = PrivateKey::generate(plan.key_type);
        bar.inc(1);
        k
    });
    bar.finish_and_clear();
    for ((plan, replaces), key) in to_issue.into_iter().zip(keys) {
        let out_dir = args
            .out_dir
            .as_ref()
            .map(|b| out_dir_for(b, &plan.name, batch));
        prepared.push(Prepared {
            plan,
            replaces,
            key: SubjectKey::Generated(Box::new(key?)),
            keep_key,
            out_dir,
        });
    }

    let keys = open_signers(ctx, &cas, prepared.iter().map(|p| p.plan.ca.as_str()))?;
    let results = sign_and_commit(
        ctx,
        &store,
        &cfg,
        &cas,
        &keys,
        &prepared,
        Event::Issued,
        args.overwrite,
        batch && args.keep_going,
    )?;
    let mut changed = false;
    for (p, r) in prepared.iter().zip(results) {
        match r {
            Ok(facts) => {
                changed = true;
                issued.push(issued_out(&store, p, facts, ctx.now));
            }
            Err(e) => errors.push(LineError {
                line: 0,
                name: Some(p.plan.name.clone()),
                code: e.code,
                message: e.message,
            }),
        }
    }
    Ok(report(changed, false, issued, errors))
}

/// The requests of the command line: one from the flags, or a batch file's
/// lines with the batch-wide flags applied to every line that does not set
/// them.
fn requests(args: &IssueArgs) -> Result<Vec<std::result::Result<(usize, Request), LineError>>> {
    let Some(file) = &args.batch else {
        let input = Request {
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
        };
        return Ok(vec![Ok((1, input))]);
    };
    Ok(read_batch(file, args.batch_format, args.keep_going)?
        .into_iter()
        .map(|r| {
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
        })
        .collect())
}
