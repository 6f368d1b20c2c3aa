//! How a command was called: the store's location, the time (read once),
//! passphrase sources, output style and the warnings collected on the way.
//! Every command takes a `Context`; it sits below the commands and above
//! the store and the output.

use std::cell::{Cell, RefCell};
use std::path::Path;
use std::time::Duration;

use crate::error::{Error, Result, Warning};
use crate::output::{self, Style};
use crate::secrets::Passphrases;
use crate::store::config::Config;
use crate::store::fsio;
use crate::store::{Store, StoreLocation};

/// Everything a command needs to know about how it was called.
pub struct Context {
    pub style: Style,
    pub location: StoreLocation,
    pub allow_network_fs: bool,
    pub lock_timeout_flag: Option<i64>,
    /// The current time, read once.
    pub now: i64,
    pub passphrases: Passphrases,
    pub p12_passphrase_env: Option<zeroize::Zeroizing<String>>,
    /// stdin and stderr are terminals: prompts are allowed.
    pub interactive: bool,
    /// The command line, for the lock holder's description.
    pub command_line: String,
    pub(crate) warnings: RefCell<Vec<Warning>>,
    pub(crate) store_used: Cell<bool>,
}

impl Context {
    /// Opens the store (and remembers that this command used one).
    pub fn open_store(&self) -> Result<Store> {
        let s = Store::open(self.location.clone(), self.allow_network_fs)?;
        self.store_used.set(true);
        Ok(s)
    }

    /// Opens the store when it exists (for commands that work without one).
    pub fn open_store_if_present(&self) -> Result<Option<Store>> {
        if Store::exists(&self.location) {
            self.open_store().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Creates the store (init-ca only) or opens it when it exists.
    pub fn create_store(&self) -> Result<Store> {
        let s = Store::create(self.location.clone(), self.allow_network_fs)?;
        self.store_used.set(true);
        Ok(s)
    }

    /// The lock timeout: flag, then environment, then pkictl.toml, then 60s.
    pub fn lock_timeout(&self, config: &Config) -> Duration {
        let secs = self.lock_timeout_flag.or(config.lock_timeout).unwrap_or(60);
        Duration::from_secs(secs.max(0) as u64)
    }

    /// Records a warning for the output.
    pub fn warn(&self, w: Warning) {
        let mut ws = self.warnings.borrow_mut();
        if !ws.contains(&w) {
            ws.push(w);
        }
    }

    /// Records several warnings.
    pub fn warn_all(&self, ws: impl IntoIterator<Item = Warning>) {
        for w in ws {
            self.warn(w);
        }
    }

    /// The password of a PKCS#12 file (`--p12-passphrase-file`, then
    /// `PKICTL_P12_PASSPHRASE`, then a prompt); `creating` asks twice.
    pub fn p12_password(
        &self,
        file: Option<&std::path::Path>,
        creating: bool,
    ) -> Result<zeroize::Zeroizing<String>> {
        let mut ws = Vec::new();
        let pw = crate::secrets::p12_password(
            file,
            self.p12_passphrase_env.as_ref(),
            self.interactive,
            creating,
            &mut ws,
        );
        self.warn_all(ws);
        pw
    }

    /// A scratch list for code that collects warnings (merged back by `warn_all`).
    pub fn take_warnings(&self) -> Vec<Warning> {
        self.warnings.borrow_mut().drain(..).collect()
    }

    /// An informational line on stderr.
    pub fn note(&self, s: &str) {
        output::note(self.style, s);
    }

    /// A progress bar on stderr for `len` steps of `what` (hidden unless
    /// stderr is a terminal, -q is off and the work is long enough).
    pub fn progress(&self, len: u64, what: &str) -> indicatif::ProgressBar {
        use std::io::IsTerminal;
        let shown = !self.style.quiet && std::io::stderr().is_terminal();
        output::progress_bar(shown && len >= 20, len, what)
    }

    /// The store location, when the command used a store (for the output).
    pub fn store_used(&self) -> Option<&StoreLocation> {
        self.store_used.get().then_some(&self.location)
    }

    /// Checks an output before any work is done: `-` (stdout) cannot be
    /// shared with `--json`, and a file's directory must be safe to write
    /// into.
    pub fn check_output(&self, path: &Path) -> Result<()> {
        if path == Path::new("-") {
            if self.style.json {
                return Err(Error::usage("--out - and --json both want stdout")
                    .hint("write to a file with --out FILE"));
            }
        } else {
            fsio::check_out_dir(&fsio::parent_dir(path))?;
        }
        Ok(())
    }

    /// Writes an output: a file, atomically, or stdout for `-` (never
    /// binary bytes to a terminal). Returns the path as shown.
    pub fn write_output(
        &self,
        path: &Path,
        bytes: &[u8],
        mode: u32,
        replace: fsio::Replace,
    ) -> Result<String> {
        self.check_output(path)?;
        if path == Path::new("-") {
            output::write_stdout_bytes(bytes)?;
            return Ok("-".into());
        }
        fsio::write_file(path, bytes, mode, replace, true)?;
        Ok(path.display().to_string())
    }
}
