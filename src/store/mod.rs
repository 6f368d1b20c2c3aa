//! The CA store: a directory of PEM files, a hash-chained index, a lock
//! and a configuration file. Layout (documented in the README):
//!
//! ```text
//! pkictl-store.json      marker with the format number
//! pkictl.toml            defaults and per-CA policy
//! index.jsonl            the index and audit log (append-only, hash-chained)
//! lock                   the writer lock (flock), with the holder's details
//! cas/<name>/<serial>/   cert.pem key.pem chain.pem ca.pem   (immutable)
//! cas/<name>/current     -> <serial>
//! certs/<name>/<serial>/ cert.pem key.pem chain.pem fullchain.pem ca.pem
//! certs/<name>/current   -> <serial>
//! ```

pub mod catalog;
pub mod config;
pub mod fsio;
pub mod health;
pub mod lock;
pub mod log;
pub mod record;
pub mod state;
mod txn;
pub mod view;

pub use txn::{StagedFile, Txn};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::{Code, Error, Result, Warning};
use crate::timeutil::format_time;
use config::Config;
use fsio::{MODE_DIR, MODE_PUBLIC, Replace};
use lock::StoreLock;
use record::{Event, Record};
use state::State;

/// The marker file's name.
pub const MARKER: &str = "pkictl-store.json";
/// The store format this build reads and writes.
pub const FORMAT: u32 = 1;
/// The index (and audit log) file's name.
pub const INDEX: &str = "index.jsonl";
/// The configuration file's name.
pub const CONFIG: &str = "pkictl.toml";

/// Where the store path came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreSource {
    Flag,
    Env,
    Default,
}

impl StoreSource {
    /// How the human output names the source.
    pub fn describe(self) -> &'static str {
        match self {
            StoreSource::Flag => "from --store",
            StoreSource::Env => "from PKICTL_STORE",
            StoreSource::Default => "the default ./pki",
        }
    }
}

/// The resolved store location (SPEC: `"store": {"path", "source"}`).
#[derive(Debug, Clone, Serialize)]
pub struct StoreLocation {
    pub path: PathBuf,
    pub source: StoreSource,
}

#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    pkictl_store_format: u32,
    created: String,
}

/// The file in every serial directory that says what the certificate is to
/// the store, so that issuing never needs to read the whole index.
pub const META: &str = "meta.json";

/// The contents of `meta.json` (immutable, like the rest of the directory).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    pub name: String,
    /// The issuing CA's store name (None for roots).
    pub ca: Option<String>,
    #[serde(flatten)]
    pub entry: record::Entry,
}

/// Which tree of the store an object lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ca,
    Cert,
}

/// An opened store.
#[derive(Debug)]
pub struct Store {
    pub location: StoreLocation,
    /// The committed records the view did not reflect when first asked,
    /// kept for the process's later lookups; a transaction (which brings
    /// the view up to date) clears it.
    overlay: std::sync::Mutex<Option<std::sync::Arc<Vec<Record>>>>,
}

impl Store {
    fn at(location: StoreLocation) -> Store {
        Store {
            location,
            overlay: std::sync::Mutex::new(None),
        }
    }

    /// The committed records the `current` links do not reflect yet (read
    /// once per process, see `overlay`).
    pub(crate) fn overlay(&self) -> Result<std::sync::Arc<Vec<Record>>> {
        let mut cached = self.overlay.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(o) = cached.as_ref() {
            return Ok(o.clone());
        }
        let (records, _) = view::unapplied(self)?;
        let o = std::sync::Arc::new(records);
        *cached = Some(o.clone());
        Ok(o)
    }

    /// Forgets the overlay: the view changed under the lock.
    pub(crate) fn forget_overlay(&self) {
        *self.overlay.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The store's root directory.
    pub fn root(&self) -> &Path {
        &self.location.path
    }

    /// True when a store marker exists at the location.
    pub fn exists(location: &StoreLocation) -> bool {
        location.path.join(MARKER).is_file()
    }

    /// Opens an existing store, refusing anything that is not one.
    pub fn open(location: StoreLocation, allow_network_fs: bool) -> Result<Store> {
        let path = &location.path;
        let md = match std::fs::metadata(path) {
            Ok(md) => md,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::new(
                    Code::StoreMissing,
                    format!("no store at {} ({})", path.display(), location.source.describe()),
                )
                .hint("create one with `pkictl init-ca --cn \"Example Root CA\"`, or point --store / PKICTL_STORE at an existing store"));
            }
            Err(e) => return Err(Error::io("open the store", path, &e)),
        };
        if !md.is_dir() {
            return Err(Error::new(
                Code::StoreFormat,
                format!("{} is not a directory", path.display()),
            )
            .hint("point --store / PKICTL_STORE at a pkictl store directory"));
        }
        let marker_path = path.join(MARKER);
        let text = match fsio::read_store_file(&marker_path)? {
            Some(b) => utf8_text(b, &marker_path)?,
            None => {
                let easy_rsa = path.join("index.txt").exists() || path.join("ca.crt").exists();
                let hint = if easy_rsa {
                    "this looks like an easy-rsa or openssl ca directory; pkictl keeps its own store: run `pkictl init-ca` with another --store, and `pkictl import-ca` to trust the old CA"
                } else {
                    "point --store at a pkictl store, or create one in an empty directory with `pkictl init-ca`"
                };
                return Err(Error::new(
                    Code::StoreFormat,
                    format!("{} is not a pkictl store (no {MARKER})", path.display()),
                )
                .hint(hint));
            }
        };
        let marker: Marker = serde_json::from_str(&text).map_err(|e| {
            Error::new(
                Code::StoreFormat,
                format!("{} is damaged: {e}", marker_path.display()),
            )
            .hint("restore the store from a backup")
        })?;
        if marker.pkictl_store_format > FORMAT {
            return Err(Error::new(
                Code::StoreFormat,
                format!(
                    "the store {} has format {}, newer than this pkictl understands ({FORMAT})",
                    path.display(),
                    marker.pkictl_store_format
                ),
            )
            .hint("upgrade pkictl"));
        }
        fsio::check_dir_safe(path, "store")?;
        check_network_fs(path, allow_network_fs)?;
        Ok(Store::at(location))
    }

    /// Creates a new, empty store (only `init-ca` does this).
    pub fn create(location: StoreLocation, allow_network_fs: bool) -> Result<Store> {
        let path = location.path.clone();
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, &e))?;
            check_network_fs(parent, allow_network_fs)?;
        }
        if fsio::exists_no_follow(&path) {
            let empty = std::fs::read_dir(&path)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !empty {
                return Store::open(location, allow_network_fs);
            }
        }
        fsio::create_dir(&path, MODE_DIR)?;
        std::fs::set_permissions(
            &path,
            std::os::unix::fs::PermissionsExt::from_mode(MODE_DIR),
        )
        .map_err(|e| Error::io("set the mode of", &path, &e))?;
        fsio::check_dir_safe(&path, "store")?;
        for sub in ["cas", "certs", "crls"] {
            fsio::create_dir(&path.join(sub), MODE_DIR)?;
        }
        fsio::write_file(
            &path.join(CONFIG),
            config::initial_text().as_bytes(),
            0o600,
            Replace::Never,
            true,
        )?;
        let marker = Marker {
            pkictl_store_format: FORMAT,
            created: format_time(crate::timeutil::now_unix()),
        };
        // A new store's view starts up to date with its (empty) index.
        fsio::write_file(
            &path.join(view::CHECKPOINT),
            b"0\n",
            MODE_PUBLIC,
            Replace::Never,
            true,
        )?;
        let text = serde_json::to_string(&marker).unwrap_or_default() + "\n";
        // The marker goes last: a store is a store only once it is complete.
        fsio::write_file(
            &path.join(MARKER),
            text.as_bytes(),
            MODE_PUBLIC,
            Replace::Never,
            true,
        )?;
        Ok(Store::at(location))
    }

    /// The index path.
    pub fn index_path(&self) -> PathBuf {
        self.root().join(INDEX)
    }

    /// The configuration path.
    pub fn config_path(&self) -> PathBuf {
        self.root().join(CONFIG)
    }

    /// The lock file path.
    pub fn lock_path(&self) -> PathBuf {
        self.root().join("lock")
    }

    /// Reads `pkictl.toml` and its text.
    pub fn config(&self) -> Result<(Config, String)> {
        let path = self.config_path();
        let text = match fsio::read_store_file(&path)? {
            Some(b) => utf8_text(b, &path)?,
            None => String::new(),
        };
        Ok((Config::parse(&text, &path)?, text))
    }

    /// Folds the index into the store's state (lock-free: every commit is a
    /// rename or an append of whole lines).
    pub fn state(&self) -> Result<(State, Vec<Warning>)> {
        let (records, warnings) = log::read_all(&self.index_path())?;
        Ok((State::fold(records), warnings))
    }

    /// The directory of a name in one of the trees (names are unique
    /// ignoring case, so the directory uses the lowercase form).
    pub fn name_dir(&self, kind: Kind, name: &str) -> PathBuf {
        let tree = match kind {
            Kind::Ca => "cas",
            Kind::Cert => "certs",
        };
        self.root().join(tree).join(name.to_ascii_lowercase())
    }

    /// The immutable directory of one serial of a name.
    pub fn serial_dir(&self, kind: Kind, name: &str, serial: &str) -> PathBuf {
        self.name_dir(kind, name).join(serial)
    }

    /// The `current` path of a name (what users are shown).
    pub fn current_dir(&self, kind: Kind, name: &str) -> PathBuf {
        self.name_dir(kind, name).join("current")
    }

    /// True when a name has an active certificate.
    pub fn has_current(&self, kind: Kind, name: &str) -> Result<bool> {
        Ok(self.active_serial(kind, name)?.is_some())
    }

    /// The active serial of a name, as the index says: the `current` link,
    /// with any committed record the link does not reflect yet read over
    /// it (see `view`). One directory lookup in a store whose view is up
    /// to date, whatever its size.
    pub fn active_serial(&self, kind: Kind, name: &str) -> Result<Option<String>> {
        view::active_serial(self, kind, name)
    }

    /// The serial directory and metadata of a name's active certificate.
    pub fn current_meta(&self, kind: Kind, name: &str) -> Result<Option<(PathBuf, Meta)>> {
        let Some(serial) = self.active_serial(kind, name)? else {
            return Ok(None);
        };
        let dir = self.serial_dir(kind, name, &serial);
        let meta = read_meta(&dir)?;
        Ok(Some((dir, meta)))
    }

    /// The names of the store's CAs (those with a current certificate).
    pub fn ca_names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root().join("cas"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                self.current_meta(Kind::Ca, &n)
                    .ok()
                    .flatten()
                    .map(|(_, m)| m.name)
            })
            .collect();
        names.sort();
        names
    }

    /// The store's CRL file of a CA (generation 1), or of a CA generation
    /// given its stem (`record::crl_stem`).
    pub fn crl_path(&self, stem: &str) -> PathBuf {
        self.root()
            .join("crls")
            .join(format!("{}.crl.pem", stem.to_ascii_lowercase()))
    }

    /// A CA's previous generation (its serial directory's name) while a
    /// rollover is under way.
    pub fn previous_serial(&self, name: &str) -> Result<Option<String>> {
        view::previous_serial(self, name)
    }

    /// The contents of the store's CRL files as the index says: each CA's
    /// CRL, or the one a committed but not yet applied `crl_signed` record
    /// names (read from where it waits, or from its place if a writer moved
    /// it meanwhile). Files that cannot be read are left out (doctor
    /// reports them).
    pub fn crl_pems(&self) -> Vec<Vec<u8>> {
        let mut files: BTreeMap<PathBuf, Vec<PathBuf>> =
            std::fs::read_dir(self.root().join("crls"))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().unwrap_or_default().to_string_lossy();
                    !name.starts_with('.') && name.ends_with(".pem")
                })
                .map(|p| (p.clone(), vec![p]))
                .collect();
        let (records, _) = view::unapplied(self).unwrap_or_default();
        for r in records.iter().filter(|r| r.event == Event::CrlSigned) {
            if let (Some(stem), Some(number)) = (r.crl_stem(), r.crl_number) {
                let place = self.crl_path(&stem);
                let staged = view::staged_crl_path(self, &stem, number);
                files.insert(place.clone(), vec![staged, place]);
            }
        }
        files
            .values()
            .filter_map(|candidates| {
                candidates
                    .iter()
                    .find_map(|p| fsio::read_store_file(p).ok().flatten())
            })
            .collect()
    }

    /// Takes the lock alone (doctor --fix mends the index itself).
    pub fn lock(&self, timeout: Duration, command: &str) -> Result<StoreLock> {
        StoreLock::acquire(&self.lock_path(), timeout, command)
    }

    /// Takes the lock and starts a transaction (see `txn`).
    pub fn begin(&self, timeout: Duration, command: &str) -> Result<Txn<'_>> {
        Txn::begin(self, timeout, command)
    }

    /// Appends one `refused` record (best effort: a refusal is reported to
    /// the user whether or not it could be logged).
    pub fn log_refusal(&self, timeout: Duration, command: &str, mut record: Record, err: &Error) {
        record.event = Event::Refused;
        record.reason = Some(err.code.as_str().to_string());
        record.message = Some(err.message.clone());
        if let Ok(mut txn) = self.begin(timeout, command) {
            txn.push(record);
            let _ = txn.commit();
        }
    }
}

/// The text of one of the store's own files: not UTF-8 means damaged.
fn utf8_text(bytes: Vec<u8>, path: &Path) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        Error::new(
            Code::StoreFormat,
            format!(
                "{} is damaged: it is not UTF-8 text (byte {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ),
        )
        .hint("fix the file in an editor, or restore it from a backup")
    })
}

fn check_network_fs(path: &Path, allow: bool) -> Result<()> {
    if allow {
        return Ok(());
    }
    if let Some(fs) = fsio::network_fs(path) {
        return Err(Error::new(
            Code::Unsupported,
            format!("{} is on a network file system ({fs}); its locks and renames are not reliable", path.display()),
        )
        .hint("keep the store on a local disk, or pass --allow-network-fs if you are sure only one machine writes to it"));
    }
    Ok(())
}

/// Reads the first certificate of a PEM file as DER.
pub fn read_cert_der(path: &Path) -> Result<Vec<u8>> {
    crate::pki::objects::pem_certificates(&fsio::read(path)?)
        .map_err(|e| e.about(path))?
        .into_iter()
        .next()
        .ok_or_else(|| Error::malformed(format!("{} holds no certificate", path.display())))
}

/// The `meta.json` of a serial directory.
pub fn read_meta(dir: &Path) -> Result<Meta> {
    let path = dir.join(META);
    let Some(bytes) = fsio::read_store_file(&path)? else {
        return Err(
            Error::new(Code::StoreFormat, format!("{} is missing", path.display()))
                .hint("run `pkictl doctor`"),
        );
    };
    let text = utf8_text(bytes, &path)?;
    serde_json::from_str(&text).map_err(|e| {
        Error::new(
            Code::StoreFormat,
            format!("{} is damaged: {e}", path.display()),
        )
        .hint("run `pkictl doctor`")
    })
}
