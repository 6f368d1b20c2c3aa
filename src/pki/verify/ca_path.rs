//! A CA certificate given as the thing to verify. rustls-webpki refuses a
//! CA as an end entity, so its chain is walked here: each step finds the
//! issuer by name and signature (a trusted anchor first), and checks
//! validity, the strict CA checks, signature strength, pathLen and CRLs,
//! up to a trust anchor.

use x509_parser::prelude::*;

use crate::pki::certinfo::dn_to_string;
use crate::pki::verify::crl::crl_status;
use crate::pki::verify::reason::{Check, Code, Reason};
use crate::pki::verify::strict::{Role, check_certificate, weak_signature_of};
use crate::pki::verify::{CrlCheck, Input, Link, Outcome};

/// A CA certificate given as the thing to verify: its chain is checked by
/// signatures, validity, basic constraints and key usage up to an anchor.
pub(super) fn verify_ca(
    input: &Input<'_>,
    leaf: &X509Certificate<'_>,
    crl_check: CrlCheck,
) -> Outcome {
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
        Err(_) => {
            return Outcome::failed(
                input,
                crl_check,
                Reason::new(Code::Malformed, "the time is out of range", None),
            );
        }
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
                Code::NotYetValid
            } else {
                Code::Expired
            };
            return Outcome::invalid(
                chain,
                Reason::new(
                    code,
                    format!("{cur_subject} is not valid at that time"),
                    Some(cur_subject),
                ),
                crl_check,
            );
        }
        let is_anchor = input.anchors.iter().any(|a| a.der == cur_der);
        let role = if is_anchor {
            Role::Anchor
        } else {
            Role::Intermediate
        };
        if let Some(r) = Reason::most_specific(check_certificate(&cur, role)) {
            return Outcome::invalid(chain, r, crl_check);
        }
        // An anchor's own signature is not relied on; every other one is,
        // and SHA-1 or MD5 is refused here as webpki refuses it on the leaf path.
        if !is_anchor && let Some(alg) = weak_signature_of(&cur) {
            return Outcome::invalid(
                chain,
                Reason::strict(
                    Check::WeakSignature,
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
                Reason::new(
                    Code::PathLenExceeded,
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
                        Code::SelfSignedLeaf,
                        format!(
                            "{cur_subject} is a self-signed CA that is not one of the trusted roots"
                        ),
                    )
                } else {
                    (
                        Code::UnknownIssuer,
                        format!(
                            "the issuer of {cur_subject} is not among the trusted roots or the intermediates"
                        ),
                    )
                };
                return Outcome::invalid(
                    chain,
                    Reason::new(code, message, Some(cur_subject)),
                    crl_check,
                );
            }
        }
    }
    Outcome::invalid(
        chain,
        Reason::new(
            Code::UnknownIssuer,
            "no chain to a trusted root was found",
            Some(subject),
        ),
        crl_check,
    )
}
