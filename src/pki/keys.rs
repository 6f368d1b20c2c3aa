//! Private keys: generation (ring for EC and Ed25519, the `rsa` crate for
//! RSA), PKCS#8 PBES2 encryption (PBKDF2-HMAC-SHA256 + AES-256-CBC), loading
//! the PEM forms other tools write, and describing a public key.

use std::fmt;
use std::str::FromStr;

use pkcs8::PrivateKeyInfoRef;
use pkcs8::der::{Decode, Encode};
use rcgen::KeyPair;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Code, Error, Result};
pub use crate::pki::encrypted::{
    Encryption, MAX_KDF_ITERATIONS, ScryptInfo, check_kdf_cost, decrypt_pkcs8, encryption_info,
};

/// PBKDF2 iterations for new encrypted keys (SPEC: at least 600,000).
pub const PBKDF2_ITERATIONS: u32 = 600_000;

/// The key types pkictl generates, spelled as `--key-type` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum KeyType {
    #[value(name = "ec-p256")]
    #[serde(rename = "ec-p256")]
    EcP256,
    #[value(name = "ec-p384")]
    #[serde(rename = "ec-p384")]
    EcP384,
    #[value(name = "ed25519")]
    Ed25519,
    #[value(name = "rsa-2048")]
    #[serde(rename = "rsa-2048")]
    Rsa2048,
    #[value(name = "rsa-3072")]
    #[serde(rename = "rsa-3072")]
    Rsa3072,
    #[value(name = "rsa-4096")]
    #[serde(rename = "rsa-4096")]
    Rsa4096,
}

impl KeyType {
    /// Every key type, in the order `--help` lists them.
    pub const ALL: [KeyType; 6] = [
        KeyType::EcP256,
        KeyType::EcP384,
        KeyType::Ed25519,
        KeyType::Rsa2048,
        KeyType::Rsa3072,
        KeyType::Rsa4096,
    ];

    /// The `--key-type` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::EcP256 => "ec-p256",
            KeyType::EcP384 => "ec-p384",
            KeyType::Ed25519 => "ed25519",
            KeyType::Rsa2048 => "rsa-2048",
            KeyType::Rsa3072 => "rsa-3072",
            KeyType::Rsa4096 => "rsa-4096",
        }
    }

    /// RSA modulus size, if RSA.
    pub fn rsa_bits(self) -> Option<usize> {
        match self {
            KeyType::Rsa2048 => Some(2048),
            KeyType::Rsa3072 => Some(3072),
            KeyType::Rsa4096 => Some(4096),
            _ => None,
        }
    }

    /// True for RSA key types.
    pub fn is_rsa(self) -> bool {
        self.rsa_bits().is_some()
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KeyType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        KeyType::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                Error::usage(format!("unknown key type {}", crate::error::q(s)))
                    .hint("use one of ec-p256, ec-p384, ed25519, rsa-2048, rsa-3072, rsa-4096")
            })
    }
}

/// A private key in memory: its PKCS#8 (v1) DER, zeroized on drop, and the
/// ring-backed key pair that signs with it.
pub struct PrivateKey {
    pub key_type: KeyType,
    der: Zeroizing<Vec<u8>>,
    pair: KeyPair,
}

impl PrivateKey {
    /// Generates a fresh key of the given type from the OS CSPRNG.
    pub fn generate(key_type: KeyType) -> Result<PrivateKey> {
        let der = match key_type {
            KeyType::EcP256 | KeyType::EcP384 | KeyType::Ed25519 => {
                let alg = match key_type {
                    KeyType::EcP256 => &rcgen::PKCS_ECDSA_P256_SHA256,
                    KeyType::EcP384 => &rcgen::PKCS_ECDSA_P384_SHA384,
                    _ => &rcgen::PKCS_ED25519,
                };
                let pair = KeyPair::generate_for(alg)
                    .map_err(|e| Error::internal(format!("key generation failed: {e}")))?;
                let der = Zeroizing::new(pair.serialize_der());
                if key_type == KeyType::Ed25519 {
                    pkcs8_v1(&der)?
                } else {
                    der
                }
            }
            _ => {
                use pkcs8::EncodePrivateKey;
                let bits = key_type.rsa_bits().unwrap_or(2048);
                let key = rsa::PrivateKey::new(&mut getrandom::SysRng, bits)
                    .map_err(|e| Error::internal(format!("RSA key generation failed: {e}")))?;
                let doc = key
                    .to_pkcs8_der()
                    .map_err(|e| Error::internal(format!("RSA key encoding failed: {e}")))?;
                Zeroizing::new(doc.as_bytes().to_vec())
            }
        };
        PrivateKey::from_pkcs8_der(der)
    }

    /// Loads a plaintext PKCS#8 DER key.
    pub fn from_pkcs8_der(der: Zeroizing<Vec<u8>>) -> Result<PrivateKey> {
        let der = pkcs8_v1(&der)?;
        let pair = KeyPair::try_from(der.as_slice()).map_err(|e| {
            Error::new(
                Code::Unsupported,
                format!("unsupported or damaged private key: {e}"),
            )
        })?;
        let info = describe_spki(&rcgen::PublicKeyData::subject_public_key_info(&pair))?;
        let key_type = info.key_type().ok_or_else(|| {
            Error::new(
                Code::Unsupported,
                format!("keys of type {} are not supported for signing", info.name),
            )
        })?;
        Ok(PrivateKey {
            key_type,
            der,
            pair,
        })
    }

    /// Loads an unencrypted PEM key: PKCS#8, PKCS#1 RSA or SEC1 EC.
    pub fn from_pem(text: &str) -> Result<PrivateKey> {
        let (tag, contents) = key_pem(text.as_bytes())
            .map_err(|e| Error::malformed(format!("not a PEM private key: {e}")))?;
        let der = plain_private_key_to_pkcs8(&tag, &contents)?;
        PrivateKey::from_pkcs8_der(der)
    }

    /// The key pair, for signing.
    pub fn pair(&self) -> &KeyPair {
        &self.pair
    }

    /// The DER SubjectPublicKeyInfo.
    pub fn spki_der(&self) -> Vec<u8> {
        use rcgen::PublicKeyData;
        self.pair.subject_public_key_info()
    }

    /// Unencrypted PKCS#8 PEM (`PRIVATE KEY`).
    pub fn to_pem(&self) -> Zeroizing<String> {
        // One exact-size allocation and constant-time base64 (RFC 7468's
        // encoder): no copy of the key is left behind.
        use pkcs8::der::pem::{LineEnding, encode_string};
        Zeroizing::new(
            encode_string("PRIVATE KEY", LineEnding::LF, &self.der)
                .expect("any bytes encode under a fixed label"),
        )
    }

    /// The plaintext PKCS#8 DER.
    pub fn pkcs8_der(&self) -> &[u8] {
        &self.der
    }

    /// Encrypted PKCS#8 PEM (`ENCRYPTED PRIVATE KEY`): PBES2 with
    /// PBKDF2-HMAC-SHA256 and AES-256-CBC, 16-byte salt, readable by openssl.
    pub fn to_encrypted_pem(&self, passphrase: &[u8]) -> Result<Zeroizing<String>> {
        self.to_encrypted_pem_with(passphrase, PBKDF2_ITERATIONS)
    }

    /// As `to_encrypted_pem`, with an explicit iteration count.
    pub fn to_encrypted_pem_with(
        &self,
        passphrase: &[u8],
        iterations: u32,
    ) -> Result<Zeroizing<String>> {
        let mut salt = [0u8; 16];
        let mut iv = [0u8; 16];
        crate::encoding::fill_random(&mut salt)?;
        crate::encoding::fill_random(&mut iv)?;
        let params = pkcs8::pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(
            iterations, &salt, iv,
        )
        .map_err(|e| Error::internal(format!("PBES2 parameters: {e}")))?;
        let info = PrivateKeyInfoRef::try_from(self.der.as_slice())
            .map_err(|e| Error::internal(format!("PKCS#8 re-read: {e}")))?;
        let doc = info
            .encrypt_with_params(params, passphrase)
            .map_err(|e| Error::internal(format!("key encryption failed: {e}")))?;
        let pem = doc
            .to_pem("ENCRYPTED PRIVATE KEY", pkcs8::LineEnding::LF)
            .map_err(|e| Error::internal(format!("PEM encoding: {e}")))?;
        Ok(Zeroizing::new(pem.to_string()))
    }
}

/// Rewrites a PKCS#8 v2 document (with the public key) as v1, the form
/// OpenSSL 3.0 reads; v1 input is returned as is.
fn pkcs8_v1(der: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let mut info = PrivateKeyInfoRef::try_from(der)
        .map_err(|e| Error::malformed(format!("not a PKCS#8 private key: {e}")))?;
    if info.public_key.is_none() {
        return Ok(Zeroizing::new(der.to_vec()));
    }
    info.public_key = None;
    info.to_der()
        .map(Zeroizing::new)
        .map_err(|e| Error::internal(format!("PKCS#8 encoding: {e}")))
}

/// The label and the decoded content of a PEM private key; the content is
/// wiped when it is dropped.
pub fn key_pem(bytes: &[u8]) -> std::result::Result<(String, Zeroizing<Vec<u8>>), pem::PemError> {
    let p = pem::parse(bytes)?;
    let tag = p.tag().to_string();
    Ok((tag, Zeroizing::new(p.into_contents())))
}

/// Converts an unencrypted private key of any PEM label pkictl knows into
/// PKCS#8 DER.
pub fn plain_private_key_to_pkcs8(label: &str, der: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    match label {
        "PRIVATE KEY" => Ok(Zeroizing::new(der.to_vec())),
        "RSA PRIVATE KEY" => {
            use pkcs8::EncodePrivateKey;
            use rsa::pkcs1::DecodeRsaPrivateKey;
            let key = rsa::PrivateKey::from_pkcs1_der(der)
                .map_err(|e| Error::malformed(format!("damaged RSA private key: {e}")))?;
            let doc = key
                .to_pkcs8_der()
                .map_err(|e| Error::internal(format!("PKCS#8 encoding: {e}")))?;
            Ok(Zeroizing::new(doc.as_bytes().to_vec()))
        }
        "EC PRIVATE KEY" => sec1_to_pkcs8(der),
        "ENCRYPTED PRIVATE KEY" => Err(Error::new(
            Code::PassphraseRequired,
            "the private key is encrypted",
        )),
        other => Err(Error::malformed(format!(
            "{} is not a private key",
            crate::error::q(other)
        ))),
    }
}

/// Wraps a SEC1 `EC PRIVATE KEY` in PKCS#8, taking the curve from its parameters.
fn sec1_to_pkcs8(sec1: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    use pkcs8::der::asn1::{Any, ObjectIdentifier, OctetString};
    use pkcs8::der::{Reader, SliceReader, TagMode, TagNumber};
    let bad = |e: &dyn fmt::Display| Error::malformed(format!("damaged EC private key: {e}"));
    // ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING, [0] parameters OID, [1] publicKey }
    let mut reader = SliceReader::new(sec1).map_err(|e| bad(&e))?;
    let curve = reader
        .sequence(|r| {
            let _version = u8::decode(r)?;
            let _key = Zeroizing::new(OctetString::decode(r)?.into_bytes());
            let params = r.context_specific::<ObjectIdentifier>(TagNumber(0), TagMode::Explicit)?;
            while !r.is_finished() {
                let _ = Any::decode(r)?;
            }
            Ok::<_, pkcs8::der::Error>(params)
        })
        .map_err(|e| bad(&e))?
        .ok_or_else(|| bad(&"no curve parameters"))?;
    let info = pkcs8::PrivateKeyInfoOwned::new(
        pkcs8::spki::AlgorithmIdentifier {
            oid: ObjectIdentifier::new_unwrap("1.2.840.10045.2.1"),
            parameters: Some(Any::encode_from(&curve).map_err(|e| bad(&e))?),
        },
        OctetString::new(sec1.to_vec()).map_err(|e| bad(&e))?,
    );
    info.to_der().map(Zeroizing::new).map_err(|e| bad(&e))
}

/// The algorithm family of a public key (JSON `key.type`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    Rsa,
    Ec,
    Ed25519,
    Ed448,
    Dsa,
    Unknown,
}

impl KeyKind {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Rsa => "rsa",
            KeyKind::Ec => "ec",
            KeyKind::Ed25519 => "ed25519",
            KeyKind::Ed448 => "ed448",
            KeyKind::Dsa => "dsa",
            KeyKind::Unknown => "unknown",
        }
    }
}

/// A public key as the certificate object reports it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyInfo {
    #[serde(rename = "type")]
    pub kind: KeyKind,
    pub name: String,
    pub curve: Option<String>,
    pub bits: u32,
}

impl KeyInfo {
    /// The generated key type this corresponds to, if any.
    pub fn key_type(&self) -> Option<KeyType> {
        self.name.parse().ok()
    }

    /// "ec-p256", "rsa-2048", "rsa-1024", "dsa-1024", …
    pub fn label(&self) -> &str {
        &self.name
    }
}

/// Describes a DER SubjectPublicKeyInfo: type, `--key-type` name, curve, bits.
pub fn describe_spki(spki_der: &[u8]) -> Result<KeyInfo> {
    use x509_parser::prelude::FromDer;
    let (_, spki) = x509_parser::x509::SubjectPublicKeyInfo::from_der(spki_der)
        .map_err(|e| Error::malformed(format!("damaged public key: {e}")))?;
    Ok(describe_parsed_spki(&spki))
}

/// As `describe_spki`, for an already parsed key.
pub fn describe_parsed_spki(spki: &x509_parser::x509::SubjectPublicKeyInfo<'_>) -> KeyInfo {
    use x509_parser::oid_registry as oids;
    use x509_parser::public_key::PublicKey;
    let alg = &spki.algorithm.algorithm;
    let curve_oid = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.as_oid().ok());
    if *alg == oids::OID_KEY_TYPE_EC_PUBLIC_KEY {
        let (curve, bits) = match curve_oid.map(|o| o.to_id_string()).as_deref() {
            Some("1.2.840.10045.3.1.7") => ("P-256".to_string(), 256),
            Some("1.3.132.0.34") => ("P-384".to_string(), 384),
            Some("1.3.132.0.35") => ("P-521".to_string(), 521),
            Some("1.2.840.10045.3.1.1") => ("P-192".to_string(), 192),
            Some("1.3.132.0.33") => ("P-224".to_string(), 224),
            Some("1.3.132.0.10") => ("secp256k1".to_string(), 256),
            Some(other) => (other.to_string(), 0),
            None => ("unknown".to_string(), 0),
        };
        let name = match curve.as_str() {
            "P-256" => "ec-p256".to_string(),
            "P-384" => "ec-p384".to_string(),
            "P-521" => "ec-p521".to_string(),
            "P-192" => "ec-p192".to_string(),
            "P-224" => "ec-p224".to_string(),
            c => format!("ec-{}", c.to_lowercase()),
        };
        return KeyInfo {
            kind: KeyKind::Ec,
            name,
            curve: Some(curve),
            bits,
        };
    }
    if alg.to_id_string() == "1.3.101.112" {
        return KeyInfo {
            kind: KeyKind::Ed25519,
            name: "ed25519".into(),
            curve: Some("Ed25519".into()),
            bits: 256,
        };
    }
    if alg.to_id_string() == "1.3.101.113" {
        return KeyInfo {
            kind: KeyKind::Ed448,
            name: "ed448".into(),
            curve: Some("Ed448".into()),
            bits: 456,
        };
    }
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => {
            // The modulus's real bit length (key_size() rounds to whole bytes).
            let m = rsa
                .modulus
                .iter()
                .skip_while(|&&b| b == 0)
                .collect::<Vec<_>>();
            let bits = match m.first() {
                Some(&&first) => (m.len() * 8) as u32 - first.leading_zeros(),
                None => 0,
            };
            KeyInfo {
                kind: KeyKind::Rsa,
                name: format!("rsa-{bits}"),
                curve: None,
                bits,
            }
        }
        Ok(PublicKey::DSA(y)) => {
            let bits = (significant_bytes(y) * 8) as u32;
            KeyInfo {
                kind: KeyKind::Dsa,
                name: format!("dsa-{bits}"),
                curve: None,
                bits,
            }
        }
        _ => KeyInfo {
            kind: KeyKind::Unknown,
            name: alg.to_id_string(),
            curve: None,
            bits: 0,
        },
    }
}

fn significant_bytes(b: &[u8]) -> usize {
    b.iter().skip_while(|&&c| c == 0).count()
}

impl KeyType {
    /// The public-key description a key of this type will have.
    pub fn info(self) -> KeyInfo {
        let (kind, curve, bits) = match self {
            KeyType::EcP256 => (KeyKind::Ec, Some("P-256"), 256),
            KeyType::EcP384 => (KeyKind::Ec, Some("P-384"), 384),
            KeyType::Ed25519 => (KeyKind::Ed25519, Some("Ed25519"), 256),
            KeyType::Rsa2048 => (KeyKind::Rsa, None, 2048),
            KeyType::Rsa3072 => (KeyKind::Rsa, None, 3072),
            KeyType::Rsa4096 => (KeyKind::Rsa, None, 4096),
        };
        KeyInfo {
            kind,
            name: self.as_str().into(),
            curve: curve.map(str::to_string),
            bits,
        }
    }

    /// The signature algorithm a CA key of this type signs with.
    pub fn signature_algorithm(self) -> &'static str {
        match self {
            KeyType::EcP256 => "ecdsa-with-SHA256",
            KeyType::EcP384 => "ecdsa-with-SHA384",
            KeyType::Ed25519 => "ED25519",
            _ => "sha256WithRSAEncryption",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_describe_themselves() {
        for kt in [
            KeyType::EcP256,
            KeyType::EcP384,
            KeyType::Ed25519,
            KeyType::Rsa2048,
        ] {
            let k = PrivateKey::generate(kt).unwrap();
            assert_eq!(k.key_type, kt);
            let info = describe_spki(&k.spki_der()).unwrap();
            assert_eq!(info.name, kt.as_str());
        }
    }

    #[test]
    fn encrypted_keys_round_trip_and_reject_wrong_passphrases() {
        let k = PrivateKey::generate(KeyType::EcP256).unwrap();
        let pem_text = k.to_encrypted_pem_with(b"secret", 1000).unwrap();
        let p = pem::parse(pem_text.as_bytes()).unwrap();
        let enc = encryption_info(p.contents()).unwrap();
        assert_eq!(enc.kdf, "pbkdf2");
        assert_eq!(enc.iterations, Some(1000));
        assert_eq!(enc.salt_bytes, 16);
        assert_eq!(enc.cipher, "aes-256-cbc");
        let der = decrypt_pkcs8(p.contents(), b"secret", "test key").unwrap();
        assert_eq!(der.as_slice(), k.pkcs8_der());
        let err = decrypt_pkcs8(p.contents(), b"wrong", "test key")
            .err()
            .unwrap();
        assert_eq!(err.code, Code::WrongPassphrase);
    }

    #[test]
    fn ed25519_keys_are_written_as_pkcs8_v1() {
        let k = PrivateKey::generate(KeyType::Ed25519).unwrap();
        let info = PrivateKeyInfoRef::try_from(k.pkcs8_der()).unwrap();
        assert!(info.public_key.is_none());
    }
}
