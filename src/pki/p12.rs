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
use x509_parser::der_parser::ber::{BerObject, BerObjectContent, parse_ber};

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

/// What the encrypted parts of a PKCS#12 use, read from its structure.
#[derive(Default)]
struct Schemes {
    aes256: bool,
    other_pbes2: bool,
    legacy: bool,
    unknown: bool,
    mac: Option<String>,
    /// The most key derivation iterations any part asks for.
    max_iterations: u64,
}

const OID_DATA: &str = "1.2.840.113549.1.7.1";
const OID_ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
const OID_SHROUDED_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.2";
const OID_PBES2: &str = "1.2.840.113549.1.5.13";
const OID_AES256_CBC: &str = "2.16.840.1.101.3.4.1.42";
/// pbeWithSHAAnd…: the PKCS#12 PBE family (3DES, RC2, RC4).
const OID_PKCS12_PBE: &str = "1.2.840.113549.1.12.1.";

fn oid_of(o: &BerObject<'_>) -> Option<String> {
    o.as_oid().ok().map(|x| x.to_id_string())
}

/// The object inside an EXPLICIT tag.
fn explicit<'a>(o: &BerObject<'a>) -> Option<BerObject<'a>> {
    match &o.content {
        BerObjectContent::Tagged(_, _, inner) => Some((**inner).clone()),
        BerObjectContent::Unknown(any) => parse_ber(any.data).ok().map(|(_, x)| x),
        _ => None,
    }
}

/// The bytes of a ContentInfo of type data.
fn data_of<'a>(content_info: &BerObject<'a>) -> Option<&'a [u8]> {
    let inner = explicit(content_info.as_sequence().ok()?.get(1)?)?;
    match inner.content {
        BerObjectContent::OctetString(b) => Some(b),
        _ => None,
    }
}

impl Schemes {
    fn read(der: &[u8]) -> Option<Schemes> {
        let (_, pfx) = parse_ber(der).ok()?;
        let pfx = pfx.as_sequence().ok()?;
        let mut s = Schemes::default();
        if let Some(mac) = pfx.get(2) {
            // MacData { mac DigestInfo { AlgorithmIdentifier, digest }, salt, iterations }
            let mac = mac.as_sequence().ok()?;
            let alg = mac.first()?.as_sequence().ok()?.first()?;
            s.mac = oid_of(alg.as_sequence().ok()?.first()?);
            // iterations INTEGER DEFAULT 1
            s.iterations(mac.get(2).and_then(|i| i.as_u64().ok()).unwrap_or(1));
        }
        let (_, safes) = parse_ber(data_of(pfx.get(1)?)?).ok()?;
        for ci in safes.as_sequence().ok()? {
            let parts = ci.as_sequence().ok()?;
            match oid_of(parts.first()?)?.as_str() {
                OID_DATA => {
                    let (_, bags) = parse_ber(data_of(ci)?).ok()?;
                    for bag in bags.as_sequence().ok()? {
                        let bag = bag.as_sequence().ok()?;
                        if oid_of(bag.first()?)?.as_str() == OID_SHROUDED_KEY_BAG {
                            let info = explicit(bag.get(1)?)?;
                            s.note(info.as_sequence().ok()?.first()?);
                        }
                    }
                }
                OID_ENCRYPTED_DATA => {
                    // EncryptedData { version, EncryptedContentInfo { type, algorithm, [0] } }
                    let ed = explicit(parts.get(1)?)?;
                    let eci = ed.as_sequence().ok()?.get(1)?.as_sequence().ok()?;
                    s.note(eci.get(1)?);
                }
                _ => s.unknown = true,
            }
        }
        Some(s)
    }

    fn iterations(&mut self, n: u64) {
        self.max_iterations = self.max_iterations.max(n);
    }

    /// Notes an encryption AlgorithmIdentifier.
    fn note(&mut self, alg: &BerObject<'_>) {
        let parts = alg.as_sequence().ok();
        let oid = parts.and_then(|p| oid_of(p.first()?)).unwrap_or_default();
        if oid == OID_PBES2 {
            // PBES2-params { keyDerivationFunc { pbkdf2, PBKDF2-params {
            // salt, iterationCount, … } }, encryptionScheme }
            let iterations = parts.and_then(|p| {
                let kdf = p.get(1)?.as_sequence().ok()?.first()?.as_sequence().ok()?;
                kdf.get(1)?.as_sequence().ok()?.get(1)?.as_u64().ok()
            });
            self.iterations(iterations.unwrap_or(0));
            let cipher = parts.and_then(|p| {
                p.get(1)?
                    .as_sequence()
                    .ok()?
                    .get(1)?
                    .as_sequence()
                    .ok()?
                    .first()
                    .and_then(oid_of)
            });
            if cipher.as_deref() == Some(OID_AES256_CBC) {
                self.aes256 = true;
            } else {
                self.other_pbes2 = true;
            }
        } else if oid.starts_with(OID_PKCS12_PBE) {
            self.legacy = true;
            // pkcs-12PbeParams { salt, iterations }
            let iterations =
                parts.and_then(|p| p.get(1)?.as_sequence().ok()?.get(1)?.as_u64().ok());
            self.iterations(iterations.unwrap_or(0));
        } else {
            self.unknown = true;
        }
    }
}

/// How the file is protected: the schemes of its encrypted parts (the
/// certificates' encryptedData, each shrouded key) and its MAC's digest.
fn protection(der: &[u8]) -> String {
    let Some(s) = Schemes::read(der) else {
        return "unknown (the structure could not be read)".into();
    };
    let enc = if s.legacy {
        "legacy (PKCS#12 PBE with 3DES or RC2)"
    } else if s.unknown {
        "unknown"
    } else if s.aes256 && !s.other_pbes2 {
        "PBES2 (PBKDF2, AES-256-CBC)"
    } else if s.aes256 || s.other_pbes2 {
        "PBES2"
    } else {
        "not encrypted"
    };
    let mac = match s.mac.as_deref() {
        Some("2.16.840.1.101.3.4.2.1") => "HMAC-SHA256 MAC",
        Some("2.16.840.1.101.3.4.2.2") => "HMAC-SHA384 MAC",
        Some("2.16.840.1.101.3.4.2.3") => "HMAC-SHA512 MAC",
        Some("1.3.14.3.2.26") => "HMAC-SHA1 MAC (legacy)",
        Some(_) => "MAC of an unknown kind",
        None => "no MAC",
    };
    format!("{enc}, {mac}")
}

/// Opens a PKCS#12 with its password.
pub fn read(der: &[u8], password: &str) -> Result<P12Info> {
    // The file sets the cost of opening it: refuse absurd iteration counts
    // before any key derivation runs.
    if let Some(s) = Schemes::read(der) {
        let n = u32::try_from(s.max_iterations).unwrap_or(u32::MAX);
        crate::pki::keys::check_kdf_cost(Some(n), None)
            .map_err(|e| Error::new(e.code, format!("the PKCS#12 file: {}", e.message)))?;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::keys::{KeyType, PrivateKey};

    fn cert_der() -> Vec<u8> {
        let key = rcgen::KeyPair::generate().unwrap();
        let params = rcgen::CertificateParams::new(vec!["t.example".to_string()]).unwrap();
        params.self_signed(&key).unwrap().der().to_vec()
    }

    fn a_keystore(legacy: bool) -> Vec<u8> {
        let key = PrivateKey::generate(KeyType::EcP256).unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["t.example".to_string()]).unwrap();
        params.distinguished_name = rcgen::DistinguishedName::new();
        let cert = params.self_signed(key.pair()).unwrap();
        keystore("t", key.pkcs8_der(), &[cert.der().to_vec()], "pw", legacy).unwrap()
    }

    #[test]
    fn protection_is_read_from_the_structure() {
        assert_eq!(
            protection(&a_keystore(false)),
            "PBES2 (PBKDF2, AES-256-CBC), HMAC-SHA256 MAC"
        );
        assert_eq!(
            protection(&a_keystore(true)),
            "legacy (PKCS#12 PBE with 3DES or RC2), HMAC-SHA1 MAC (legacy)"
        );
        // The iteration counts are read from every part (and bounded).
        let s = Schemes::read(&a_keystore(false)).unwrap();
        assert_eq!(s.max_iterations, u64::from(P12_ITERATIONS));
        // A file asking for more iterations than pkictl runs is refused
        // before any derivation: its MAC count patched to 2^31 - 1.
        let cert = Certificate::from_der(&cert_der()).unwrap();
        let mut ks = KeyStore::new();
        ks.add_entry("t", KeyStoreEntry::Certificate(cert));
        let mut big = ks
            .writer("pw")
            .encryption_iterations(1)
            .mac_iterations(0x80_0000)
            .write()
            .unwrap();
        let at = big
            .windows(6)
            .rposition(|w| w == [0x02, 0x04, 0x00, 0x80, 0x00, 0x00])
            .unwrap();
        big[at + 2..at + 6].copy_from_slice(&[0x7f, 0xff, 0xff, 0xff]);
        let t = std::time::Instant::now();
        let e = read(&big, "pw").unwrap_err();
        assert!(t.elapsed() < std::time::Duration::from_secs(1));
        assert!(e.message.contains("2147483647"), "{}", e.message);
        let mut cut = a_keystore(false);
        cut.truncate(cut.len() / 2);
        assert!(protection(&cut).starts_with("unknown"));
    }
}
