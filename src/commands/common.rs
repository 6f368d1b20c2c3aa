//! Pieces several commands share: loading a CA (certificate, chain, key)
//! from the store, and the certificate object of a store entry.

use std::path::Path;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::pki::certinfo::{CertView, StoreFields};
use crate::store::fsio;
use crate::store::state::CertEntry;
use crate::store::{Kind, Store};

/// The certificate object of a store entry at `now`.
pub fn entry_view(store: &Store, e: &CertEntry, now: i64) -> CertView {
    let kind = if e.is_ca_entry { Kind::Ca } else { Kind::Cert };
    let path = store
        .serial_dir(kind, &e.name, &e.facts.serial)
        .join("cert.pem");
    CertView::new(e.facts.clone(), now)
        .with_path(path.display().to_string())
        .with_store(store_fields(e, now))
}

/// The store fields of an entry.
pub fn store_fields(e: &CertEntry, now: i64) -> StoreFields {
    StoreFields {
        name: e.name.clone(),
        ca: e.ca.clone(),
        profile: e.entry.profile.clone(),
        status: e.status(now).as_str().to_string(),
        replaces: e.entry.replaces.clone(),
        replaced_by: e.replaced_by.clone(),
    }
}

/// Checks an output before any work is done: `-` (stdout) cannot be shared
/// with `--json`, and a file's directory must be safe to write into.
pub fn check_output(ctx: &Context, path: &Path) -> Result<()> {
    if path == Path::new("-") {
        if ctx.style.json {
            return Err(Error::usage("--out - and --json both want stdout")
                .hint("write to a file with --out FILE"));
        }
    } else {
        fsio::check_out_dir(&fsio::parent_dir(path))?;
    }
    Ok(())
}

/// Writes an output: a file, atomically, or stdout for `-` (never binary
/// bytes to a terminal). Returns the path as shown.
pub fn write_output(
    ctx: &Context,
    path: &Path,
    bytes: &[u8],
    mode: u32,
    replace: fsio::Replace,
) -> Result<String> {
    check_output(ctx, path)?;
    if path == Path::new("-") {
        use std::io::Write;
        check_stdout_bytes(bytes)?;
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)
            .and_then(|_| out.flush())
            .map_err(|e| Error::io("write", Path::new("stdout"), &e))?;
        return Ok("-".into());
    }
    fsio::write_file(path, bytes, mode, replace, true)?;
    Ok(path.display().to_string())
}

/// Refuses binary output (a PKCS#12 file) to a terminal.
pub fn check_stdout_bytes(bytes: &[u8]) -> Result<()> {
    use std::io::IsTerminal;
    if !bytes.is_ascii() && std::io::stdout().is_terminal() {
        return Err(
            Error::usage("a PKCS#12 file is binary; it would garble the terminal")
                .hint("redirect stdout to a file, or write it with --out FILE"),
        );
    }
    Ok(())
}

/// Every certificate (DER) of a PEM or DER file, in order; each one must
/// decode as an X.509 certificate with nothing after it.
pub fn read_certs(path: &Path) -> Result<Vec<Vec<u8>>> {
    let bytes = fsio::read_input(path, fsio::InputKind::CERTIFICATES)?;
    let certs = if crate::encoding::looks_like_pem(&bytes) {
        let certs = crate::pki::objects::pem_certificates(&bytes).map_err(|e| e.about(path))?;
        if certs.is_empty() {
            return Err(Error::malformed(format!(
                "{} holds no certificate",
                path.display()
            )));
        }
        certs
    } else if bytes.is_empty() {
        return Err(Error::malformed(format!("{} is empty", path.display())));
    } else {
        vec![bytes]
    };
    for (i, der) in certs.iter().enumerate() {
        let at = if certs.len() > 1 {
            format!(" (certificate {} of {})", i + 1, certs.len())
        } else {
            String::new()
        };
        match x509_parser::parse_x509_certificate(der) {
            Ok((&[], _)) => {}
            Ok((rest, _)) => {
                return Err(Error::malformed(format!(
                    "{}{at}: {} bytes follow the certificate",
                    path.display(),
                    rest.len()
                ))
                .hint("give a PEM file, or one DER certificate per file"));
            }
            Err(e) => {
                return Err(Error::malformed(format!(
                    "{}{at}: not a valid X.509 certificate: {e}",
                    path.display()
                ))
                .hint("give PEM or DER certificates (`pkictl inspect FILE` shows what the file holds)"));
            }
        }
    }
    Ok(certs)
}
