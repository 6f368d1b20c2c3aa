//! Arguments → a `Context` (store location, now, passphrase sources, output
//! style), dispatch to the command, and rendering of its report.

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{AuditCommand, CaCommand, Cli, Command, PolicyCommand, Sources};
use crate::commands;
use crate::error::{Error, Result, Warning};
use crate::output::{self, Report, Style};
use crate::secrets::{EnvSecrets, Passphrases};
use crate::store::config::Config;
use crate::store::{Store, StoreLocation, StoreSource};
use crate::timeutil::{now_unix, parse_duration};

/// Everything a command needs to know about how it was called.
pub struct Context {
    pub style: Style,
    pub location: StoreLocation,
    pub allow_network_fs: bool,
    lock_timeout_flag: Option<i64>,
    /// The current time, read once.
    pub now: i64,
    pub passphrases: Passphrases,
    pub p12_passphrase_env: Option<zeroize::Zeroizing<String>>,
    /// stdin and stderr are terminals: prompts are allowed.
    pub interactive: bool,
    /// The command line, for the lock holder's description.
    pub command_line: String,
    warnings: RefCell<Vec<Warning>>,
    store_used: Cell<bool>,
}

impl Context {
    /// Opens the store (and remembers that this command used one).
    pub fn open_store(&self) -> Result<Store> {
        let s = Store::open(self.location.clone(), self.allow_network_fs)?;
        self.store_used.set(true);
        Ok(s)
    }

    /// Opens the store when it exists (for commands that work without one).
    pub fn open_store_if_present(&self) -> Result<Option<Store>> {
        if Store::exists(&self.location) {
            self.open_store().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Creates the store (init-ca only) or opens it when it exists.
    pub fn create_store(&self) -> Result<Store> {
        let s = Store::create(self.location.clone(), self.allow_network_fs)?;
        self.store_used.set(true);
        Ok(s)
    }

    /// The lock timeout: flag, then environment, then pkictl.toml, then 60s.
    pub fn lock_timeout(&self, config: &Config) -> Duration {
        let secs = self
            .lock_timeout_flag
            .or_else(|| {
                config
                    .lock_timeout
                    .as_deref()
                    .and_then(|t| parse_duration(t).ok())
            })
            .unwrap_or(60);
        Duration::from_secs(secs.max(0) as u64)
    }

    /// Records a warning for the output.
    pub fn warn(&self, w: Warning) {
        let mut ws = self.warnings.borrow_mut();
        if !ws.contains(&w) {
            ws.push(w);
        }
    }

    /// Records several warnings.
    pub fn warn_all(&self, ws: impl IntoIterator<Item = Warning>) {
        for w in ws {
            self.warn(w);
        }
    }

    /// The password of a PKCS#12 file (`--p12-passphrase-file`, then
    /// `PKICTL_P12_PASSPHRASE`, then a prompt); `creating` asks twice.
    pub fn p12_password(
        &self,
        file: Option<&std::path::Path>,
        creating: bool,
    ) -> Result<zeroize::Zeroizing<String>> {
        let mut ws = Vec::new();
        let pw = crate::secrets::p12_password(
            file,
            self.p12_passphrase_env.as_ref(),
            self.interactive,
            creating,
            &mut ws,
        );
        self.warn_all(ws);
        pw
    }

    /// A scratch list for code that collects warnings (merged back by `warn_all`).
    pub fn take_warnings(&self) -> Vec<Warning> {
        self.warnings.borrow_mut().drain(..).collect()
    }

    /// An informational line on stderr.
    pub fn note(&self, s: &str) {
        output::note(self.style, s);
    }

    /// True when a progress bar may be drawn.
    pub fn progress_allowed(&self) -> bool {
        use std::io::IsTerminal;
        !self.style.quiet && std::io::stderr().is_terminal()
    }

    fn emit<R: Report>(&self, report: &R) -> u8 {
        let store = self.store_used.get().then_some(&self.location);
        let warnings = self.take_warnings();
        output::emit(self.style, report, store, &warnings)
    }
}

/// Resolves the store location clap found (--store, then PKICTL_STORE,
/// then ./pki) to an absolute path.
fn resolve_store(path: PathBuf, source: StoreSource) -> Result<StoreLocation> {
    let path = std::path::absolute(&path).map_err(|e| Error::io("resolve", &path, &e))?;
    // Every report names the store's path; one that is not UTF-8 could not
    // be printed as it is, so it is refused before anything is written.
    if path.to_str().is_none() {
        return Err(Error::usage(format!(
            "the store path {} is not valid UTF-8",
            path.display()
        ))
        .hint("use a store directory whose path is UTF-8 (rename it, or pass another --store / PKICTL_STORE)"));
    }
    Ok(StoreLocation { path, source })
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli, sources: Sources, env: EnvSecrets, command_line: String) -> u8 {
    let g = cli.global;
    let style = Style::new(g.json, g.quiet, g.no_color);
    let setup = || -> Result<Context> {
        let lock_timeout_flag = g.lock_timeout;
        let interactive = crate::secrets::interactive();
        Ok(Context {
            style,
            location: resolve_store(g.store.clone(), sources.store)?,
            allow_network_fs: g.allow_network_fs,
            lock_timeout_flag,
            now: now_unix(),
            passphrases: Passphrases {
                ca_file: g.ca_passphrase_file.clone(),
                new_file: g.new_passphrase_file.clone(),
                dir: g.passphrase_dir.clone(),
                file: g.passphrase_file.clone(),
                env: env.passphrase,
                interactive,
            },
            p12_passphrase_env: env.p12_passphrase,
            interactive,
            command_line,
            warnings: RefCell::new(Vec::new()),
            store_used: Cell::new(false),
        })
    };
    let ctx = match setup() {
        Ok(c) => c,
        Err(e) => return output::emit_error(style, &e, &[]),
    };
    match dispatch(&ctx, cli.command) {
        Ok(code) => code,
        Err(e) => {
            let w = ctx.take_warnings();
            output::emit_error(style, &e, &w)
        }
    }
}

fn dispatch(ctx: &Context, command: Command) -> Result<u8> {
    Ok(match command {
        Command::InitCa(a) => ctx.emit(&commands::init_ca::run(ctx, a)?),
        Command::Issue(a) => ctx.emit(&commands::issue::run(ctx, a)?),
        Command::SignCsr(a) => ctx.emit(&commands::sign_csr::run(ctx, a)?),
        Command::Csr(a) => ctx.emit(&commands::csr::run(ctx, a)?),
        Command::Inspect(a) => ctx.emit(&commands::inspect::run(ctx, a)?),
        Command::Verify(a) => ctx.emit(&commands::verify::run(ctx, a)?),
        Command::List(a) => ctx.emit(&commands::list::run(ctx, a)?),
        Command::CheckExpiry(a) => ctx.emit(&commands::check_expiry::run(ctx, a)?),
        Command::Renew(a) => ctx.emit(&commands::renew::run(ctx, a)?),
        Command::Revoke(a) => ctx.emit(&commands::revoke::revoke(ctx, a)?),
        Command::Retire(a) => ctx.emit(&commands::revoke::retire(ctx, a)?),
        Command::Export(a) => ctx.emit(&commands::export::export(ctx, a)?),
        Command::Bundle(a) => ctx.emit(&commands::export::bundle(ctx, a)?),
        Command::Crl(a) => ctx.emit(&commands::crl::run(ctx, a)?),
        Command::ImportCa(a) => ctx.emit(&commands::offline::import_ca(ctx, a)?),
        Command::Ca(CaCommand::Default(a)) => ctx.emit(&commands::ca::set_default(ctx, a)?),
        Command::Policy(PolicyCommand::Show(a)) => ctx.emit(&commands::policy::show(ctx, a)?),
        Command::Audit(AuditCommand::Verify) => ctx.emit(&commands::audit::verify(ctx)?),
        Command::Doctor(a) => ctx.emit(&commands::doctor::run(ctx, a)?),
        Command::Completions(a) => {
            commands::completions::print(a.shell);
            0
        }
    })
}

/// Reports a command-line parsing error (exit 2, code `usage`).
pub fn usage_error(json: bool, err: &clap::Error) -> u8 {
    // A value parser's own error (a duration, a time) carries a hint that
    // says what would have been accepted; keep it instead of "try --help".
    let own_hint = std::error::Error::source(err)
        .and_then(|s| s.downcast_ref::<Error>())
        .and_then(|e| e.hint.clone());
    if !json {
        match &own_hint {
            Some(h) => {
                let rendered = err.render().to_string();
                let body: Vec<&str> = rendered
                    .lines()
                    .filter(|l| !l.starts_with("For more information"))
                    .collect();
                output::print_stderr(&format!("{}\n  hint: {h}\n", body.join("\n").trim_end()));
            }
            None => {
                let _ = err.print();
            }
        }
        return 2;
    }
    let rendered = err.render().to_string();
    let message = rendered
        .lines()
        .next()
        .unwrap_or("invalid command line")
        .trim_start_matches("error: ")
        .to_string();
    let hint =
        own_hint.unwrap_or_else(|| "run `pkictl --help` or `pkictl <command> --help`".into());
    let e = Error::usage(message).hint(hint);
    output::emit_error(Style::new(true, false, true), &e, &[])
}
