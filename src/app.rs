//! Arguments → a `Context` (store location, now, passphrase sources, output
//! style), dispatch to the command, and rendering of its report.

use std::cell::{Cell, RefCell};
use std::path::PathBuf;

use crate::cli::{AuditCommand, CaCommand, Cli, Command, PolicyCommand, Sources};
use crate::commands;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{self, Report, Style};
use crate::secrets::{EnvSecrets, Passphrases};
use crate::store::{StoreLocation, StoreSource};
use crate::timeutil::now_unix;

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
                pin_file: g.pin_file.clone(),
                pin_env: env.pkcs11_pin,
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

/// Renders a command's report with the warnings it collected.
fn emit<R: Report>(ctx: &Context, report: &R) -> u8 {
    let warnings = ctx.take_warnings();
    output::emit(ctx.style, report, ctx.store_used(), &warnings)
}

fn dispatch(ctx: &Context, command: Command) -> Result<u8> {
    Ok(match command {
        Command::InitCa(a) => emit(ctx, &commands::init_ca::run(ctx, a)?),
        Command::Issue(a) => emit(ctx, &commands::issue::run(ctx, a)?),
        Command::SignCsr(a) => emit(ctx, &commands::sign_csr::run(ctx, a)?),
        Command::Csr(a) => emit(ctx, &commands::csr::run(ctx, a)?),
        Command::Inspect(a) => emit(ctx, &commands::inspect::run(ctx, a)?),
        Command::Verify(a) => emit(ctx, &commands::verify::run(ctx, a)?),
        Command::List(a) => emit(ctx, &commands::list::run(ctx, a)?),
        Command::CheckExpiry(a) => emit(ctx, &commands::check_expiry::run(ctx, a)?),
        Command::Renew(a) => emit(ctx, &commands::renew::run(ctx, a)?),
        Command::Revoke(a) => emit(ctx, &commands::revoke::revoke(ctx, a)?),
        Command::Retire(a) => emit(ctx, &commands::revoke::retire(ctx, a)?),
        Command::Export(a) => emit(ctx, &commands::export::export(ctx, a)?),
        Command::Bundle(a) => emit(ctx, &commands::export::bundle(ctx, a)?),
        Command::Crl(a) => emit(ctx, &commands::crl::run(ctx, a)?),
        Command::ImportCa(a) => emit(ctx, &commands::import_ca::run(ctx, a)?),
        Command::Ca(CaCommand::Default(a)) => emit(ctx, &commands::ca::set_default(ctx, a)?),
        Command::Ca(CaCommand::Status(a)) => emit(ctx, &commands::ca::status(ctx, a)?),
        Command::Ca(CaCommand::Renew(a)) => emit(ctx, &commands::ca_renew::run(ctx, a)?),
        Command::Ca(CaCommand::CrossSign(a)) => emit(ctx, &commands::ca_cross_sign::run(ctx, a)?),
        Command::Ca(CaCommand::Rollover(a)) => emit(ctx, &commands::ca_rollover::run(ctx, a)?),
        Command::Policy(PolicyCommand::Show(a)) => emit(ctx, &commands::policy::show(ctx, a)?),
        Command::Audit(AuditCommand::Verify) => emit(ctx, &commands::audit::verify(ctx)?),
        Command::Doctor(a) => emit(ctx, &commands::doctor::run(ctx, a)?),
        Command::Completions(a) => output::emit_text(&commands::completions::script(a.shell)),
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
