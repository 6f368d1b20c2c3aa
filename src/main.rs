//! The pkictl binary: scrub secrets from the environment, parse, run, exit.

use std::process::ExitCode;

use clap::Parser;
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
    match pkictl::cli::Cli::try_parse_from(&args) {
        Ok(cli) => ExitCode::from(pkictl::app::run(
            cli,
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
