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

/// Stops after the `max`-th bad entry of a batch; one more entry then says
/// that the rest was not looked at.
struct Bounded<I> {
    inner: I,
    max: Option<usize>,
    bad: usize,
    last_line: usize,
    done: bool,
}

impl<I: Iterator<Item = Result<(usize, Request), LineError>>> Iterator for Bounded<I> {
    type Item = Result<(usize, Request), LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if self.max.is_some_and(|m| self.bad >= m) {
            self.done = true;
            return Some(Err(LineError {
                line: self.last_line + 1,
                name: None,
                code: Code::MalformedInput,
                message: format!(
                    "stopped after {} bad lines; the rest was not read (fix these, or pass --keep-going to see every one)",
                    self.bad
                ),
            }));
        }
        let item = self.inner.next()?;
        self.last_line = match &item {
            Ok((l, _)) => *l,
            Err(e) => {
                self.bad += 1;
                e.line
            }
        };
        Some(item)
    }
}

/// A batch file's text, parsed line by line each time it is walked (the
/// text is kept; what each line becomes is not).
pub struct BatchText {
    text: String,
    format: BatchFormat,
    max_errors: Option<usize>,
}

/// The entries of a batch, each with its line number, or that line's error.
pub type BatchItems<'a> = Box<dyn Iterator<Item = Result<(usize, Request), LineError>> + 'a>;

impl BatchText {
    /// Reads a batch file (JSON Lines or CSV, by extension or
    /// --batch-format; `-` is stdin) and checks its framing: UTF-8, a CSV
    /// header naming known columns once, at least one entry.
    pub fn read(path: &Path, format: Option<BatchFormat>, keep_going: bool) -> Result<BatchText> {
        let data = fsio::read_input(path, fsio::InputKind::BATCH)?;
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
        BatchText::parse(data, format, keep_going, path)
    }

    /// A batch file's bytes (read from `path`), in `format`.
    pub fn parse(
        data: Vec<u8>,
        format: BatchFormat,
        keep_going: bool,
        path: &Path,
    ) -> Result<BatchText> {
        let mut text = String::from_utf8(data)
            .map_err(|_| Error::malformed(format!("batch file {} is not UTF-8", path.display())))?;
        // Editors on Windows start UTF-8 files with a byte-order mark.
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let b = BatchText {
            text,
            format,
            max_errors: (!keep_going).then_some(MAX_BATCH_ERRORS),
        };
        if b.items()?.next().is_none() {
            return Err(Error::malformed(format!(
                "batch file {} has no entries",
                path.display()
            )));
        }
        Ok(b)
    }

    /// The entries, parsed as they are walked.
    pub fn items(&self) -> Result<BatchItems<'_>> {
        let inner: BatchItems<'_> = match self.format {
            BatchFormat::Jsonl => Box::new(
                self.text
                    .lines()
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
            ),
            BatchFormat::Csv => read_csv(&self.text)?,
        };
        Ok(Box::new(Bounded {
            inner,
            max: self.max_errors,
            bad: 0,
            last_line: 0,
            done: false,
        }))
    }
}

fn read_csv(text: &str) -> Result<BatchItems<'_>> {
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
    let items = rdr.into_records().map(move |rec| {
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
    Ok(Box::new(items))
}
