//! CRLs: reading them from files, their freshness on the leaf path (the
//! store's own are the store's revocation state at any time), and a
//! certificate's status on the CA path, which webpki does not take.

use x509_parser::prelude::*;

use crate::pki::certinfo::dn_to_string;
use crate::pki::verify::reason::{Code, Reason};
use crate::pki::verify::{CrlCheck, Input, Link};

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
pub(super) fn crl_freshness(
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
        .map_err(|_| Reason::new(Code::Malformed, "the time is out of range", None))?;
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
                && input.memo.crl_signed_by(&c.der, &crl, issuer.public_key()))
            .then_some((c.store, crl))
        });
        let Some((store, crl)) = used else { continue };
        if crl.next_update().is_some_and(|n| n < at) {
            if store {
                stale.push(stale_message(&crl));
            } else {
                let subject = dn_to_string(cert.subject());
                return Err(Reason::new(
                    Code::CrlExpired,
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
pub(super) fn crl_status(
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
            .any(|i| input.memo.crl_signed_by(&crl_in.der, &crl, i.public_key()))
        {
            continue;
        }
        let alg = crate::pki::certinfo::signature_name(&crl.signature_algorithm.algorithm);
        if crate::pki::certinfo::is_weak_signature(&alg) {
            return Some(Reason::new(
                Code::CrlBadSignature,
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
            return Some(Reason::new(
                Code::Revoked,
                format!("{subject} is on its issuer's CRL"),
                Some(subject),
            ));
        }
        return None;
    }
    if expired {
        Some(Reason::new(
            Code::CrlExpired,
            format!("the CRL covering {subject} is past its next update"),
            Some(subject),
        ))
    } else {
        Some(Reason::new(
            Code::CrlMissing,
            format!("no CRL of {subject}'s issuer is available"),
            Some(subject),
        ))
    }
}
