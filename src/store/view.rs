//! The store's view: what the committed records say, laid out where users
//! and tools look — each name's `current` link, each CA's CRL file,
//! `pkictl.toml`. The index is the only truth; the view is derived from it
//! record by record by `apply`, after the records are durable, and the
//! checkpoint `index.applied` says how far it has caught up.
//!
//! A writer killed between its commit and the end of `apply` leaves the
//! view behind the index: the next writer rolls it forward under the lock,
//! `doctor --fix` does too, and readers meanwhile read the unapplied tail
//! (`unapplied`) over the view, so they always see the committed state.
//! Applying is idempotent: a record applied twice changes nothing more.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::store::fsio::{self, Replace};
use crate::store::log;
use crate::store::record::{Event, Record};
use crate::store::{Kind, Store};

/// The checkpoint file: the length of the index the view reflects.
pub const CHECKPOINT: &str = "index.applied";

/// Prefix of content staged by a transaction and put in place when its
/// record is applied (doctor removes the ones no record names).
pub const STAGED_PREFIX: &str = ".pkictl-staged-";

/// Where a CA's next CRL waits for its `crl_signed` record (`stem`: see
/// `record::crl_stem`).
pub fn staged_crl_path(store: &Store, stem: &str, number: u64) -> PathBuf {
    store.root().join("crls").join(format!(
        "{STAGED_PREFIX}{}-{number}.crl.pem",
        stem.to_ascii_lowercase()
    ))
}

/// The link naming a CA's previous generation while a rollover is under way.
pub const PREVIOUS: &str = "previous";

/// Where a new `pkictl.toml` waits for the records that carry its hash.
pub fn staged_config_path(store: &Store, sha256: &str) -> PathBuf {
    store
        .root()
        .join(format!("{STAGED_PREFIX}config-{sha256}.toml"))
}

/// Applies one committed record to the view. Idempotent.
pub fn apply(store: &Store, r: &Record) -> Result<()> {
    if let Some(sha) = &r.config_sha256 {
        let staged = staged_config_path(store, sha);
        if fsio::exists_no_follow(&staged) {
            rename(&staged, &store.config_path())?;
        }
    }
    let (Some(name), serial) = (r.name.as_deref(), r.serial.as_deref()) else {
        if r.event == Event::CrlSigned {
            apply_crl(store, r)?;
        }
        return Ok(());
    };
    match (r.event, serial) {
        (Event::CaCreated | Event::CaRenewed, Some(serial)) => {
            set_link(store, Kind::Ca, name, serial)
        }
        (Event::CaRolloverStarted, Some(serial)) => {
            if let Some(old) = r.entry.as_ref().and_then(|e| e.replaces.as_deref()) {
                set_previous(store, name, Some(old))?;
            }
            set_link(store, Kind::Ca, name, serial)
        }
        (Event::CaRolloverFinished, _) => set_previous(store, name, None),
        (Event::Issued | Event::Renewed, Some(serial)) => set_link(store, Kind::Cert, name, serial),
        (Event::Revoked | Event::Retired, Some(serial)) => {
            for kind in [Kind::Cert, Kind::Ca] {
                if link_target(store, kind, name).as_deref() == Some(serial) {
                    let link = store.current_dir(kind, name);
                    std::fs::remove_file(&link).map_err(|e| Error::io("remove", &link, &e))?;
                }
            }
            Ok(())
        }
        (Event::CrlSigned, _) => apply_crl(store, r),
        _ => Ok(()),
    }
}

fn apply_crl(store: &Store, r: &Record) -> Result<()> {
    if let (Some(stem), Some(number)) = (r.crl_stem(), r.crl_number) {
        let staged = staged_crl_path(store, &stem, number);
        if fsio::exists_no_follow(&staged) {
            rename(&staged, &store.crl_path(&stem))?;
        }
    }
    Ok(())
}

/// Points a CA's `previous` link at its old generation, or removes it.
fn set_previous(store: &Store, name: &str, serial: Option<&str>) -> Result<()> {
    let link = store.name_dir(Kind::Ca, name).join(PREVIOUS);
    match serial {
        Some(s) => {
            if previous_target(store, name).as_deref() == Some(s)
                || !store.serial_dir(Kind::Ca, name, s).is_dir()
            {
                return Ok(());
            }
            fsio::replace_symlink(&link, std::path::Path::new(s))
        }
        None => match std::fs::remove_file(&link) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::io("remove", &link, &e))
            }
            _ => Ok(()),
        },
    }
}

/// Where a CA's `previous` link points, if it exists.
pub fn previous_target(store: &Store, name: &str) -> Option<String> {
    std::fs::read_link(store.name_dir(Kind::Ca, name).join(PREVIOUS))
        .ok()
        .map(|t| t.to_string_lossy().into_owned())
}

/// The serial of a CA's previous generation while a rollover is under
/// way, as the index says: the view's link, with the unapplied records
/// read over it.
pub fn previous_serial(store: &Store, name: &str) -> Result<Option<String>> {
    let mut serial = previous_target(store, name);
    for r in store.overlay()?.iter() {
        if !r
            .name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            continue;
        }
        match r.event {
            Event::CaRolloverStarted => {
                serial = r.entry.as_ref().and_then(|e| e.replaces.clone());
            }
            Event::CaRolloverFinished => serial = None,
            _ => {}
        }
    }
    Ok(serial)
}

/// Moves staged content into place. Already moved (by another thread
/// applying a record of the same transaction, or an earlier roll-forward)
/// is fine.
fn rename(from: &std::path::Path, to: &std::path::Path) -> Result<()> {
    match std::fs::rename(from, to) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::io("move into place", to, &e))
        }
        _ => Ok(()),
    }
}

/// Where a name's `current` link points, if it exists.
pub fn link_target(store: &Store, kind: Kind, name: &str) -> Option<String> {
    std::fs::read_link(store.current_dir(kind, name))
        .ok()
        .map(|t| t.to_string_lossy().into_owned())
}

/// Points a name's `current` at a serial directory (one rename; readers see
/// the old or the new link). A serial directory that is missing is left to
/// `doctor`: the link never points at nothing.
fn set_link(store: &Store, kind: Kind, name: &str, serial: &str) -> Result<()> {
    if link_target(store, kind, name).as_deref() == Some(serial)
        || !store.serial_dir(kind, name, serial).is_dir()
    {
        return Ok(());
    }
    fsio::replace_symlink(&store.current_dir(kind, name), std::path::Path::new(serial))
}

/// The checkpoint: the index length the view reflects. None for a store
/// made before checkpoints existed (its view counts as up to date).
pub fn read_checkpoint(store: &Store) -> Result<Option<u64>> {
    let path = store.root().join(CHECKPOINT);
    let Some(bytes) = fsio::read_store_file(&path)? else {
        return Ok(None);
    };
    let text = String::from_utf8_lossy(&bytes);
    text.trim().parse::<u64>().map(Some).map_err(|_| {
        Error::new(
            crate::error::Code::StoreFormat,
            format!("{} is damaged", path.display()),
        )
        .hint("run `pkictl doctor --fix`")
    })
}

/// Moves the checkpoint. Not synced: if it is lost, the tail is applied
/// again, which changes nothing.
pub fn write_checkpoint(store: &Store, len: u64) -> Result<()> {
    fsio::write_file(
        &store.root().join(CHECKPOINT),
        format!("{len}\n").as_bytes(),
        fsio::MODE_PUBLIC,
        Replace::Always,
        false,
    )
}

/// The committed records the view does not reflect yet, and the length of
/// the committed index. Cheap when the view is up to date (one read of the
/// checkpoint and one `stat`).
pub fn unapplied(store: &Store) -> Result<(Vec<Record>, u64)> {
    let index = store.index_path();
    let len = match std::fs::metadata(&index) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(Error::io("read", &index, &e)),
    };
    let Some(applied) = read_checkpoint(store)? else {
        return Ok((Vec::new(), len));
    };
    if applied >= len {
        return Ok((Vec::new(), len));
    }
    let (records, committed) = log::read_from(&index, applied)?;
    Ok((records, committed))
}

/// Applies what an interrupted writer committed but did not apply. The
/// caller holds the lock.
pub fn roll_forward(store: &Store) -> Result<()> {
    let (records, committed) = unapplied(store)?;
    if records.is_empty() {
        return Ok(());
    }
    for r in &records {
        apply(store, r)?;
    }
    write_checkpoint(store, committed)
}

/// The active serial of a name as the index says it: the view's link,
/// with the unapplied records read over it.
pub fn active_serial(store: &Store, kind: Kind, name: &str) -> Result<Option<String>> {
    let mut serial = link_target(store, kind, name);
    let records = store.overlay()?;
    for r in records.iter() {
        if !r
            .name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            continue;
        }
        match (r.event, kind) {
            (Event::CaCreated | Event::CaRenewed | Event::CaRolloverStarted, Kind::Ca)
            | (Event::Issued | Event::Renewed, Kind::Cert)
                if r.serial.is_some() =>
            {
                serial = r.serial.clone();
            }
            (Event::Revoked | Event::Retired, _) if r.serial == serial => serial = None,
            _ => {}
        }
    }
    Ok(serial)
}
