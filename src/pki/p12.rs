//! PKCS#12 files: a key with its chain for servers and Java keystores, a
//! truststore of CA certificates (Java's trusted-certificate attribute),
//! and reading any PKCS#12 for `inspect`.

use p12_keystore::{
    Certificate, EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, PrivateKey,
    PrivateKeyChain,
};
use serde::Serialize;

use crate::error::{Code, Error, Result};
use crate::pki::certinfo::CertFacts;
use crate::pki::keys::KeyInfo;

/// PBKDF2 iterations of the encryption and of the MAC (10 times the
/// library's default; OpenSSL 3 and Java 17 open such files in well under
/// a second).
pub const P12_ITERATIONS: u32 = 100_000;

fn p12_error(e: impl std::fmt::Display) -> Error {
    Error::internal(format!("PKCS#12 encoding failed: {e}"))
}

fn writer_bytes(ks: &KeyStore, password: &str, legacy: bool) -> Result<Vec<u8>> {
    let w = ks.writer(password);
    let w = if legacy {
        w.encryption_algorithm(EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc)
            .mac_algorithm(MacAlgorithm::HmacSha1)
            .encryption_iterations(2048)
            .mac_iterations(2048)
    } else {
        w.encryption_algorithm(EncryptionAlgorithm::PbeWithHmacSha256AndAes256)
            .mac_algorithm(MacAlgorithm::HmacSha256)
            .encryption_iterations(P12_ITERATIONS)
            .mac_iterations(P12_ITERATIONS)
    };
    w.write().map_err(p12_error)
}

/// A key and its chain (leaf first, root last) under one alias.
pub fn keystore(
    alias: &str,
    key_pkcs8: &[u8],
    chain: &[Vec<u8>],
    password: &str,
    legacy: bool,
) -> Result<Vec<u8>> {
    let key = PrivateKey::from_der(key_pkcs8).map_err(p12_error)?;
    let certs = chain
        .iter()
        .map(|d| Certificate::from_der(d).map_err(p12_error))
        .collect::<Result<Vec<_>>>()?;
    let mut id = [0u8; 20];
    crate::encoding::fill_random(&mut id)?;
    let mut ks = KeyStore::new();
    ks.add_entry(
        alias,
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(id.to_vec(), key, certs)),
    );
    writer_bytes(&ks, password, legacy)
}

/// CA certificates marked as trusted for Java (keytool lists trustedCertEntry).
pub fn truststore(certs: &[(String, Vec<u8>)], password: &str) -> Result<Vec<u8>> {
    let mut ks = KeyStore::new();
    for (alias, der) in certs {
        ks.add_entry(
            alias,
            KeyStoreEntry::Certificate(Certificate::from_der(der).map_err(p12_error)?),
        );
    }
    writer_bytes(&ks, password, false)
}

/// What a PKCS#12 file holds.
#[derive(Debug, Serialize)]
pub struct P12Info {
    pub protection: String,
    pub keys: Vec<P12Key>,
    pub certificates: Vec<P12Cert>,
}

/// A private key inside a PKCS#12 (described, never shown).
#[derive(Debug, Serialize)]
pub struct P12Key {
    pub friendly_name: Option<String>,
    pub key: Option<KeyInfo>,
    pub spki_sha256: Option<String>,
}

/// A certificate inside a PKCS#12.
#[derive(Debug, Serialize)]
pub struct P12Cert {
    pub friendly_name: Option<String>,
    /// Java's trusted-certificate attribute (a truststore entry).
    pub trusted: bool,
    pub subject: String,
    pub issuer: String,
    #[serde(with = "crate::timeutil::rfc3339")]
    pub not_after: i64,
    pub fingerprint_sha256: String,
}

/// True when the bytes look like a PKCS#12 (PFX) structure.
pub fn looks_like_p12(der: &[u8]) -> bool {
    // PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, ... }
    der.len() > 8 && der[0] == 0x30 && {
        let hdr = if der[1] & 0x80 != 0 {
            2 + (der[1] & 0x7f) as usize
        } else {
            2
        };
        der.get(hdr..hdr + 3) == Some(&[0x02, 0x01, 0x03])
    }
}

/// How the file is protected: the encryption scheme and MAC digest, by OID.
fn protection(der: &[u8]) -> String {
    let has = |oid: &[u8]| der.windows(oid.len()).any(|w| w == oid);
    let pbes2 = has(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d]);
    let aes256 = has(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a]);
    let legacy_3des = has(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03]);
    let legacy_rc2 = has(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x06]);
    let mac_sha256 = has(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]);
    let enc = if pbes2 && aes256 {
        "PBES2 (PBKDF2, AES-256-CBC)"
    } else if pbes2 {
        "PBES2"
    } else if legacy_3des || legacy_rc2 {
        "legacy (PKCS#12 PBE with 3DES or RC2)"
    } else {
        "unknown"
    };
    let mac = if mac_sha256 {
        "HMAC-SHA256 MAC"
    } else {
        "HMAC-SHA1 MAC (legacy)"
    };
    format!("{enc}, {mac}")
}

/// Opens a PKCS#12 with its password.
pub fn read(der: &[u8], password: &str) -> Result<P12Info> {
    let archive = p12_keystore::Pkcs12Archive::from_pkcs12(der, password).map_err(|e| {
        let text = e.to_string();
        if text.to_ascii_lowercase().contains("mac") {
            Error::new(
                Code::WrongPassphrase,
                "wrong PKCS#12 password (the MAC does not verify)",
            )
            .hint("pass the file's password with --p12-passphrase-file or PKICTL_P12_PASSPHRASE")
        } else {
            Error::malformed(format!("not a readable PKCS#12 file: {text}"))
        }
    })?;
    let keys = archive
        .keys
        .iter()
        .map(|k| {
            let parsed = crate::pki::keys::PrivateKey::from_pkcs8_der(zeroize::Zeroizing::new(
                k.key.as_der().to_vec(),
            ))
            .ok();
            let spki = parsed.as_ref().map(|p| p.spki_der());
            P12Key {
                friendly_name: k.friendly_name.clone(),
                key: spki
                    .as_ref()
                    .and_then(|s| crate::pki::keys::describe_spki(s).ok()),
                spki_sha256: spki.as_ref().map(|s| crate::encoding::sha256_hex(s)),
            }
        })
        .collect();
    let certificates = archive
        .certs
        .iter()
        .filter_map(|c| {
            let f = CertFacts::from_der(c.cert.as_der()).ok()?;
            Some(P12Cert {
                friendly_name: c.friendly_name.clone(),
                trusted: c.trusted,
                subject: f.subject,
                issuer: f.issuer,
                not_after: f.not_after,
                fingerprint_sha256: f.fingerprint_sha256,
            })
        })
        .collect();
    Ok(P12Info {
        protection: protection(der),
        keys,
        certificates,
    })
}
