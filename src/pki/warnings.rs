//! What a person should hear about a certificate or a key beyond its
//! fields: expiry, weak keys and signatures, constraints RFC 5280 does not
//! allow (`inspect`, `verify`, `doctor`, request checks).

use crate::error::{Warning, WarningCode};
use crate::pki::certinfo::CertFacts;
use crate::pki::keys::{KeyInfo, KeyKind};
use crate::timeutil::format_time;

/// The first DNS name constraint written with a leading period (which
/// RFC 5280 does not allow), if any.
pub fn nc_leading_period(f: &CertFacts) -> Option<&str> {
    let nc = f.name_constraints.as_ref()?;
    nc.permitted
        .dns
        .iter()
        .chain(&nc.excluded.dns)
        .find(|d| d.starts_with('.'))
        .map(String::as_str)
}

/// Problems of a certificate a person should hear about.
pub fn certificate_warnings(f: &CertFacts, at: i64) -> Vec<Warning> {
    let mut w = Vec::new();
    if f.not_after < at {
        w.push(Warning::new(
            WarningCode::Expired,
            format!("expired on {}", format_time(f.not_after)),
        ));
    }
    if f.not_before > at {
        w.push(Warning::new(
            WarningCode::NotYetValid,
            format!("not valid before {}", format_time(f.not_before)),
        ));
    }
    if let Some(why) = weak_key_reason(&f.key) {
        w.push(Warning::new(WarningCode::WeakKey, why));
    }
    if let Some(d) = nc_leading_period(f) {
        w.push(Warning::new(
            WarningCode::NcLeadingPeriod,
            format!("the DNS name constraint {d:?} has a leading period, which RFC 5280 does not allow: strict verifiers (pyca/cryptography, pkictl verify) refuse this CA; replace the CA"),
        ));
    }
    if crate::pki::certinfo::is_weak_signature(&f.signature_algorithm) {
        let note = if f.self_issued() {
            " (on a self-signed root this only matters if you do not already trust it)"
        } else {
            ""
        };
        w.push(Warning::new(
            WarningCode::WeakSignature,
            format!(
                "signed with {}, which is broken for certificates{note}",
                f.signature_algorithm
            ),
        ));
    }
    if !f.is_ca && f.sans.is_empty() {
        w.push(Warning::new(
            WarningCode::NoSan,
            "no subject alternative name: TLS clients ignore the CN, so this certificate matches no host",
        ));
    }
    if f.is_ca && !f.key_usage.is_empty() && !f.key_usage.iter().any(|k| k == "keyCertSign") {
        w.push(Warning::new(
            WarningCode::CaWithoutKeyCertSign,
            "a CA certificate whose key usage lacks keyCertSign cannot sign certificates",
        ));
    }
    let lifetime_days = (f.not_after - f.not_before) / crate::timeutil::DAY;
    if !f.is_ca && f.extended_key_usage.iter().any(|e| e == "serverAuth") && lifetime_days > 398 {
        w.push(Warning::new(
            WarningCode::LongValidity,
            format!("a server certificate valid for {lifetime_days} days; browsers and many clients refuse more than 398"),
        ));
    }
    w
}

/// Why a key is weak, if it is.
pub fn weak_key_reason(k: &KeyInfo) -> Option<String> {
    match k.kind {
        KeyKind::Rsa if k.bits < 2048 => Some(format!(
            "RSA key of {} bits is too small (2048 is the minimum)",
            k.bits
        )),
        KeyKind::Rsa if !k.bits.is_multiple_of(8) => Some(format!(
            "RSA key of {} bits is not a multiple of 8 bits",
            k.bits
        )),
        KeyKind::Dsa => Some("DSA keys are obsolete and refused by modern TLS".into()),
        KeyKind::Ec if matches!(k.curve.as_deref(), Some("P-192") | Some("P-224")) => Some(
            format!("curve {} is too weak", k.curve.as_deref().unwrap_or("")),
        ),
        _ => None,
    }
}
