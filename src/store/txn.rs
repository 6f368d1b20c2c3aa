//! The one way anything is written to the store: a transaction.
//!
//! 1. `begin` takes the lock and finishes whatever an interrupted writer
//!    committed but did not apply (`view::roll_forward`).
//! 2. Content is staged where nothing points at it yet: a new serial
//!    directory, a CRL or a `pkictl.toml` under a staged name.
//! 3. `commit` makes the staged content durable (one fsync per file and
//!    directory, or one `syncfs` for a batch), then appends the records
//!    with one write and one fsync — the commit point — and only then
//!    applies them to the view (`current` links, CRL files, pkictl.toml)
//!    and moves the checkpoint.
//!
//! So no record names a file that is not durable, and nothing is reachable
//! through `current` before its record is: a kill at any point leaves
//! either the old state, or a committed state whose view the next writer
//! (or `doctor --fix`) brings up to date, and readers already see through
//! `Store::active_serial`.

use std::path::PathBuf;
use std::time::Duration;

use crate::encoding::sha256_hex;
use crate::error::{Code, Error, Result};
use crate::store::fsio::{self, MODE_DIR, Replace};
use crate::store::lock::StoreLock;
use crate::store::log::{self, Tail};
use crate::store::record::{Actor, Event, Record};
use crate::store::{CONFIG, Kind, Store, view};
use crate::timeutil::format_time;

/// Above this many written files one `syncfs` is cheaper than an fsync each.
const SYNCFS_THRESHOLD: usize = 64;

/// A file to put into a serial directory.
pub struct StagedFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
    pub mode: u32,
}

/// A write under the store lock: stage content, then commit records.
pub struct Txn<'s> {
    store: &'s Store,
    _lock: StoreLock,
    tail: Tail,
    records: Vec<Record>,
    /// Files and directories written by this transaction, to make durable.
    written: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    /// What this transaction staged: removed again unless it commits.
    staged: Vec<PathBuf>,
    /// Directories to remove once the records are durable.
    retired: Vec<PathBuf>,
    /// Set once the records are appended: from then on the staged content
    /// belongs to the store.
    committed: bool,
    config_sha: String,
}

impl<'s> Txn<'s> {
    /// Takes the lock, brings the view up to the index, and starts.
    pub(crate) fn begin(store: &'s Store, timeout: Duration, command: &str) -> Result<Txn<'s>> {
        let lock = StoreLock::acquire(&store.lock_path(), timeout, command)?;
        let tail = log::read_tail(&store.index_path())?;
        if tail.torn {
            return Err(Error::new(
                Code::StoreFormat,
                format!(
                    "the last line of {} is incomplete: an earlier command was interrupted",
                    store.index_path().display()
                ),
            )
            .hint("run `pkictl doctor --fix` to trim it, then run this command again"));
        }
        view::roll_forward(store)?;
        let (_, text) = store.config()?;
        let config_sha = sha256_hex(text.as_bytes());
        let mut txn = Txn {
            store,
            _lock: lock,
            tail,
            records: Vec::new(),
            written: Vec::new(),
            dirs: Vec::new(),
            staged: Vec::new(),
            retired: Vec::new(),
            committed: false,
            config_sha,
        };
        if txn.tail.seq > 0 && txn.tail.config_sha256.as_deref() != Some(txn.config_sha.as_str()) {
            let mut r = Record::new(Event::PolicyChanged);
            r.message = Some(format!("{CONFIG} changed (sha256 {})", txn.config_sha));
            txn.push(r);
        }
        Ok(txn)
    }

    /// The store.
    pub fn store(&self) -> &'s Store {
        self.store
    }

    /// Writes a serial directory for `name` (files not yet synced; `commit`
    /// syncs) and returns its path. The directory appears complete or not
    /// at all, because it is renamed into place; nothing points at it until
    /// the transaction's records are committed.
    pub fn stage_serial_dir(
        &mut self,
        kind: Kind,
        name: &str,
        serial: &str,
        files: &[StagedFile<'_>],
    ) -> Result<PathBuf> {
        let name_dir = self.store.name_dir(kind, name);
        fsio::create_dir(&name_dir, MODE_DIR)?;
        let tmp = fsio::temp_dir_in(&name_dir)?;
        for f in files {
            if let Err(e) =
                fsio::write_file(&tmp.join(f.name), f.bytes, f.mode, Replace::Never, false)
            {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(e);
            }
            failpoint("stage_file");
        }
        let dest = name_dir.join(serial);
        if let Err(e) = fsio::rename_noreplace(&tmp, &dest) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
        failpoint("stage_dir");
        self.written.extend(files.iter().map(|f| dest.join(f.name)));
        self.dirs.push(dest.clone());
        self.dirs.push(name_dir);
        self.staged.push(dest.clone());
        Ok(dest)
    }

    /// Takes back a serial directory this transaction staged (an item of a
    /// batch that failed after staging); the rest of the transaction goes on.
    pub fn unstage(&mut self, dir: &std::path::Path) -> Result<()> {
        if !self.staged.iter().any(|d| d == dir) {
            return Ok(());
        }
        std::fs::remove_dir_all(dir).map_err(|e| Error::io("remove", dir, &e))?;
        self.staged.retain(|d| d != dir);
        self.written.retain(|f| !f.starts_with(dir));
        self.dirs.retain(|d| d != dir);
        Ok(())
    }

    /// Removes `dir` once the records are durable (a pending CA's
    /// directory, whose key the new serial directory now holds).
    pub fn retire(&mut self, dir: PathBuf) {
        self.retired.push(dir);
    }

    /// Stages a CA's CRL; the `crl_signed` record with the same number
    /// puts it in place when it is applied.
    pub fn stage_crl(&mut self, ca: &str, number: u64, pem: &str) -> Result<()> {
        let path = view::staged_crl_path(self.store, ca, number);
        fsio::write_file(
            &path,
            pem.as_bytes(),
            fsio::MODE_PUBLIC,
            Replace::Always,
            false,
        )?;
        failpoint("stage_crl");
        self.written.push(path.clone());
        self.dirs.push(fsio::parent_dir(&path));
        self.staged.push(path);
        Ok(())
    }

    /// Stages a new `pkictl.toml`: it replaces the file when the first
    /// record of this transaction (which carries its hash) is applied.
    pub fn stage_config(&mut self, text: &str) -> Result<()> {
        let sha = sha256_hex(text.as_bytes());
        let path = view::staged_config_path(self.store, &sha);
        fsio::write_file(&path, text.as_bytes(), 0o600, Replace::Always, false)?;
        self.written.push(path.clone());
        self.staged.push(path);
        self.dirs.push(self.store.root().to_path_buf());
        self.config_sha = sha;
        Ok(())
    }

    /// Queues a record.
    pub fn push(&mut self, record: Record) {
        self.records.push(record);
    }

    /// Makes the staged content durable — an fsync per file and directory
    /// for a few, one `syncfs` for a batch — then appends the records with
    /// one write and one fsync, then applies them to the view. Returns the
    /// sealed records.
    pub fn commit(mut self) -> Result<Vec<Record>> {
        if self.written.len() > SYNCFS_THRESHOLD {
            fsio::syncfs(self.store.root())?;
        } else {
            for f in &self.written {
                std::fs::File::open(f)
                    .and_then(|f| f.sync_all())
                    .map_err(|e| Error::io("flush", f, &e))?;
            }
            self.dirs.sort();
            self.dirs.dedup();
            for d in &self.dirs {
                fsio::fsync_dir(d)?;
            }
        }
        failpoint("synced");
        let actor = Actor::current();
        let time = format_time(crate::timeutil::now_unix());
        let mut prev = self.tail.hash.clone();
        let mut seq = self.tail.seq;
        let mut out = String::new();
        for r in &mut self.records {
            seq += 1;
            r.seq = seq;
            r.time = time.clone();
            r.actor = actor.clone();
            r.config_sha256 = Some(self.config_sha.clone());
            r.prev_hash = prev.clone();
            out.push_str(&log::seal(r)?);
            prev = r.hash.clone();
        }
        if out.is_empty() {
            return Ok(Vec::new());
        }
        let len = log::append(&self.store.index_path(), &out)?;
        self.committed = true;
        failpoint("recorded");
        for r in &self.records {
            view::apply(self.store, r)?;
            failpoint("applied");
        }
        view::write_checkpoint(self.store, len)?;
        for dir in std::mem::take(&mut self.retired) {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io("remove", &dir, &e))?;
            fsio::fsync_dir(&fsio::parent_dir(&dir))?;
        }
        Ok(std::mem::take(&mut self.records))
    }
}

impl Drop for Txn<'_> {
    /// A transaction that never committed takes back what it staged
    /// (best effort: what a kill leaves, `doctor --fix` removes).
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        for path in self.staged.drain(..) {
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

/// A test-build hook to kill the process at a named step, as a crash or a
/// `kill -9` would: `PKICTL_FAILPOINT=recorded` dies after the records are
/// appended, `PKICTL_FAILPOINT=applied:2` at the second record applied.
/// Compiled out of release builds.
pub(crate) fn failpoint(name: &str) {
    #[cfg(debug_assertions)]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static HITS: AtomicUsize = AtomicUsize::new(0);
        let Ok(spec) = std::env::var("PKICTL_FAILPOINT") else {
            return;
        };
        let (point, nth) = match spec.split_once(':') {
            Some((p, n)) => (p.to_string(), n.parse::<usize>().unwrap_or(1)),
            None => (spec, 1),
        };
        if point != name {
            return;
        }
        if HITS.fetch_add(1, Ordering::SeqCst) + 1 == nth {
            // SAFETY: getpid and kill have no preconditions; SIGKILL ends
            // the process at once, with no destructor run and nothing flushed.
            unsafe {
                libc::kill(libc::getpid(), libc::SIGKILL);
            }
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = name;
}
