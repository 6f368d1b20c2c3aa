//! The store's writer lock: `flock` on a lock file that is never replaced,
//! so a crashed holder never leaves a stale lock. The holder writes who it
//! is into the file, so a timeout can name it.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::error::{Code, Error, Result};
use crate::timeutil::{format_time, now_unix};

/// Who holds the lock.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
    pub command: String,
    pub started: String,
}

/// An exclusive lock on the store, released on drop (or by the kernel when
/// the process dies).
#[derive(Debug)]
pub struct StoreLock {
    file: File,
    path: PathBuf,
}

impl StoreLock {
    /// Takes the lock, polling with backoff for up to `timeout`.
    pub fn acquire(path: &Path, timeout: Duration, command: &str) -> Result<StoreLock> {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(path)
            .map_err(|e| Error::io("open the lock file", path, &e))?;
        let start = Instant::now();
        let mut wait = Duration::from_millis(5);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    let elapsed = start.elapsed();
                    if elapsed >= timeout {
                        return Err(timeout_error(&mut file, path, timeout));
                    }
                    std::thread::sleep(wait.min(timeout - elapsed));
                    wait = (wait * 2).min(Duration::from_millis(200));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Error::io("lock", path, &e));
                }
            }
        }
        let holder = Holder {
            pid: std::process::id(),
            host: crate::store::record::hostname(),
            command: command.to_string(),
            started: format_time(now_unix()),
        };
        let text = serde_json::to_string(&holder).unwrap_or_default();
        // The lock file holds no secret: updating it in place is fine.
        let _ = file
            .set_len(0)
            .and_then(|_| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(format!("{text}\n").as_bytes()));
        Ok(StoreLock {
            file,
            path: path.to_path_buf(),
        })
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for StoreLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

fn timeout_error(file: &mut File, path: &Path, timeout: Duration) -> Error {
    let mut text = String::new();
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.read_to_string(&mut text);
    let who = serde_json::from_str::<Holder>(text.trim())
        .map(|h| {
            format!(
                "held by pid {} on {} running `{}` since {}",
                h.pid, h.host, h.command, h.started
            )
        })
        .unwrap_or_else(|_| "held by another pkictl process".to_string());
    Error::new(
        Code::LockTimeout,
        format!(
            "the store lock {} is {who}; gave up after {}s",
            path.display(),
            timeout.as_secs_f64()
        ),
    )
    .hint("wait for that command to finish, or raise --lock-timeout (PKICTL_LOCK_TIMEOUT)")
}
