//! Reading anything PEM or DER: certificates (also bundles), requests,
//! CRLs, private keys (never their material) and public keys, with the
//! problems a person should know about, in plain words.

use serde::Serialize;
use x509_parser::prelude::*;

use crate::encoding::sha256_hex;
use crate::error::{Code, Error, Result, Warning, WarningCode};
use crate::names::Sans;
use crate::pki::certinfo::{
    CertFacts, CertView, dn_to_string, first_cn, serial_hex, signature_name,
};
use crate::pki::keys::{
    Encryption, KeyInfo, KeyKind, PrivateKey, decrypt_pkcs8, describe_parsed_spki, describe_spki,
    encryption_info,
};

pub use crate::pki::warnings::{certificate_warnings, nc_leading_period, weak_key_reason};

/// One object found in an input.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Object {
    Certificate(Box<CertView>),
    Csr(CsrInfo),
    Crl(CrlInfo),
    PrivateKey(PrivateKeyInfo),
    PublicKey(PublicKeyInfo),
    Pkcs12(crate::pki::p12::P12Info),
    /// A PKCS#11 key URI (a CA's `key.uri`): where a key is, not the key.
    Pkcs11Key(Pkcs11KeyInfo),
}

/// A key in a PKCS#11 token, as its URI names it (the token is not asked).
#[derive(Debug, Serialize)]
pub struct Pkcs11KeyInfo {
    pub uri: String,
    pub token: Option<String>,
    pub object: Option<String>,
    /// The object's id, in hex.
    pub id: Option<String>,
    pub module_path: Option<String>,
}

/// A PKCS#10 request.
#[derive(Debug, Serialize)]
pub struct CsrInfo {
    pub subject: String,
    pub subject_cn: Option<String>,
    pub sans: Sans,
    pub key: KeyInfo,
    pub signature_algorithm: String,
    pub signature_valid: bool,
    pub requested_extensions: Vec<String>,
    pub spki_sha256: String,
}

/// A revocation list.
#[derive(Debug, Serialize)]
pub struct CrlInfo {
    pub issuer: String,
    pub this_update: String,
    pub next_update: Option<String>,
    pub this_update_unix: i64,
    pub next_update_unix: Option<i64>,
    pub crl_number: Option<String>,
    pub signature_algorithm: String,
    pub authority_key_id: Option<String>,
    pub revoked_count: usize,
    pub revoked: Vec<RevokedInfo>,
}

/// One revoked serial.
#[derive(Debug, Serialize)]
pub struct RevokedInfo {
    pub serial: String,
    pub revocation_date: String,
    pub reason: Option<String>,
}

/// A private key, described without its material.
#[derive(Debug, Serialize)]
pub struct PrivateKeyInfo {
    pub format: String,
    pub encrypted: bool,
    pub encryption: Option<Encryption>,
    /// Known when the key is unencrypted or was decrypted on request.
    pub key: Option<KeyInfo>,
    pub spki_sha256: Option<String>,
}

/// A public key.
#[derive(Debug, Serialize)]
pub struct PublicKeyInfo {
    pub key: KeyInfo,
    pub spki_sha256: String,
}

/// An object plus its warnings and, optionally, its PEM.
#[derive(Debug, Serialize)]
pub struct Found {
    #[serde(flatten)]
    pub object: Object,
    pub warnings: Vec<Warning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pem: Option<String>,
}

/// Options for reading.
pub struct ReadOptions<'a> {
    /// Judge validity at this time.
    pub at: i64,
    /// A passphrase given explicitly, to open encrypted keys.
    pub passphrase: Option<&'a [u8]>,
    /// The password of PKCS#12 inputs.
    pub p12_password: Option<&'a str>,
    pub include_pem: bool,
}

/// Reads every object of an input. Fails when nothing can be read.
pub fn read_objects(data: &[u8], opts: &ReadOptions<'_>) -> Result<Vec<Found>> {
    if data.is_empty() {
        return Err(Error::malformed("the input is empty"));
    }
    if data.starts_with(b"pkcs11:") {
        let text = std::str::from_utf8(data)
            .map_err(|_| Error::malformed("a PKCS#11 URI that is not UTF-8"))?;
        let uri = crate::pki::pkcs11::KeyUri::parse(text.trim_end())?;
        return Ok(vec![Found {
            object: Object::Pkcs11Key(Pkcs11KeyInfo {
                uri: uri.canonical(),
                token: uri.token,
                object: uri.object,
                id: uri.id.as_deref().map(crate::encoding::hex),
                module_path: uri.module_path,
            }),
            warnings: Vec::new(),
            pem: None,
        }]);
    }
    if crate::encoding::looks_like_pem(data) {
        let blocks = crate::encoding::WipedPems(
            ::pem::parse_many(data).map_err(|e| Error::malformed(format!("damaged PEM: {e}")))?,
        );
        if blocks.0.is_empty() {
            return Err(Error::malformed("no complete PEM block (truncated?)"));
        }
        let mut out = Vec::new();
        for (i, b) in blocks.0.iter().enumerate() {
            let mut found = read_pem_block(b, opts).map_err(|e| {
                Error::new(
                    e.code,
                    format!("PEM block {} ({}): {}", i + 1, b.tag(), e.message),
                )
            })?;
            if opts.include_pem {
                found.pem = Some(crate::encoding::pem_block(b));
            }
            out.push(found);
        }
        return Ok(out);
    }
    let mut found = read_der(data, opts)?;
    if opts.include_pem {
        let tag = match &found.object {
            Object::Certificate(_) => "CERTIFICATE",
            Object::Csr(_) => "CERTIFICATE REQUEST",
            Object::Crl(_) => "X509 CRL",
            Object::PrivateKey(p) if p.encrypted => "ENCRYPTED PRIVATE KEY",
            Object::PrivateKey(_) => "PRIVATE KEY",
            Object::PublicKey(_) => "PUBLIC KEY",
            Object::Pkcs12(_) | Object::Pkcs11Key(_) => "PKCS12",
        };
        found.pem = Some(crate::encoding::pem_text(tag, data));
    }
    Ok(vec![found])
}

fn read_pem_block(b: &::pem::Pem, opts: &ReadOptions<'_>) -> Result<Found> {
    let der = b.contents();
    match b.tag() {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
            read_certificate(der, opts, b.tag() == "TRUSTED CERTIFICATE")
        }
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => read_csr(der),
        "X509 CRL" => read_crl(der, opts),
        "ENCRYPTED PRIVATE KEY" => read_encrypted_key(der, opts),
        "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" => {
            if b.headers()
                .get("Proc-Type")
                .is_some_and(|v| v.contains("ENCRYPTED"))
            {
                let cipher = b
                    .headers()
                    .get("DEK-Info")
                    .unwrap_or("unknown")
                    .split(',')
                    .next()
                    .unwrap_or("")
                    .to_string();
                return Ok(Found {
                    object: Object::PrivateKey(PrivateKeyInfo {
                        format: format!("{} (legacy PEM encryption)", b.tag()),
                        encrypted: true,
                        encryption: Some(Encryption {
                            scheme: "legacy-pem".into(),
                            kdf: "EVP_BytesToKey-MD5".into(),
                            prf: None,
                            iterations: Some(1),
                            scrypt: None,
                            salt_bytes: 8,
                            cipher: cipher.to_lowercase(),
                        }),
                        key: None,
                        spki_sha256: None,
                    }),
                    warnings: vec![Warning::new(
                        WarningCode::WeakEncryption,
                        "the key uses legacy PEM encryption (one MD5 round, no real key stretching); re-encrypt it: openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256",
                    )],
                    pem: None,
                });
            }
            read_plain_key(b.tag(), der)
        }
        "PUBLIC KEY" => read_public_key(der),
        "RSA PUBLIC KEY" => {
            use pkcs8::EncodePublicKey;
            use rsa::pkcs1::DecodeRsaPublicKey;
            let k = rsa::PublicKey::from_pkcs1_der(der)
                .map_err(|e| Error::malformed(format!("damaged RSA public key: {e}")))?;
            let spki = k
                .to_public_key_der()
                .map_err(|e| Error::malformed(format!("RSA public key: {e}")))?;
            read_public_key(spki.as_bytes())
        }
        other => Err(Error::new(
            Code::Unsupported,
            format!("PEM type {other:?} is not something pkictl can show"),
        )
        .hint("pkictl reads certificates, requests, CRLs, private and public keys")),
    }
}

fn read_der(der: &[u8], opts: &ReadOptions<'_>) -> Result<Found> {
    if crate::pki::p12::looks_like_p12(der) {
        let pw = opts.p12_password.ok_or_else(|| {
            Error::new(
                Code::PassphraseRequired,
                "this is a PKCS#12 file; its password is needed to read it",
            )
            .hint("pass --p12-passphrase-file FILE or set PKICTL_P12_PASSPHRASE")
        })?;
        let info = crate::pki::p12::read(der, pw)?;
        let mut warnings = Vec::new();
        if info.protection.contains("legacy") {
            warnings.push(Warning::new(
                WarningCode::WeakEncryption,
                format!(
                    "the file uses legacy protection ({}); re-export it with PBES2/AES-256",
                    info.protection
                ),
            ));
        }
        return Ok(Found {
            object: Object::Pkcs12(info),
            warnings,
            pem: None,
        });
    }
    if let Ok((_, c)) = parse_x509_certificate(der) {
        return Ok(cert_found(&c, der, opts));
    }
    if let Ok((_, crl)) = parse_x509_crl(der) {
        return Ok(crl_found(&crl, opts));
    }
    if X509CertificationRequest::from_der(der).is_ok() {
        return read_csr(der);
    }
    if pkcs8::EncryptedPrivateKeyInfoRef::try_from(der).is_ok() {
        return read_encrypted_key(der, opts);
    }
    if pkcs8::PrivateKeyInfoRef::try_from(der).is_ok() {
        return read_plain_key("PRIVATE KEY", der);
    }
    if x509_parser::x509::SubjectPublicKeyInfo::from_der(der).is_ok_and(|(rest, _)| rest.is_empty())
    {
        return read_public_key(der);
    }
    Err(Error::malformed(
        "not a certificate, certificate request, CRL, private key or public key in PEM or DER (truncated or damaged?)",
    ))
}

fn read_certificate(der: &[u8], opts: &ReadOptions<'_>, trusted_aux: bool) -> Result<Found> {
    // A TRUSTED CERTIFICATE is the certificate followed by openssl's trust settings.
    let (rest, c) = parse_x509_certificate(der)
        .map_err(|e| Error::malformed(format!("not a valid X.509 certificate: {e}")))?;
    let cert_der = &der[..der.len() - rest.len()];
    if !rest.is_empty() && !trusted_aux {
        return Err(Error::malformed(format!(
            "{} bytes of trailing data after the certificate",
            rest.len()
        )));
    }
    Ok(cert_found(&c, cert_der, opts))
}

fn cert_found(c: &X509Certificate<'_>, der: &[u8], opts: &ReadOptions<'_>) -> Found {
    let facts = CertFacts::from_parsed(c, der);
    let mut warnings = certificate_warnings(&facts, opts.at);
    for (role, name) in [("subject", c.subject()), ("issuer", c.issuer())] {
        if let Some(what) = crate::pki::certinfo::name_control_char(name) {
            warnings.push(Warning::new(
                WarningCode::ControlCharacter,
                format!("the {role}'s {what}: programs may read this name differently"),
            ));
        }
    }
    Found {
        object: Object::Certificate(Box::new(CertView::new(facts, opts.at))),
        warnings,
        pem: None,
    }
}

/// The certificates (DER) of PEM text, in order: its CERTIFICATE blocks;
/// none for text without one (an empty chain.pem).
pub fn pem_certificates(bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
    Ok(::pem::parse_many(bytes)
        .map_err(|e| Error::malformed(format!("damaged PEM: {e}")))?
        .into_iter()
        .filter(|p| p.tag() == "CERTIFICATE")
        .map(|p| p.into_contents())
        .collect())
}

fn read_csr(der: &[u8]) -> Result<Found> {
    let (_, csr) = X509CertificationRequest::from_der(der)
        .map_err(|e| Error::malformed(format!("not a valid certificate request: {e}")))?;
    let info = &csr.certification_request_info;
    let mut sans = Sans::default();
    let mut exts = Vec::new();
    if let Some(it) = csr.requested_extensions() {
        for e in it {
            match e {
                x509_parser::extensions::ParsedExtension::SubjectAlternativeName(s) => {
                    exts.push("subjectAltName".to_string());
                    crate::pki::certinfo::collect_sans(
                        &s.general_names,
                        &mut sans,
                        &mut Vec::new(),
                    );
                }
                x509_parser::extensions::ParsedExtension::BasicConstraints(b) => {
                    exts.push(if b.ca {
                        "basicConstraints CA:TRUE".into()
                    } else {
                        "basicConstraints CA:FALSE".into()
                    })
                }
                x509_parser::extensions::ParsedExtension::KeyUsage(_) => {
                    exts.push("keyUsage".into())
                }
                x509_parser::extensions::ParsedExtension::ExtendedKeyUsage(_) => {
                    exts.push("extendedKeyUsage".into())
                }
                x509_parser::extensions::ParsedExtension::SubjectKeyIdentifier(_) => {
                    exts.push("subjectKeyIdentifier".into())
                }
                other => exts.push(
                    format!("{other:?}")
                        .split(['(', ' ', '{'])
                        .next()
                        .unwrap_or("other")
                        .to_string(),
                ),
            }
        }
    }
    let key = describe_parsed_spki(&info.subject_pki);
    let signature_algorithm = signature_name(&csr.signature_algorithm.algorithm);
    let mut warnings = Vec::new();
    if let Some(why) = weak_key_reason(&key) {
        warnings.push(Warning::new(WarningCode::WeakKey, why));
    }
    if crate::pki::certinfo::is_weak_signature(&signature_algorithm) {
        warnings.push(Warning::new(
            WarningCode::WeakSignature,
            format!("signed with {signature_algorithm}"),
        ));
    }
    let signature_valid = csr.verify_signature().is_ok();
    if !signature_valid {
        warnings.push(Warning::new(
            WarningCode::BadSignature,
            "the request's signature does not verify (or uses an algorithm pkictl cannot check)",
        ));
    }
    Ok(Found {
        object: Object::Csr(CsrInfo {
            subject: dn_to_string(&info.subject),
            subject_cn: first_cn(&info.subject),
            sans,
            key,
            signature_algorithm,
            signature_valid,
            requested_extensions: exts,
            spki_sha256: sha256_hex(info.subject_pki.raw),
        }),
        warnings,
        pem: None,
    })
}

fn read_crl(der: &[u8], opts: &ReadOptions<'_>) -> Result<Found> {
    let (_, crl) =
        parse_x509_crl(der).map_err(|e| Error::malformed(format!("not a valid CRL: {e}")))?;
    Ok(crl_found(&crl, opts))
}

fn crl_found(crl: &CertificateRevocationList<'_>, opts: &ReadOptions<'_>) -> Found {
    use crate::timeutil::format_time;
    let mut aki = None;
    for e in crl.extensions() {
        if let x509_parser::extensions::ParsedExtension::AuthorityKeyIdentifier(a) =
            e.parsed_extension()
        {
            aki = a.key_identifier.as_ref().map(|k| crate::encoding::hex(k.0));
        }
    }
    let revoked: Vec<RevokedInfo> = crl
        .iter_revoked_certificates()
        .map(|r| RevokedInfo {
            serial: serial_hex(r.raw_serial()),
            revocation_date: format_time(r.revocation_date.timestamp()),
            reason: r.reason_code().map(|(_, c)| reason_name(c.0)),
        })
        .collect();
    let this_update = crl.last_update().timestamp();
    let next_update = crl.next_update().map(|t| t.timestamp());
    let mut warnings = Vec::new();
    match next_update {
        Some(n) if n < opts.at => warnings.push(Warning::new(
            WarningCode::Expired,
            format!("the CRL's next update was due {}", format_time(n)),
        )),
        None => warnings.push(Warning::new(
            WarningCode::NoNextUpdate,
            "the CRL has no next-update time",
        )),
        _ => {}
    }
    if crl.crl_number().is_none() {
        warnings.push(Warning::new(
            WarningCode::NoCrlNumber,
            "the CRL has no CRL number (RFC 5280 requires one)",
        ));
    }
    Found {
        object: Object::Crl(CrlInfo {
            issuer: dn_to_string(crl.issuer()),
            this_update: format_time(this_update),
            next_update: next_update.map(format_time),
            this_update_unix: this_update,
            next_update_unix: next_update,
            crl_number: crl.crl_number().map(|n| n.to_string()),
            signature_algorithm: signature_name(&crl.signature_algorithm.algorithm),
            authority_key_id: aki,
            revoked_count: revoked.len(),
            revoked,
        }),
        warnings,
        pem: None,
    }
}

/// The SPEC spelling of a CRL reason code.
pub fn reason_name(code: u8) -> String {
    match code {
        0 => "unspecified",
        1 => "key-compromise",
        2 => "ca-compromise",
        3 => "affiliation-changed",
        4 => "superseded",
        5 => "cessation-of-operation",
        6 => "certificate-hold",
        8 => "remove-from-crl",
        9 => "privilege-withdrawn",
        10 => "aa-compromise",
        _ => return format!("reason-{code}"),
    }
    .to_string()
}

fn read_plain_key(label: &str, der: &[u8]) -> Result<Found> {
    let pkcs8 = crate::pki::keys::plain_private_key_to_pkcs8(label, der)?;
    let (key, spki) = match PrivateKey::from_pkcs8_der(pkcs8.clone()) {
        Ok(k) => {
            let spki = k.spki_der();
            (describe_spki(&spki).ok(), Some(sha256_hex(&spki)))
        }
        Err(_) => (describe_unsupported_pkcs8(&pkcs8), None),
    };
    let mut warnings = vec![Warning::new(
        WarningCode::UnencryptedKey,
        "the private key is not encrypted; keep the file at mode 0600",
    )];
    if let Some(k) = &key
        && let Some(why) = weak_key_reason(k)
    {
        warnings.push(Warning::new(WarningCode::WeakKey, why));
    }
    Ok(Found {
        object: Object::PrivateKey(PrivateKeyInfo {
            format: match label {
                "RSA PRIVATE KEY" => "PKCS#1".into(),
                "EC PRIVATE KEY" => "SEC1".into(),
                _ => "PKCS#8".into(),
            },
            encrypted: false,
            encryption: None,
            key,
            spki_sha256: spki,
        }),
        warnings,
        pem: None,
    })
}

/// Describes a PKCS#8 key ring cannot load (P-521, DSA …) from its algorithm.
fn describe_unsupported_pkcs8(der: &[u8]) -> Option<KeyInfo> {
    let info = pkcs8::PrivateKeyInfoRef::try_from(der).ok()?;
    let oid = info.algorithm.oid.to_string();
    let curve = info
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<pkcs8::der::asn1::ObjectIdentifier>().ok())
        .map(|o| o.to_string());
    let (kind, name, curve, bits) = match (oid.as_str(), curve.as_deref()) {
        ("1.2.840.10045.2.1", Some("1.3.132.0.35")) => (KeyKind::Ec, "ec-p521", Some("P-521"), 521),
        ("1.2.840.10045.2.1", Some("1.2.840.10045.3.1.1")) => {
            (KeyKind::Ec, "ec-p192", Some("P-192"), 192)
        }
        ("1.2.840.10045.2.1", Some("1.3.132.0.33")) => (KeyKind::Ec, "ec-p224", Some("P-224"), 224),
        ("1.2.840.10045.2.1", Some("1.3.132.0.10")) => {
            (KeyKind::Ec, "ec-secp256k1", Some("secp256k1"), 256)
        }
        ("1.2.840.10040.4.1", _) => (KeyKind::Dsa, "dsa", None, 0),
        ("1.3.101.113", _) => (KeyKind::Ed448, "ed448", Some("Ed448"), 456),
        ("1.2.840.113549.1.1.1", _) => {
            use rsa::traits::PublicKeyParts;
            let k = <rsa::PrivateKey as pkcs8::DecodePrivateKey>::from_pkcs8_der(der).ok()?;
            let bits = k.n().bit_width();
            return Some(KeyInfo {
                kind: KeyKind::Rsa,
                name: format!("rsa-{bits}"),
                curve: None,
                bits,
            });
        }
        _ => (KeyKind::Unknown, oid.as_str(), None, 0),
    };
    Some(KeyInfo {
        kind,
        name: name.into(),
        curve: curve.map(str::to_string),
        bits,
    })
}

fn read_encrypted_key(der: &[u8], opts: &ReadOptions<'_>) -> Result<Found> {
    let enc = encryption_info(der)?;
    let mut warnings = Vec::new();
    match (enc.kdf.as_str(), enc.iterations) {
        ("pbkdf2", Some(n)) if n < 600_000 => warnings.push(Warning::new(
            WarningCode::WeakKdf,
            format!(
                "PBKDF2 with {n} iterations is below the 600,000 pkictl uses; re-encrypt the key"
            ),
        )),
        ("pbkdf1", _) => warnings.push(Warning::new(
            WarningCode::WeakKdf,
            "PBES1 encryption is obsolete; re-encrypt the key with PBES2",
        )),
        _ => {}
    }
    let (key, spki) = match opts.passphrase.map(|pw| decrypt_pkcs8(der, pw, "the key")) {
        Some(Ok(plain)) => match PrivateKey::from_pkcs8_der(plain.clone()) {
            Ok(k) => {
                let spki = k.spki_der();
                (describe_spki(&spki).ok(), Some(sha256_hex(&spki)))
            }
            Err(_) => (describe_unsupported_pkcs8(&plain), None),
        },
        Some(Err(e)) => {
            warnings.push(if e.code == Code::Unsupported {
                // Parameters that would make opening it a denial of service.
                let why = format!("the key was not opened: {}", e.message);
                Warning::new(WarningCode::WeakEncryption, why)
            } else {
                let why = "the given passphrase does not open this key, so its type is not shown";
                Warning::new(WarningCode::WrongPassphrase, why)
            });
            (None, None)
        }
        None => (None, None),
    };
    Ok(Found {
        object: Object::PrivateKey(PrivateKeyInfo {
            format: "PKCS#8 (encrypted)".into(),
            encrypted: true,
            encryption: Some(enc),
            key,
            spki_sha256: spki,
        }),
        warnings,
        pem: None,
    })
}

fn read_public_key(der: &[u8]) -> Result<Found> {
    let key = describe_spki(der)?;
    let mut warnings = Vec::new();
    if let Some(why) = weak_key_reason(&key) {
        warnings.push(Warning::new(WarningCode::WeakKey, why));
    }
    Ok(Found {
        object: Object::PublicKey(PublicKeyInfo {
            key,
            spki_sha256: sha256_hex(der),
        }),
        warnings,
        pem: None,
    })
}
