//! Certificate construction with rcgen: every field is set explicitly from a
//! `CertSpec` (no rcgen defaults survive), serials are 16 random bytes, and
//! the issuer is always a CA certificate loaded from the store.

use rcgen::{
    BasicConstraints, CertificateParams, CidrSubnet, DistinguishedName, DnType, DnValue,
    GeneralSubtree, IsCa, Issuer, KeyIdMethod, NameConstraints, PublicKeyData, SanType,
    SerialNumber,
};

use crate::error::{Error, Result};
use crate::names::Cidr;
use crate::names::{Attr, Sans, Subject};
use crate::pki::profile::Profile;
use crate::pki::signer::{RcgenKey, Signer};
use crate::timeutil::to_offset;

/// Name constraints requested for a new CA.
#[derive(Debug, Clone, Default)]
pub struct NcSpec {
    pub permit_dns: Vec<String>,
    pub permit_ip: Vec<Cidr>,
    pub exclude_dns: Vec<String>,
    pub exclude_ip: Vec<Cidr>,
}

impl NcSpec {
    /// True when nothing is constrained.
    pub fn is_empty(&self) -> bool {
        self.permit_dns.is_empty()
            && self.permit_ip.is_empty()
            && self.exclude_dns.is_empty()
            && self.exclude_ip.is_empty()
    }

    /// The constraints of a CA certificate as `to_rcgen` wrote them (the
    /// exclusions it adds for a one-type permit taken out again), to certify
    /// the same CA again. Email, URI and other subtrees are never written by
    /// pkictl: a certificate with them cannot be reproduced.
    pub fn from_certificate(nc: &crate::pki::certinfo::NameConstraintsInfo) -> Result<NcSpec> {
        let (p, x) = (&nc.permitted, &nc.excluded);
        if [&p.email, &p.uri, &p.other, &x.email, &x.uri, &x.other]
            .iter()
            .any(|v| !v.is_empty())
        {
            return Err(Error::new(
                crate::error::Code::Unsupported,
                "the CA's name constraints hold email, URI or other subtrees, which pkictl does not write",
            ));
        }
        let cidrs = |v: &[String]| {
            v.iter()
                .map(|s| crate::names::parse_cidr(s))
                .collect::<Result<Vec<_>>>()
        };
        let mut spec = NcSpec {
            permit_dns: p.dns.clone(),
            permit_ip: cidrs(&p.ip)?,
            exclude_dns: x.dns.clone(),
            exclude_ip: cidrs(&x.ip)?,
        };
        if !spec.permit_dns.is_empty() && spec.permit_ip.is_empty() {
            spec.exclude_ip.retain(|c| c.prefix != 0);
        }
        if !spec.permit_ip.is_empty() && spec.permit_dns.is_empty() {
            spec.exclude_dns.retain(|d| !d.is_empty());
        }
        Ok(spec)
    }

    /// The constraints as written into the certificate. When only one of DNS
    /// and IP is permitted, the other type is excluded entirely, so that
    /// `--permit-dns example.com` means "example.com names only".
    pub fn to_rcgen(&self) -> Option<NameConstraints> {
        if self.is_empty() {
            return None;
        }
        let ip =
            |c: &Cidr| GeneralSubtree::IpAddress(CidrSubnet::from_addr_prefix(c.addr, c.prefix));
        let permitted: Vec<GeneralSubtree> = self
            .permit_dns
            .iter()
            .map(|d| GeneralSubtree::DnsName(d.clone()))
            .chain(self.permit_ip.iter().map(ip))
            .collect();
        let mut excluded: Vec<GeneralSubtree> = self
            .exclude_dns
            .iter()
            .map(|d| GeneralSubtree::DnsName(d.clone()))
            .chain(self.exclude_ip.iter().map(ip))
            .collect();
        if !self.permit_dns.is_empty() && self.permit_ip.is_empty() {
            excluded.push(GeneralSubtree::IpAddress(CidrSubnet::from_addr_prefix(
                "0.0.0.0".parse().ok()?,
                0,
            )));
            excluded.push(GeneralSubtree::IpAddress(CidrSubnet::from_addr_prefix(
                "::".parse().ok()?,
                0,
            )));
        }
        if !self.permit_ip.is_empty() && self.permit_dns.is_empty() {
            excluded.push(GeneralSubtree::DnsName(String::new()));
        }
        Some(NameConstraints {
            permitted_subtrees: permitted,
            excluded_subtrees: excluded,
        })
    }
}

/// What kind of certificate to build.
#[derive(Debug, Clone)]
pub enum SpecKind {
    Leaf(Profile),
    Ca {
        path_len: u8,
        nc: NcSpec,
        /// The subject key identifier to write (a cross certificate keeps
        /// the CA's own); None: SHA-256 of the key, as pkictl always does.
        key_id: Option<Vec<u8>>,
    },
}

/// Everything a new certificate carries.
#[derive(Debug, Clone)]
pub struct CertSpec {
    pub subject: Subject,
    pub sans: Sans,
    pub not_before: i64,
    pub not_after: i64,
    pub kind: SpecKind,
    /// The subject key is RSA (adds keyEncipherment to leaves).
    pub rsa_key: bool,
}

fn distinguished_name(subject: &Subject) -> Result<DistinguishedName> {
    let mut dn = DistinguishedName::new();
    for (attr, value) in subject.ordered() {
        let ty = match attr {
            Attr::C => DnType::CountryName,
            Attr::St => DnType::StateOrProvinceName,
            Attr::L => DnType::LocalityName,
            Attr::Street => DnType::CustomDnType(vec![2, 5, 4, 9]),
            Attr::O => DnType::OrganizationName,
            Attr::Ou => DnType::OrganizationalUnitName,
            Attr::Cn => DnType::CommonName,
        };
        if attr == Attr::C {
            let ps = value.as_str().try_into().map_err(|_| {
                Error::usage(format!(
                    "country {} is not a printable string",
                    crate::error::q(&value)
                ))
            })?;
            dn.push(ty, DnValue::PrintableString(ps));
        } else {
            dn.push(ty, value.as_str());
        }
    }
    Ok(dn)
}

fn ia5(kind: &str, s: &str) -> Result<rcgen::string::Ia5String> {
    s.try_into()
        .map_err(|_| Error::usage(format!("{kind} {} is not ASCII", crate::error::q(s))))
}

impl CertSpec {
    /// The rcgen parameters, with every field set.
    pub fn to_params(&self, serial: &[u8]) -> Result<CertificateParams> {
        let mut p = CertificateParams::default();
        p.serial_number = Some(SerialNumber::from_slice(serial));
        p.distinguished_name = distinguished_name(&self.subject)?;
        p.not_before = to_offset(self.not_before)?;
        p.not_after = to_offset(self.not_after)?;
        p.use_authority_key_identifier_extension = true;
        p.key_identifier_method = KeyIdMethod::Sha256;
        p.crl_distribution_points = Vec::new();
        p.custom_extensions = Vec::new();
        let mut sans = Vec::new();
        for d in &self.sans.dns {
            sans.push(SanType::DnsName(ia5("DNS name", d)?));
        }
        for ip in &self.sans.ip {
            let addr = ip
                .parse()
                .map_err(|_| Error::usage(format!("invalid IP address {}", crate::error::q(ip))))?;
            sans.push(SanType::IpAddress(addr));
        }
        for e in &self.sans.email {
            sans.push(SanType::Rfc822Name(ia5("email address", e)?));
        }
        for u in &self.sans.uri {
            sans.push(SanType::URI(ia5("URI", u)?));
        }
        p.subject_alt_names = sans;
        match &self.kind {
            SpecKind::Leaf(profile) => {
                p.is_ca = IsCa::ExplicitNoCa;
                p.key_usages = profile.key_usages(self.rsa_key);
                p.extended_key_usages = profile.extended_key_usages();
                p.name_constraints = None;
            }
            SpecKind::Ca {
                path_len,
                nc,
                key_id,
            } => {
                if let Some(id) = key_id {
                    p.key_identifier_method = KeyIdMethod::PreSpecified(id.clone());
                }
                p.is_ca = IsCa::Ca(BasicConstraints::Constrained(*path_len));
                p.key_usages = Profile::IntermediateCa.key_usages(false);
                p.extended_key_usages = Vec::new();
                p.name_constraints = nc.to_rcgen();
            }
        }
        Ok(p)
    }
}

/// RFC 5280 name of a key usage bit.
fn key_usage_name(k: &rcgen::KeyUsagePurpose) -> &'static str {
    use rcgen::KeyUsagePurpose as K;
    match k {
        K::DigitalSignature => "digitalSignature",
        K::ContentCommitment => "contentCommitment",
        K::KeyEncipherment => "keyEncipherment",
        K::DataEncipherment => "dataEncipherment",
        K::KeyAgreement => "keyAgreement",
        K::KeyCertSign => "keyCertSign",
        K::CrlSign => "cRLSign",
        K::EncipherOnly => "encipherOnly",
        K::DecipherOnly => "decipherOnly",
    }
}

/// Name of an extended key usage, as certificate objects spell it.
fn eku_name(e: &rcgen::ExtendedKeyUsagePurpose) -> String {
    use rcgen::ExtendedKeyUsagePurpose as E;
    match e {
        E::Any => "anyExtendedKeyUsage".into(),
        E::ServerAuth => "serverAuth".into(),
        E::ClientAuth => "clientAuth".into(),
        E::CodeSigning => "codeSigning".into(),
        E::EmailProtection => "emailProtection".into(),
        E::TimeStamping => "timeStamping".into(),
        E::OcspSigning => "OCSPSigning".into(),
        E::Other(oid) => oid.iter().map(u64::to_string).collect::<Vec<_>>().join("."),
    }
}

impl CertSpec {
    /// The facts of the certificate this spec produces, read off the same
    /// rcgen parameters signing uses (so a preview cannot drift from what is
    /// issued); serial and fingerprints are left empty.
    pub fn preview(
        &self,
        issuer_subject: &str,
        issuer_key_id: Option<String>,
        key: crate::pki::keys::KeyInfo,
        signature_algorithm: &str,
    ) -> crate::pki::certinfo::CertFacts {
        let params = self.to_params(&[1]).ok();
        let (key_usage, extended_key_usage, is_ca, path_len) = match &params {
            Some(p) => (
                p.key_usages
                    .iter()
                    .map(|k| key_usage_name(k).to_string())
                    .collect(),
                p.extended_key_usages.iter().map(eku_name).collect(),
                matches!(p.is_ca, IsCa::Ca(_)),
                match &p.is_ca {
                    IsCa::Ca(BasicConstraints::Constrained(n)) => Some(u32::from(*n)),
                    _ => None,
                },
            ),
            None => (Vec::new(), Vec::new(), false, None),
        };
        crate::pki::certinfo::CertFacts {
            serial: String::new(),
            subject: self.subject.to_rfc4514(),
            subject_cn: self.subject.get(Attr::Cn).map(str::to_string),
            issuer: issuer_subject.to_string(),
            not_before: self.not_before,
            not_after: self.not_after,
            sans: self.sans.clone(),
            key,
            signature_algorithm: signature_algorithm.to_string(),
            is_ca,
            path_len,
            key_usage,
            extended_key_usage,
            name_constraints: None,
            fingerprint_sha256: String::new(),
            spki_sha256: String::new(),
            subject_key_id: None,
            authority_key_id: issuer_key_id,
        }
    }
}

/// Self-signs a root CA certificate; returns its DER.
pub fn self_sign(spec: &CertSpec, serial: &[u8], key: &dyn Signer) -> Result<Vec<u8>> {
    let params = spec.to_params(serial)?;
    let cert = params
        .self_signed(&RcgenKey(key))
        .map_err(|e| Error::internal(format!("signing failed: {e}")))?;
    Ok(cert.der().to_vec())
}

/// Where relying parties find what a CA publishes: written into every
/// certificate the CA issues.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locations {
    /// A CRL distribution point (a URI).
    pub crl_url: Option<String>,
    /// An Authority Information Access caIssuers URI (the CA's certificate).
    pub ca_issuers_url: Option<String>,
}

/// The DER of a tag-length-value.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// The Authority Information Access extension with one caIssuers URI
/// (RFC 5280 section 4.2.2.1).
fn aia_ca_issuers(uri: &str) -> rcgen::CustomExtension {
    // id-ad-caIssuers, 1.3.6.1.5.5.7.48.2
    let method = tlv(0x06, &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02]);
    // uniformResourceIdentifier [6] IMPLICIT IA5String
    let location = tlv(0x86, uri.as_bytes());
    let description = tlv(0x30, &[method, location].concat());
    let mut ext = rcgen::CustomExtension::from_oid_content(
        &[1, 3, 6, 1, 5, 5, 7, 1, 1],
        tlv(0x30, &description),
    );
    ext.set_criticality(false);
    ext
}

impl Locations {
    /// Writes the locations into certificate parameters.
    fn apply(&self, p: &mut CertificateParams) {
        p.crl_distribution_points = self
            .crl_url
            .iter()
            .map(|u| rcgen::CrlDistributionPoint {
                uris: vec![u.clone()],
            })
            .collect();
        p.custom_extensions = self
            .ca_issuers_url
            .iter()
            .map(|u| aia_ca_issuers(u))
            .collect();
    }
}

/// A CA ready to sign: its certificate (for the issuer name and the
/// authority key identifier) and its key. Signing goes through rcgen's
/// `SigningKey` trait, so the key could live elsewhere (PKCS#11, a KMS).
pub struct CaSigner<'k> {
    issuer: Issuer<'static, RcgenKey<'k>>,
    locations: Locations,
}

impl<'k> CaSigner<'k> {
    /// Prepares a CA certificate and key for signing (parsed once per run);
    /// `locations` go into every certificate it signs.
    pub fn new(
        issuer_cert_der: &[u8],
        issuer_key: &'k dyn Signer,
        locations: Locations,
    ) -> Result<CaSigner<'k>> {
        let issuer =
            Issuer::from_ca_cert_der(&issuer_cert_der.to_vec().into(), RcgenKey(issuer_key))
                .map_err(|e| {
                    Error::internal(format!(
                        "the CA certificate cannot be used as an issuer: {e}"
                    ))
                })?;
        Ok(CaSigner { issuer, locations })
    }

    /// Signs a CRL; returns its DER.
    pub fn sign_crl(&self, params: &rcgen::CertificateRevocationListParams) -> Result<Vec<u8>> {
        let crl = params
            .signed_by(&self.issuer)
            .map_err(|e| Error::internal(format!("CRL signing failed: {e}")))?;
        Ok(crl.der().to_vec())
    }

    /// Signs a certificate for `subject_key`; returns its DER.
    pub fn sign(
        &self,
        spec: &CertSpec,
        serial: &[u8],
        subject_key: &impl PublicKeyData,
    ) -> Result<Vec<u8>> {
        let mut params = spec.to_params(serial)?;
        self.locations.apply(&mut params);
        let cert = params
            .signed_by(subject_key, &self.issuer)
            .map_err(|e| Error::internal(format!("signing failed: {e}")))?;
        Ok(cert.der().to_vec())
    }
}

/// A PKCS#10 request signed by `key`: the subject, the SANs and — for a CA
/// request — basicConstraints CA:TRUE with keyCertSign and cRLSign. Returns DER.
pub fn make_request(subject: &Subject, sans: &Sans, ca: bool, key: &dyn Signer) -> Result<Vec<u8>> {
    let spec = CertSpec {
        subject: subject.clone(),
        sans: sans.clone(),
        not_before: 0,
        not_after: 1,
        kind: if ca {
            SpecKind::Ca {
                path_len: 0,
                nc: NcSpec::default(),
                key_id: None,
            }
        } else {
            SpecKind::Leaf(Profile::Server)
        },
        rsa_key: key.key_type().is_rsa(),
    };
    let mut params = spec.to_params(&[1])?;
    params.serial_number = None;
    params.use_authority_key_identifier_extension = false;
    params.name_constraints = None;
    params.extended_key_usages = Vec::new();
    if ca {
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    } else {
        params.is_ca = IsCa::NoCa;
    }
    let csr = params
        .serialize_request(&RcgenKey(key))
        .map_err(|e| Error::internal(format!("cannot build the request: {e}")))?;
    Ok(csr.der().to_vec())
}
