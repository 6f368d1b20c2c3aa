//! `pkictl check-expiry`: grade the store (from the index alone, one
//! zero-copy pass) or certificate files, for people, for cron and CI, for
//! Nagios and for Prometheus.

use std::collections::HashMap;

use serde::Serialize;

use crate::cli::CheckExpiryArgs;
use crate::context::Context;
use crate::error::{Error, InputError, Result, Warning, WarningCode};
use crate::output::Report;
use crate::output::human::{Text, remaining};
use crate::output::prometheus::{Sample, prometheus_text};
use crate::pki::certinfo::{CertFacts, CertView};
use crate::pki::expiry::{Grade, Summary, Windows, grade_crl};
use crate::scan::{self, FileResult};
use crate::store::Store;
use crate::store::catalog::Catalog;
use crate::store::fsio::{self, MODE_PUBLIC, Replace};
use crate::store::log;
use crate::store::state::Lifecycle;
use crate::timeutil::{DAY, Window, format_time};

/// One graded certificate.
#[derive(Debug, Serialize)]
pub struct Checked {
    #[serde(flatten)]
    pub certificate: CertView,
    pub expiry_status: Grade,
    pub paths: Vec<String>,
}

/// One graded CRL of the store.
#[derive(Debug, Serialize)]
pub struct CheckedCrl {
    pub ca: String,
    pub crl_number: u64,
    pub this_update: String,
    pub next_update: String,
    pub next_update_unix: i64,
    pub expiry_status: Grade,
    pub path: String,
    /// Which generation of the CA signed it (1 until a rollover).
    pub generation: u32,
    /// The CRL's stem (the CA's name, `NAME@N` for generation N ≥ 2): its
    /// Prometheus label, unique per CRL.
    #[serde(skip)]
    pub stem: String,
}

/// JSON: `{"checked", "certificates", "crls", "summary", "crl_summary",
/// "errors"}`. `summary` counts certificates only (its grades sum to
/// `checked`); `crl_summary` counts the CRLs.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub at: String,
    pub within: String,
    pub critical: String,
    pub checked: usize,
    pub certificates: CheckedList,
    pub crls: Vec<CheckedCrl>,
    pub summary: Summary,
    pub crl_summary: Summary,
    pub errors: Vec<InputError>,
    /// Rows for the human view (name or subject, not_after, days, grade, where).
    #[serde(skip)]
    rows: Vec<Row>,
    #[serde(skip)]
    nagios: bool,
}

#[derive(Debug, Clone)]
struct Row {
    what: String,
    not_after: String,
    days: i64,
    seconds: i64,
    grade: Grade,
    place: String,
    /// What a live server presents is shown even when it is fine: the
    /// serial tells whether a renewal was picked up.
    live: bool,
}

impl CheckReport {
    /// Certificates and CRLs together: the exit code and the monitoring
    /// line consider both.
    fn combined(&self) -> Summary {
        let (a, b) = (&self.summary, &self.crl_summary);
        Summary {
            ok: a.ok + b.ok,
            warning: a.warning + b.warning,
            critical: a.critical + b.critical,
            expired: a.expired + b.expired,
            skipped: a.skipped,
        }
    }

    fn worst(&self) -> Grade {
        let s = &self.combined();
        if s.expired > 0 {
            Grade::Expired
        } else if s.critical > 0 {
            Grade::Critical
        } else if s.warning > 0 {
            Grade::Warning
        } else {
            Grade::Ok
        }
    }

    /// The monitoring-plugin status line.
    pub fn nagios_line(&self) -> String {
        let s = &self.combined();
        let total = self.checked + self.crls.len();
        let (state, text) = if !self.errors.is_empty() {
            (
                "UNKNOWN",
                format!(
                    "{} input(s) could not be checked: {}",
                    self.errors.len(),
                    self.errors[0].message
                ),
            )
        } else {
            match self.worst() {
                Grade::Expired | Grade::Critical => (
                    "CRITICAL",
                    format!(
                        "{} expired and {} expire within {} of {total}",
                        s.expired, s.critical, self.critical
                    ),
                ),
                Grade::Warning => (
                    "WARNING",
                    format!("{} of {total} expire within {}", s.warning, self.within),
                ),
                Grade::Ok => (
                    "OK",
                    format!("{total} checked, none expire within {}", self.within),
                ),
            }
        };
        format!(
            "CERTS {state} - {text} | expiring={};;; critical={};;; expired={};;;\n",
            s.warning, s.critical, s.expired
        )
    }
}

impl Report for CheckReport {
    fn human(&self, t: &mut Text) {
        if self.nagios {
            t.line(self.nagios_line().trim_end());
            return;
        }
        let mut rows: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| r.grade != Grade::Ok || r.live)
            .collect();
        rows.sort_by_key(|r| (std::cmp::Reverse(r.grade), r.seconds));
        // A terminal table of thousands of rows helps nobody: the worst first.
        const SHOWN: usize = 50;
        if !rows.is_empty() {
            let table = rows
                .iter()
                .take(SHOWN)
                .map(|r| {
                    vec![
                        t.status_cell(r.grade.as_str()),
                        comfy_table::Cell::new(&r.what),
                        comfy_table::Cell::new(&r.not_after),
                        comfy_table::Cell::new(remaining(r.days, r.seconds)),
                        comfy_table::Cell::new(&r.place),
                    ]
                })
                .collect();
            t.table(
                &["status", "certificate", "not after", "remaining", "where"],
                table,
                &["status", "not after"],
            );
            if rows.len() > SHOWN {
                t.line(format!(
                    "… and {} more; `--json --problems-only` lists them all.",
                    rows.len() - SHOWN
                ));
            }
        }
        let s = &self.summary;
        let c = &self.crl_summary;
        let crls = if self.crls.is_empty() {
            String::new()
        } else {
            format!(
                "; {} CRL(s): {} ok, {} warning, {} critical, {} expired",
                self.crls.len(),
                c.ok,
                c.warning,
                c.critical,
                c.expired
            )
        };
        t.line(format!(
            "Checked {} certificate(s) at {}: {} ok, {} warning (within {}), {} critical (within {}), {} expired{}{crls}.",
            self.checked,
            self.at,
            s.ok,
            s.warning,
            self.within,
            s.critical,
            self.critical,
            s.expired,
            if s.skipped > 0 { format!("; {} file(s) without a certificate skipped", s.skipped) } else { String::new() }
        ));
    }

    fn diagnostics(&self) -> Vec<String> {
        self.errors.iter().map(InputError::describe).collect()
    }

    fn exit_code(&self) -> u8 {
        if self.nagios {
            if !self.errors.is_empty() {
                return 3;
            }
            return match self.worst() {
                Grade::Ok => 0,
                Grade::Warning => 1,
                _ => 2,
            };
        }
        if !self.errors.is_empty() {
            2
        } else if self.worst() == Grade::Ok {
            0
        } else {
            1
        }
    }

    fn is_data(&self) -> bool {
        true
    }
}

/// The graded certificates: files read by this run, then store
/// certificates whose objects are made while the JSON is written (the
/// index's records are read by offset; nothing holds them all).
#[derive(Debug, Default)]
pub struct CheckedList {
    files: Vec<Checked>,
    store: Option<StoreChecked>,
}

/// The store's graded certificates: indexes into the catalog, with grades.
#[derive(Debug)]
struct StoreChecked {
    catalog: Catalog,
    chosen: Vec<(usize, Grade)>,
    at: i64,
}

impl CheckedList {
    fn push(&mut self, c: Checked) {
        self.files.push(c);
    }
}

impl Serialize for CheckedList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq};
        let n = self.files.len() + self.store.as_ref().map_or(0, |s| s.chosen.len());
        let mut seq = s.serialize_seq(Some(n))?;
        for c in &self.files {
            seq.serialize_element(c)?;
        }
        if let Some(StoreChecked {
            catalog,
            chosen,
            at,
        }) = &self.store
        {
            for &(i, grade) in chosen {
                let l = &catalog.certs[i];
                let view = catalog
                    .view(l, *at)
                    .map_err(|e| S::Error::custom(e.message))?;
                let path = catalog.cert_path(l).display().to_string();
                seq.serialize_element(&Checked {
                    certificate: view,
                    expiry_status: grade,
                    paths: vec![path],
                })?;
            }
        }
        seq.end()
    }
}

/// Grades the store from its index without parsing any PEM file.
fn check_store(
    ctx: &Context,
    store: &Store,
    args: &CheckExpiryArgs,
    w: Windows,
    at: i64,
    report: &mut CheckReport,
    samples: &mut Vec<Sample>,
) -> Result<()> {
    let catalog = Catalog::scan(store)?;
    if catalog.torn {
        ctx.warn(log::torn_warning(&store.index_path()));
    }
    let mut active: Vec<usize> = (0..catalog.certs.len())
        .filter(|&i| catalog.certs[i].lifecycle == Lifecycle::Active)
        .collect();
    active.sort_by(|&a, &b| catalog.certs[a].cmp_name_serial(&catalog.certs[b]));
    // The trap of a CA that would have to sign past its own end.
    let (cfg, _) = store.config()?;
    let defaults = crate::settings::Defaults::resolve(&cfg, &Default::default())?;
    for l in active
        .iter()
        .map(|&i| &catalog.certs[i])
        .filter(|l| l.is_ca)
    {
        let leaf_validity = defaults.leaf_validity(&cfg, &l.name);
        ctx.warn_all(crate::pki::expiry::ca_expires_before_leaves(
            &l.name,
            l.not_after,
            leaf_validity,
            at,
        ));
    }
    let mut shown = Vec::new();
    for &i in &active {
        let l = &catalog.certs[i];
        let grade = w.grade(l.not_before, l.not_after, at);
        report.summary.add(grade);
        report.checked += 1;
        // Only what the chosen output shows is built: at 100,000 certificates
        // every allocation per certificate counts.
        if grade != Grade::Ok {
            report.rows.push(Row {
                what: l.name.clone(),
                not_after: format_time(l.not_after),
                days: (l.not_after - at).div_euclid(DAY),
                seconds: l.not_after - at,
                grade,
                place: l
                    .ca
                    .as_ref()
                    .map(|c| format!("CA {c}"))
                    .unwrap_or_else(|| "root".into()),
                live: false,
            });
        }
        if args.prometheus.is_some() {
            samples.push(Sample {
                labels: vec![
                    ("name", l.name.clone()),
                    ("serial", l.serial.clone()),
                    ("ca", l.ca.clone().unwrap_or_default()),
                ],
                not_after: l.not_after,
            });
        }
        if ctx.style.json && (!args.problems_only || grade != Grade::Ok) {
            shown.push((i, grade));
        }
    }
    for crl in catalog.watched_crls() {
        let grade = grade_crl(crl.this_update, crl.next_update, at);
        report.crl_summary.add(grade);
        report.rows.push(Row {
            what: format!("CRL of {}", crl.stem),
            not_after: format_time(crl.next_update),
            days: (crl.next_update - at).div_euclid(DAY),
            seconds: crl.next_update - at,
            grade,
            place: format!("run `pkictl crl --ca {}`", crl.ca),
            live: false,
        });
        report.crls.push(CheckedCrl {
            path: store.crl_path(&crl.stem).display().to_string(),
            generation: crl.generation,
            stem: crl.stem,
            ca: crl.ca,
            crl_number: crl.number,
            this_update: format_time(crl.this_update),
            next_update: format_time(crl.next_update),
            next_update_unix: crl.next_update,
            expiry_status: grade,
        });
    }
    report.certificates.store = Some(StoreChecked {
        catalog,
        chosen: shown,
        at,
    });
    Ok(())
}

/// Grades certificate files and directories.
fn check_paths(
    ctx: &Context,
    args: &CheckExpiryArgs,
    exclude: &scan::Exclusions,
    w: Windows,
    at: i64,
    report: &mut CheckReport,
    samples: &mut Vec<Sample>,
) {
    let mut walk_errors = Vec::new();
    let mut files = scan::walk(&args.paths, exclude, &mut walk_errors);
    for (p, e) in walk_errors {
        report
            .errors
            .push(InputError::new(p.display().to_string(), e));
    }
    let mut results = scan::read_all(&files, args.all_certs);
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut found: Vec<(CertFacts, Vec<String>)> = Vec::new();
    // Live servers: what they present now.
    for address in &args.connect {
        files.push(scan::Candidate {
            path: crate::tls::shown(address).into(),
            explicit: true,
        });
        results.push(
            match crate::tls::fetch(address, None, std::time::Duration::from_secs(10)) {
                Ok(p) => {
                    let take = if args.all_certs { p.chain.len() } else { 1 };
                    FileResult::Certs(
                        p.chain
                            .into_iter()
                            .take(take)
                            .filter_map(|d| CertFacts::from_der(&d).ok())
                            .collect(),
                    )
                }
                Err(e) => FileResult::Failed(e),
            },
        );
    }
    for (c, r) in files.iter().zip(results) {
        let shown = c.path.display().to_string();
        match r {
            FileResult::Certs(certs) => {
                for facts in certs {
                    match index.get(&facts.fingerprint_sha256) {
                        Some(&i) => found[i].1.push(shown.clone()),
                        None => {
                            index.insert(facts.fingerprint_sha256.clone(), found.len());
                            found.push((facts, vec![shown.clone()]));
                        }
                    }
                }
            }
            FileResult::Skipped => report.summary.skipped += 1,
            FileResult::Failed(e) => report.errors.push(InputError::new(shown, e)),
        }
    }
    for (facts, paths) in found {
        let grade = w.grade(facts.not_before, facts.not_after, at);
        report.summary.add(grade);
        report.checked += 1;
        let what = facts
            .subject_cn
            .clone()
            .unwrap_or_else(|| facts.subject.clone());
        let live = paths.iter().any(|p| p.starts_with("tls://"));
        if grade != Grade::Ok || live {
            report.rows.push(Row {
                what: if live {
                    format!("{what} (serial {})", facts.serial)
                } else {
                    what.clone()
                },
                not_after: format_time(facts.not_after),
                days: (facts.not_after - at).div_euclid(DAY),
                seconds: facts.not_after - at,
                grade,
                place: paths.join(", "),
                live,
            });
        }
        if args.prometheus.is_some() {
            let issuer_cn = issuer_cn(&facts.issuer);
            for p in &paths {
                samples.push(Sample {
                    labels: vec![
                        ("name", what.clone()),
                        ("serial", facts.serial.clone()),
                        ("ca", issuer_cn.clone()),
                        ("path", p.clone()),
                    ],
                    not_after: facts.not_after,
                });
            }
        }
        if ctx.style.json && (!args.problems_only || grade != Grade::Ok) {
            let view = CertView::new(facts, at).with_path(paths[0].clone());
            report.certificates.push(Checked {
                certificate: view,
                expiry_status: grade,
                paths,
            });
        }
    }
}

/// The CN of an RFC 4514 issuer string, or the whole string.
fn issuer_cn(issuer: &str) -> String {
    issuer
        .split(',')
        .find_map(|p| p.strip_prefix("CN="))
        .map(str::to_string)
        .unwrap_or_else(|| issuer.to_string())
}

/// Runs `check-expiry`.
pub fn run(ctx: &Context, args: CheckExpiryArgs) -> Result<CheckReport> {
    if args.nagios && ctx.style.json {
        return Err(Error::usage(
            "--nagios and --json are two different outputs; choose one",
        ));
    }
    let within = args.within.unwrap_or(Window::Secs(30 * DAY));
    let critical = args.critical;
    if let Some(c) = critical {
        let wider = match (c, within) {
            (Window::Secs(a), Window::Secs(b)) => a > b,
            (Window::Percent(a), Window::Percent(b)) => a > b,
            _ => false,
        };
        if wider {
            return Err(
                Error::usage(format!("--critical {c} is wider than --within {within}"))
                    .hint("the critical window must be inside the warning window"),
            );
        }
    }
    let windows = Windows { within, critical };
    let at = args.at.unwrap_or(ctx.now);
    let mut report = CheckReport {
        at: format_time(at),
        within: within.to_string(),
        critical: critical.map_or_else(
            || match within {
                Window::Secs(s) => crate::timeutil::format_duration(s.min(7 * DAY)),
                Window::Percent(_) => format!("min(7d, {within})"),
            },
            |c| c.to_string(),
        ),
        checked: 0,
        certificates: CheckedList::default(),
        crls: Vec::new(),
        summary: Summary::default(),
        crl_summary: Summary::default(),
        errors: Vec::new(),
        rows: Vec::new(),
        nagios: args.nagios,
    };
    if let Some(p) = &args.prometheus {
        fsio::check_out_dir(&fsio::parent_dir(p))?;
    }
    let exclude = scan::Exclusions::new(&args.exclude)?;
    let mut samples = Vec::new();
    if args.paths.is_empty() && args.connect.is_empty() {
        let store = ctx.open_store()?;
        check_store(ctx, &store, &args, windows, at, &mut report, &mut samples)?;
    } else {
        check_paths(ctx, &args, &exclude, windows, at, &mut report, &mut samples);
    }
    if let Some(p) = &args.prometheus {
        if report.errors.is_empty() {
            let crls: Vec<(&str, i64)> = report
                .crls
                .iter()
                .map(|c| (c.stem.as_str(), c.next_update_unix))
                .collect();
            let text = prometheus_text(&samples, &crls, ctx.now);
            fsio::write_file(p, text.as_bytes(), MODE_PUBLIC, Replace::Always, true)?;
        } else {
            ctx.warn(Warning::new(
                WarningCode::PrometheusNotWritten,
                format!("{} was not updated because some inputs could not be checked; its last-success time shows the gap", p.display()),
            ));
        }
    }
    Ok(report)
}
