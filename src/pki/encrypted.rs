//! Encrypted PKCS#8 keys: decrypting them, describing their protection,
//! and bounding what a file may ask a key derivation to cost.

use pkcs8::EncryptedPrivateKeyInfoRef;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::error::{Code, Error, Result};

/// Decrypts an `ENCRYPTED PRIVATE KEY` DER with a passphrase. Any failure is
/// reported as a wrong passphrase: with AES-CBC a damaged file and a wrong
/// passphrase cannot be told apart.
pub fn decrypt_pkcs8(der: &[u8], passphrase: &[u8], what: &str) -> Result<Zeroizing<Vec<u8>>> {
    let info = EncryptedPrivateKeyInfoRef::try_from(der)
        .map_err(|e| Error::malformed(format!("{what}: not an encrypted PKCS#8 key: {e}")))?;
    // The file sets the cost of opening it: a key that asks for billions of
    // iterations (or gigabytes of scrypt memory) is refused, not obeyed.
    if let Ok(enc) = encryption_info(der) {
        check_kdf_cost(enc.iterations, enc.scrypt.as_ref())
            .map_err(|e| Error::new(e.code, format!("{what}: {}", e.message)))?;
    }
    let doc = info.decrypt(passphrase).map_err(|_| {
        Error::new(
            Code::WrongPassphrase,
            format!("wrong passphrase for {what} (or the key file is damaged)"),
        )
        .hint("check the passphrase source (--ca-passphrase-file, --passphrase-dir, --passphrase-file or PKICTL_PASSPHRASE)")
    })?;
    Ok(Zeroizing::new(doc.as_bytes().to_vec()))
}

/// How an encrypted PKCS#8 key is protected (shown by `inspect`, never the key).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Encryption {
    pub scheme: String,
    pub kdf: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prf: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iterations: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scrypt: Option<ScryptInfo>,
    pub salt_bytes: usize,
    pub cipher: String,
}

/// scrypt cost parameters.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ScryptInfo {
    pub log_n: u8,
    pub r: u32,
    pub p: u32,
}

/// The most PBKDF2 iterations pkictl runs to open a file (about 1.5 s).
pub const MAX_KDF_ITERATIONS: u32 = 10_000_000;
/// The most memory an scrypt-protected key may ask for (128 · r · N).
const MAX_SCRYPT_BYTES: u64 = 1 << 30;

/// Refuses key derivation parameters that would make opening a file a
/// denial of service.
pub fn check_kdf_cost(iterations: Option<u32>, scrypt: Option<&ScryptInfo>) -> Result<()> {
    let hint = "re-encrypt it with sane parameters: openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter 600000";
    if let Some(n) = iterations.filter(|&n| n > MAX_KDF_ITERATIONS) {
        return Err(Error::new(
            Code::Unsupported,
            format!("it asks for {n} key derivation iterations, more than pkictl runs ({MAX_KDF_ITERATIONS})"),
        )
        .hint(hint));
    }
    if let Some(s) = scrypt {
        let memory = 128u64
            .saturating_mul(u64::from(s.r))
            .saturating_mul(1u64.checked_shl(u32::from(s.log_n)).unwrap_or(u64::MAX));
        if s.log_n > 24 || memory > MAX_SCRYPT_BYTES || u64::from(s.r) * u64::from(s.p) > 1024 {
            return Err(Error::new(
                Code::Unsupported,
                format!(
                    "its scrypt parameters (N=2^{}, r={}, p={}) ask for more than pkictl spends opening a key (1 GiB)",
                    s.log_n, s.r, s.p
                ),
            )
            .hint(hint));
        }
    }
    Ok(())
}

/// Reads the protection parameters of an encrypted PKCS#8 key.
pub fn encryption_info(der: &[u8]) -> Result<Encryption> {
    use pkcs8::pkcs5::{EncryptionScheme, pbes2};
    let info = EncryptedPrivateKeyInfoRef::try_from(der)
        .map_err(|e| Error::malformed(format!("not an encrypted PKCS#8 key: {e}")))?;
    match &info.encryption_algorithm {
        EncryptionScheme::Pbes2(p) => {
            let cipher = match p.encryption {
                pbes2::EncryptionScheme::Aes128Cbc { .. } => "aes-128-cbc",
                pbes2::EncryptionScheme::Aes192Cbc { .. } => "aes-192-cbc",
                pbes2::EncryptionScheme::Aes256Cbc { .. } => "aes-256-cbc",
                _ => "other",
            }
            .to_string();
            match &p.kdf {
                pbes2::Kdf::Pbkdf2(k) => Ok(Encryption {
                    scheme: "pbes2".into(),
                    kdf: "pbkdf2".into(),
                    prf: Some(
                        match k.prf {
                            pbes2::Pbkdf2Prf::HmacWithSha1 => "hmac-sha1",
                            pbes2::Pbkdf2Prf::HmacWithSha224 => "hmac-sha224",
                            pbes2::Pbkdf2Prf::HmacWithSha256 => "hmac-sha256",
                            pbes2::Pbkdf2Prf::HmacWithSha384 => "hmac-sha384",
                            pbes2::Pbkdf2Prf::HmacWithSha512 => "hmac-sha512",
                            _ => "other",
                        }
                        .into(),
                    ),
                    iterations: Some(k.iteration_count),
                    scrypt: None,
                    salt_bytes: k.salt.as_ref().len(),
                    cipher,
                }),
                pbes2::Kdf::Scrypt(s) => Ok(Encryption {
                    scheme: "pbes2".into(),
                    kdf: "scrypt".into(),
                    prf: None,
                    iterations: None,
                    scrypt: Some(ScryptInfo {
                        log_n: s.cost_parameter.trailing_zeros() as u8,
                        r: u32::from(s.block_size),
                        p: u32::from(s.parallelization),
                    }),
                    salt_bytes: s.salt.as_ref().len(),
                    cipher,
                }),
                _ => Err(Error::new(
                    Code::Unsupported,
                    "the key uses an unknown key derivation function",
                )),
            }
        }
        EncryptionScheme::Pbes1(p) => Ok(Encryption {
            scheme: "pbes1".into(),
            kdf: "pbkdf1".into(),
            prf: None,
            iterations: Some(u32::from(p.parameters.iteration_count)),
            scrypt: None,
            salt_bytes: 8,
            cipher: format!("{:?}", p.encryption).to_lowercase(),
        }),
        _ => Err(Error::new(
            Code::Unsupported,
            "the key uses an unknown encryption scheme",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_that_asks_for_an_absurd_kdf_cost_is_refused_at_once() {
        use pkcs8::der::Encode;
        use pkcs8::pkcs5::pbes2;
        let params = pbes2::Parameters {
            kdf: pbes2::Kdf::Pbkdf2(pbes2::Pbkdf2Params {
                salt: pbes2::Salt::new([7u8; 16]).unwrap(),
                iteration_count: 4_000_000_000,
                key_length: None,
                prf: pbes2::Pbkdf2Prf::HmacWithSha256,
            }),
            encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [9; 16] },
        };
        let data = [0u8; 48];
        let der = pkcs8::EncryptedPrivateKeyInfoRef {
            encryption_algorithm: params.into(),
            encrypted_data: pkcs8::der::asn1::OctetStringRef::new(&data).unwrap(),
        }
        .to_der()
        .unwrap();
        let t = std::time::Instant::now();
        let e = decrypt_pkcs8(&der, b"pw", "the key").unwrap_err();
        assert!(t.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(e.code, Code::Unsupported);
        assert!(e.message.contains("4000000000"), "{}", e.message);
        let huge = ScryptInfo {
            log_n: 30,
            r: 8,
            p: 1,
        };
        assert!(check_kdf_cost(None, Some(&huge)).is_err());
        let openssl_default = ScryptInfo {
            log_n: 14,
            r: 8,
            p: 1,
        };
        assert!(check_kdf_cost(Some(600_000), Some(&openssl_default)).is_ok());
    }
}
