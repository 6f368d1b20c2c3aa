//! The signer interface. Everything that signs for a CA — certificates,
//! CRLs, the request of a pending CA — goes through `Signer`; nothing
//! outside the code that opens a CA's key knows where that key lives. A key
//! in a file, loaded into a `PrivateKey`, is the first implementation; a
//! PKCS#11 or KMS key is another implementation of the same three methods.

use crate::error::{Error, Result};
use crate::pki::keys::{KeyType, PrivateKey};

/// A CA key that can sign.
pub trait Signer: Send + Sync {
    /// The key's type, which fixes the signature algorithm: ECDSA with
    /// SHA-256 (P-256) or SHA-384 (P-384), Ed25519, or RSA PKCS#1 v1.5
    /// with SHA-256.
    fn key_type(&self) -> KeyType;

    /// The raw public key: the content of the SubjectPublicKeyInfo's bit
    /// string (an uncompressed EC point, an Ed25519 key, an RSAPublicKey).
    fn public_key(&self) -> &[u8];

    /// Signs `message` with the key type's algorithm; returns the signature
    /// as X.509 carries it (DER `ECDSA-Sig-Value` for ECDSA).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>>;
}

/// A signer's DER SubjectPublicKeyInfo (to match it with the CA's
/// certificate).
pub fn spki_der(signer: &dyn Signer) -> Vec<u8> {
    rcgen::PublicKeyData::subject_public_key_info(&RcgenKey(signer))
}

/// The DER SubjectPublicKeyInfo of a raw public key of a type.
pub fn spki_from(key_type: KeyType, public: &[u8]) -> Vec<u8> {
    struct Raw<'a>(KeyType, &'a [u8]);
    impl rcgen::PublicKeyData for Raw<'_> {
        fn der_bytes(&self) -> &[u8] {
            self.1
        }
        fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
            algorithm(self.0)
        }
    }
    rcgen::PublicKeyData::subject_public_key_info(&Raw(key_type, public))
}

/// The signature algorithm of a key type, as rcgen describes it.
pub fn algorithm(key_type: KeyType) -> &'static rcgen::SignatureAlgorithm {
    match key_type {
        KeyType::EcP256 => &rcgen::PKCS_ECDSA_P256_SHA256,
        KeyType::EcP384 => &rcgen::PKCS_ECDSA_P384_SHA384,
        KeyType::Ed25519 => &rcgen::PKCS_ED25519,
        KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096 => &rcgen::PKCS_RSA_SHA256,
    }
}

/// The bridge to rcgen's remote-key support: any `Signer` as rcgen's
/// `SigningKey`.
pub struct RcgenKey<'a>(pub &'a dyn Signer);

impl rcgen::PublicKeyData for RcgenKey<'_> {
    fn der_bytes(&self) -> &[u8] {
        self.0.public_key()
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        algorithm(self.0.key_type())
    }
}

impl rcgen::SigningKey for RcgenKey<'_> {
    fn sign(&self, msg: &[u8]) -> std::result::Result<Vec<u8>, rcgen::Error> {
        self.0.sign(msg).map_err(|_| rcgen::Error::RemoteKeyError)
    }
}

/// A key held in memory: a CA key read from the store's `key.pem` (the
/// file implementation), or a key just generated.
impl Signer for PrivateKey {
    fn key_type(&self) -> KeyType {
        self.key_type
    }

    fn public_key(&self) -> &[u8] {
        rcgen::PublicKeyData::der_bytes(self.pair())
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        rcgen::SigningKey::sign(self.pair(), message)
            .map_err(|e| Error::internal(format!("signing failed: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_key_signs_what_its_public_key_verifies() {
        for kt in [KeyType::EcP256, KeyType::EcP384, KeyType::Ed25519] {
            let key = PrivateKey::generate(kt).unwrap();
            let sig = key.sign(b"message").unwrap();
            let alg: &dyn ring::signature::VerificationAlgorithm = match kt {
                KeyType::EcP256 => &ring::signature::ECDSA_P256_SHA256_ASN1,
                KeyType::EcP384 => &ring::signature::ECDSA_P384_SHA384_ASN1,
                _ => &ring::signature::ED25519,
            };
            ring::signature::UnparsedPublicKey::new(alg, key.public_key())
                .verify(b"message", &sig)
                .unwrap();
            assert_eq!(spki_der(&key), key.spki_der());
        }
    }
}
