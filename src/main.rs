//! The pkictl binary: scrub secrets from the environment, parse, run, exit.

use std::process::ExitCode;

use clap::FromArgMatches;
use clap::error::ErrorKind;

fn main() -> ExitCode {
    // SAFETY: first statement of main; no other thread exists yet.
    let secrets = unsafe { pkictl::secrets::scrub_environment() };
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let command_line = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let parsed = pkictl::cli::command()
        .try_get_matches_from(&args)
        .and_then(|m| {
            let cli = pkictl::cli::Cli::from_arg_matches(&m)?;
            Ok((cli, pkictl::cli::Sources::of(&m)))
        });
    match parsed {
        Ok((cli, sources)) => ExitCode::from(pkictl::app::run(
            cli,
            sources,
            secrets,
            format!("pkictl {command_line}"),
        )),
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                let _ = e.print();
                ExitCode::SUCCESS
            }
            _ => {
                let json = args.iter().any(|a| a == "--json");
                ExitCode::from(pkictl::app::usage_error(json, &e))
            }
        },
    }
}
