//! The store's log: one append-only, hash-chained JSON Lines file that is
//! both the index (the store's state is the fold of its complete lines) and
//! the audit log. Appending reads only the file's tail, so a commit costs
//! the same in a store of 100,000 certificates as in an empty one.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::encoding::sha256_hex;
use crate::error::{Code, Error, Result, Warning, WarningCode, json_problem};
use crate::store::record::{Event, Record};

/// The `prev_hash` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The last committed record's chain position.
#[derive(Debug, Clone)]
pub struct Tail {
    pub seq: u64,
    pub hash: String,
    pub config_sha256: Option<String>,
    /// Bytes of committed content (everything up to the last newline).
    pub committed_len: u64,
    /// True when the file ends with an unterminated (interrupted) line.
    pub torn: bool,
}

/// Serializes a record as one hash-chained line: the hash covers the line's
/// JSON without its `hash` member (which is then appended as the last one).
pub fn seal(record: &mut Record) -> Result<String> {
    record.hash.clear();
    let body = serde_json::to_string(record)
        .map_err(|e| Error::internal(format!("cannot encode a log record: {e}")))?;
    let hash = sha256_hex(body.as_bytes());
    let mut line = body;
    line.pop(); // the closing brace
    line.push_str(&format!(",\"hash\":\"{hash}\"}}\n"));
    record.hash = hash;
    Ok(line)
}

/// Splits a line into the body the hash covers and the stated hash.
fn unseal(line: &str) -> Option<(String, &str)> {
    let idx = line.rfind(",\"hash\":\"")?;
    let rest = &line[idx + 9..];
    let hash = rest.strip_suffix("\"}")?;
    if hash.len() != 64 {
        return None;
    }
    let mut body = line[..idx].to_string();
    body.push('}');
    Some((body, hash))
}

/// Reads the tail of the log: the last complete record's seq and hash.
pub fn read_tail(path: &Path) -> Result<Tail> {
    let mut f = match crate::store::fsio::open_regular(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
            return Err(corrupt(path, None, &e.to_string()));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Tail {
                seq: 0,
                hash: GENESIS.into(),
                config_sha256: None,
                committed_len: 0,
                torn: false,
            });
        }
        Err(e) => return Err(Error::io("read the index", path, &e)),
    };
    let len = f.metadata().map_err(|e| Error::io("read", path, &e))?.len();
    let mut chunk = 64 * 1024u64;
    loop {
        let start = len.saturating_sub(chunk);
        let mut buf = Vec::with_capacity((len - start) as usize);
        f.seek(SeekFrom::Start(start))
            .and_then(|_| f.read_to_end(&mut buf))
            .map_err(|e| Error::io("read the index", path, &e))?;
        let torn = !buf.is_empty() && *buf.last().unwrap_or(&b'\n') != b'\n';
        let end = match buf.iter().rposition(|&b| b == b'\n') {
            Some(i) => i,
            None if start == 0 => {
                return Ok(Tail {
                    seq: 0,
                    hash: GENESIS.into(),
                    config_sha256: None,
                    committed_len: 0,
                    torn,
                });
            }
            None => {
                chunk *= 4;
                continue;
            }
        };
        let line_start = match buf[..end].iter().rposition(|&b| b == b'\n') {
            Some(i) => i + 1,
            None if start == 0 => 0,
            None => {
                chunk *= 4;
                continue;
            }
        };
        let line = std::str::from_utf8(&buf[line_start..end])
            .map_err(|_| corrupt(path, None, "the last record is not UTF-8"))?;
        let rec: Record = serde_json::from_str(line).map_err(|e| {
            corrupt(
                path,
                None,
                &format!("the last record cannot be read: {}", json_problem(&e)),
            )
        })?;
        return Ok(Tail {
            seq: rec.seq,
            hash: rec.hash,
            config_sha256: rec.config_sha256,
            committed_len: start + end as u64 + 1,
            torn,
        });
    }
}

/// The 1-based line of the byte at `pos`.
fn line_at(data: &[u8], pos: usize) -> usize {
    memchr::memchr_iter(b'\n', &data[..pos.min(data.len())]).count() + 1
}

fn corrupt(path: &Path, line: Option<usize>, what: &str) -> Error {
    let at = line.map(|l| format!(" line {l}")).unwrap_or_default();
    Error::new(Code::StoreFormat, format!("the index {}{at} is damaged: {what}", path.display()))
        .hint("run `pkictl doctor` to see what is wrong; restore the index from a backup if doctor cannot mend it")
}

/// Appends sealed records with one write and one fsync; returns the
/// index's length after them. The caller holds the store lock and has
/// checked that the log is not torn.
/// Appends to the index in pieces, then makes it durable once.
pub struct Appender {
    file: std::fs::File,
    path: std::path::PathBuf,
}

impl Appender {
    /// Opens the index for appending (created if missing).
    pub fn open(path: &Path) -> Result<Appender> {
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(path)
            .map_err(|e| Error::io("open the index", path, &e))?;
        Ok(Appender {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Appends bytes (whole lines).
    pub fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.file
            .write_all(bytes)
            .map_err(|e| Error::io("append to the index", &self.path, &e))
    }

    /// Makes the appended lines durable; returns the index's length.
    pub fn finish(self) -> Result<u64> {
        self.file
            .sync_data()
            .and_then(|_| self.file.metadata())
            .map(|m| m.len())
            .map_err(|e| Error::io("append to the index", &self.path, &e))
    }
}

pub fn append(path: &Path, lines: &str) -> Result<u64> {
    let mut f = OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| Error::io("open the index", path, &e))?;
    f.write_all(lines.as_bytes())
        .and_then(|_| f.sync_data())
        .and_then(|_| f.metadata())
        .map(|m| m.len())
        .map_err(|e| Error::io("append to the index", path, &e))
}

/// Reads the complete records that start at byte `offset` (a record
/// boundary); returns them and the index's committed length.
pub fn read_from(path: &Path, offset: u64) -> Result<(Vec<Record>, u64)> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = crate::store::fsio::open_regular(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            corrupt(path, None, &e.to_string())
        } else {
            Error::io("read the index", path, &e)
        }
    })?;
    let mut data = Vec::new();
    f.seek(SeekFrom::Start(offset))
        .and_then(|_| f.read_to_end(&mut data))
        .map_err(|e| Error::io("read the index", path, &e))?;
    let complete = memchr::memrchr(b'\n', &data).map_or(0, |i| i + 1);
    let records = parse_lines(&data[..complete], path)?;
    Ok((records, offset + complete as u64))
}

/// Reads every complete record. An unterminated last line is an
/// interrupted commit: ignored with a warning. A broken complete line is a
/// store error.
pub fn read_all(path: &Path) -> Result<(Vec<Record>, Vec<Warning>)> {
    let Some(data) = crate::store::fsio::read_store_file(path)? else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut warnings = Vec::new();
    let complete = match memchr::memrchr(b'\n', &data) {
        Some(i) => i + 1,
        None => 0,
    };
    if complete < data.len() {
        warnings.push(torn_warning(path));
    }
    let records = parse_lines(&data[..complete], path)?;
    Ok((records, warnings))
}

/// Parses complete lines, in parallel on large indexes (one chunk per core,
/// split at line boundaries; the records keep their order).
fn parse_lines(data: &[u8], path: &Path) -> Result<Vec<Record>> {
    parse_parallel(data, |start, end| {
        let mut out = Vec::with_capacity((end - start) / 1200 + 1);
        for (i, line) in data[start..end].split(|&b| b == b'\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            let rec: Record = serde_json::from_slice(line).map_err(|e| {
                // Line numbers are counted only for the error.
                let before = data[..start].iter().filter(|&&b| b == b'\n').count();
                corrupt(path, Some(before + i + 1), &json_problem(&e))
            })?;
            out.push(rec);
        }
        Ok(out)
    })
}

/// Applies `parse(start, end)` to runs of whole lines of `data`: on one
/// thread for small inputs, else on up to 8 threads; the results keep the
/// order of the lines.
fn parse_parallel<T: Send>(
    data: &[u8],
    parse: impl Fn(usize, usize) -> Result<Vec<T>> + Sync,
) -> Result<Vec<T>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads < 2 || data.len() < (4 << 20) {
        return parse(0, data.len());
    }
    // Runs start just after a newline.
    let mut starts = vec![0usize];
    for k in 1..threads {
        let from = (k * data.len() / threads).max(*starts.last().unwrap_or(&0));
        if let Some(i) = memchr::memchr(b'\n', &data[from..]) {
            starts.push(from + i + 1);
        }
    }
    starts.push(data.len());
    starts.dedup();
    let parse = &parse;
    let parts: Vec<Result<Vec<T>>> = std::thread::scope(|sc| {
        let handles: Vec<_> = starts
            .windows(2)
            .map(|w| sc.spawn(move || parse(w[0], w[1])))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::internal("an index reader thread panicked")))
            })
            .collect()
    });
    let mut out = Vec::with_capacity(data.len() / 1200 + 1);
    for p in parts {
        out.extend(p?);
    }
    Ok(out)
}

/// The warning for an interrupted last line.
pub fn torn_warning(path: &Path) -> Warning {
    Warning::new(
        WarningCode::IndexTorn,
        format!(
            "the last line of {} is incomplete (an interrupted command); it is ignored. Run `pkictl doctor --fix` to trim it",
            path.display()
        ),
    )
}

/// Result of checking the hash chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainCheck {
    pub ok: bool,
    pub records: u64,
    pub head: Option<Head>,
    pub problems: Vec<ChainProblem>,
    pub torn_tail: bool,
}

/// The chain's head, to publish elsewhere.
#[derive(Debug, Clone, Serialize)]
pub struct Head {
    pub seq: u64,
    pub hash: String,
}

/// A broken link of the chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainProblem {
    pub line: usize,
    pub seq: Option<u64>,
    pub message: String,
}

/// Verifies the hash chain line by line.
pub fn verify_chain(path: &Path) -> Result<ChainCheck> {
    verify_chain_records(path).map(|(c, _)| c)
}

/// Verifies the hash chain and returns the records that read (every line
/// is parsed and hashed once, on every core; the chain itself is then
/// followed in order).
pub fn verify_chain_records(path: &Path) -> Result<(ChainCheck, Vec<Record>)> {
    let data = crate::store::fsio::read_store_file(path)?.unwrap_or_default();
    Ok(verify_chain_bytes(&data))
}

/// `verify_chain_records` over the index's bytes.
pub fn verify_chain_bytes(data: &[u8]) -> (ChainCheck, Vec<Record>) {
    let complete = memchr::memrchr(b'\n', data).map_or(0, |i| i + 1);
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, end) in memchr::memchr_iter(b'\n', &data[..complete]).enumerate() {
        if end > start {
            lines.push((i + 1, start, end));
        }
        start = end + 1;
    }
    /// One line: its record, its stated hash, and whether the hash matches.
    type Read = std::result::Result<(Record, String, bool), (Option<u64>, String)>;
    let read: Vec<Read> = crate::parallel::map(&lines, |&(_, s, e)| {
        let line = std::str::from_utf8(&data[s..e]).map_err(|_| (None, "not UTF-8".into()))?;
        let rec: Record = serde_json::from_str(line)
            .map_err(|e| (None, format!("not a valid record: {}", json_problem(&e))))?;
        let Some((body, stated)) = unseal(line) else {
            return Err((
                Some(rec.seq),
                "the record has no hash as its last member".into(),
            ));
        };
        let matches = sha256_hex(body.as_bytes()) == stated;
        Ok((rec, stated.to_string(), matches))
    });
    let mut problems = Vec::new();
    let mut records = Vec::with_capacity(read.len());
    let mut prev = GENESIS.to_string();
    let mut expect_seq = 1u64;
    let mut head = None;
    for (&(lineno, _, _), r) in lines.iter().zip(read) {
        let problem = |seq, message: String| ChainProblem {
            line: lineno,
            seq,
            message,
        };
        let (rec, stated, matches) = match r {
            Ok(v) => v,
            Err((seq, message)) => {
                problems.push(problem(seq, message));
                continue;
            }
        };
        if !matches {
            problems.push(problem(
                Some(rec.seq),
                "the record's content does not match its hash (edited?)".into(),
            ));
        }
        if rec.prev_hash != prev {
            problems.push(problem(
                Some(rec.seq),
                "prev_hash does not match the previous record's hash (a record was removed, inserted or reordered)".into(),
            ));
        }
        if rec.seq != expect_seq {
            problems.push(problem(
                Some(rec.seq),
                format!("seq {} where {expect_seq} was expected", rec.seq),
            ));
        }
        expect_seq = rec.seq + 1;
        head = Some(Head {
            seq: rec.seq,
            hash: stated.clone(),
        });
        prev = stated;
        records.push(rec);
    }
    (
        ChainCheck {
            ok: problems.is_empty(),
            records: lines.len() as u64,
            head,
            problems,
            torn_tail: complete < data.len(),
        },
        records,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_chain(path: &Path, n: u64) {
        let mut prev = GENESIS.to_string();
        let mut out = String::new();
        for seq in 1..=n {
            let mut r = Record::new(Event::PolicyChanged);
            r.seq = seq;
            r.time = "2026-01-01T00:00:00Z".into();
            r.prev_hash = prev.clone();
            out.push_str(&seal(&mut r).unwrap());
            prev = r.hash.clone();
        }
        std::fs::write(path, out).unwrap();
    }

    #[test]
    fn a_sealed_chain_verifies_and_its_tail_is_read() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("index.jsonl");
        write_chain(&p, 5);
        let check = verify_chain(&p).unwrap();
        assert!(check.ok, "{:?}", check.problems);
        assert_eq!(check.head.as_ref().unwrap().seq, 5);
        let tail = read_tail(&p).unwrap();
        assert_eq!(tail.seq, 5);
        assert_eq!(tail.hash, check.head.unwrap().hash);
        assert!(!tail.torn);
    }

    #[test]
    fn an_edited_record_breaks_the_chain() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("index.jsonl");
        write_chain(&p, 3);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replacen("2026-01-01", "2025-01-01", 1)).unwrap();
        let check = verify_chain(&p).unwrap();
        assert!(!check.ok);
        assert_eq!(check.problems[0].line, 1);
    }

    #[test]
    fn a_torn_last_line_is_ignored_with_a_warning() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("index.jsonl");
        write_chain(&p, 2);
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str("{\"seq\":3,\"ti");
        std::fs::write(&p, &text).unwrap();
        let (records, warnings) = read_all(&p).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(warnings[0].code, crate::error::WarningCode::IndexTorn);
        let tail = read_tail(&p).unwrap();
        assert!(tail.torn);
        assert_eq!(tail.seq, 2);
    }
}

/// The few fields expiry checks need, borrowed from the index bytes
/// (no allocation for plain strings), with the line's byte range.
#[derive(Debug, Deserialize)]
pub struct SlimRecord<'a> {
    pub event: Event,
    #[serde(borrow)]
    pub time: std::borrow::Cow<'a, str>,
    #[serde(default, borrow)]
    pub ca: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    pub name: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    pub serial: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, with = "crate::timeutil::rfc3339::option")]
    pub not_after: Option<i64>,
    #[serde(default, borrow)]
    pub next_update: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    pub crl_number: Option<u64>,
    #[serde(default)]
    pub ca_generation: Option<u32>,
    #[serde(default, borrow)]
    pub cert: Option<SlimCert<'a>>,
    #[serde(default, borrow)]
    pub replaced_by: Option<std::borrow::Cow<'a, str>>,
    #[serde(skip)]
    pub range: (usize, usize),
}

/// The part of a record's certificate an expiry check needs.
#[derive(Debug, Deserialize)]
pub struct SlimCert<'a> {
    #[serde(with = "crate::timeutil::rfc3339")]
    pub not_before: i64,
    #[serde(borrow)]
    pub subject_cn: Option<std::borrow::Cow<'a, str>>,
}

/// Parses the complete lines of index bytes into slim records, on every core.
pub fn parse_slim<'a>(data: &'a [u8], path: &Path) -> Result<Vec<SlimRecord<'a>>> {
    parse_slim_at(data, path, 0)
}

/// As `parse_slim`, for a piece of the index that starts after `base_line`
/// lines (so that an error names the line of the whole file).
pub fn parse_slim_at<'a>(
    data: &'a [u8],
    path: &Path,
    base_line: usize,
) -> Result<Vec<SlimRecord<'a>>> {
    let complete = memchr::memrchr(b'\n', data).map_or(0, |i| i + 1);
    let data = &data[..complete];
    let parse = |start: usize, end: usize| -> Result<Vec<SlimRecord<'a>>> {
        let mut out = Vec::with_capacity((end - start) / 1200 + 1);
        let mut pos = start;
        while pos < end {
            let len = memchr::memchr(b'\n', &data[pos..end]).unwrap_or(end - pos);
            let line = &data[pos..pos + len];
            if !line.is_empty() {
                let mut r: SlimRecord<'a> = serde_json::from_slice(line).map_err(|e| {
                    corrupt(
                        path,
                        Some(base_line + line_at(data, pos)),
                        &json_problem(&e),
                    )
                })?;
                r.range = (pos, pos + len);
                out.push(r);
            }
            pos += len + 1;
        }
        Ok(out)
    };
    parse_parallel(data, parse)
}

/// Parses one full record from its byte range of the index.
pub fn parse_record(data: &[u8], (start, end): (usize, usize), path: &Path) -> Result<Record> {
    serde_json::from_slice(&data[start..end])
        .map_err(|e| corrupt(path, Some(line_at(data, start)), &json_problem(&e)))
}
