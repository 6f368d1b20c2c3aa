//! Outside inputs read into objects: certificate files, certificate
//! requests. The reading is bounded and refuses FIFOs and devices
//! (`fsio::read_input`); the errors name the file.

use std::path::Path;

use crate::error::{Error, Result};
use crate::store::fsio;

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

/// A certificate request file (PEM or DER), decoded and checked: weak keys
/// and signatures are refused with their own codes (see `pki::csr::read`).
pub fn read_request(path: &Path, min_rsa_bits: u32) -> Result<crate::pki::csr::Request> {
    let der = crate::pki::csr::decode(&fsio::read_input(path, fsio::InputKind::REQUEST)?)
        .map_err(|e| e.about(path))?;
    crate::pki::csr::read(&der, min_rsa_bits).map_err(|e| e.about(path))
}
