//! Batch files: JSON Lines or CSV (RFC 4180), one certificate per line,
//! read whole and checked before anything is signed.

use std::path::Path;

use serde::Serialize;

use crate::cli::BatchFormat;
use crate::error::{Code, Error, Result};
use crate::issuance::Request;
use crate::issuance::request::BatchLine;
use crate::store::fsio;

/// A batch line that failed.
#[derive(Debug, Clone, Serialize)]
pub struct LineError {
    pub line: usize,
    pub name: Option<String>,
    pub code: Code,
    pub message: String,
}

/// Reads a batch file: JSON Lines or CSV (by extension or --batch-format).
/// A batch stops after this many bad lines unless --keep-going: the first
/// ones tell what is wrong, a million more tell nothing new.
pub const MAX_BATCH_ERRORS: usize = 100;

/// Keeps the entries of a batch up to the `max`-th bad one; then one more
/// entry says that the rest was not looked at.
fn bounded_errors(
    items: impl Iterator<Item = Result<(usize, Request), LineError>>,
    max: Option<usize>,
) -> Vec<Result<(usize, Request), LineError>> {
    let mut out = Vec::new();
    let mut bad = 0;
    for item in items {
        if item.is_err() {
            bad += 1;
        }
        let line = match &item {
            Ok((l, _)) => *l,
            Err(e) => e.line,
        };
        out.push(item);
        if max.is_some_and(|m| bad >= m) {
            out.push(Err(LineError {
                line: line + 1,
                name: None,
                code: Code::MalformedInput,
                message: format!(
                    "stopped after {bad} bad lines; the rest was not read (fix these, or pass --keep-going to see every one)"
                ),
            }));
            break;
        }
    }
    out
}

/// A batch line typed; a value that does not parse is that line's error.
fn typed(line: usize, b: BatchLine) -> Result<(usize, Request), LineError> {
    let name = b.name.clone();
    b.into_request().map(|r| (line, r)).map_err(|e| LineError {
        line,
        name: Some(crate::error::clip(name, 130)),
        code: e.code,
        message: e.message,
    })
}

pub fn read_batch(
    path: &Path,
    format: Option<BatchFormat>,
    keep_going: bool,
) -> Result<Vec<Result<(usize, Request), LineError>>> {
    let max_errors = (!keep_going).then_some(MAX_BATCH_ERRORS);
    let data = fsio::read_input(path, fsio::InputKind::BATCH)?;
    let text = String::from_utf8(data)
        .map_err(|_| Error::malformed(format!("batch file {} is not UTF-8", path.display())))?;
    // Editors on Windows start UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let format = format.unwrap_or_else(|| {
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            BatchFormat::Csv
        } else {
            BatchFormat::Jsonl
        }
    });
    let items = match format {
        BatchFormat::Jsonl => bounded_errors(
            text.lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| {
                    let line = serde_json::from_str::<BatchLine>(l).map_err(|e| LineError {
                        line: i + 1,
                        name: serde_json::from_str::<serde_json::Value>(l)
                            .ok()
                            .and_then(|v| {
                                v.get("name")
                                    .and_then(|n| n.as_str())
                                    .map(|n| crate::error::clip(n.to_string(), 130))
                            }),
                        code: Code::MalformedInput,
                        message: crate::error::json_problem(&e),
                    })?;
                    typed(i + 1, line)
                }),
            max_errors,
        ),
        BatchFormat::Csv => read_csv(text, max_errors)?,
    };
    if items.is_empty() {
        return Err(Error::malformed(format!(
            "batch file {} has no entries",
            path.display()
        )));
    }
    Ok(items)
}

fn read_csv(
    text: &str,
    max_errors: Option<usize>,
) -> Result<Vec<Result<(usize, Request), LineError>>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| Error::malformed(format!("batch CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect::<Vec<_>>();
    const KNOWN: [&str; 12] = [
        "name",
        "cn",
        "subject",
        "dns",
        "ip",
        "email",
        "uri",
        "spiffe_id",
        "profile",
        "validity",
        "key_type",
        "ca",
    ];
    if let Some(bad) = headers.iter().find(|h| !KNOWN.contains(&h.as_str())) {
        return Err(Error::malformed(format!(
            "batch CSV has an unknown column {}",
            crate::error::q(bad)
        ))
        .hint(format!("columns: {}", KNOWN.join(", "))));
    }
    if let Some((i, dup)) = headers
        .iter()
        .enumerate()
        .find(|(i, h)| headers[..*i].contains(h))
    {
        return Err(Error::malformed(format!(
            "batch CSV names the column {dup:?} twice (columns {} and {})",
            headers.iter().position(|h| h == dup).unwrap_or(0) + 1,
            i + 1
        ))
        .hint("give each column once; several values go into one cell, separated by ';'"));
    }
    if !headers.iter().any(|h| h == "name") {
        return Err(Error::malformed("batch CSV has no name column"));
    }
    let items = rdr.records().map(|rec| {
        let rec = rec.map_err(|e| LineError {
            line: e.position().map_or(0, |p| p.line() as usize),
            name: None,
            code: Code::MalformedInput,
            message: crate::error::clip(e.to_string(), 2 * crate::error::QUOTE_MAX),
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let mut input = BatchLine::default();
        for (h, v) in headers.iter().zip(rec.iter()) {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            let many = || {
                v.split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
            };
            match h.as_str() {
                "name" => input.name = v.to_string(),
                "cn" => input.cn = Some(v.to_string()),
                "subject" => input.subject = Some(v.to_string()),
                "dns" => input.dns = many(),
                "ip" => input.ip = many(),
                "email" => input.email = many(),
                "uri" => input.uri = many(),
                "spiffe_id" => input.spiffe_id = Some(v.to_string()),
                "profile" => input.profile = Some(v.to_string()),
                "validity" => input.validity = Some(v.to_string()),
                "key_type" => input.key_type = Some(v.to_string()),
                _ => input.ca = Some(v.to_string()),
            }
        }
        if input.name.is_empty() {
            return Err(LineError {
                line,
                name: None,
                code: Code::MalformedInput,
                message: "the name is empty".into(),
            });
        }
        typed(line, input)
    });
    Ok(bounded_errors(items, max_errors))
}
