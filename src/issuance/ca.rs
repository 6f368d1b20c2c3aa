//! CA certificates through the same shape as leaves: *plan* (a pure
//! function of the request and `now`) → *check* (against the parent CA) →
//! *sign* (through a `Signer`, or self-signed for a root) → *commit*
//! (`authority::install_ca`, one transaction). Used by `init-ca` (a root
//! or `--parent`) and `sign-csr --profile intermediate-ca`; `ca renew` and
//! `ca cross-sign` plan a CA the store already has from its certificate
//! (`plan_same_ca`) and check the result is the same CA (`check_same_ca`).

use crate::authority::{CaConstraints, CaMaterial, check_child_ca};
use crate::encoding::hex_decode;
use crate::error::{Code, Error, Result};
use crate::names::{Sans, Subject};
use crate::pki::build::{CaSigner, CertSpec, Locations, NcSpec, SpecKind, self_sign};
use crate::pki::certinfo::CertFacts;
use crate::pki::keys::KeyKind;
use crate::pki::signer::Signer;
use crate::store::state::CaInfo;
use crate::timeutil::DAY;

/// A new CA certificate, as asked for.
pub struct CaRequest {
    pub name: String,
    pub subject: Subject,
    /// Seconds [default: 5 years for an intermediate, 10 for a root].
    pub validity: Option<i64>,
    /// An explicit notAfter (instead of now + validity).
    pub not_after: Option<i64>,
    /// [default: 0 for an intermediate, 1 for a root]
    pub path_len: Option<u8>,
    pub constraints: CaConstraints,
    pub rsa_key: bool,
    /// Signed by another CA (else self-signed).
    pub intermediate: bool,
}

/// What the CA certificate will carry.
pub struct CaPlan {
    pub name: String,
    pub spec: CertSpec,
    pub path_len: u8,
    /// From now to notAfter.
    pub validity_secs: i64,
    /// The permits kept as store policy next to the certificate's own
    /// name constraints.
    pub constraints: CaConstraints,
}

/// Plans a CA certificate: defaults, validity and the spec signing uses.
pub fn plan_ca(r: CaRequest, now: i64) -> Result<CaPlan> {
    let years = if r.intermediate { 5 } else { 10 };
    let validity = r.validity.unwrap_or(years * 365 * DAY);
    if validity <= 0 {
        return Err(Error::usage("--validity must be positive"));
    }
    let not_after = r.not_after.unwrap_or(now + validity);
    let path_len = r.path_len.unwrap_or(if r.intermediate { 0 } else { 1 });
    Ok(CaPlan {
        spec: CertSpec {
            subject: r.subject,
            sans: Sans::default(),
            not_before: now - 300,
            not_after,
            kind: SpecKind::Ca {
                path_len,
                nc: r.constraints.nc.clone(),
                key_id: None,
            },
            rsa_key: r.rsa_key,
        },
        name: r.name,
        path_len,
        validity_secs: not_after - now,
        constraints: r.constraints,
    })
}

/// Checks a planned CA against the CA that will sign it: its pathLen, its
/// lifetime and its name constraints up to the root.
pub fn check_ca(p: &CaPlan, parent: &CaMaterial, now: i64) -> Result<()> {
    check_child_ca(
        parent,
        &p.name,
        p.path_len,
        p.spec.not_after,
        &p.constraints,
        now,
    )
}

/// The CA that signs: its chain, its key, and the URLs it writes.
pub struct CaIssuer<'a> {
    pub ca: &'a CaMaterial,
    pub key: &'a dyn Signer,
    pub locations: Locations,
}

/// Signs a planned CA certificate for `subject_key`: by its issuer, or
/// self-signed (a root). Returns its DER.
pub fn sign_ca(
    p: &CaPlan,
    serial: &[u8],
    subject_key: &dyn Signer,
    issuer: Option<CaIssuer<'_>>,
) -> Result<Vec<u8>> {
    match issuer {
        Some(i) => CaSigner::new(&i.ca.ca().der, i.key, i.locations)?.sign(
            &p.spec,
            serial,
            &crate::pki::signer::RcgenKey(subject_key),
        ),
        None => self_sign(&p.spec, serial, subject_key),
    }
}

/// Signs a CA certificate for a key the store already certified (a CA
/// renewal): the subject key is the CA's SubjectPublicKeyInfo, not a
/// signer, because the parent signs. Returns its DER.
pub fn recertify_ca(
    p: &CaPlan,
    serial: &[u8],
    spki_der: &[u8],
    issuer: CaIssuer<'_>,
) -> Result<Vec<u8>> {
    let spki = rcgen::SubjectPublicKeyInfo::from_der(spki_der)
        .map_err(|e| Error::internal(format!("the CA's public key: {e}")))?;
    CaSigner::new(&issuer.ca.ca().der, issuer.key, issuer.locations)?.sign(&p.spec, serial, &spki)
}

/// The subject key of a certificate (DER SubjectPublicKeyInfo).
pub fn spki_der_of(der: &[u8]) -> Result<Vec<u8>> {
    let (_, c) = x509_parser::parse_x509_certificate(der)
        .map_err(|e| Error::malformed(format!("not a valid X.509 certificate: {e}")))?;
    Ok(c.tbs_certificate.subject_pki.raw.to_vec())
}

/// A renewal or a cross certificate must be the same CA to every relying
/// party: subject, key and key identifier; a renewal also keeps its basic
/// constraints, key usage and name constraints.
pub fn check_same_ca(old: &CertFacts, new: &CertFacts, renewal: bool) -> Result<()> {
    let same = old.subject == new.subject
        && old.spki_sha256 == new.spki_sha256
        && old.subject_key_id == new.subject_key_id
        && (!renewal
            || (old.is_ca == new.is_ca
                && old.path_len == new.path_len
                && old.key_usage == new.key_usage
                && old.name_constraints == new.name_constraints));
    if same {
        Ok(())
    } else {
        Err(Error::internal(format!(
            "the new certificate of {} differs from the CA it certifies; nothing was changed",
            old.subject
        )))
    }
}

/// What `--dry-run` shows: the planned certificate of `subject`'s key,
/// issued by `issuer`.
pub fn preview_ca(plan: &CaPlan, issuer: &CertFacts, subject: &CertFacts) -> CertFacts {
    let mut facts = plan.spec.preview(
        &issuer.subject,
        issuer.subject_key_id.clone(),
        subject.key.clone(),
        issuer
            .key
            .key_type()
            .map_or("", |k| k.signature_algorithm()),
    );
    facts.serial.clear();
    facts.fingerprint_sha256.clear();
    facts.spki_sha256.clear();
    facts
}

/// Plans a CA certificate for a key the store already certified, from its
/// certificate: the same subject, key identifier, pathLen and name
/// constraints (and the CA's policy-only permits), a new validity.
pub fn plan_same_ca(
    info: &CaInfo,
    old: &CertFacts,
    validity: i64,
    not_after: Option<i64>,
    intermediate: bool,
    now: i64,
) -> Result<CaPlan> {
    let name = &info.name;
    let nc = old
        .name_constraints
        .as_ref()
        .map(NcSpec::from_certificate)
        .transpose()?
        .unwrap_or_default();
    let path_len = old
        .path_len
        .and_then(|n| u8::try_from(n).ok())
        .ok_or_else(|| {
            Error::new(
                Code::Unsupported,
                format!("CA {name}'s certificate has no pathLen pkictl can write"),
            )
        })?;
    let mut plan = plan_ca(
        CaRequest {
            name: name.clone(),
            subject: Subject::parse(&old.subject)?,
            validity: Some(validity),
            not_after,
            path_len: Some(path_len),
            constraints: CaConstraints {
                nc,
                permit_dns: info.permit_dns.clone(),
                permit_email: info.permit_email.clone(),
                permit_uri: info.permit_uri.clone(),
            },
            rsa_key: old.key.kind == KeyKind::Rsa,
            intermediate,
        },
        now,
    )?;
    if let (SpecKind::Ca { key_id, .. }, Some(ski)) = (&mut plan.spec.kind, &old.subject_key_id) {
        *key_id = Some(hex_decode(ski)?);
    }
    Ok(plan)
}

/// Plans the next generation of a CA (`ca rollover --start`): a new key,
/// so no key identifier is carried over; the subject the rollover chose;
/// pathLen, name constraints and policy permits as the CA has them.
pub fn plan_next_ca(
    info: &CaInfo,
    old: &CertFacts,
    subject: Subject,
    rsa_key: bool,
    validity: i64,
    now: i64,
) -> Result<CaPlan> {
    let intermediate = info.parent.is_some();
    let mut plan = plan_same_ca(info, old, validity, None, intermediate, now)?;
    plan.spec.subject = subject;
    plan.spec.rsa_key = rsa_key;
    if let SpecKind::Ca { key_id, .. } = &mut plan.spec.kind {
        *key_id = None;
    }
    Ok(plan)
}

/// The subject of a CA's generation `n`: its subject with the common name
/// `CN G<n>` (a ` G<k>` suffix of an earlier generation replaced), or with
/// `cn` when given.
pub fn next_generation_subject(old: &str, generation: u32, cn: Option<&str>) -> Result<Subject> {
    let mut subject = Subject::parse(old)?;
    let base = subject
        .get(crate::names::Attr::Cn)
        .unwrap_or_default()
        .to_string();
    let cn = match cn {
        Some(c) => c.to_string(),
        None => {
            let stem = match base.rsplit_once(" G") {
                Some((head, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => head,
                _ => base.as_str(),
            };
            format!("{stem} G{generation}")
        }
    };
    subject.set(crate::names::Attr::Cn, cn);
    Ok(subject)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Attr;

    fn request(intermediate: bool) -> CaRequest {
        let mut subject = Subject::default();
        subject.set(Attr::Cn, "CA");
        CaRequest {
            name: "ca".into(),
            subject,
            validity: None,
            not_after: None,
            path_len: None,
            constraints: CaConstraints::default(),
            rsa_key: false,
            intermediate,
        }
    }

    #[test]
    fn a_next_generation_is_named_after_the_first() {
        let s = |old: &str, n, cn| {
            next_generation_subject(old, n, cn)
                .unwrap()
                .get(Attr::Cn)
                .unwrap()
                .to_string()
        };
        assert_eq!(s("CN=Example Root CA,O=Ex", 2, None), "Example Root CA G2");
        assert_eq!(s("CN=Example Root CA G2", 3, None), "Example Root CA G3");
        assert_eq!(s("CN=Issuing G", 2, None), "Issuing G G2");
        assert_eq!(s("CN=Issuing", 2, Some("New")), "New");
        let o = next_generation_subject("CN=A,O=Ex,C=DE", 2, None).unwrap();
        assert_eq!(o.get(Attr::O), Some("Ex"));
    }

    #[test]
    fn a_root_and_an_intermediate_get_their_defaults() {
        let now = 1_800_000_000;
        let root = plan_ca(request(false), now).unwrap();
        assert_eq!((root.path_len, root.validity_secs), (1, 10 * 365 * DAY));
        assert_eq!(root.spec.not_before, now - 300);
        let int = plan_ca(request(true), now).unwrap();
        assert_eq!((int.path_len, int.validity_secs), (0, 5 * 365 * DAY));
        let fixed = plan_ca(
            CaRequest {
                not_after: Some(now + 100 * DAY),
                path_len: Some(2),
                ..request(true)
            },
            now,
        )
        .unwrap();
        assert_eq!((fixed.path_len, fixed.spec.not_after), (2, now + 100 * DAY));
        let none = CaRequest {
            validity: Some(0),
            ..request(false)
        };
        assert!(plan_ca(none, now).is_err());
    }
}
