//! CA certificates through the same shape as leaves: *plan* (a pure
//! function of the request and `now`) → *check* (against the parent CA) →
//! *sign* (through a `Signer`, or self-signed for a root) → *commit*
//! (`authority::install_ca`, one transaction). Used by `init-ca` (a root
//! or `--parent`) and `sign-csr --profile intermediate-ca`.

use crate::authority::{CaConstraints, CaMaterial, check_child_ca};
use crate::error::{Error, Result};
use crate::names::{Sans, Subject};
use crate::pki::build::{CaSigner, CertSpec, Locations, SpecKind, self_sign};
use crate::pki::signer::Signer;
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
