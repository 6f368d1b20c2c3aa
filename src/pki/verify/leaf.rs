//! The leaf path: rustls-webpki builds and judges the chain (as TLS stacks
//! do) and calls back for every candidate path, where the strict checks run;
//! what webpki refuses is mapped to SPEC's codes and explained (which
//! certificate, and why).

use std::cell::RefCell;

use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use x509_parser::prelude::*;

use crate::pki::certinfo::dn_to_string;
use crate::pki::verify::ca_path::verify_ca;
use crate::pki::verify::crl::crl_freshness;
use crate::pki::verify::reason::{Check, Code, Reason};
use crate::pki::verify::{Candidate, CrlCheck, Input, Link, Outcome, Purpose, sans_of, strict};

/// Verifies one certificate.
/// Verifies one certificate.
pub fn verify(input: &Input<'_>) -> Outcome {
    let leaf = match parse_x509_certificate(input.leaf) {
        Ok((&[], c)) => c,
        Ok(_) => {
            return Outcome::failed(
                input,
                CrlCheck::None,
                Reason::new(Code::Malformed, "trailing data after the certificate", None),
            );
        }
        Err(e) => {
            return Outcome::failed(
                input,
                CrlCheck::None,
                Reason::new(
                    Code::Malformed,
                    format!("not a valid certificate: {e}"),
                    None,
                ),
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
            return Outcome::failed(
                input,
                crl_check,
                Reason::new(
                    Code::PurposeMismatch,
                    "this is a CA certificate, not a TLS server or client certificate",
                    Some(leaf_subject),
                ),
            );
        }
        return verify_ca(input, &leaf, crl_check);
    }
    if self_signed && !leaf_is_anchor {
        return Outcome::failed(
            input,
            crl_check,
            Reason::new(
                Code::SelfSignedLeaf,
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
        return Outcome::failed(
            input,
            crl_check,
            Reason::new(
                Code::UnknownIssuer,
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
        Err(e) => {
            return Outcome::failed(input, crl_check, map_webpki(&e, Some(leaf_subject)));
        }
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
        return Outcome::failed(
            input,
            crl_check,
            Reason::new(
                Code::CrlMissing,
                "revocation checking was asked for, but no CRL is available",
                Some(leaf_subject),
            ),
        );
    }
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(input.at.max(0) as u64));
    let strict_failures: RefCell<Vec<Reason>> = RefCell::new(Vec::new());
    let leaf_for_checks = &leaf;
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
        let failures = strict::check_path(
            input.memo,
            leaf_for_checks,
            leaf_is_anchor,
            &inter_ders,
            anchor_der,
            input.crls,
            input.at,
            input.max_depth,
        );
        if failures.is_empty() {
            return Ok(());
        }
        strict_failures.borrow_mut().extend(failures);
        // "No acceptable path through here": webpki goes on with other
        // candidates, and ranks this lowest of its own errors, so a more
        // specific one from another path still wins. The strict failures
        // themselves are read back from `strict_failures`.
        Err(webpki::Error::UnknownIssuer)
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
                            Reason::new(
                                Code::NameMismatch,
                                format!("{host:?} is neither a DNS name nor an IP address"),
                                Some(leaf_subject),
                            ),
                            crl_check,
                        ));
                    }
                };
                if let Err(e) = ee.verify_is_valid_for_subject_name(&name) {
                    let r = match e {
                        webpki::Error::CertNotValidForName(_) => Reason::new(
                            Code::NameMismatch,
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
            let mut r = map_webpki(&e, None);
            #[allow(deprecated)]
            let weak = matches!(
                e,
                webpki::Error::UnsupportedSignatureAlgorithm
                    | webpki::Error::UnsupportedSignatureAlgorithmContext(_)
                    | webpki::Error::UnsupportedSignatureAlgorithmForPublicKey
                    | webpki::Error::UnsupportedSignatureAlgorithmForPublicKeyContext(_)
            );
            if weak {
                r.check = Some(Check::WeakSignature);
            }
            let named = if weak {
                weakly_signed(input)
            } else {
                failing_certificate(input, &leaf, r.code)
            };
            r.certificate = Some(named.unwrap_or(leaf_subject.clone()));
            // webpki's verdict against every strict failure of the paths it
            // found: the most specific is reported.
            let strict = strict_failures.into_inner();
            let r = Reason::most_specific(std::iter::once(r).chain(strict))
                .unwrap_or_else(|| Reason::new(Code::UnknownIssuer, "no chain was found", None));
            let chain = name_chain(input);
            // A verdict read from a stale store CRL (revoked) says so, as a
            // valid one does.
            let stale = crl_freshness(input, &chain, crl_check).unwrap_or_default();
            Outcome {
                stale_crls: stale,
                ..Outcome::invalid(chain, r, crl_check)
            }
        }
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

/// The SPEC code of a webpki error.
fn map_webpki(e: &webpki::Error, certificate: Option<String>) -> Reason {
    use webpki::Error as E;
    #[allow(deprecated)]
    let (code, message) = match e {
        E::CertExpired { .. } => (
            Code::Expired,
            "a certificate of the chain has expired".to_string(),
        ),
        E::CertNotValidYet { .. } => (
            Code::NotYetValid,
            "a certificate of the chain is not valid yet".to_string(),
        ),
        E::UnknownIssuer => (
            Code::UnknownIssuer,
            "no chain to a trusted root could be built: an issuer is missing or not trusted"
                .to_string(),
        ),
        E::InvalidSignatureForPublicKey => (
            Code::BadSignature,
            "a signature of the chain does not verify".to_string(),
        ),
        E::CertNotValidForName(_) => (
            Code::NameMismatch,
            "the certificate is not valid for that name".to_string(),
        ),
        E::CertRevoked => (
            Code::Revoked,
            "a certificate of the chain is revoked".to_string(),
        ),
        E::RequiredEkuNotFound | E::RequiredEkuNotFoundContext(_) | E::EmptyEkuExtension => (
            Code::PurposeMismatch,
            "the certificate is not for this purpose (extended key usage)".to_string(),
        ),
        E::NameConstraintViolation => (
            Code::NameConstraintViolation,
            "a name is outside a CA's name constraints".to_string(),
        ),
        E::PathLenConstraintViolated => (
            Code::PathLenExceeded,
            "the chain is longer than a CA's pathLen allows".to_string(),
        ),
        E::MaximumPathDepthExceeded => (
            Code::MaxDepthExceeded,
            "the chain is longer than allowed".to_string(),
        ),
        E::EndEntityUsedAsCa => (
            Code::NotACa,
            "a certificate that is not a CA signed another one".to_string(),
        ),
        E::CaUsedAsEndEntity => (
            Code::PurposeMismatch,
            "a CA certificate was given as the end entity".to_string(),
        ),
        E::UnknownRevocationStatus => (
            Code::CrlMissing,
            "no CRL covers a certificate that must be checked".to_string(),
        ),
        E::CrlExpired { .. } => (
            Code::CrlExpired,
            "a CRL is past its next update".to_string(),
        ),
        E::InvalidCrlSignatureForPublicKey => (
            Code::CrlBadSignature,
            "a CRL's signature does not verify".to_string(),
        ),
        E::UnsupportedCrlSignatureAlgorithm
        | E::UnsupportedCrlSignatureAlgorithmContext(_)
        | E::UnsupportedCrlSignatureAlgorithmForPublicKey
        | E::UnsupportedCrlSignatureAlgorithmForPublicKeyContext(_) => (
            Code::CrlBadSignature,
            "a CRL is signed with an algorithm TLS stacks refuse (SHA-1, MD5, or unknown)"
                .to_string(),
        ),
        E::IssuerNotCrlSigner => (
            Code::Policy,
            "a CRL comes from a CA without cRLSign".to_string(),
        ),
        E::UnsupportedCriticalExtension => (
            Code::UnsupportedCriticalExtension,
            "a certificate has a critical extension the verifier does not know".to_string(),
        ),
        E::UnsupportedSignatureAlgorithm
        | E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKey
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_)
        | E::SignatureAlgorithmMismatch => (
            Code::Policy,
            "a certificate is signed with an algorithm TLS stacks refuse (SHA-1, MD5, or unknown)"
                .to_string(),
        ),
        E::MaximumSignatureChecksExceeded
        | E::MaximumPathBuildCallsExceeded
        | E::MaximumNameConstraintComparisonsExceeded => (
            Code::Policy,
            "the chain is too complex to verify (path-building budget exhausted)".to_string(),
        ),
        E::UnsupportedNameType => (
            Code::NameConstraintViolation,
            "a name type cannot be checked against the name constraints".to_string(),
        ),
        E::InvalidCrlNumber
        | E::UnsupportedCrlVersion
        | E::UnsupportedDeltaCrl
        | E::UnsupportedIndirectCrl
        | E::UnsupportedRevocationReason
        | E::UnsupportedCrlIssuingDistributionPoint => {
            (Code::Policy, format!("a CRL cannot be used ({e:?})"))
        }
        other => (
            Code::Malformed,
            format!("a certificate of the chain is malformed ({other:?})"),
        ),
    };
    Reason::new(code, message, certificate)
}

/// The first certificate below the trust anchor whose signature uses an
/// algorithm TLS stacks refuse, found by chaining names from the leaf.
fn weakly_signed(input: &Input<'_>) -> Option<String> {
    name_chain(input).iter().find_map(|l| {
        let (_, c) = parse_x509_certificate(&l.der).ok()?;
        let anchor = input.anchors.iter().any(|a| a.der == l.der);
        (!anchor && strict::weak_signature_of(&c).is_some()).then(|| dn_to_string(c.subject()))
    })
}

/// Which certificate an error is about, found by chaining names from the leaf.
fn failing_certificate(
    input: &Input<'_>,
    leaf: &X509Certificate<'_>,
    code: Code,
) -> Option<String> {
    let at = ASN1Time::from_timestamp(input.at).ok()?;
    let chain = name_chain(input);
    match code {
        Code::Expired | Code::NotYetValid => chain.iter().find_map(|l| {
            let (_, c) = parse_x509_certificate(&l.der).ok()?;
            (!c.validity().is_valid_at(at)).then(|| dn_to_string(c.subject()))
        }),
        Code::UnknownIssuer => chain.last().and_then(|l| subject_of(&l.der)),
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
