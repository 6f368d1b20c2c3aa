//! The strict checks of SPEC section 7: what a careful verifier refuses on
//! top of a TLS stack's verdict. Each check is a small named function that
//! looks at one certificate in its role (end entity, intermediate, trust
//! anchor) and says why it fails, if it does. A path's failures are all
//! collected; the most specific one is reported (`Reason::most_specific`).

use x509_parser::extensions::{
    AuthorityKeyIdentifier, GeneralName, GeneralSubtree, ParsedExtension,
};
use x509_parser::prelude::*;

use crate::pki::certinfo::dn_to_string;
use crate::pki::keys::describe_parsed_spki;
use crate::pki::objects::weak_key_reason;
use crate::pki::verify::reason::{Check, Code, Reason};
use crate::pki::verify::{CrlIn, Memo, sans_of};

/// Where a certificate stands in the path being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The leaf; `trusted` when it is itself one of the trust anchors.
    EndEntity { trusted: bool },
    /// A CA below the trust anchor.
    Intermediate,
    /// The trust anchor.
    Anchor,
}

/// A failure before it is given the certificate's subject.
type Failure = (Check, String);

/// One strict check.
type CheckFn = fn(&X509Certificate<'_>, Role) -> Option<Failure>;

/// The checks every certificate of a path gets.
const COMMON: &[CheckFn] = &[
    serial,
    version,
    signature_algorithm_match,
    key_strength,
    key_identifiers_not_critical,
    issuer_not_empty,
    names_without_control_characters,
    name_constraints_form,
    extensions_form,
    san_critical_for_empty_subject,
];

/// The end entity's own checks.
const END_ENTITY: &[CheckFn] = &[
    ee_authority_key_id,
    ee_no_key_cert_sign,
    ee_no_name_constraints,
    ee_extended_key_usage,
    san_not_critical_with_subject,
    cn_spelling,
    dns_names,
];

/// Every CA's checks (intermediates and the trust anchor).
const CA: &[CheckFn] = &[
    ca_subject,
    ca_basic_constraints,
    ca_key_cert_sign,
    ca_subject_key_id,
    policy_constraints_critical,
    ca_authority_key_id,
    anchor_critical_extensions,
    anchor_no_eku,
];

/// Every strict failure of one certificate in its role.
pub fn check_certificate(c: &X509Certificate<'_>, role: Role) -> Vec<Reason> {
    let own: &[CheckFn] = match role {
        Role::EndEntity { .. } => END_ENTITY,
        Role::Intermediate | Role::Anchor => CA,
    };
    let subject = dn_to_string(c.subject());
    COMMON
        .iter()
        .chain(own)
        .filter_map(|check| check(c, role))
        .map(|(check, message)| Reason::strict(check, message, Some(subject.clone())))
        .collect()
}

/// The checks of a whole candidate path: the leaf, its intermediates, the
/// trust anchor (unless the leaf is the anchor), the path's length against
/// `--max-depth` and the anchor's pathLen (which webpki ignores), and the
/// CRLs of the CAs on the path. Returns every failure.
#[allow(clippy::too_many_arguments)]
pub fn check_path(
    memo: &Memo,
    leaf: &X509Certificate<'_>,
    leaf_is_anchor: bool,
    inters: &[Vec<u8>],
    anchor: Option<&[u8]>,
    crls: &[CrlIn],
    at: i64,
    max_depth: Option<usize>,
) -> Vec<Reason> {
    let mut out = check_certificate(
        leaf,
        Role::EndEntity {
            trusted: leaf_is_anchor,
        },
    );
    let mut non_self_issued = 0usize;
    for der in inters {
        let Ok((_, c)) = parse_x509_certificate(der) else {
            out.push(Reason::strict(
                Check::MalformedIntermediate,
                "an intermediate certificate cannot be parsed",
                None,
            ));
            continue;
        };
        if c.subject().as_raw() != c.issuer().as_raw() {
            non_self_issued += 1;
        }
        out.extend(check_certificate(&c, Role::Intermediate));
    }
    if let Some(max) = max_depth
        && non_self_issued > max
    {
        out.push(Reason::strict(
            Check::MaxDepth,
            format!("the chain has {non_self_issued} intermediates; --max-depth allows {max}"),
            Some(dn_to_string(leaf.subject())),
        ));
    }
    if let Some(der) = anchor
        && !leaf_is_anchor
    {
        match parse_x509_certificate(der) {
            Ok((_, a)) => out.extend(check_anchor(&a, non_self_issued, at)),
            Err(_) => out.push(Reason::strict(
                Check::MalformedIntermediate,
                "a trust anchor cannot be parsed",
                None,
            )),
        }
    }
    let issuers: Vec<&[u8]> = inters.iter().map(Vec::as_slice).chain(anchor).collect();
    out.extend(check_crls(memo, crls, &issuers));
    out
}

/// The trust anchor: valid at `at`, its CA checks, and its pathLen over the
/// intermediates below it.
fn check_anchor(a: &X509Certificate<'_>, below: usize, at: i64) -> Vec<Reason> {
    let subject = dn_to_string(a.subject());
    let mut out = Vec::new();
    if let Ok(t) = ASN1Time::from_timestamp(at)
        && !a.validity().is_valid_at(t)
    {
        let code = if a.validity().not_before > t {
            Code::NotYetValid
        } else {
            Code::Expired
        };
        out.push(Reason {
            code,
            check: Some(Check::AnchorValidity),
            message: format!("the trust anchor {subject} is not valid at that time"),
            certificate: Some(subject.clone()),
        });
    }
    out.extend(check_certificate(a, Role::Anchor));
    if let Ok(Some(bc)) = a.basic_constraints()
        && let Some(pl) = bc.value.path_len_constraint
        && below > pl as usize
    {
        out.push(Reason::strict(
            Check::AnchorPathLen,
            format!(
                "the trust anchor {subject} allows {pl} intermediate(s) below it; the chain has {below}"
            ),
            Some(subject),
        ));
    }
    out
}

/// The CRLs of the path's CAs: a CRL number, not critical, and an issuer
/// with cRLSign.
fn check_crls(memo: &Memo, crls: &[CrlIn], issuers: &[&[u8]]) -> Vec<Reason> {
    let mut out = Vec::new();
    for crl_in in crls {
        let Ok((_, crl)) = parse_x509_crl(&crl_in.der) else {
            continue;
        };
        for issuer_der in issuers {
            let Ok((_, issuer)) = parse_x509_certificate(issuer_der) else {
                continue;
            };
            if crl.issuer().as_raw() != issuer.subject().as_raw()
                || !memo.crl_signed_by(&crl_in.der, &crl, issuer.public_key())
            {
                continue;
            }
            let who = dn_to_string(issuer.subject());
            match crl
                .extensions()
                .iter()
                .find(|e| e.oid.to_id_string() == "2.5.29.20")
            {
                None => out.push(Reason::strict(
                    Check::CrlMissingNumber,
                    format!("the CRL of {who} has no CRL number"),
                    Some(who.clone()),
                )),
                Some(ext) if ext.critical => out.push(Reason::strict(
                    Check::CrlCriticalNumber,
                    format!("the CRL number of {who}'s CRL is marked critical"),
                    Some(who.clone()),
                )),
                _ => {}
            }
            if let Ok(Some(ku)) = issuer.key_usage()
                && !ku.value.crl_sign()
            {
                out.push(Reason::strict(
                    Check::CrlIssuerNotCrlSigner,
                    format!("{who} signs a CRL but lacks cRLSign"),
                    Some(who),
                ));
            }
        }
    }
    out
}

/// The authority key identifier extension, when present.
fn aki_of<'a>(c: &'a X509Certificate<'_>) -> Option<&'a AuthorityKeyIdentifier<'a>> {
    c.extensions()
        .iter()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::AuthorityKeyIdentifier(a) => Some(a),
            _ => None,
        })
}

/// Whether the extension with this OID is critical (None: absent).
fn ext_critical(c: &X509Certificate<'_>, oid: &str) -> Option<bool> {
    c.extensions()
        .iter()
        .find(|e| e.oid.to_id_string() == oid)
        .map(|e| e.critical)
}

fn self_issued(c: &X509Certificate<'_>) -> bool {
    c.subject().as_raw() == c.issuer().as_raw()
}

// ---- checks of every certificate ----

/// A serial is positive, not zero, and at most 20 octets (RFC 5280
/// 4.1.2.2). A trust anchor's serial is not judged.
fn serial(c: &X509Certificate<'_>, role: Role) -> Option<Failure> {
    if role == Role::Anchor {
        return None;
    }
    let raw = c.raw_serial();
    if raw.first().is_some_and(|b| b & 0x80 != 0) {
        return Some((
            Check::SerialNegative,
            "the serial number is negative".into(),
        ));
    }
    if raw.iter().all(|&b| b == 0) {
        return Some((Check::SerialZero, "the serial number is zero".into()));
    }
    (raw.len() > 20).then(|| {
        (
            Check::SerialTooLong,
            format!("the serial number has {} octets (at most 20)", raw.len()),
        )
    })
}

/// X.509 version 3.
fn version(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    (c.version() != X509Version::V3).then(|| (Check::NotV3, "not an X.509 v3 certificate".into()))
}

/// The signature algorithm inside the certificate is the outer one.
fn signature_algorithm_match(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    (c.tbs_certificate.signature != c.signature_algorithm).then(|| {
        (
            Check::SignatureAlgorithmMismatch,
            "the signature algorithm inside the certificate differs from the outer one".into(),
        )
    })
}

/// No DSA, P-192/P-224, RSA under 2048 bits or not a multiple of 8.
fn key_strength(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    weak_key_reason(&describe_parsed_spki(c.public_key())).map(|why| (Check::WeakKey, why))
}

/// Key identifiers are never critical.
fn key_identifiers_not_critical(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    if ext_critical(c, "2.5.29.35") == Some(true) {
        return Some((
            Check::CriticalAki,
            "the authority key identifier is marked critical".into(),
        ));
    }
    (ext_critical(c, "2.5.29.14") == Some(true)).then(|| {
        (
            Check::CriticalSki,
            "the subject key identifier is marked critical".into(),
        )
    })
}

/// The issuer name is not empty.
fn issuer_not_empty(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    c.issuer()
        .iter_rdn()
        .next()
        .is_none()
        .then(|| (Check::EmptyIssuer, "the issuer name is empty".into()))
}

/// No control character in a subject or issuer attribute.
fn names_without_control_characters(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    [("subject", c.subject()), ("issuer", c.issuer())]
        .into_iter()
        .find_map(|(role, name)| {
            crate::pki::certinfo::name_control_char(name)
                .map(|what| (Check::ControlCharacter, format!("the {role}'s {what}")))
        })
}

/// Name constraints are critical, hold a subtree, and no DNS subtree with
/// a leading period (RFC 5280 4.2.1.10; pyca refuses one too).
fn name_constraints_form(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    if ext_critical(c, "2.5.29.30") == Some(false) {
        return Some((
            Check::NcNotCritical,
            "name constraints are not marked critical".into(),
        ));
    }
    let Ok(Some(nc)) = c.name_constraints() else {
        return None;
    };
    let subtrees = |s: &Option<Vec<GeneralSubtree<'_>>>| s.as_ref().is_some_and(|v| !v.is_empty());
    if !subtrees(&nc.value.permitted_subtrees) && !subtrees(&nc.value.excluded_subtrees) {
        return Some((
            Check::NcEmpty,
            "name constraints with neither permitted nor excluded subtrees".into(),
        ));
    }
    nc.value
        .permitted_subtrees
        .iter()
        .chain(nc.value.excluded_subtrees.iter())
        .flatten()
        .find_map(|st| match &st.base {
            GeneralName::DNSName(d) if d.starts_with('.') => Some((
                Check::NcLeadingPeriod,
                format!("the DNS name constraint {d:?} has a leading period, which RFC 5280 does not allow"),
            )),
            _ => None,
        })
}

/// Every extension appears once and parses.
fn extensions_form(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    let mut seen = std::collections::HashSet::new();
    for e in c.extensions() {
        if !seen.insert(e.oid.to_id_string()) {
            return Some((
                Check::DuplicateExtension,
                format!("the extension {} appears twice", e.oid),
            ));
        }
        if let ParsedExtension::ParseError { error } = e.parsed_extension() {
            return Some((
                Check::MalformedExtension,
                format!("the extension {} is malformed: {error}", e.oid),
            ));
        }
    }
    None
}

/// With an empty subject, the SAN is critical (RFC 5280 4.2.1.6).
fn san_critical_for_empty_subject(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    let Ok(Some(san)) = c.subject_alternative_name() else {
        return None;
    };
    (c.subject().iter_rdn().next().is_none() && !san.critical).then(|| {
        (
            Check::SanNotCritical,
            "the subject is empty but the SAN is not critical".into(),
        )
    })
}

// ---- checks of the end entity ----

/// An AKI, unless the leaf is a self-signed trust anchor itself.
fn ee_authority_key_id(c: &X509Certificate<'_>, role: Role) -> Option<Failure> {
    let trusted_self_signed = matches!(role, Role::EndEntity { trusted: true }) && self_issued(c);
    (aki_of(c).is_none() && !trusted_self_signed).then(|| {
        (
            Check::EeMissingAki,
            "the end entity has no authority key identifier".into(),
        )
    })
}

/// An end entity may not sign certificates.
fn ee_no_key_cert_sign(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    matches!(c.key_usage(), Ok(Some(ku)) if ku.value.key_cert_sign()).then(|| {
        (
            Check::EeKeyCertSign,
            "the end entity may sign certificates (keyCertSign)".into(),
        )
    })
}

/// An end entity carries no name constraints.
fn ee_no_name_constraints(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    c.name_constraints().ok().flatten().is_some().then(|| {
        (
            Check::EeNameConstraints,
            "an end entity carries name constraints".into(),
        )
    })
}

/// An EKU, not critical, without anyExtendedKeyUsage (stricter than SPEC's
/// "alone": CABF forbids it in a leaf at all).
fn ee_extended_key_usage(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    match c.extended_key_usage() {
        Ok(Some(eku)) if eku.critical => Some((
            Check::EeCriticalEku,
            "the extended key usage is marked critical".into(),
        )),
        Ok(Some(eku)) if eku.value.any => Some((
            Check::EeAnyEku,
            "the end entity's extended key usage includes anyExtendedKeyUsage".into(),
        )),
        Ok(Some(_)) => None,
        Ok(None) => Some((
            Check::EeMissingEku,
            "the end entity has no extended key usage".into(),
        )),
        Err(_) => Some((
            Check::EeMalformedEku,
            "the extended key usage is malformed".into(),
        )),
    }
}

/// A critical SAN only with an empty subject.
fn san_not_critical_with_subject(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    let Ok(Some(san)) = c.subject_alternative_name() else {
        return None;
    };
    (san.critical && c.subject().iter_rdn().next().is_some()).then(|| {
        (
            Check::SanCriticalWithSubject,
            "the SAN is critical although the subject is not empty".into(),
        )
    })
}

/// A CN that spells one of the SANs differently — another case, another IP
/// notation, Unicode instead of punycode — is refused: two verifiers could
/// read it as two names. A CN that simply names another host is ignored, as
/// every TLS verifier ignores the CN when SANs exist (RFC 6125 6.4.4).
fn cn_spelling(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    let cn = c.subject().iter_common_name().next()?;
    let text = match cn.as_str() {
        Ok(t) => t.to_string(),
        Err(_) => String::from_utf8_lossy(cn.as_slice()).into_owned(),
    };
    let sans = sans_of(c);
    if sans.contains(&text) {
        return None;
    }
    let fail = |m: String| Some((Check::CnSpelling, m));
    let ip = text
        .parse::<std::net::IpAddr>()
        .ok()
        .or_else(|| lenient_ipv4(&text).map(std::net::IpAddr::V4));
    if let Some(ip) = ip {
        if sans.contains(&ip.to_string()) {
            return fail(format!(
                "the CN {text:?} spells the IP address {ip} differently from the SAN"
            ));
        }
        return None;
    }
    if !text.is_ascii() && text.contains('.') {
        return fail(format!(
            "the CN {text:?} is an internationalized host name that is not among the SANs (SANs hold the punycode form)"
        ));
    }
    if sans.iter().any(|s| s.eq_ignore_ascii_case(&text)) {
        return fail(format!(
            "the CN {text:?} differs from its SAN only in letter case"
        ));
    }
    None
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

/// DNS SANs in RFC 1034 preferred syntax (a leftmost `*` label allowed),
/// and no wildcard over a public suffix.
fn dns_names(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    let Ok(Some(san)) = c.subject_alternative_name() else {
        return None;
    };
    san.value.general_names.iter().find_map(|gn| {
        let GeneralName::DNSName(d) = gn else {
            return None;
        };
        if crate::names::parse_dns_name(d).is_err() {
            return Some((
                Check::DnsSyntax,
                format!("the DNS name {d:?} is not a valid host name"),
            ));
        }
        d.strip_prefix("*.")
            .filter(|base| crate::names::is_public_suffix(base))
            .map(|_| {
                (
                    Check::WildcardPublicSuffix,
                    format!("the wildcard {d} covers a public suffix"),
                )
            })
    })
}

// ---- checks of CAs ----

/// A CA has a subject.
fn ca_subject(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    c.subject()
        .iter_rdn()
        .next()
        .is_none()
        .then(|| (Check::CaEmptySubject, "a CA has an empty subject".into()))
}

/// Critical basic constraints with CA:TRUE.
fn ca_basic_constraints(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    match c.basic_constraints() {
        Ok(Some(bc)) if !bc.critical => Some((
            Check::CaBasicConstraintsNotCritical,
            "a CA's basic constraints are not critical".into(),
        )),
        Ok(Some(bc)) if !bc.value.ca => Some((
            Check::CaNotCa,
            "a certificate that is not a CA (CA:FALSE) issues others".into(),
        )),
        Ok(Some(_)) => None,
        Ok(None) => Some((
            Check::CaMissingBasicConstraints,
            "a CA has no basic constraints".into(),
        )),
        Err(_) => Some((
            Check::CaMalformedBasicConstraints,
            "a CA's basic constraints are malformed or appear twice".into(),
        )),
    }
}

/// A CA's key usage, when present, has keyCertSign.
fn ca_key_cert_sign(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    matches!(c.key_usage(), Ok(Some(ku)) if !ku.value.key_cert_sign()).then(|| {
        (
            Check::CaMissingKeyCertSign,
            "a CA's key usage lacks keyCertSign".into(),
        )
    })
}

/// The subject key identifier of a CA.
fn ski_of(c: &X509Certificate<'_>) -> Option<Vec<u8>> {
    c.extensions()
        .iter()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(k) => Some(k.0.to_vec()),
            _ => None,
        })
}

/// A CA has a subject key identifier.
fn ca_subject_key_id(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    ski_of(c).is_none().then(|| {
        (
            Check::MissingSki,
            "a CA has no subject key identifier".into(),
        )
    })
}

/// Policy constraints, when present, are critical.
fn policy_constraints_critical(c: &X509Certificate<'_>, _: Role) -> Option<Failure> {
    (ext_critical(c, "2.5.29.36") == Some(false)).then(|| {
        (
            Check::PolicyConstraintsNotCritical,
            "policy constraints are not marked critical".into(),
        )
    })
}

/// An intermediate has an AKI; a trust anchor that is not self-issued (a
/// cross-signed one) has one too; a root's AKI holds only a key identifier,
/// equal to its SKI.
fn ca_authority_key_id(c: &X509Certificate<'_>, role: Role) -> Option<Failure> {
    let aki = aki_of(c);
    if role != Role::Anchor {
        return aki.is_none().then(|| {
            (
                Check::IntermediateMissingAki,
                "an intermediate has no authority key identifier".into(),
            )
        });
    }
    let Some(v) = aki else {
        return (!self_issued(c)).then(|| {
            (
                Check::AnchorMissingAki,
                "a cross-signed trust anchor has no authority key identifier".into(),
            )
        });
    };
    if v.authority_cert_issuer.is_some()
        || v.authority_cert_serial.is_some()
        || v.key_identifier.is_none()
    {
        return Some((
            Check::RootAkiNotKeyId,
            "the root's authority key identifier must hold only a key identifier".into(),
        ));
    }
    (self_issued(c) && v.key_identifier.as_ref().map(|k| k.0.to_vec()) != ski_of(c)).then(|| {
        (
            Check::RootAkiSkiMismatch,
            "the root's authority key identifier differs from its subject key identifier".into(),
        )
    })
}

/// A trust anchor has no critical extension pkictl does not know.
fn anchor_critical_extensions(c: &X509Certificate<'_>, role: Role) -> Option<Failure> {
    if role != Role::Anchor {
        return None;
    }
    c.extensions()
        .iter()
        .find(|e| {
            e.critical
                && matches!(
                    e.parsed_extension(),
                    ParsedExtension::UnsupportedExtension { .. }
                )
        })
        .map(|e| {
            (
                Check::AnchorUnknownCriticalExtension,
                format!(
                    "the trust anchor has an unknown critical extension {}",
                    e.oid
                ),
            )
        })
}

/// A trust anchor carries no extended key usage.
fn anchor_no_eku(c: &X509Certificate<'_>, role: Role) -> Option<Failure> {
    (role == Role::Anchor && matches!(c.extended_key_usage(), Ok(Some(_)))).then(|| {
        (
            Check::AnchorEku,
            "a root carries an extended key usage".into(),
        )
    })
}

/// The name of a certificate's signature algorithm when TLS stacks refuse
/// it (SHA-1, MD5 and older).
pub fn weak_signature_of(c: &X509Certificate<'_>) -> Option<String> {
    let name = crate::pki::certinfo::signature_name(&c.signature_algorithm.algorithm);
    crate::pki::certinfo::is_weak_signature(&name).then_some(name)
}

#[cfg(test)]
mod tests {
    //! Certificates crafted for the checks no x509-limbo case reaches (the
    //! others are proven case by case in tests/cli/limbo.rs). Signatures do
    //! not matter here: the checks judge form, and some certificates are
    //! patched after signing.
    use super::*;
    use rcgen::{
        BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType,
        ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    };

    const EKU: &[u64] = &[2, 5, 29, 37];
    const BASIC_CONSTRAINTS: &[u64] = &[2, 5, 29, 19];
    /// DER NULL: a value an extended key usage may not hold.
    const NULL: &[u8] = &[0x05, 0x00];

    fn root() -> (CertificateParams, KeyPair) {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name.push(DnType::CommonName, "Root");
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        (p, KeyPair::generate().unwrap())
    }

    fn leaf(cn: &str) -> CertificateParams {
        let mut p = CertificateParams::new(vec![format!("{cn}.example.com")]).unwrap();
        p.distinguished_name.push(DnType::CommonName, cn);
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        p.use_authority_key_identifier_extension = true;
        p.serial_number = Some(rcgen::SerialNumber::from(vec![0x11, 0x22, 0x33]));
        p
    }

    fn ca(cn: &str) -> CertificateParams {
        let mut p = leaf(cn);
        p.subject_alt_names.clear();
        p.extended_key_usages.clear();
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        p
    }

    /// `params` signed by a fresh root.
    fn signed(params: &CertificateParams) -> Vec<u8> {
        let (rp, rk) = root();
        let issuer = Issuer::new(rp, rk);
        params
            .signed_by(&KeyPair::generate().unwrap(), &issuer)
            .unwrap()
            .der()
            .to_vec()
    }

    /// The first occurrence of `from` replaced by `to` (same length).
    fn patched(mut der: Vec<u8>, from: &[u8], to: &[u8]) -> Vec<u8> {
        let at = der
            .windows(from.len())
            .position(|w| w == from)
            .expect("the bytes to patch");
        der[at..at + to.len()].copy_from_slice(to);
        der
    }

    fn checks(der: &[u8], role: Role) -> Vec<Check> {
        let (_, c) = parse_x509_certificate(der).unwrap();
        check_certificate(&c, role)
            .iter()
            .filter_map(|r| r.check)
            .collect()
    }

    const LEAF: Role = Role::EndEntity { trusted: false };

    #[test]
    fn a_well_formed_leaf_and_ca_pass_every_check() {
        assert_eq!(checks(&signed(&leaf("ok")), LEAF), []);
        assert_eq!(checks(&signed(&ca("Int")), Role::Intermediate), []);
    }

    #[test]
    fn form_checks_on_every_certificate() {
        let der = signed(&leaf("a"));
        // INTEGER 0x112233 made negative.
        let negative = patched(der.clone(), &[0x02, 0x03, 0x11], &[0x02, 0x03, 0x91]);
        assert_eq!(checks(&negative, LEAF), [Check::SerialNegative]);
        // Version [0] INTEGER 2 (v3) made 1 (v2).
        let v2 = patched(
            der.clone(),
            &[0xa0, 0x03, 0x02, 0x01, 0x02],
            &[0xa0, 0x03, 0x02, 0x01, 0x01],
        );
        assert!(checks(&v2, LEAF).contains(&Check::NotV3));
        // The inner ecdsa-with-SHA256 made ecdsa-with-SHA384.
        let sha256 = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
        let mut sha384 = sha256;
        sha384[9] = 0x03;
        let mismatch = patched(der, &sha256, &sha384);
        assert_eq!(checks(&mismatch, LEAF), [Check::SignatureAlgorithmMismatch]);

        let mut ctl = leaf("ctl");
        ctl.distinguished_name
            .push(DnType::OrganizationName, "a\u{1}b");
        assert_eq!(checks(&signed(&ctl), LEAF), [Check::ControlCharacter]);

        let mut twice = leaf("twice");
        twice
            .custom_extensions
            .push(CustomExtension::from_oid_content(EKU, vec![0x30, 0x00]));
        assert!(checks(&signed(&twice), LEAF).contains(&Check::DuplicateExtension));
    }

    #[test]
    fn an_undecodable_extended_key_usage_on_a_leaf() {
        let mut p = leaf("eku");
        p.extended_key_usages.clear();
        p.custom_extensions
            .push(CustomExtension::from_oid_content(EKU, NULL.to_vec()));
        assert!(checks(&signed(&p), LEAF).contains(&Check::EeMalformedEku));
    }

    #[test]
    fn ca_checks() {
        let mut empty = ca("x");
        empty.distinguished_name = DistinguishedName::new();
        assert!(checks(&signed(&empty), Role::Intermediate).contains(&Check::CaEmptySubject));

        let mut not_ca = ca("NotCa");
        not_ca.is_ca = IsCa::ExplicitNoCa;
        assert_eq!(
            checks(&signed(&not_ca), Role::Intermediate),
            [Check::CaNotCa]
        );

        // x509-parser reads an undecodable basicConstraints as absent, and
        // refuses to choose between two of them.
        let mut bad_bc = ca("BadBc");
        let mut ext = CustomExtension::from_oid_content(
            BASIC_CONSTRAINTS,
            vec![0x30, 0x03, 0x01, 0x01, 0xff],
        );
        ext.set_criticality(true);
        bad_bc.custom_extensions.push(ext);
        let got = checks(&signed(&bad_bc), Role::Intermediate);
        assert!(got.contains(&Check::CaMalformedBasicConstraints), "{got:?}");
    }

    #[test]
    fn path_checks() {
        let leaf_der = signed(&leaf("p"));
        let (_, leaf) = parse_x509_certificate(&leaf_der).unwrap();
        let at = crate::timeutil::now_unix();
        let memo = Memo::default();
        let garbage = check_path(
            &memo,
            &leaf,
            false,
            &[vec![0x30, 0x03, 1, 2, 3]],
            None,
            &[],
            at,
            None,
        );
        assert_eq!(
            garbage.iter().filter_map(|r| r.check).collect::<Vec<_>>(),
            [Check::MalformedIntermediate]
        );

        let (mut rp, rk) = root();
        rp.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        let anchor = rp.self_signed(&rk).unwrap().der().to_vec();
        let inters = [signed(&ca("I1")), signed(&ca("I2"))];
        let over = check_path(&memo, &leaf, false, &inters, Some(&anchor), &[], at, None);
        let names: Vec<Check> = over.iter().filter_map(|r| r.check).collect();
        assert_eq!(names, [Check::AnchorPathLen], "{over:?}");
        assert_eq!(over[0].code, Code::PathLenExceeded);
        let within = check_path(
            &memo,
            &leaf,
            false,
            &inters[..0],
            Some(&anchor),
            &[],
            at,
            None,
        );
        assert_eq!(within, []);
    }
}
