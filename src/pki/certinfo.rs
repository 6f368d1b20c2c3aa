//! The certificate object of SPEC section 2, read from DER with x509-parser.
//! `CertFacts` holds the intrinsic fields (what the index stores); the
//! time-dependent fields are computed when a view is serialized.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::oid_registry::Oid;
use x509_parser::prelude::*;

use crate::encoding::{hex, sha256_hex};
use crate::error::{Error, Result};
use crate::names::{Sans, escape_rfc4514};
use crate::pki::keys::{KeyInfo, describe_parsed_spki};
use crate::timeutil::format_time;

/// Name constraints as they appear in a CA certificate.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct NameConstraintsInfo {
    pub critical: bool,
    pub permitted: ConstraintSet,
    pub excluded: ConstraintSet,
}

/// One side (permitted or excluded) of name constraints.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ConstraintSet {
    pub dns: Vec<String>,
    pub ip: Vec<String>,
    pub email: Vec<String>,
    pub uri: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<String>,
}

impl ConstraintSet {
    /// True when no subtree is listed.
    pub fn is_empty(&self) -> bool {
        self.dns.is_empty()
            && self.ip.is_empty()
            && self.email.is_empty()
            && self.uri.is_empty()
            && self.other.is_empty()
    }
}

/// The intrinsic fields of a certificate (SPEC's certificate object without
/// the time-dependent and store fields).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CertFacts {
    /// Empty (JSON null) in a preview, before signing.
    #[serde(serialize_with = "null_if_empty")]
    pub serial: String,
    pub subject: String,
    pub subject_cn: Option<String>,
    pub issuer: String,
    /// Unix times (RFC 3339 text in JSON and in the index).
    #[serde(with = "crate::timeutil::rfc3339")]
    pub not_before: i64,
    #[serde(with = "crate::timeutil::rfc3339")]
    pub not_after: i64,
    pub sans: Sans,
    pub key: KeyInfo,
    pub signature_algorithm: String,
    pub is_ca: bool,
    pub path_len: Option<u32>,
    pub key_usage: Vec<String>,
    pub extended_key_usage: Vec<String>,
    pub name_constraints: Option<NameConstraintsInfo>,
    /// Empty (JSON null) in a preview.
    #[serde(serialize_with = "null_if_empty")]
    pub fingerprint_sha256: String,
    /// Empty (JSON null) in a preview.
    #[serde(serialize_with = "null_if_empty")]
    pub spki_sha256: String,
    pub subject_key_id: Option<String>,
    pub authority_key_id: Option<String>,
}

/// Serializes an empty string (a value not known yet) as null.
fn null_if_empty<S: serde::Serializer>(v: &str, s: S) -> std::result::Result<S::Ok, S::Error> {
    if v.is_empty() {
        s.serialize_none()
    } else {
        s.serialize_str(v)
    }
}

impl CertFacts {
    /// Parses a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<CertFacts> {
        let (_, cert) = parse_x509_certificate(der)
            .map_err(|e| Error::malformed(format!("not a valid X.509 certificate: {e}")))?;
        Ok(CertFacts::from_parsed(&cert, der))
    }

    /// Extracts the facts of a parsed certificate.
    pub fn from_parsed(cert: &X509Certificate<'_>, der: &[u8]) -> CertFacts {
        let mut sans = Sans::default();
        let mut is_ca = false;
        let mut path_len = None;
        let mut key_usage = Vec::new();
        let mut eku = Vec::new();
        let mut nc = None;
        let mut ski = None;
        let mut aki = None;
        for ext in cert.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::SubjectAlternativeName(san) => {
                    collect_sans(&san.general_names, &mut sans, &mut Vec::new());
                }
                ParsedExtension::BasicConstraints(bc) => {
                    is_ca = bc.ca;
                    path_len = bc.path_len_constraint;
                }
                ParsedExtension::KeyUsage(ku) => key_usage = key_usage_names(ku),
                ParsedExtension::ExtendedKeyUsage(e) => eku = eku_names(e),
                ParsedExtension::NameConstraints(n) => {
                    nc = Some(NameConstraintsInfo {
                        critical: ext.critical,
                        permitted: constraint_set(n.permitted_subtrees.as_deref()),
                        excluded: constraint_set(n.excluded_subtrees.as_deref()),
                    })
                }
                ParsedExtension::SubjectKeyIdentifier(k) => ski = Some(hex(k.0)),
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    aki = a.key_identifier.as_ref().map(|k| hex(k.0))
                }
                _ => {}
            }
        }
        CertFacts {
            serial: serial_hex(cert.raw_serial()),
            subject: dn_to_string(cert.subject()),
            subject_cn: first_cn(cert.subject()),
            issuer: dn_to_string(cert.issuer()),
            not_before: cert.validity().not_before.timestamp(),
            not_after: cert.validity().not_after.timestamp(),
            sans,
            key: describe_parsed_spki(cert.public_key()),
            signature_algorithm: signature_name(&cert.signature_algorithm.algorithm),
            is_ca,
            path_len: if is_ca { path_len } else { None },
            key_usage,
            extended_key_usage: eku,
            name_constraints: nc,
            fingerprint_sha256: sha256_hex(der),
            spki_sha256: sha256_hex(cert.public_key().raw),
            subject_key_id: ski,
            authority_key_id: aki,
        }
    }

    /// True when the certificate is self-issued (subject equals issuer).
    pub fn self_issued(&self) -> bool {
        self.subject == self.issuer
    }
}

/// Sorts general names into SANs by type; other types go to `other`.
pub fn collect_sans(names: &[GeneralName<'_>], sans: &mut Sans, other: &mut Vec<String>) {
    for gn in names {
        match gn {
            GeneralName::DNSName(d) => sans.dns.push(d.to_string()),
            GeneralName::IPAddress(b) => sans.ip.push(ip_to_string(b)),
            GeneralName::RFC822Name(e) => sans.email.push(e.to_string()),
            GeneralName::URI(u) => sans.uri.push(u.to_string()),
            o => other.push(format!("{o:?}")),
        }
    }
}

/// Serial digits as `openssl x509 -serial` prints them, lowercase.
pub fn serial_hex(raw: &[u8]) -> String {
    if raw.first().is_some_and(|b| b & 0x80 != 0) {
        // A negative INTEGER (not allowed by RFC 5280, but seen): two's complement.
        let mut mag: Vec<u8> = raw.iter().map(|b| !b).collect();
        for b in mag.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
        return format!("-{}", serial_hex(&mag));
    }
    let trimmed: Vec<u8> = raw.iter().copied().skip_while(|&b| b == 0).collect();
    if trimmed.is_empty() {
        "00".into()
    } else {
        hex(&trimmed)
    }
}

/// Normalizes a user-given serial (any case, colons, `0x`) to the store's form.
pub fn normalize_serial(text: &str) -> Result<String> {
    let s: String = text
        .trim()
        .trim_start_matches("0x")
        .trim_start_matches("0X")
        .chars()
        .filter(|c| *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(
            Error::usage(format!("invalid serial {}", crate::error::q(text))).hint(
                "give the serial in hex, as `pkictl list` or `openssl x509 -serial` prints it",
            ),
        );
    }
    let s = s.trim_start_matches('0');
    let s = if s.len() % 2 == 1 {
        format!("0{s}")
    } else {
        s.to_string()
    };
    Ok(if s.is_empty() { "00".into() } else { s })
}

/// An IP address SAN (4 or 16 bytes) in RFC 5952 form.
pub fn ip_to_string(b: &[u8]) -> String {
    match b.len() {
        4 => Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string(),
        16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(b);
            Ipv6Addr::from(a).to_string()
        }
        _ => format!("#{}", hex(b)),
    }
}

/// An IP name constraint (address + mask) as CIDR.
fn ip_constraint_to_string(b: &[u8]) -> String {
    let half = b.len() / 2;
    let (addr, mask) = b.split_at(half);
    let prefix: u32 = mask.iter().map(|m| m.count_ones()).sum();
    match half {
        4 | 16 => format!("{}/{prefix}", ip_to_string(addr)),
        _ => format!("#{}", hex(b)),
    }
}

fn constraint_set(
    subtrees: Option<&[x509_parser::extensions::GeneralSubtree<'_>]>,
) -> ConstraintSet {
    let mut set = ConstraintSet::default();
    for st in subtrees.unwrap_or_default() {
        match &st.base {
            GeneralName::DNSName(d) => set.dns.push(d.to_string()),
            GeneralName::IPAddress(b) => set.ip.push(ip_constraint_to_string(b)),
            GeneralName::RFC822Name(e) => set.email.push(e.to_string()),
            GeneralName::URI(u) => set.uri.push(u.to_string()),
            GeneralName::DirectoryName(n) => set.other.push(format!("dirName:{}", dn_to_string(n))),
            other => set.other.push(format!("{other:?}")),
        }
    }
    set
}

/// RFC 5280 key usage names in bit order.
fn key_usage_names(ku: &x509_parser::extensions::KeyUsage) -> Vec<String> {
    let mut v = Vec::new();
    let bits = [
        (ku.digital_signature(), "digitalSignature"),
        (ku.non_repudiation(), "contentCommitment"),
        (ku.key_encipherment(), "keyEncipherment"),
        (ku.data_encipherment(), "dataEncipherment"),
        (ku.key_agreement(), "keyAgreement"),
        (ku.key_cert_sign(), "keyCertSign"),
        (ku.crl_sign(), "cRLSign"),
        (ku.encipher_only(), "encipherOnly"),
        (ku.decipher_only(), "decipherOnly"),
    ];
    for (set, name) in bits {
        if set {
            v.push(name.to_string());
        }
    }
    v
}

fn eku_names(e: &x509_parser::extensions::ExtendedKeyUsage<'_>) -> Vec<String> {
    let mut v = Vec::new();
    if e.any {
        v.push("anyExtendedKeyUsage".into());
    }
    for (set, name) in [
        (e.server_auth, "serverAuth"),
        (e.client_auth, "clientAuth"),
        (e.code_signing, "codeSigning"),
        (e.email_protection, "emailProtection"),
        (e.time_stamping, "timeStamping"),
        (e.ocsp_signing, "OCSPSigning"),
    ] {
        if set {
            v.push(name.into());
        }
    }
    for o in &e.other {
        v.push(o.to_id_string());
    }
    v
}

/// The name of a signature algorithm OID, as openssl spells it.
pub fn signature_name(oid: &Oid<'_>) -> String {
    match oid.to_id_string().as_str() {
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.3.101.112" => "ED25519",
        "1.3.101.113" => "ED448",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.14" => "sha224WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.2" => "md2WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "rsassaPss",
        "1.2.840.10040.4.3" => "dsa-with-SHA1",
        "2.16.840.1.101.3.4.3.2" => "dsa-with-SHA256",
        other => return other.to_string(),
    }
    .to_string()
}

/// True for SHA-1 and MD5 (and older) signature algorithms.
pub fn is_weak_signature(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("sha1") || n.contains("md5") || n.contains("md2")
}

fn attr_short_name(oid: &Oid<'_>) -> String {
    match oid.to_id_string().as_str() {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "STREET",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        "2.5.4.5" => "serialNumber",
        "2.5.4.4" => "SN",
        "2.5.4.42" => "GN",
        "2.5.4.12" => "title",
        "2.5.4.46" => "dnQualifier",
        "2.5.4.17" => "postalCode",
        "2.5.4.97" => "organizationIdentifier",
        "1.2.840.113549.1.9.1" => "emailAddress",
        other => return other.to_string(),
    }
    .to_string()
}

/// Decodes a directory string of any ASN.1 string type to text.
fn attr_value_text(attr: &AttributeTypeAndValue<'_>) -> Option<String> {
    use x509_parser::der_parser::asn1_rs::Tag;
    let any = attr.attr_value();
    let data = any.data;
    match any.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::NumericString
        | Tag::VisibleString => std::str::from_utf8(data).ok().map(str::to_string),
        // T.61 in practice holds Latin-1.
        Tag::TeletexString => Some(data.iter().map(|&b| b as char).collect()),
        Tag::BmpString => {
            if data.len() % 2 != 0 {
                return None;
            }
            let units: Vec<u16> = data
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        Tag::UniversalString => {
            if data.len() % 4 != 0 {
                return None;
            }
            data.chunks(4)
                .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
                .collect()
        }
        _ => None,
    }
}

/// A distinguished name in RFC 4514 form (last RDN first).
pub fn dn_to_string(name: &X509Name<'_>) -> String {
    let rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|attr| {
                    let key = attr_short_name(attr.attr_type());
                    match attr_value_text(attr) {
                        Some(v) => format!("{key}={}", escape_rfc4514(&v)),
                        None => format!("{key}=#{}", hex(attr.as_slice())),
                    }
                })
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(",")
}

/// A description of the first attribute of a DN whose value holds a
/// control character (NUL, C0, DEL, C1), if any.
pub fn name_control_char(name: &X509Name<'_>) -> Option<String> {
    name.iter_attributes().find_map(|attr| {
        let v = attr_value_text(attr)?;
        let (pos, c) = crate::names::control_char(&v)?;
        Some(format!(
            "{} {:?} holds a control character (U+{:04X}) at position {pos}",
            attr_short_name(attr.attr_type()),
            v.escape_debug().to_string(),
            c as u32
        ))
    })
}

/// The first common name of a DN, if any.
pub fn first_cn(name: &X509Name<'_>) -> Option<String> {
    name.iter_common_name().next().and_then(attr_value_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_print_like_openssl() {
        assert_eq!(serial_hex(&[0x00]), "00");
        assert_eq!(serial_hex(&[0x00, 0x80, 0x01]), "8001");
        assert_eq!(serial_hex(&[0x0a, 0xbc]), "0abc");
        assert_eq!(serial_hex(&[0xff]), "-01");
        assert_eq!(normalize_serial("0x0A:BC").unwrap(), "0abc");
        assert_eq!(normalize_serial("ABC").unwrap(), "0abc");
        assert!(normalize_serial("xyz").is_err());
    }
}

/// The status SPEC reports: `valid`, `expired`, `revoked`, `superseded`,
/// `retired` or `pending`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Valid,
    Expired,
    Revoked,
    Superseded,
    Retired,
    Pending,
}

impl Status {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Expired => "expired",
            Status::Revoked => "revoked",
            Status::Superseded => "superseded",
            Status::Retired => "retired",
            Status::Pending => "pending",
        }
    }
}

/// Store fields of a certificate object (only for the store's certificates).
#[derive(Debug, Clone, Serialize)]
pub struct StoreFields {
    pub name: String,
    pub ca: Option<String>,
    pub profile: Option<String>,
    pub status: Status,
    pub replaces: Option<String>,
    pub replaced_by: Option<String>,
}

/// The certificate object as commands report it (SPEC section 2): the
/// facts, with the time-dependent fields computed for one `now`, and the
/// store's fields for a certificate of the store.
#[derive(Debug, Clone, Serialize)]
pub struct CertView {
    #[serde(flatten)]
    pub facts: CertFacts,
    pub not_before_unix: i64,
    pub not_after_unix: i64,
    pub days_remaining: i64,
    pub seconds_remaining: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub store: Option<StoreFields>,
}

impl CertView {
    /// The view of a certificate's facts at `now`.
    pub fn new(facts: CertFacts, now: i64) -> CertView {
        let secs = facts.not_after - now;
        CertView {
            not_before_unix: facts.not_before,
            not_after_unix: facts.not_after,
            days_remaining: secs.div_euclid(crate::timeutil::DAY),
            seconds_remaining: secs,
            facts,
            path: None,
            store: None,
        }
    }

    /// notBefore as RFC 3339 text.
    pub fn not_before_text(&self) -> String {
        format_time(self.facts.not_before)
    }

    /// notAfter as RFC 3339 text.
    pub fn not_after_text(&self) -> String {
        format_time(self.facts.not_after)
    }

    /// The serial, or `unknown` in a preview (before signing).
    pub fn serial_or<'a>(&'a self, unknown: &'a str) -> &'a str {
        if self.facts.serial.is_empty() {
            unknown
        } else {
            &self.facts.serial
        }
    }

    /// Adds the file the certificate was read from or written to.
    pub fn with_path(mut self, path: impl Into<String>) -> CertView {
        self.path = Some(path.into());
        self
    }

    /// Adds the store fields.
    pub fn with_store(mut self, fields: StoreFields) -> CertView {
        self.store = Some(fields);
        self
    }
}
