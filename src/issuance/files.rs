//! The five files of an issued certificate (in the store and, with
//! `--out-dir`, beside it).

use std::path::{Path, PathBuf};

use crate::authority::CaMaterial;
use crate::encoding::cert_pem;
use crate::error::Result;
use crate::store::fsio::{self, MODE_PUBLIC, MODE_SECRET, Replace};

/// Where the copies of --out-dir go, checked before anything is signed.
pub fn out_dir_for(base: &Path, name: &str, batch: bool) -> PathBuf {
    if batch {
        base.join(name)
    } else {
        base.to_path_buf()
    }
}

pub fn preflight_out_dir(dir: &Path, keep_key_out: bool, overwrite: bool) -> Result<()> {
    fsio::check_out_dir(dir)?;
    if overwrite {
        return Ok(());
    }
    for f in ["cert.pem", "chain.pem", "fullchain.pem", "ca.pem"]
        .into_iter()
        .chain(keep_key_out.then_some("key.pem"))
    {
        let p = dir.join(f);
        if fsio::exists_no_follow(&p) {
            return Err(fsio::already_exists(&p));
        }
    }
    Ok(())
}

/// The five files of an issued certificate.
pub struct LeafFiles {
    pub cert: String,
    pub chain: String,
    pub fullchain: String,
    pub root: String,
}

pub fn leaf_files(der: &[u8], ca: &CaMaterial) -> LeafFiles {
    let cert = cert_pem(der);
    let chain: String = ca
        .intermediates_for_child()
        .iter()
        .map(|d| cert_pem(d))
        .collect();
    LeafFiles {
        fullchain: format!("{cert}{chain}"),
        cert,
        chain,
        root: cert_pem(&ca.root().der),
    }
}

pub fn write_out_dir(
    dir: &Path,
    files: &LeafFiles,
    key_pem: Option<&str>,
    overwrite: bool,
) -> Result<()> {
    fsio::create_out_dir(dir)?;
    let replace = Replace::if_overwrite(overwrite);
    if let Some(k) = key_pem {
        fsio::write_file(
            &dir.join("key.pem"),
            k.as_bytes(),
            MODE_SECRET,
            replace,
            true,
        )?;
    }
    for (name, text) in [
        ("cert.pem", &files.cert),
        ("chain.pem", &files.chain),
        ("fullchain.pem", &files.fullchain),
        ("ca.pem", &files.root),
    ] {
        fsio::write_file(&dir.join(name), text.as_bytes(), MODE_PUBLIC, replace, true)?;
    }
    Ok(())
}
