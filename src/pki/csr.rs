//! Reading PKCS#10 requests made elsewhere (openssl req, keytool, Go): the
//! key and signature are checked before anything else, and only the subject
//! and the SANs are taken from a request — never its extensions.

use serde::Serialize;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::*;

use crate::error::{Code, Error, Result};
use crate::names::{Attr, Sans, escape_rfc4514};
use crate::pki::certinfo::{collect_sans, dn_to_string, is_weak_signature, signature_name};
use crate::pki::keys::{KeyInfo, KeyKind, describe_parsed_spki};
use crate::pki::objects::weak_key_reason;

/// What a request asks for, after its checks.
#[derive(Debug, Clone)]
pub struct Request {
    pub subject: String,
    pub cn: Option<String>,
    /// Subject attributes pkictl can write (C, ST, L, STREET, O, OU), in order.
    pub attrs: Vec<(Attr, String)>,
    /// Other subject attributes, as `KEY=value` (never copied).
    pub other_attrs: Vec<String>,
    pub sans: Sans,
    /// SANs of types pkictl does not issue (otherName, dirName …).
    pub other_sans: Vec<String>,
    pub key: KeyInfo,
    pub spki_der: Vec<u8>,
    /// basicConstraints CA:TRUE, or keyUsage keyCertSign / cRLSign.
    pub asks_for_ca: bool,
    pub signature_algorithm: String,
}

/// The parts of a request that were not used.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Dropped {
    pub subject: Vec<String>,
    pub sans: Vec<String>,
}

/// Decodes a request from PEM or DER.
pub fn decode(data: &[u8]) -> Result<Vec<u8>> {
    if crate::encoding::looks_like_pem(data) {
        let blocks =
            ::pem::parse_many(data).map_err(|e| Error::malformed(format!("damaged PEM: {e}")))?;
        return blocks
            .into_iter()
            .find(|b| matches!(b.tag(), "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST"))
            .map(|b| b.into_contents())
            .ok_or_else(|| Error::malformed("the file holds no CERTIFICATE REQUEST"));
    }
    if data.is_empty() {
        return Err(Error::malformed("the request is empty"));
    }
    Ok(data.to_vec())
}

fn attr_of(oid: &str) -> Option<Attr> {
    Some(match oid {
        "2.5.4.6" => Attr::C,
        "2.5.4.8" => Attr::St,
        "2.5.4.7" => Attr::L,
        "2.5.4.9" => Attr::Street,
        "2.5.4.10" => Attr::O,
        "2.5.4.11" => Attr::Ou,
        "2.5.4.3" => Attr::Cn,
        _ => return None,
    })
}

/// Parses and checks a request: weak keys and signatures are refused with
/// their own code before the signature is verified.
pub fn read(der: &[u8], min_rsa_bits: u32) -> Result<Request> {
    let (rest, csr) = X509CertificationRequest::from_der(der)
        .map_err(|e| Error::malformed(format!("not a valid certificate request: {e}")))?;
    if !rest.is_empty() {
        return Err(Error::malformed(format!(
            "{} bytes of trailing data after the request",
            rest.len()
        )));
    }
    let info = &csr.certification_request_info;
    let key = describe_parsed_spki(&info.subject_pki);
    // The store's minimum RSA size first, then the keys no one should sign.
    if key.kind == KeyKind::Rsa && key.bits < min_rsa_bits {
        return Err(Error::new(
            Code::WeakKey,
            format!(
                "the request's RSA key has {} bits, under the minimum of {min_rsa_bits}",
                key.bits
            ),
        )
        .hint("make a new request with a 2048-bit or larger RSA key, or an EC key"));
    }
    if let Some(why) = weak_key_reason(&key) {
        return Err(
            Error::new(Code::WeakKey, format!("the request's key: {why}")).hint(
                "make a new request with a P-256, P-384, Ed25519 or 2048-bit or larger RSA key",
            ),
        );
    }
    let supported = match key.kind {
        KeyKind::Rsa => key.bits <= 8192,
        KeyKind::Ed25519 => true,
        KeyKind::Ec => matches!(key.curve.as_deref(), Some("P-256") | Some("P-384")),
        _ => false,
    };
    if !supported {
        return Err(Error::new(
            Code::Unsupported,
            format!("keys of type {} are not supported", key.name),
        )
        .hint("use an RSA (2048 to 8192 bits), P-256, P-384 or Ed25519 key"));
    }
    let signature_algorithm = signature_name(&csr.signature_algorithm.algorithm);
    if is_weak_signature(&signature_algorithm) {
        return Err(Error::new(
            Code::WeakSignature,
            format!("the request is signed with {signature_algorithm}"),
        )
        .hint("make the request again with SHA-256 (openssl req -sha256)"));
    }
    csr.verify_signature().map_err(|_| {
        Error::new(
            Code::BadSignature,
            "the request's signature does not verify: it was altered, or signed with another key",
        )
        .hint("make the request again from its private key")
    })?;

    let mut attrs = Vec::new();
    let mut other_attrs = Vec::new();
    let mut cn = None;
    for rdn in info.subject.iter_rdn() {
        for a in rdn.iter() {
            let oid = a.attr_type().to_id_string();
            let value = a
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|_| format!("#{}", crate::encoding::hex(a.as_slice())));
            match attr_of(&oid) {
                Some(Attr::Cn) if cn.is_none() => cn = Some(value),
                Some(attr) if attr != Attr::Cn && !attrs.iter().any(|(x, _)| *x == attr) => {
                    attrs.push((attr, value))
                }
                _ => {
                    other_attrs.push(format!("{}={}", attr_label(&oid), escape_rfc4514(&value)));
                }
            }
        }
    }
    let mut sans = Sans::default();
    let mut other_sans = Vec::new();
    let mut asks_for_ca = false;
    if let Some(exts) = csr.requested_extensions() {
        for e in exts {
            match e {
                ParsedExtension::SubjectAlternativeName(s) => {
                    collect_sans(&s.general_names, &mut sans, &mut other_sans)
                }
                ParsedExtension::BasicConstraints(b) if b.ca => asks_for_ca = true,
                ParsedExtension::KeyUsage(k) if k.key_cert_sign() || k.crl_sign() => {
                    asks_for_ca = true
                }
                _ => {}
            }
        }
    }
    Ok(Request {
        subject: dn_to_string(&info.subject),
        cn,
        attrs,
        other_attrs,
        sans,
        other_sans,
        key,
        spki_der: info.subject_pki.raw.to_vec(),
        asks_for_ca,
        signature_algorithm,
    })
}

fn attr_label(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.9.1" => "emailAddress".into(),
        "0.9.2342.19200300.100.1.25" => "DC".into(),
        "0.9.2342.19200300.100.1.1" => "UID".into(),
        "2.5.4.5" => "serialNumber".into(),
        "2.5.4.3" => "CN".into(),
        other => other.to_string(),
    }
}
