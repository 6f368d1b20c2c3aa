//! Planning: what a request becomes — subject, SANs, profile, key type,
//! validity — as a pure function of the request, the CA, its policy, the
//! defaults and the time. Nothing is read, generated or signed here.

use crate::authority::CaMaterial;
use crate::error::{Code, Error, Result};
use crate::issuance::Request;
use crate::names::{Attr, Sans, Subject, check_name, parse_spiffe_id};
use crate::pki::build::{CertSpec, SpecKind};
use crate::pki::certinfo::{CertFacts, CertView};
use crate::pki::keys::{KeyInfo, KeyKind, KeyType};
use crate::pki::policy::Policy;
use crate::pki::policy::{Candidate, check_constraints, check_policy, violations_to_error};
use crate::pki::profile::Profile;
use crate::settings::Defaults;
use crate::timeutil::{DAY, format_time};

/// Most SANs one certificate may carry.
const MAX_SANS: usize = 1000;

/// Most bytes the SANs may take, so that the whole certificate (subject,
/// key, other extensions, signature: under 5 KB) stays within the 64 KiB
/// rustls-webpki reads.
const MAX_SAN_BYTES: usize = 60_000;

/// A validated request, ready to be signed.
#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    pub ca: String,
    pub profile: Profile,
    /// The type of key to generate (ignored when the key comes from a request).
    pub key_type: KeyType,
    /// The subject's public key, as the certificate will describe it.
    pub key: KeyInfo,
    pub spec: CertSpec,
    pub validity_secs: i64,
}

impl Plan {
    /// Whether an existing certificate matches this request (for --if-absent).
    pub(crate) fn same_as(
        &self,
        facts: &CertFacts,
        profile: Option<&str>,
        ca: Option<&str>,
    ) -> bool {
        facts.subject == self.spec.subject.to_rfc4514()
            && facts.sans.normalized() == self.spec.sans.normalized()
            && profile == Some(self.profile.as_str())
            && ca.is_some_and(|c| c.eq_ignore_ascii_case(&self.ca))
    }
}

/// The issuing CA of a request: its own, else the default issuer.
pub fn resolve_ca_name(input: &Request, d: &Defaults) -> Result<String> {
    input.ca.clone().or_else(|| d.ca.clone()).ok_or_else(|| {
        Error::new(Code::NotFound, "the store has no default issuing CA")
            .hint("create a CA with `pkictl init-ca`, pass --ca NAME, or set one with `pkictl ca default NAME`")
    })
}

/// Plans one request: checks its names and values and computes what the
/// certificate will carry. Depends only on its arguments (the request, the
/// CA, the CA's policy, the defaults and `now`).
pub fn plan(
    input: &Request,
    ca: &CaMaterial,
    policy: &Policy,
    d: &Defaults,
    now: i64,
) -> Result<Plan> {
    check_name(&input.name)?;
    let mut profile = input.profile.unwrap_or(d.profile);
    if input.spiffe_id.is_some() && input.profile.is_none() {
        profile = Profile::Spiffe;
    }
    if profile == Profile::IntermediateCa {
        return Err(
            Error::usage("the intermediate-ca profile is for sign-csr only")
                .hint("create an intermediate with `pkictl init-ca NAME --parent CA`"),
        );
    }
    let key_type = match (&input.csr_key, input.key_type) {
        (Some(k), _) => k.key_type().unwrap_or(d.key_type),
        (None, Some(k)) => k,
        (None, None) => d.key_type,
    };
    let key_info = input.csr_key.clone().unwrap_or_else(|| key_type.info());
    let subject = subject(input, policy)?;
    let cn = subject.get(Attr::Cn).unwrap_or_default().to_string();
    let sans = sans(input, profile, &cn)?;

    // Validity: from notBefore (or now) for the requested length.
    let validity = input.validity.unwrap_or(d.validity);
    let not_before = input
        .not_before
        .unwrap_or(now - input.backdate.unwrap_or(300));
    let not_after = input
        .not_after
        .unwrap_or_else(|| input.not_before.unwrap_or(now) + validity);
    if not_after <= not_before || not_after <= now {
        return Err(Error::usage(format!(
            "notAfter {} is not after notBefore and now",
            format_time(not_after)
        ))
        .hint("pass a positive --validity or a --not-after in the future"));
    }
    if now - not_before > DAY && !input.backdate_ok {
        return Err(Error::usage(format!(
            "notBefore {} is more than 24 hours in the past",
            format_time(not_before)
        ))
        .hint("a certificate dated back hides when it was made; pass --backdate-ok if that is what you want"));
    }
    Ok(Plan {
        name: input.name.clone(),
        ca: ca.ca().info.name.clone(),
        profile,
        key_type,
        spec: CertSpec {
            subject,
            sans,
            not_before,
            not_after,
            kind: SpecKind::Leaf(profile),
            rsa_key: key_info.kind == KeyKind::Rsa,
        },
        key: key_info,
        validity_secs: not_after - input.not_before.unwrap_or(now),
    })
}

/// The subject: `--subject`, then the CN (default: the name), then the
/// CA's subject defaults; no control character anywhere.
fn subject(input: &Request, policy: &Policy) -> Result<Subject> {
    let mut subject = match &input.subject {
        Some(s) => Subject::parse(s)?,
        None => Subject::default(),
    };
    let cn = input
        .cn
        .clone()
        .or_else(|| subject.get(Attr::Cn).map(str::to_string))
        .unwrap_or_else(|| input.name.clone());
    if cn.trim().is_empty() || cn.chars().count() > 64 {
        return Err(Error::usage(format!(
            "common name {} must have 1 to 64 characters",
            crate::error::q(&cn)
        ))
        .hint("pass a shorter --cn; the SANs carry the host names"));
    }
    subject.set(Attr::Cn, cn);
    let subject = subject.with_defaults(&policy.subject);
    subject.check_control_chars()?;
    Ok(subject)
}

/// The SANs: the names given, the SPIFFE ID, and a host-like CN; within
/// the count and size a certificate may carry.
fn sans(input: &Request, profile: Profile, cn: &str) -> Result<Sans> {
    let mut sans = Sans::parse(&input.dns, &input.ip, &input.email, &input.uri)?;
    if profile == Profile::Spiffe {
        let id = input.spiffe_id.as_deref().ok_or_else(|| {
            Error::usage("the spiffe profile needs --spiffe-id")
                .hint("pass --spiffe-id spiffe://<trust-domain>/<path>")
        })?;
        let id = parse_spiffe_id(id)?;
        if sans.uri.iter().any(|u| *u != id) {
            return Err(Error::usage(
                "a SPIFFE certificate carries exactly one URI SAN, its SPIFFE ID",
            )
            .hint("drop --uri; the SPIFFE ID is added from --spiffe-id"));
        }
        sans.add_uri(id);
    } else if input.spiffe_id.is_some() {
        return Err(Error::usage(format!(
            "--spiffe-id needs the spiffe profile, not {profile}"
        )));
    }
    sans.add_host_like(cn);
    if sans.len() > MAX_SANS {
        return Err(Error::usage(format!(
            "{} SANs is more than the {MAX_SANS} a certificate may carry",
            sans.len()
        )));
    }
    if sans.der_len() > MAX_SAN_BYTES {
        return Err(Error::usage(format!(
            "the {} SANs take {} bytes; a certificate must stay under 64 KiB, the most rustls-webpki (and the TLS stacks built on it) reads",
            sans.len(),
            sans.der_len()
        ))
        .hint(format!("keep the names under {MAX_SAN_BYTES} bytes in all: fewer or shorter names, or several certificates")));
    }
    if profile.needs_san() && sans.is_empty() {
        return Err(Error::usage(format!(
            "a {profile} certificate needs at least one SAN, and {} is not a host name",
            crate::error::q(cn)
        ))
        .hint(format!(
            "add --dns {}.example.com or --ip ADDRESS (clients use --profile client)",
            input.name
        )));
    }
    Ok(sans)
}

/// Checks a plan against its CA: the CA's own validity, the policy of
/// pkictl.toml and the name constraints of every CA up to the root. Every
/// broken policy or constraint rule is listed in one error.
pub fn check(p: &Plan, ca: &CaMaterial, policy: &Policy, now: i64) -> Result<()> {
    let ca_facts = &ca.ca().facts;
    let ca_name = &ca.ca().info.name;
    if p.spec.not_before < ca_facts.not_before {
        return Err(Error::new(
            Code::PolicyViolation,
            format!(
                "{} would be valid from {}, before its issuer CA {ca_name} is ({})",
                p.name,
                format_time(p.spec.not_before),
                format_time(ca_facts.not_before)
            ),
        )
        .hint(format!(
            "pass --not-before {} or later (or a smaller --backdate)",
            format_time(ca_facts.not_before)
        )));
    }
    if ca_facts.not_after < now {
        return Err(Error::new(
            Code::OutlivesIssuer,
            format!(
                "CA {ca_name} expired on {}",
                format_time(ca_facts.not_after)
            ),
        )
        .hint("issue from a CA that is still valid"));
    }
    if p.spec.not_after > ca_facts.not_after {
        let max_days = (ca_facts.not_after - now) / DAY;
        return Err(Error::new(
            Code::OutlivesIssuer,
            format!(
                "{} would be valid until {}, after CA {ca_name} expires ({})",
                p.name,
                format_time(p.spec.not_after),
                format_time(ca_facts.not_after)
            ),
        )
        .hint(format!(
            "pass --validity {max_days}d or less, or --not-after {}",
            format_time(ca_facts.not_after)
        )));
    }
    let cand = Candidate {
        sans: &p.spec.sans,
        profile: p.profile,
        key: &p.key,
        validity_secs: p.validity_secs,
    };
    let mut violations = check_constraints(&p.spec.sans, &ca.constraints());
    violations.extend(check_policy(ca_name, policy, &cand));
    if !violations.is_empty() {
        return Err(violations_to_error(&p.name, &violations));
    }
    Ok(())
}

impl Plan {
    /// The certificate this plan would produce, without signing
    /// (`--dry-run`): built from the same spec signing uses, with the serial
    /// and fingerprints unknown.
    pub fn preview(&self, ca: &CaMaterial, now: i64) -> CertView {
        let issuer = &ca.ca().facts;
        let ca_key = issuer.key.key_type().unwrap_or(KeyType::EcP256);
        let facts = self.spec.preview(
            &issuer.subject,
            issuer.subject_key_id.clone(),
            self.key.clone(),
            ca_key.signature_algorithm(),
        );
        let mut facts = facts;
        facts.serial.clear();
        facts.fingerprint_sha256.clear();
        facts.spki_sha256.clear();
        CertView::new(facts, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authority::ChainCa;
    use crate::store::record::CaKind;
    use crate::store::state::CaInfo;
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, GeneralSubtree, IsCa, KeyPair, NameConstraints,
    };

    const NOW: i64 = 1_800_000_000;

    /// A root valid for 10 years from a day before NOW, permitting
    /// example.internal.
    fn ca() -> CaMaterial {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name.push(DnType::CommonName, "Plan CA");
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.name_constraints = Some(NameConstraints {
            permitted_subtrees: vec![GeneralSubtree::DnsName("example.internal".into())],
            excluded_subtrees: Vec::new(),
        });
        p.not_before = time::OffsetDateTime::from_unix_timestamp(NOW - DAY).unwrap();
        p.not_after = time::OffsetDateTime::from_unix_timestamp(NOW + 3650 * DAY).unwrap();
        let der = p
            .self_signed(&KeyPair::generate().unwrap())
            .unwrap()
            .der()
            .to_vec();
        let facts = CertFacts::from_der(&der).unwrap();
        CaMaterial {
            chain: vec![ChainCa {
                info: CaInfo {
                    name: "plan".into(),
                    serial: facts.serial.clone(),
                    kind: CaKind::Root,
                    parent: None,
                    key_stored: true,
                    key_encrypted: false,
                    permit_dns: Vec::new(),
                    permit_email: Vec::new(),
                    permit_uri: Vec::new(),
                    generation: 1,
                    key_uri: None,
                },
                facts,
                der,
                dir: std::path::PathBuf::new(),
            }],
            extra: Vec::new(),
        }
    }

    fn defaults() -> Defaults {
        Defaults {
            ca: Some("plan".into()),
            key_type: KeyType::EcP256,
            profile: Profile::Server,
            validity: 90 * DAY,
            keep_key: true,
        }
    }

    fn request(name: &str, dns: &[&str]) -> Request {
        Request {
            name: name.into(),
            dns: dns.iter().map(|d| d.to_string()).collect(),
            ..Request::default()
        }
    }

    fn planned(r: &Request) -> Result<Plan> {
        plan(r, &ca(), &Policy::default(), &defaults(), NOW)
    }

    #[test]
    fn defaults_fill_what_the_request_leaves_out() {
        let p = planned(&request("web", &["web.example.internal"])).unwrap();
        assert_eq!(p.ca, "plan");
        assert_eq!(p.profile, Profile::Server);
        assert_eq!(p.key_type, KeyType::EcP256);
        assert_eq!(p.spec.subject.to_rfc4514(), "CN=web");
        assert_eq!(p.spec.sans.dns, ["web.example.internal"]);
        // Five minutes back for clock skew; the length counts from now.
        assert_eq!(p.spec.not_before, NOW - 300);
        assert_eq!(p.spec.not_after, NOW + 90 * DAY);
        assert_eq!(p.validity_secs, 90 * DAY);
    }

    #[test]
    fn planning_is_a_function_of_its_inputs() {
        let r = request("web", &["web.example.internal"]);
        let (a, b) = (planned(&r).unwrap(), planned(&r).unwrap());
        assert_eq!(format!("{:?}", a.spec), format!("{:?}", b.spec));
    }

    #[test]
    fn names_profiles_and_keys() {
        // A host-like CN becomes a SAN; a SPIFFE ID makes the profile spiffe.
        let p = planned(&Request {
            cn: Some("api.example.internal".into()),
            ..request("api", &[])
        })
        .unwrap();
        assert_eq!(p.spec.sans.dns, ["api.example.internal"]);
        let p = planned(&Request {
            spiffe_id: Some("spiffe://example.internal/ns/prod/sa/api".into()),
            ..request("mesh", &[])
        })
        .unwrap();
        assert_eq!(p.profile, Profile::Spiffe);
        assert_eq!(
            p.spec.sans.uri,
            ["spiffe://example.internal/ns/prod/sa/api"]
        );
        let p = planned(&Request {
            key_type: Some(KeyType::Rsa3072),
            profile: Some(Profile::Mtls),
            validity: Some(30 * DAY),
            ..request("m", &["m.example.internal"])
        })
        .unwrap();
        assert_eq!((p.key_type, p.profile), (KeyType::Rsa3072, Profile::Mtls));
        assert!(p.spec.rsa_key);
        assert_eq!(p.spec.not_after, NOW + 30 * DAY);

        // Refused while planning.
        for (r, code) in [
            (request("bad name!", &["a.example.internal"]), Code::Usage),
            (request("srv", &[]), Code::Usage),
            (
                Request {
                    profile: Some(Profile::IntermediateCa),
                    ..request("i", &["i.example.internal"])
                },
                Code::Usage,
            ),
            (
                Request {
                    not_after: Some(NOW - 1),
                    ..request("past", &["p.example.internal"])
                },
                Code::Usage,
            ),
            (
                Request {
                    backdate: Some(2 * DAY),
                    ..request("back", &["b.example.internal"])
                },
                Code::Usage,
            ),
        ] {
            let e = planned(&r).unwrap_err();
            assert_eq!(e.code, code, "{}: {}", r.name, e.message);
        }
        let ok = Request {
            backdate: Some(2 * DAY),
            backdate_ok: true,
            ..request("back", &["b.example.internal"])
        };
        assert_eq!(planned(&ok).unwrap().spec.not_before, NOW - 2 * DAY);
    }

    #[test]
    fn checking_lists_every_broken_rule() {
        let ca = ca();
        let policy = Policy {
            allowed_profiles: vec![Profile::Server],
            max_validity: Some(30 * DAY),
            ..Policy::default()
        };
        let r = Request {
            profile: Some(Profile::Mtls),
            ..request("x", &["x.example.internal", "x.example.com"])
        };
        let p = plan(&r, &ca, &policy, &defaults(), NOW).unwrap();
        let e = check(&p, &ca, &policy, NOW).unwrap_err();
        for part in ["x.example.com", "mtls", "30d"] {
            assert!(e.message.contains(part), "{part}: {}", e.message);
        }
        let fine = plan(
            &request("y", &["y.example.internal"]),
            &ca,
            &Policy::default(),
            &defaults(),
            NOW,
        )
        .unwrap();
        check(&fine, &ca, &Policy::default(), NOW).unwrap();
    }

    #[test]
    fn the_ca_bounds_the_validity() {
        let ca = ca();
        let long = Request {
            validity: Some(20 * 365 * DAY),
            ..request("long", &["l.example.internal"])
        };
        let p = planned(&long).unwrap();
        let e = check(&p, &ca, &Policy::default(), NOW).unwrap_err();
        assert_eq!(e.code, Code::OutlivesIssuer);
        let early = Request {
            backdate: Some(2 * DAY),
            backdate_ok: true,
            ..request("early", &["e.example.internal"])
        };
        let p = planned(&early).unwrap();
        let e = check(&p, &ca, &Policy::default(), NOW).unwrap_err();
        assert_eq!(e.code, Code::PolicyViolation);
        assert!(e.message.contains("before its issuer"), "{}", e.message);
        let p = planned(&request("late", &["a.example.internal"])).unwrap();
        let e = check(&p, &ca, &Policy::default(), NOW + 3651 * DAY).unwrap_err();
        assert!(e.message.contains("expired"), "{}", e.message);
    }
}
