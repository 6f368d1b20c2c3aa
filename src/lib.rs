//! pkictl: a certificate-lifecycle tool for private PKIs.
//!
//! `main` → `app` (dispatch, render) → `commands` (one file per
//! subcommand, each returning a report) → `issuance`/`revocation` →
//! `authority`/`trust` → run context (`context`, `settings`, …) →
//! `output`/`cli` → `store` → `pki` → ground (`error`, `encoding`,
//! `timeutil`, `names`). ARCHITECTURE.md is the map.

// Only `output` writes to stdout and stderr, and only `main` ends the
// process (with the code `app::run` returns).
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::exit)]

pub mod app;
pub mod authority;
pub mod cli;
pub mod commands;
pub mod context;
pub mod encoding;
pub mod error;
pub mod hooks;
pub mod inputs;
pub mod issuance;
pub mod names;
pub mod output;
pub mod parallel;
pub mod pki;
pub mod revocation;
pub mod scan;
pub mod secrets;
pub mod settings;
pub mod store;
pub mod timeutil;
pub mod tls;
pub mod trust;
