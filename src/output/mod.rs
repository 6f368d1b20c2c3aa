//! The only code that prints. Commands return reports; this module renders
//! them as one JSON document (with the envelope fields) or as text, and
//! renders errors the same two ways.

pub mod human;
pub mod prometheus;

use std::io::{IsTerminal, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Warning};
use crate::store::StoreLocation;

/// The JSON schema version of every document.
pub const SCHEMA_VERSION: u32 = 1;

/// How output looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub json: bool,
    pub quiet: bool,
    pub color: bool,
}

impl Style {
    /// Colour only on a terminal, and never with `--no-color` or `NO_COLOR`.
    pub fn new(json: bool, quiet: bool, no_color: bool) -> Style {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            json,
            quiet,
            color: !json && !no_color && !no_color_env && std::io::stdout().is_terminal(),
        }
    }
}

/// A command's result, renderable as JSON (via serde) and as text.
pub trait Report: Serialize {
    /// Writes the human view.
    fn human(&self, out: &mut human::Text);
    /// The exit code this result implies (1 for a negative answer).
    fn exit_code(&self) -> u8 {
        0
    }
    /// True for reports whose text is the data asked for (shown even with -q).
    fn is_data(&self) -> bool {
        false
    }
    /// Per-input trouble for a person, one message each (each names its
    /// input): printed on stderr in every mode, so that stdout holds only
    /// the report (`pkictl inspect *.pem > report.txt` stays clean).
    fn diagnostics(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The JSON document: the envelope fields around a report, streamed.
#[derive(Serialize)]
struct Document<'a, R: Serialize> {
    schema_version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    store: Option<&'a StoreLocation>,
    #[serde(flatten)]
    report: &'a R,
    #[serde(skip_serializing_if = "<[Warning]>::is_empty")]
    warnings: &'a [Warning],
}

/// Renders a report; returns the exit code.
pub fn emit<R: Report>(
    style: Style,
    report: &R,
    store: Option<&StoreLocation>,
    warnings: &[Warning],
) -> u8 {
    let diagnostics: String = report
        .diagnostics()
        .iter()
        .map(|d| format!("error: {d}\n"))
        .collect();
    print_stderr(&diagnostics);
    if style.json {
        let doc = Document {
            schema_version: SCHEMA_VERSION,
            store,
            report,
            warnings,
        };
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        let written = serde_json::to_writer(&mut out, &doc)
            .map_err(std::io::Error::from)
            .and_then(|_| out.write_all(b"\n"))
            .and_then(|_| out.flush());
        if let Err(e) = written {
            return write_failed(&e);
        }
    } else {
        print_warnings(style, warnings);
        if !style.quiet || report.is_data() {
            let mut t = human::Text::new(style.color);
            report.human(&mut t);
            if let Err(e) = print_stdout(&t.finish()) {
                return write_failed(&e);
            }
        }
    }
    report.exit_code()
}

/// The exit code when stdout cannot be written: 0 for a reader that went
/// away (`pkictl list | head` is not an error), else 2.
fn write_failed(e: &std::io::Error) -> u8 {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return 0;
    }
    print_stderr(&format!("error: cannot write the output: {e}\n"));
    2
}

/// Writes text that is the whole output (a completion script) to stdout;
/// returns the exit code.
pub fn emit_text(text: &str) -> u8 {
    match print_stdout(text) {
        Ok(()) => 0,
        Err(e) => write_failed(&e),
    }
}

/// Renders an error that stopped the command; returns its exit code.
pub fn emit_error(style: Style, err: &Error, warnings: &[Warning]) -> u8 {
    if style.json {
        let mut doc = Map::new();
        doc.insert("schema_version".into(), Value::from(SCHEMA_VERSION));
        let mut e = Map::new();
        e.insert("code".into(), Value::from(err.code.as_str()));
        e.insert("message".into(), Value::from(err.message.clone()));
        e.insert(
            "hint".into(),
            err.hint.clone().map_or(Value::Null, Value::from),
        );
        doc.insert("error".into(), Value::Object(e));
        if !warnings.is_empty() {
            doc.insert(
                "warnings".into(),
                serde_json::to_value(warnings).unwrap_or(Value::Null),
            );
        }
        // An error is reported by its exit code even if nobody reads it.
        let _ = print_stdout(&(Value::Object(doc).to_string() + "\n"));
    }
    print_warnings(
        Style {
            quiet: false,
            ..style
        },
        warnings,
    );
    let mut text = format!("error: {}\n", err.message);
    if let Some(h) = &err.hint {
        text.push_str(&format!("  hint: {h}\n"));
    }
    print_stderr(&text);
    err.exit_code()
}

fn print_warnings(style: Style, warnings: &[Warning]) {
    if style.quiet || style.json {
        return;
    }
    for w in warnings {
        print_stderr(&format!("warning: {}\n", w.message));
    }
}

/// Writes to stdout.
fn print_stdout(s: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes()).and_then(|_| out.flush())
}

/// Writes a diagnostic to stderr.
pub fn print_stderr(s: &str) {
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
}

/// An informational line on stderr (suppressed by -q and in JSON mode).
pub fn note(style: Style, s: &str) {
    if !style.quiet && !style.json {
        print_stderr(&format!("{s}\n"));
    }
}

/// A progress bar on stderr, or a hidden one.
pub fn progress_bar(shown: bool, len: u64, what: &str) -> indicatif::ProgressBar {
    if !shown {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg:>16} [{bar:30}] {pos}/{len} ({eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// Refuses binary output (a PKCS#12 file) to a terminal.
pub fn check_stdout_bytes(bytes: &[u8]) -> crate::error::Result<()> {
    if !bytes.is_ascii() && std::io::stdout().is_terminal() {
        return Err(
            Error::usage("a PKCS#12 file is binary; it would garble the terminal")
                .hint("redirect stdout to a file, or write it with --out FILE"),
        );
    }
    Ok(())
}

/// Writes an output's bytes to stdout (`--out -`).
pub fn write_stdout_bytes(bytes: &[u8]) -> crate::error::Result<()> {
    check_stdout_bytes(bytes)?;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(|e| Error::io("write", std::path::Path::new("stdout"), &e))
}
