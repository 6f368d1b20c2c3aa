//! Chain verification: rustls-webpki builds and judges the path (as TLS
//! stacks do); x509-parser adds the strict checks of SPEC section 7 on every
//! candidate path and explains failures (which certificate, and why). CA
//! certificates and self-signed leaves, which webpki does not verify as end
//! entities, take their own path.

use std::cell::RefCell;

use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use serde::Serialize;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::*;

use crate::pki::certinfo::{CertFacts, CertView, dn_to_string};
use crate::pki::keys::describe_parsed_spki;
use crate::pki::objects::weak_key_reason;

/// The largest certificate rustls-webpki reads: it refuses an outer
/// SEQUENCE whose content exceeds 65,535 bytes (a two-byte DER length),
/// so TLS stacks built on it cannot use a larger certificate at all.
pub const MAX_CERT_DER: usize = 65_535 + 4;

/// What the end entity must be good for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Server,
    Client,
    /// serverAuth or clientAuth.
    Any,
}

/// Which certificates are checked against CRLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum CrlCheck {
    Leaf,
    All,
    None,
}

/// A certificate offered to path building, and where it came from.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub der: Vec<u8>,
    pub source: String,
}

/// A CRL offered to the check. The store's own CRLs are the store's
/// revocation state: they are used at any time, and one past its next
/// update only warns (`crl_stale`); a CRL given by the user is a verdict
/// when it is past its next update (`crl_expired`).
#[derive(Debug, Clone)]
pub struct CrlIn {
    pub der: Vec<u8>,
    /// The store's own copy of one of its CAs' CRLs.
    pub store: bool,
}

/// Everything one verification needs.
pub struct Input<'a> {
    pub leaf: &'a [u8],
    pub leaf_source: &'a str,
    pub intermediates: &'a [Candidate],
    pub anchors: &'a [Candidate],
    pub crls: &'a [CrlIn],
    pub host: Option<&'a str>,
    pub purpose: Purpose,
    pub at: i64,
    /// None: `leaf` when a CRL of the leaf's issuer is available, else none.
    pub crl_check: Option<CrlCheck>,
    /// At most this many intermediates (self-issued ones not counted).
    pub max_depth: Option<usize>,
}

/// Why a chain is invalid.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Reason {
    pub code: &'static str,
    pub message: String,
    /// The subject of the certificate that failed.
    pub certificate: Option<String>,
}

/// One certificate of the chain that was built.
#[derive(Debug, Clone)]
pub struct Link {
    pub der: Vec<u8>,
    pub source: String,
}

/// The verdict.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub valid: bool,
    /// Path order: the leaf first, the trust anchor last.
    pub chain: Vec<Link>,
    pub reason: Option<Reason>,
    /// The CRL check that was applied.
    pub crl_check: CrlCheck,
    /// Store CRLs past their next update that the check relied on.
    pub stale_crls: Vec<String>,
}

impl Outcome {
    /// A refusal with the chain built so far.
    fn invalid(chain: Vec<Link>, r: Reason, crl_check: CrlCheck) -> Outcome {
        Outcome {
            valid: false,
            chain,
            reason: Some(r),
            crl_check,
            stale_crls: Vec::new(),
        }
    }

    /// A valid chain.
    fn valid(chain: Vec<Link>, crl_check: CrlCheck) -> Outcome {
        Outcome {
            valid: true,
            chain,
            reason: None,
            crl_check,
            stale_crls: Vec::new(),
        }
    }
}

fn reason(code: &'static str, message: impl Into<String>, certificate: Option<String>) -> Reason {
    Reason {
        code,
        message: message.into(),
        certificate,
    }
}

fn subject_of(der: &[u8]) -> Option<String> {
    parse_x509_certificate(der)
        .ok()
        .map(|(_, c)| dn_to_string(c.subject()))
}

const SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
const CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];

/// The EKU a purpose needs: webpki's own check for server and client;
/// for `--purpose any`, serverAuth or clientAuth (an absent EKU is left to
/// the strict check, which needs the end entity to have one).
struct PurposeEku(Purpose);

impl webpki::ExtendedKeyUsageValidator for PurposeEku {
    fn validate(&self, iter: webpki::KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        match self.0 {
            Purpose::Server => return webpki::KeyUsage::server_auth().validate(iter),
            Purpose::Client => return webpki::KeyUsage::client_auth().validate(iter),
            Purpose::Any => {}
        }
        let mut empty = true;
        for id in iter {
            let id = id?;
            empty = false;
            if id == webpki::KeyPurposeId::new(SERVER_AUTH)
                || id == webpki::KeyPurposeId::new(CLIENT_AUTH)
            {
                return Ok(());
            }
        }
        if empty {
            Ok(())
        } else {
            #[allow(deprecated)]
            Err(webpki::Error::RequiredEkuNotFound)
        }
    }
}

/// The error the strict callback returns to webpki; no other part of
/// webpki produces it for the inputs pkictl gives, so seeing it at the end
/// means "the strict checks refused every path".
const STRICT_SENTINEL: webpki::Error = webpki::Error::UnsupportedRevocationReasonsPartitioning;

/// Verifies one certificate.
pub fn verify(input: &Input<'_>) -> Outcome {
    let leaf = match parse_x509_certificate(input.leaf) {
        Ok((&[], c)) => c,
        Ok(_) => {
            return failed(
                input,
                reason("malformed", "trailing data after the certificate", None),
            );
        }
        Err(e) => {
            return failed(
                input,
                reason("malformed", format!("not a valid certificate: {e}"), None),
            );
        }
    };
    let leaf_subject = dn_to_string(leaf.subject());
    let crl_check = input.crl_check.unwrap_or_else(|| {
        let issuer = leaf.issuer().as_raw();
        let has = input
            .crls
            .iter()
            .any(|c| parse_x509_crl(&c.der).is_ok_and(|(_, crl)| crl.issuer().as_raw() == issuer));
        if has { CrlCheck::Leaf } else { CrlCheck::None }
    });
    let is_ca = matches!(leaf.basic_constraints(), Ok(Some(bc)) if bc.value.ca);
    let self_signed =
        leaf.subject().as_raw() == leaf.issuer().as_raw() && leaf.verify_signature(None).is_ok();
    let leaf_is_anchor = input.anchors.iter().any(|a| a.der == input.leaf);
    if is_ca {
        if input.host.is_some() || input.purpose != Purpose::Any {
            return failed_with(
                input,
                crl_check,
                reason(
                    "purpose_mismatch",
                    "this is a CA certificate, not a TLS server or client certificate",
                    Some(leaf_subject),
                ),
            );
        }
        return verify_ca(input, &leaf, crl_check);
    }
    if self_signed && !leaf_is_anchor {
        return failed_with(
            input,
            crl_check,
            reason(
                "self_signed_leaf",
                "the certificate is self-signed and is not one of the trusted roots",
                Some(leaf_subject),
            ),
        );
    }

    let mut anchors = Vec::new();
    let mut anchor_ders: Vec<&Candidate> = Vec::new();
    let anchor_certs: Vec<CertificateDer<'_>> = input
        .anchors
        .iter()
        .map(|a| CertificateDer::from(a.der.as_slice()))
        .collect();
    for (i, a) in anchor_certs.iter().enumerate() {
        if let Ok(ta) = webpki::anchor_from_trusted_cert(a) {
            anchors.push(ta);
            anchor_ders.push(&input.anchors[i]);
        }
    }
    if anchors.is_empty() {
        return failed_with(
            input,
            crl_check,
            reason(
                "unknown_issuer",
                "no usable trust anchor was given",
                Some(leaf_subject),
            ),
        );
    }
    let inters: Vec<CertificateDer<'_>> = input
        .intermediates
        .iter()
        .map(|c| CertificateDer::from(c.der.as_slice()))
        .collect();
    let ee_der = CertificateDer::from(input.leaf);
    let ee = match webpki::EndEntityCert::try_from(&ee_der) {
        Ok(e) => e,
        Err(e) => return failed_with(input, crl_check, map_webpki(&e, Some(leaf_subject))),
    };
    let crl_objs: Vec<webpki::CertRevocationList<'_>> = input
        .crls
        .iter()
        .filter_map(|c| {
            webpki::BorrowedCertRevocationList::from_der(&c.der)
                .ok()
                .map(Into::into)
        })
        .collect();
    let crl_refs: Vec<&webpki::CertRevocationList<'_>> = crl_objs.iter().collect();
    let revocation = match crl_check {
        CrlCheck::None => None,
        depth => webpki::RevocationOptionsBuilder::new(&crl_refs)
            .ok()
            .map(|b| {
                b.with_depth(if depth == CrlCheck::All {
                    webpki::RevocationCheckDepth::Chain
                } else {
                    webpki::RevocationCheckDepth::EndEntity
                })
                .with_status_policy(webpki::UnknownStatusPolicy::Deny)
                // Freshness is judged below, by where each CRL came from.
                .with_expiration_policy(webpki::ExpirationPolicy::Ignore)
                .build()
            }),
    };
    if crl_check != CrlCheck::None && revocation.is_none() {
        return failed_with(
            input,
            crl_check,
            reason(
                "crl_missing",
                "revocation checking was asked for, but no CRL is available",
                Some(leaf_subject),
            ),
        );
    }
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(input.at.max(0) as u64));
    let strict_failures: RefCell<Vec<Reason>> = RefCell::new(Vec::new());
    // The candidate anchor webpki chose, as given (der and source).
    let anchor_of = |a: &rustls_pki_types::TrustAnchor<'_>| -> Option<&Candidate> {
        anchors
            .iter()
            .position(|x| {
                x.subject.as_ref() == a.subject.as_ref()
                    && x.subject_public_key_info.as_ref() == a.subject_public_key_info.as_ref()
            })
            .map(|i| anchor_ders[i])
    };
    let callback = |path: &webpki::VerifiedPath<'_>| -> Result<(), webpki::Error> {
        let inter_ders: Vec<Vec<u8>> = path
            .intermediate_certificates()
            .map(|c| c.der().to_vec())
            .collect();
        let anchor_der = anchor_of(path.anchor()).map(|c| c.der.as_slice());
        match strict_path(input, &inter_ders, anchor_der, leaf_is_anchor) {
            Some(r) => {
                strict_failures.borrow_mut().push(r);
                Err(STRICT_SENTINEL)
            }
            None => Ok(()),
        }
    };
    let result = ee.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        &anchors,
        &inters,
        time,
        PurposeEku(input.purpose),
        revocation,
        Some(&callback),
    );
    match result {
        Ok(path) => {
            let mut chain = vec![Link {
                der: input.leaf.to_vec(),
                source: input.leaf_source.to_string(),
            }];
            for c in path.intermediate_certificates() {
                let der = c.der().to_vec();
                let source = input
                    .intermediates
                    .iter()
                    .find(|x| x.der == der)
                    .map(|x| x.source.clone())
                    .unwrap_or_default();
                chain.push(Link { der, source });
            }
            if let Some(a) = anchor_of(path.anchor())
                && !leaf_is_anchor
            {
                chain.push(Link {
                    der: a.der.clone(),
                    source: a.source.clone(),
                });
            }
            let stale = match crl_freshness(input, &chain, crl_check) {
                Ok(stale) => stale,
                Err(r) => return Outcome::invalid(chain, r, crl_check),
            };
            let outcome = |o: Outcome| Outcome {
                stale_crls: stale.clone(),
                ..o
            };
            if let Some(host) = input.host {
                let name = match ServerName::try_from(host) {
                    Ok(n) => n,
                    Err(_) => {
                        return outcome(Outcome::invalid(
                            chain,
                            reason(
                                "name_mismatch",
                                format!("{host:?} is neither a DNS name nor an IP address"),
                                Some(leaf_subject),
                            ),
                            crl_check,
                        ));
                    }
                };
                if let Err(e) = ee.verify_is_valid_for_subject_name(&name) {
                    let r = match e {
                        webpki::Error::CertNotValidForName(_) => reason(
                            "name_mismatch",
                            format!(
                                "the certificate is not valid for {host} (its names: {})",
                                sans_of(&leaf).join(", ")
                            ),
                            Some(leaf_subject),
                        ),
                        other => map_webpki(&other, Some(leaf_subject)),
                    };
                    return outcome(Outcome::invalid(chain, r, crl_check));
                }
            }
            outcome(Outcome::valid(chain, crl_check))
        }
        Err(e) => {
            let r = if e == STRICT_SENTINEL {
                let fails = strict_failures.into_inner();
                fails.into_iter().next().unwrap_or_else(|| {
                    reason(
                        "policy",
                        "a strict check refused the chain",
                        Some(leaf_subject.clone()),
                    )
                })
            } else {
                let mut r = map_webpki(&e, None);
                #[allow(deprecated)]
                let weak = matches!(
                    e,
                    webpki::Error::UnsupportedSignatureAlgorithm
                        | webpki::Error::UnsupportedSignatureAlgorithmContext(_)
                        | webpki::Error::UnsupportedSignatureAlgorithmForPublicKey
                        | webpki::Error::UnsupportedSignatureAlgorithmForPublicKeyContext(_)
                );
                let named = if weak {
                    weakly_signed(input)
                } else {
                    failing_certificate(input, &leaf, r.code)
                };
                r.certificate = Some(named.unwrap_or(leaf_subject.clone()));
                r
            };
            Outcome::invalid(name_chain(input), r, crl_check)
        }
    }
}

fn failed(input: &Input<'_>, r: Reason) -> Outcome {
    failed_with(input, CrlCheck::None, r)
}

fn failed_with(input: &Input<'_>, crl_check: CrlCheck, r: Reason) -> Outcome {
    let leaf = Link {
        der: input.leaf.to_vec(),
        source: input.leaf_source.to_string(),
    };
    Outcome::invalid(vec![leaf], r, crl_check)
}

/// The SPEC code of a webpki error.
fn map_webpki(e: &webpki::Error, certificate: Option<String>) -> Reason {
    use webpki::Error as E;
    #[allow(deprecated)]
    let (code, message) = match e {
        E::CertExpired { .. } => (
            "expired",
            "a certificate of the chain has expired".to_string(),
        ),
        E::CertNotValidYet { .. } => (
            "not_yet_valid",
            "a certificate of the chain is not valid yet".to_string(),
        ),
        E::UnknownIssuer => (
            "unknown_issuer",
            "no chain to a trusted root could be built: an issuer is missing or not trusted"
                .to_string(),
        ),
        E::InvalidSignatureForPublicKey => (
            "bad_signature",
            "a signature of the chain does not verify".to_string(),
        ),
        E::CertNotValidForName(_) => (
            "name_mismatch",
            "the certificate is not valid for that name".to_string(),
        ),
        E::CertRevoked => (
            "revoked",
            "a certificate of the chain is revoked".to_string(),
        ),
        E::RequiredEkuNotFound | E::RequiredEkuNotFoundContext(_) | E::EmptyEkuExtension => (
            "purpose_mismatch",
            "the certificate is not for this purpose (extended key usage)".to_string(),
        ),
        E::NameConstraintViolation => (
            "name_constraint_violation",
            "a name is outside a CA's name constraints".to_string(),
        ),
        E::PathLenConstraintViolated => (
            "path_len_exceeded",
            "the chain is longer than a CA's pathLen allows".to_string(),
        ),
        E::MaximumPathDepthExceeded => (
            "max_depth_exceeded",
            "the chain is longer than allowed".to_string(),
        ),
        E::EndEntityUsedAsCa => (
            "not_a_ca",
            "a certificate that is not a CA signed another one".to_string(),
        ),
        E::CaUsedAsEndEntity => (
            "purpose_mismatch",
            "a CA certificate was given as the end entity".to_string(),
        ),
        E::UnknownRevocationStatus => (
            "crl_missing",
            "no CRL covers a certificate that must be checked".to_string(),
        ),
        E::CrlExpired { .. } => ("crl_expired", "a CRL is past its next update".to_string()),
        E::InvalidCrlSignatureForPublicKey => (
            "crl_bad_signature",
            "a CRL's signature does not verify".to_string(),
        ),
        E::UnsupportedCrlSignatureAlgorithm
        | E::UnsupportedCrlSignatureAlgorithmContext(_)
        | E::UnsupportedCrlSignatureAlgorithmForPublicKey
        | E::UnsupportedCrlSignatureAlgorithmForPublicKeyContext(_) => (
            "crl_bad_signature",
            "a CRL is signed with an algorithm TLS stacks refuse (SHA-1, MD5, or unknown)"
                .to_string(),
        ),
        E::IssuerNotCrlSigner => (
            "policy",
            "a CRL comes from a CA without cRLSign".to_string(),
        ),
        E::UnsupportedCriticalExtension => (
            "unsupported_critical_extension",
            "a certificate has a critical extension the verifier does not know".to_string(),
        ),
        E::UnsupportedSignatureAlgorithm
        | E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKey
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_)
        | E::SignatureAlgorithmMismatch => (
            "policy",
            "a certificate is signed with an algorithm TLS stacks refuse (SHA-1, MD5, or unknown)"
                .to_string(),
        ),
        E::MaximumSignatureChecksExceeded
        | E::MaximumPathBuildCallsExceeded
        | E::MaximumNameConstraintComparisonsExceeded => (
            "policy",
            "the chain is too complex to verify (path-building budget exhausted)".to_string(),
        ),
        E::UnsupportedNameType => (
            "name_constraint_violation",
            "a name type cannot be checked against the name constraints".to_string(),
        ),
        E::InvalidCrlNumber
        | E::UnsupportedCrlVersion
        | E::UnsupportedDeltaCrl
        | E::UnsupportedIndirectCrl
        | E::UnsupportedRevocationReason
        | E::UnsupportedCrlIssuingDistributionPoint => {
            ("policy", format!("a CRL cannot be used ({e:?})"))
        }
        other => (
            "malformed",
            format!("a certificate of the chain is malformed ({other:?})"),
        ),
    };
    reason(code, message, certificate)
}

/// The first certificate below the trust anchor whose signature uses an
/// algorithm TLS stacks refuse, found by chaining names from the leaf.
fn weakly_signed(input: &Input<'_>) -> Option<String> {
    name_chain(input).iter().find_map(|l| {
        let (_, c) = parse_x509_certificate(&l.der).ok()?;
        let anchor = input.anchors.iter().any(|a| a.der == l.der);
        (!anchor && weak_signature_of(&c).is_some()).then(|| dn_to_string(c.subject()))
    })
}

/// The name of a certificate's signature algorithm when TLS stacks refuse
/// it (SHA-1, MD5 and older).
fn weak_signature_of(c: &X509Certificate<'_>) -> Option<String> {
    let name = crate::pki::certinfo::signature_name(&c.signature_algorithm.algorithm);
    crate::pki::certinfo::is_weak_signature(&name).then_some(name)
}

/// Which certificate an error is about, found by chaining names from the leaf.
fn failing_certificate(
    input: &Input<'_>,
    leaf: &X509Certificate<'_>,
    code: &str,
) -> Option<String> {
    let at = ASN1Time::from_timestamp(input.at).ok()?;
    let chain = name_chain(input);
    match code {
        "expired" | "not_yet_valid" => chain.iter().find_map(|l| {
            let (_, c) = parse_x509_certificate(&l.der).ok()?;
            (!c.validity().is_valid_at(at)).then(|| dn_to_string(c.subject()))
        }),
        "unknown_issuer" => chain.last().and_then(|l| subject_of(&l.der)),
        _ => Some(dn_to_string(leaf.subject())),
    }
}

/// The chain found by matching issuer and subject names (for display when
/// no valid path exists).
fn name_chain(input: &Input<'_>) -> Vec<Link> {
    let mut chain = vec![Link {
        der: input.leaf.to_vec(),
        source: input.leaf_source.to_string(),
    }];
    for _ in 0..8 {
        let Some(last) = chain.last() else { break };
        let Ok((_, cur)) = parse_x509_certificate(&last.der) else {
            break;
        };
        if cur.subject().as_raw() == cur.issuer().as_raw() {
            break;
        }
        let issuer = cur.issuer().as_raw().to_vec();
        let next = input
            .anchors
            .iter()
            .chain(input.intermediates.iter())
            .find(|c| {
                parse_x509_certificate(&c.der)
                    .is_ok_and(|(_, x)| x.subject().as_raw() == issuer.as_slice())
                    && !chain.iter().any(|l| l.der == c.der)
            });
        match next {
            Some(c) => chain.push(Link {
                der: c.der.clone(),
                source: c.source.clone(),
            }),
            None => break,
        }
    }
    chain
}

fn sans_of(c: &X509Certificate<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(Some(san)) = c.subject_alternative_name() {
        for gn in &san.value.general_names {
            match gn {
                GeneralName::DNSName(d) => out.push(d.to_string()),
                GeneralName::IPAddress(b) => out.push(crate::pki::certinfo::ip_to_string(b)),
                _ => {}
            }
        }
    }
    if out.is_empty() {
        out.push("none".into());
    }
    out
}

/// The strict checks of SPEC section 7 on one candidate path. Returns the
/// first refusal.
fn strict_path(
    input: &Input<'_>,
    inters: &[Vec<u8>],
    anchor: Option<&[u8]>,
    leaf_is_anchor: bool,
) -> Option<Reason> {
    let (_, leaf) = parse_x509_certificate(input.leaf).ok()?;
    if let Some(r) = strict_ee(input, &leaf, leaf_is_anchor) {
        return Some(r);
    }
    let mut non_self_issued = 0usize;
    for der in inters {
        let Ok((_, c)) = parse_x509_certificate(der) else {
            return Some(reason(
                "malformed",
                "an intermediate certificate cannot be parsed",
                None,
            ));
        };
        if c.subject().as_raw() != c.issuer().as_raw() {
            non_self_issued += 1;
        }
        if let Some(r) = strict_ca(&c, false) {
            return Some(r);
        }
    }
    if let Some(max) = input.max_depth
        && non_self_issued > max
    {
        return Some(reason(
            "max_depth_exceeded",
            format!("the chain has {non_self_issued} intermediates; --max-depth allows {max}"),
            Some(dn_to_string(leaf.subject())),
        ));
    }
    if let Some(der) = anchor {
        let Ok((_, a)) = parse_x509_certificate(der) else {
            return Some(reason("malformed", "a trust anchor cannot be parsed", None));
        };
        if leaf_is_anchor {
            return None;
        }
        let subject = dn_to_string(a.subject());
        let at = ASN1Time::from_timestamp(input.at).ok()?;
        if !a.validity().is_valid_at(at) {
            let code = if a.validity().not_before > at {
                "not_yet_valid"
            } else {
                "expired"
            };
            return Some(reason(
                code,
                format!("the trust anchor {subject} is not valid at that time"),
                Some(subject),
            ));
        }
        if let Some(r) = strict_ca(&a, true) {
            return Some(r);
        }
        // webpki ignores the anchor's pathLen; RFC 5280 does not.
        if let Ok(Some(bc)) = a.basic_constraints()
            && let Some(pl) = bc.value.path_len_constraint
            && non_self_issued > pl as usize
        {
            return Some(reason(
                "path_len_exceeded",
                format!(
                    "the trust anchor {subject} allows {pl} intermediate(s) below it; the chain has {non_self_issued}"
                ),
                Some(subject),
            ));
        }
    }
    // CRLs of the CAs on the path must be well-formed and come from CRL signers.
    let issuers: Vec<Vec<u8>> = inters
        .iter()
        .cloned()
        .chain(anchor.map(<[u8]>::to_vec))
        .collect();
    for crl_in in input.crls {
        let Ok((_, crl)) = parse_x509_crl(&crl_in.der) else {
            continue;
        };
        for issuer_der in &issuers {
            let Ok((_, issuer)) = parse_x509_certificate(issuer_der) else {
                continue;
            };
            if crl.issuer().as_raw() != issuer.subject().as_raw()
                || crl.verify_signature(issuer.public_key()).is_err()
            {
                continue;
            }
            let isubj = dn_to_string(issuer.subject());
            let number = crl
                .extensions()
                .iter()
                .find(|e| e.oid.to_id_string() == "2.5.29.20");
            match number {
                None => {
                    return Some(reason(
                        "policy",
                        format!("the CRL of {isubj} has no CRL number"),
                        Some(isubj),
                    ));
                }
                Some(ext) if ext.critical => {
                    return Some(reason(
                        "policy",
                        format!("the CRL number of {isubj}'s CRL is marked critical"),
                        Some(isubj),
                    ));
                }
                _ => {}
            }
            if let Ok(Some(ku)) = issuer.key_usage()
                && !ku.value.crl_sign()
            {
                return Some(reason(
                    "policy",
                    format!("{isubj} signs a CRL but lacks cRLSign"),
                    Some(isubj),
                ));
            }
        }
    }
    None
}

/// The authority key identifier extension, when present.
fn aki_of<'a>(
    c: &'a X509Certificate<'_>,
) -> Option<&'a x509_parser::extensions::AuthorityKeyIdentifier<'a>> {
    c.extensions()
        .iter()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::AuthorityKeyIdentifier(a) => Some(a),
            _ => None,
        })
}

fn ext_critical(c: &X509Certificate<'_>, oid: &str) -> Option<bool> {
    c.extensions()
        .iter()
        .find(|e| e.oid.to_id_string() == oid)
        .map(|e| e.critical)
}

/// Checks every certificate of a chain shares.
fn strict_common(c: &X509Certificate<'_>, check_serial: bool) -> Option<Reason> {
    let subject = dn_to_string(c.subject());
    let who = Some(subject.clone());
    if check_serial {
        let raw = c.raw_serial();
        let content: Vec<u8> = raw.iter().copied().skip_while(|&b| b == 0).collect();
        if raw.first().is_some_and(|b| b & 0x80 != 0) {
            return Some(reason("policy", "the serial number is negative", who));
        }
        if content.is_empty() {
            return Some(reason("policy", "the serial number is zero", who));
        }
        if raw.len() > 20 {
            return Some(reason(
                "policy",
                format!("the serial number has {} octets (at most 20)", raw.len()),
                who,
            ));
        }
    }
    if c.version() != X509Version::V3 {
        return Some(reason("malformed", "not an X.509 v3 certificate", who));
    }
    if c.tbs_certificate.signature != c.signature_algorithm {
        return Some(reason(
            "policy",
            "the signature algorithm inside the certificate differs from the outer one",
            who,
        ));
    }
    if let Some(why) = weak_key_reason(&describe_parsed_spki(c.public_key())) {
        return Some(reason("weak_key", why, who));
    }
    for (oid, name) in [
        ("2.5.29.35", "authority key identifier"),
        ("2.5.29.14", "subject key identifier"),
    ] {
        if ext_critical(c, oid) == Some(true) {
            return Some(reason(
                "policy",
                format!("the {name} is marked critical"),
                who,
            ));
        }
    }
    if c.issuer().iter_rdn().next().is_none() {
        return Some(reason("policy", "the issuer name is empty", who));
    }
    for (role, name) in [("subject", c.subject()), ("issuer", c.issuer())] {
        if let Some(what) = crate::pki::certinfo::name_control_char(name) {
            return Some(reason("policy", format!("the {role}'s {what}"), who));
        }
    }
    if let Some(crit) = ext_critical(c, "2.5.29.30")
        && !crit
    {
        return Some(reason(
            "policy",
            "name constraints are not marked critical",
            who,
        ));
    }
    if let Ok(Some(nc)) = c.name_constraints() {
        let empty = |s: &Option<Vec<x509_parser::extensions::GeneralSubtree<'_>>>| {
            s.as_ref().is_none_or(|v| v.is_empty())
        };
        if empty(&nc.value.permitted_subtrees) && empty(&nc.value.excluded_subtrees) {
            return Some(reason(
                "policy",
                "name constraints with neither permitted nor excluded subtrees",
                who,
            ));
        }
        // RFC 5280 section 4.2.1.10: a dNSName constraint has no leading
        // period (only URI and email constraints may); pyca refuses one too.
        let subtrees = nc
            .value
            .permitted_subtrees
            .iter()
            .chain(nc.value.excluded_subtrees.iter())
            .flatten();
        for st in subtrees {
            if let GeneralName::DNSName(d) = &st.base
                && d.starts_with('.')
            {
                return Some(reason(
                    "policy",
                    format!(
                        "the DNS name constraint {d:?} has a leading period, which RFC 5280 does not allow"
                    ),
                    who,
                ));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for e in c.extensions() {
        if !seen.insert(e.oid.to_id_string()) {
            return Some(reason(
                "malformed",
                format!("the extension {} appears twice", e.oid),
                who,
            ));
        }
        if let ParsedExtension::ParseError { error } = e.parsed_extension() {
            return Some(reason(
                "malformed",
                format!("the extension {} is malformed: {error}", e.oid),
                who,
            ));
        }
    }
    if let Ok(Some(san)) = c.subject_alternative_name() {
        let empty_subject = c.subject().iter_rdn().next().is_none();
        if empty_subject && !san.critical {
            return Some(reason(
                "policy",
                "the subject is empty but the SAN is not critical",
                who,
            ));
        }
    }
    None
}

/// The end entity's strict checks.
fn strict_ee(input: &Input<'_>, c: &X509Certificate<'_>, leaf_is_anchor: bool) -> Option<Reason> {
    let subject = dn_to_string(c.subject());
    let who = Some(subject.clone());
    if let Some(r) = strict_common(c, true) {
        return Some(r);
    }
    let self_signed = c.subject().as_raw() == c.issuer().as_raw();
    if aki_of(c).is_none() && !(self_signed && leaf_is_anchor) {
        return Some(reason(
            "policy",
            "the end entity has no authority key identifier",
            who,
        ));
    }
    if let Ok(Some(ku)) = c.key_usage()
        && ku.value.key_cert_sign()
    {
        return Some(reason(
            "policy",
            "the end entity may sign certificates (keyCertSign)",
            who,
        ));
    }
    if c.name_constraints().ok().flatten().is_some() {
        return Some(reason(
            "policy",
            "an end entity carries name constraints",
            who,
        ));
    }
    match c.extended_key_usage() {
        Ok(Some(eku)) => {
            if eku.critical {
                return Some(reason(
                    "policy",
                    "the extended key usage is marked critical",
                    who,
                ));
            }
            // Stricter than "anyExtendedKeyUsage alone": CABF forbids it in a leaf at all.
            if eku.value.any {
                return Some(reason(
                    "policy",
                    "the end entity's extended key usage includes anyExtendedKeyUsage",
                    who,
                ));
            }
        }
        Ok(None) => {
            return Some(reason(
                "policy",
                "the end entity has no extended key usage",
                who,
            ));
        }
        Err(_) => {
            return Some(reason(
                "malformed",
                "the extended key usage is malformed",
                who,
            ));
        }
    }
    if let Ok(Some(san)) = c.subject_alternative_name()
        && san.critical
        && c.subject().iter_rdn().next().is_some()
    {
        return Some(reason(
            "policy",
            "the SAN is critical although the subject is not empty",
            who,
        ));
    }
    if let Some(r) = cn_spelling(c) {
        return Some(reason("policy", r, who));
    }
    // DNS SANs in RFC 1034 preferred syntax (a leftmost "*" label allowed),
    // and no wildcard over a public suffix.
    if let Ok(Some(san)) = c.subject_alternative_name() {
        for gn in &san.value.general_names {
            if let GeneralName::DNSName(d) = gn {
                if crate::names::parse_dns_name(d).is_err() {
                    return Some(reason(
                        "malformed",
                        format!("the DNS name {d:?} is not a valid host name"),
                        who,
                    ));
                }
                if let Some(base) = d.strip_prefix("*.")
                    && crate::names::is_public_suffix(base)
                {
                    return Some(reason(
                        "policy",
                        format!("the wildcard {d} covers a public suffix"),
                        who,
                    ));
                }
            }
        }
    }
    let _ = input;
    None
}

/// A CA's strict checks (`anchor` for the trust anchor itself).
fn strict_ca(c: &X509Certificate<'_>, anchor: bool) -> Option<Reason> {
    let subject = dn_to_string(c.subject());
    let who = Some(subject.clone());
    if let Some(r) = strict_common(c, !anchor) {
        return Some(r);
    }
    if c.subject().iter_rdn().next().is_none() {
        return Some(reason("policy", "a CA has an empty subject", who));
    }
    match c.basic_constraints() {
        Ok(Some(bc)) if !bc.critical => {
            return Some(reason(
                "policy",
                "a CA's basic constraints are not critical",
                who,
            ));
        }
        Ok(Some(bc)) if !bc.value.ca => {
            return Some(reason(
                "not_a_ca",
                "a certificate that is not a CA (CA:FALSE) issues others",
                who,
            ));
        }
        Ok(None) => return Some(reason("policy", "a CA has no basic constraints", who)),
        Err(_) => {
            return Some(reason(
                "malformed",
                "a CA's basic constraints are malformed",
                who,
            ));
        }
        _ => {}
    }
    if let Ok(Some(ku)) = c.key_usage()
        && !ku.value.key_cert_sign()
    {
        return Some(reason("policy", "a CA's key usage lacks keyCertSign", who));
    }
    let ski = c
        .extensions()
        .iter()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(k) => Some(k.0.to_vec()),
            _ => None,
        });
    if ski.is_none() {
        return Some(reason("policy", "a CA has no subject key identifier", who));
    }
    if let Some(crit) = ext_critical(c, "2.5.29.36")
        && !crit
    {
        return Some(reason(
            "policy",
            "policy constraints are not marked critical",
            who,
        ));
    }
    let self_issued = c.subject().as_raw() == c.issuer().as_raw();
    let aki = aki_of(c);
    if anchor {
        for e in c.extensions() {
            if e.critical
                && matches!(
                    e.parsed_extension(),
                    ParsedExtension::UnsupportedExtension { .. }
                )
            {
                return Some(reason(
                    "unsupported_critical_extension",
                    format!(
                        "the trust anchor has an unknown critical extension {}",
                        e.oid
                    ),
                    who,
                ));
            }
        }
        if let Ok(Some(eku)) = c.extended_key_usage() {
            let _ = eku;
            return Some(reason(
                "policy",
                "a root carries an extended key usage",
                who,
            ));
        }
        match (&aki, self_issued) {
            (None, false) => {
                return Some(reason(
                    "policy",
                    "a cross-signed trust anchor has no authority key identifier",
                    who,
                ));
            }
            (Some(v), _) => {
                if v.authority_cert_issuer.is_some()
                    || v.authority_cert_serial.is_some()
                    || v.key_identifier.is_none()
                {
                    return Some(reason(
                        "policy",
                        "the root's authority key identifier must hold only a key identifier",
                        who,
                    ));
                }
                if self_issued && v.key_identifier.as_ref().map(|k| k.0.to_vec()) != ski {
                    return Some(reason(
                        "policy",
                        "the root's authority key identifier differs from its subject key identifier",
                        who,
                    ));
                }
            }
            _ => {}
        }
    } else if aki.is_none() {
        return Some(reason(
            "policy",
            "an intermediate has no authority key identifier",
            who,
        ));
    }
    None
}

/// A CA certificate given as the thing to verify: its chain is checked by
/// signatures, validity, basic constraints and key usage up to an anchor.
fn verify_ca(input: &Input<'_>, leaf: &X509Certificate<'_>, crl_check: CrlCheck) -> Outcome {
    let mut stale = Vec::new();
    let out = verify_ca_path(input, leaf, crl_check, &mut stale);
    Outcome {
        stale_crls: stale,
        ..out
    }
}

fn verify_ca_path(
    input: &Input<'_>,
    leaf: &X509Certificate<'_>,
    crl_check: CrlCheck,
    stale: &mut Vec<String>,
) -> Outcome {
    let subject = dn_to_string(leaf.subject());
    let at = match ASN1Time::from_timestamp(input.at) {
        Ok(t) => t,
        Err(_) => return failed(input, reason("malformed", "the time is out of range", None)),
    };
    let mut chain = vec![Link {
        der: input.leaf.to_vec(),
        source: input.leaf_source.to_string(),
    }];
    let mut below: usize = 0;
    for _ in 0..10 {
        let cur_der = chain.last().map(|l| l.der.clone()).unwrap_or_default();
        let Ok((_, cur)) = parse_x509_certificate(&cur_der) else {
            break;
        };
        let cur_subject = dn_to_string(cur.subject());
        if !cur.validity().is_valid_at(at) {
            let code = if cur.validity().not_before > at {
                "not_yet_valid"
            } else {
                "expired"
            };
            return Outcome::invalid(
                chain,
                reason(
                    code,
                    format!("{cur_subject} is not valid at that time"),
                    Some(cur_subject),
                ),
                crl_check,
            );
        }
        let is_anchor = input.anchors.iter().any(|a| a.der == cur_der);
        if let Some(r) = strict_ca(&cur, is_anchor) {
            return Outcome::invalid(chain, r, crl_check);
        }
        // An anchor's own signature is not relied on; every other one is,
        // and SHA-1 or MD5 is refused here as webpki refuses it on the leaf path.
        if !is_anchor && let Some(alg) = weak_signature_of(&cur) {
            return Outcome::invalid(
                chain,
                reason(
                    "policy",
                    format!("{cur_subject} is signed with {alg}, an algorithm TLS stacks refuse"),
                    Some(cur_subject),
                ),
                crl_check,
            );
        }
        if let Ok(Some(bc)) = cur.basic_constraints()
            && let Some(pl) = bc.value.path_len_constraint
            && below > pl as usize + 1
        {
            return Outcome::invalid(
                chain,
                reason(
                    "path_len_exceeded",
                    format!("{cur_subject}'s pathLen {pl} does not allow the CAs below it"),
                    Some(cur_subject),
                ),
                crl_check,
            );
        }
        if is_anchor {
            return Outcome::valid(chain, crl_check);
        }
        // The certificate itself (and, with --crl-check all, every CA above it).
        let checked = match crl_check {
            CrlCheck::None => false,
            CrlCheck::Leaf => below == 0,
            CrlCheck::All => true,
        };
        if checked && let Some(r) = crl_status(input, &cur, at, stale) {
            return Outcome::invalid(chain, r, crl_check);
        }
        // The issuer: a trusted anchor first, then an intermediate, by name and signature.
        let issuer = input
            .anchors
            .iter()
            .chain(input.intermediates.iter())
            .find(|c| {
                c.der != cur_der
                    && parse_x509_certificate(&c.der).is_ok_and(|(_, x)| {
                        x.subject().as_raw() == cur.issuer().as_raw()
                            && cur.verify_signature(Some(x.public_key())).is_ok()
                    })
            });
        match issuer {
            Some(i) => {
                if chain.iter().any(|l| l.der == i.der) {
                    break;
                }
                chain.push(Link {
                    der: i.der.clone(),
                    source: i.source.clone(),
                });
                below += 1;
            }
            None => {
                let self_signed = cur.subject().as_raw() == cur.issuer().as_raw();
                let (code, message) = if self_signed {
                    (
                        "self_signed_leaf",
                        format!(
                            "{cur_subject} is a self-signed CA that is not one of the trusted roots"
                        ),
                    )
                } else {
                    (
                        "unknown_issuer",
                        format!(
                            "the issuer of {cur_subject} is not among the trusted roots or the intermediates"
                        ),
                    )
                };
                return Outcome::invalid(
                    chain,
                    reason(code, message, Some(cur_subject)),
                    crl_check,
                );
            }
        }
    }
    Outcome::invalid(
        chain,
        reason(
            "unknown_issuer",
            "no chain to a trusted root was found",
            Some(subject),
        ),
        crl_check,
    )
}

/// The CRLs (DER) of a PEM file's `X509 CRL` blocks, or of a DER file;
/// none for a PEM file without such a block, or an empty file.
pub fn crl_der_of(bytes: &[u8]) -> Vec<Vec<u8>> {
    if crate::encoding::looks_like_pem(bytes) {
        ::pem::parse_many(bytes)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.tag() == "X509 CRL")
            .map(|p| p.into_contents())
            .collect()
    } else if bytes.is_empty() {
        Vec::new()
    } else {
        vec![bytes.to_vec()]
    }
}

/// An IPv4 address in any notation `inet_aton` accepts (hex, octal, leading
/// zeros, fewer parts), which a CN might use to spell an address differently.
fn lenient_ipv4(s: &str) -> Option<std::net::Ipv4Addr> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let num = |p: &str| -> Option<u64> {
        if let Some(h) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
            u64::from_str_radix(h, 16).ok()
        } else if p.len() > 1 && p.starts_with('0') {
            u64::from_str_radix(&p[1..], 8)
                .ok()
                .or_else(|| p.parse().ok())
        } else {
            p.parse().ok()
        }
    };
    let nums: Vec<u64> = parts.iter().map(|p| num(p)).collect::<Option<_>>()?;
    let last = *nums.last()?;
    let mut v: u64 = 0;
    for (i, n) in nums[..nums.len() - 1].iter().enumerate() {
        if *n > 255 {
            return None;
        }
        v |= n << (24 - 8 * i);
    }
    let room = 32 - 8 * (nums.len() as u32 - 1);
    if last >= (1u64 << room) {
        return None;
    }
    Some(std::net::Ipv4Addr::from((v | last) as u32))
}

/// The CN check: a CN that spells one of the SANs differently — another
/// case, another IP notation, Unicode instead of punycode — is refused,
/// because two verifiers could read it as two different names. A CN that
/// simply names another host is ignored, as every TLS verifier ignores the
/// CN when SANs exist (RFC 6125 section 6.4.4).
fn cn_spelling(c: &X509Certificate<'_>) -> Option<String> {
    let cn = c.subject().iter_common_name().next()?;
    let text = match cn.as_str() {
        Ok(t) => t.to_string(),
        Err(_) => String::from_utf8_lossy(cn.as_slice()).into_owned(),
    };
    let sans = sans_of(c);
    if sans.contains(&text) {
        return None;
    }
    let ip = text
        .parse::<std::net::IpAddr>()
        .ok()
        .or_else(|| lenient_ipv4(&text).map(std::net::IpAddr::V4));
    if let Some(ip) = ip {
        if sans.contains(&ip.to_string()) {
            return Some(format!(
                "the CN {text:?} spells the IP address {ip} differently from the SAN"
            ));
        }
        return None;
    }
    if !text.is_ascii() && text.contains('.') {
        return Some(format!(
            "the CN {text:?} is an internationalized host name that is not among the SANs (SANs hold the punycode form)"
        ));
    }
    if sans.iter().any(|s| s.eq_ignore_ascii_case(&text)) {
        return Some(format!(
            "the CN {text:?} differs from its SAN only in letter case"
        ));
    }
    None
}

/// The warning for a store CRL used past its next update.
fn stale_message(crl: &x509_parser::revocation_list::CertificateRevocationList<'_>) -> String {
    format!(
        "the store's CRL of {} was due for renewal on {}; it was used as the store's revocation state (re-sign it with `pkictl crl`)",
        dn_to_string(crl.issuer()),
        crl.next_update()
            .map(|t| crate::timeutil::format_time(t.timestamp()))
            .unwrap_or_default()
    )
}

/// After webpki accepted a path (it ignores CRL expiry): the CRL each
/// checked certificate was judged by must be fresh at `at` when the user
/// gave it (`crl_expired`), while a stale store CRL only warns. Returns the
/// warnings, or the refusal.
fn crl_freshness(
    input: &Input<'_>,
    chain: &[Link],
    crl_check: CrlCheck,
) -> Result<Vec<String>, Reason> {
    let checked = match crl_check {
        CrlCheck::None => 0,
        CrlCheck::Leaf => 1,
        CrlCheck::All => chain.len().saturating_sub(1),
    };
    let at = ASN1Time::from_timestamp(input.at)
        .map_err(|_| reason("malformed", "the time is out of range", None))?;
    let mut stale = Vec::new();
    for pair in chain.windows(2).take(checked) {
        let (Ok((_, cert)), Ok((_, issuer))) = (
            parse_x509_certificate(&pair[0].der),
            parse_x509_certificate(&pair[1].der),
        ) else {
            continue;
        };
        // The first CRL of the issuer, in the order given (the user's
        // before the store's), is the one webpki judged by.
        let used = input.crls.iter().find_map(|c| {
            let (_, crl) = parse_x509_crl(&c.der).ok()?;
            (crl.issuer().as_raw() == cert.issuer().as_raw()
                && crl.verify_signature(issuer.public_key()).is_ok())
            .then_some((c.store, crl))
        });
        let Some((store, crl)) = used else { continue };
        if crl.next_update().is_some_and(|n| n < at) {
            if store {
                stale.push(stale_message(&crl));
            } else {
                let subject = dn_to_string(cert.subject());
                return Err(reason(
                    "crl_expired",
                    format!(
                        "the CRL covering {subject} is past its next update ({})",
                        crl.next_update()
                            .map(|t| crate::timeutil::format_time(t.timestamp()))
                            .unwrap_or_default()
                    ),
                    Some(subject),
                ));
            }
        }
    }
    Ok(stale)
}

/// A certificate's status on its issuer's CRL (for the CA path, which webpki
/// does not take): revoked, or no usable CRL.
fn crl_status(
    input: &Input<'_>,
    cert: &X509Certificate<'_>,
    at: ASN1Time,
    stale: &mut Vec<String>,
) -> Option<Reason> {
    let subject = dn_to_string(cert.subject());
    let issuers: Vec<X509Certificate<'_>> = input
        .anchors
        .iter()
        .chain(input.intermediates.iter())
        .filter_map(|c| parse_x509_certificate(&c.der).ok().map(|(_, x)| x))
        .filter(|x| x.subject().as_raw() == cert.issuer().as_raw())
        .collect();
    let mut expired = false;
    for crl_in in input.crls {
        let Ok((_, crl)) = parse_x509_crl(&crl_in.der) else {
            continue;
        };
        if crl.issuer().as_raw() != cert.issuer().as_raw() {
            continue;
        }
        if !issuers
            .iter()
            .any(|i| crl.verify_signature(i.public_key()).is_ok())
        {
            continue;
        }
        let alg = crate::pki::certinfo::signature_name(&crl.signature_algorithm.algorithm);
        if crate::pki::certinfo::is_weak_signature(&alg) {
            return Some(reason(
                "crl_bad_signature",
                format!(
                    "the CRL covering {subject} is signed with {alg}, an algorithm TLS stacks refuse"
                ),
                Some(subject),
            ));
        }
        if crl.next_update().is_some_and(|n| n < at) {
            if !crl_in.store {
                expired = true;
                continue;
            }
            stale.push(stale_message(&crl));
        }
        if crl
            .iter_revoked_certificates()
            .any(|r| r.raw_serial() == cert.raw_serial())
        {
            return Some(reason(
                "revoked",
                format!("{subject} is on its issuer's CRL"),
                Some(subject),
            ));
        }
        return None;
    }
    if expired {
        Some(reason(
            "crl_expired",
            format!("the CRL covering {subject} is past its next update"),
            Some(subject),
        ))
    } else {
        Some(reason(
            "crl_missing",
            format!("no CRL of {subject}'s issuer is available"),
            Some(subject),
        ))
    }
}

/// One certificate of a built chain, and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct ChainCert {
    #[serde(flatten)]
    pub certificate: CertView,
    pub source: String,
}

/// The chain of an outcome as certificate objects with their sources.
pub fn to_chain(out: &Outcome, at: i64) -> Vec<ChainCert> {
    out.chain
        .iter()
        .filter_map(|l| {
            CertFacts::from_der(&l.der).ok().map(|f| ChainCert {
                certificate: CertView::new(f, at),
                source: l.source.clone(),
            })
        })
        .collect()
}
