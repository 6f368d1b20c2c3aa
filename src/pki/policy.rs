//! Issuance checks: the store's per-CA policy and the name constraints of
//! every CA from the issuer up to the root. Every broken rule is collected,
//! so a refusal lists all of them at once.

use std::net::IpAddr;

use serde::Serialize;

use crate::error::{Code, Error};
use crate::names::Subject;
use crate::names::{Cidr, Sans, parse_cidr};
use crate::pki::certinfo::NameConstraintsInfo;
use crate::pki::keys::KeyType;
use crate::pki::keys::{KeyInfo, KeyKind};
use crate::pki::profile::Profile;
use crate::timeutil::format_duration;

/// The smallest RSA key a CA signs for unless its policy says otherwise.
pub const MIN_RSA_BITS: u32 = 2048;

/// One CA's issuance policy (SPEC section 3, `[ca.NAME]` of pkictl.toml),
/// typed: `store::config` reads the file into it and checks every value
/// once. An empty list means "anything the CA's name constraints allow".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// DNS suffixes: `example.com` is the apex and its subdomains,
    /// `.example.com` the subdomains only.
    pub allowed_dns: Vec<String>,
    pub allow_wildcards: bool,
    pub allowed_ip_ranges: Vec<Cidr>,
    pub allowed_uri_prefixes: Vec<String>,
    pub allowed_email_domains: Vec<String>,
    pub allowed_profiles: Vec<Profile>,
    pub allowed_key_types: Vec<KeyType>,
    pub min_rsa_bits: u32,
    /// Seconds.
    pub max_validity: Option<i64>,
    /// Attributes added to every subject the CA issues.
    pub subject: Subject,
    /// How long the CA's CRLs are good for, seconds.
    pub crl_next_update: Option<i64>,
    /// CRL distribution point written into what the CA issues (`{name}`:
    /// the CA's name).
    pub crl_url: Option<String>,
    /// AIA caIssuers URI written into what the CA issues.
    pub ca_issuers_url: Option<String>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            allowed_dns: Vec::new(),
            allow_wildcards: false,
            allowed_ip_ranges: Vec::new(),
            allowed_uri_prefixes: Vec::new(),
            allowed_email_domains: Vec::new(),
            allowed_profiles: Vec::new(),
            allowed_key_types: Vec::new(),
            min_rsa_bits: MIN_RSA_BITS,
            max_validity: None,
            subject: Subject::default(),
            crl_next_update: None,
            crl_url: None,
            ca_issuers_url: None,
        }
    }
}

impl Policy {
    /// The URLs written into every certificate CA `ca` issues.
    pub fn locations(&self, ca: &str) -> crate::pki::build::Locations {
        let fill = |u: &Option<String>| u.as_ref().map(|u| u.replace("{name}", ca));
        crate::pki::build::Locations {
            crl_url: fill(&self.crl_url),
            ca_issuers_url: fill(&self.ca_issuers_url),
        }
    }
}

/// DNS subtree match: `example.com` covers the apex and its subdomains,
/// `.example.com` only subdomains, and the empty base every name.
pub fn dns_in_subtree(name: &str, base: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let base = base.to_ascii_lowercase();
    if base.is_empty() {
        return true;
    }
    if let Some(suffix) = base.strip_prefix('.') {
        return name.len() > suffix.len() + 1 && name.ends_with(&base);
    }
    name == base || name.ends_with(&format!(".{base}"))
}

/// Whether a SAN (possibly a wildcard) stays inside a permitted subtree.
fn dns_permitted(name: &str, base: &str) -> bool {
    match name.strip_prefix("*.") {
        // Any label the wildcard stands for must be inside: test one.
        Some(parent) => dns_in_subtree(&format!("x.{parent}"), base),
        None => dns_in_subtree(name, base),
    }
}

/// Whether a SAN (possibly a wildcard) could name something in an excluded subtree.
fn dns_excluded(name: &str, base: &str) -> bool {
    match name.strip_prefix("*.") {
        Some(parent) => {
            if dns_in_subtree(&format!("x.{parent}"), base) {
                return true;
            }
            // "*.example.com" also matches "a.example.com" when that is excluded.
            let b = base.trim_start_matches('.').to_ascii_lowercase();
            b.strip_suffix(&format!(".{}", parent.to_ascii_lowercase()))
                .is_some_and(|label| !label.is_empty() && !label.contains('.'))
        }
        None => dns_in_subtree(name, base),
    }
}

/// Email domain match with the DNS meaning; a full address matches exactly.
fn email_matches(email: &str, rule: &str) -> bool {
    if rule.contains('@') {
        return email.eq_ignore_ascii_case(rule);
    }
    let domain = email.rsplit_once('@').map_or("", |(_, d)| d);
    dns_in_subtree(domain, rule)
}

/// One broken rule.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Violation {
    /// `policy_violation` or `name_constraint_violation`.
    pub code: Code,
    pub rule: String,
    pub message: String,
}

/// The constraints one CA of the chain imposes.
#[derive(Debug, Clone)]
pub struct ChainConstraints {
    pub ca: String,
    pub nc: Option<NameConstraintsInfo>,
    /// DNS permits kept as policy (`.example.com`: subdomains only).
    pub permit_dns: Vec<String>,
    pub permit_email: Vec<String>,
    pub permit_uri: Vec<String>,
}

/// What is about to be issued, as the checks see it.
pub struct Candidate<'a> {
    pub sans: &'a Sans,
    pub profile: Profile,
    pub key: &'a KeyInfo,
    pub validity_secs: i64,
}

/// Checks the names against the constraints of every CA in the chain.
pub fn check_constraints(sans: &Sans, chain: &[ChainConstraints]) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut v = |ca: &str, rule: &str, message: String| {
        out.push(Violation {
            code: Code::NameConstraintViolation,
            rule: format!("{ca}: {rule}"),
            message,
        })
    };
    for c in chain {
        if let Some(nc) = &c.nc {
            for d in &sans.dns {
                if !nc.permitted.dns.is_empty()
                    && !nc.permitted.dns.iter().any(|b| dns_permitted(d, b))
                {
                    v(
                        &c.ca,
                        "permitted DNS",
                        format!(
                            "DNS name {d} is outside CA {}'s permitted names ({})",
                            c.ca,
                            nc.permitted.dns.join(", ")
                        ),
                    );
                }
                if let Some(b) = nc.excluded.dns.iter().find(|b| dns_excluded(d, b)) {
                    let what = if b.is_empty() {
                        "all DNS names".to_string()
                    } else {
                        b.clone()
                    };
                    v(
                        &c.ca,
                        "excluded DNS",
                        format!("DNS name {d} is excluded by CA {} ({what})", c.ca),
                    );
                }
            }
            for ip in &sans.ip {
                let Ok(addr) = ip.parse::<IpAddr>() else {
                    continue;
                };
                let ranges = |list: &[String]| -> Vec<Cidr> {
                    list.iter().filter_map(|r| parse_cidr(r).ok()).collect()
                };
                let permitted = ranges(&nc.permitted.ip);
                if !permitted.is_empty() && !permitted.iter().any(|r| r.contains(&addr)) {
                    v(
                        &c.ca,
                        "permitted IP",
                        format!(
                            "IP address {ip} is outside CA {}'s permitted ranges ({})",
                            c.ca,
                            nc.permitted.ip.join(", ")
                        ),
                    );
                }
                if let Some(r) = ranges(&nc.excluded.ip).iter().find(|r| r.contains(&addr)) {
                    v(
                        &c.ca,
                        "excluded IP",
                        format!("IP address {ip} is excluded by CA {} ({r})", c.ca),
                    );
                }
            }
            for e in &sans.email {
                if !nc.permitted.email.is_empty()
                    && !nc.permitted.email.iter().any(|r| email_matches(e, r))
                {
                    v(
                        &c.ca,
                        "permitted email",
                        format!("email {e} is outside CA {}'s permitted email names", c.ca),
                    );
                }
                if nc.excluded.email.iter().any(|r| email_matches(e, r)) {
                    v(
                        &c.ca,
                        "excluded email",
                        format!("email {e} is excluded by CA {}", c.ca),
                    );
                }
            }
        }
        if !c.permit_dns.is_empty() {
            for d in &sans.dns {
                if !c.permit_dns.iter().any(|b| dns_permitted(d, b)) {
                    v(
                        &c.ca,
                        "--permit-dns",
                        format!(
                            "DNS name {d} is outside CA {}'s permitted names ({})",
                            c.ca,
                            c.permit_dns.join(", ")
                        ),
                    );
                }
            }
        }
        if !c.permit_email.is_empty() {
            for e in &sans.email {
                if !c.permit_email.iter().any(|r| email_matches(e, r)) {
                    v(
                        &c.ca,
                        "--permit-email",
                        format!(
                            "email {e} is outside CA {}'s permitted email domains ({})",
                            c.ca,
                            c.permit_email.join(", ")
                        ),
                    );
                }
            }
        }
        if !c.permit_uri.is_empty() {
            for u in &sans.uri {
                if !c.permit_uri.iter().any(|p| u.starts_with(p.as_str())) {
                    v(
                        &c.ca,
                        "--permit-uri",
                        format!(
                            "URI {u} is outside CA {}'s permitted URI prefixes ({})",
                            c.ca,
                            c.permit_uri.join(", ")
                        ),
                    );
                }
            }
        }
    }
    out
}

/// Checks a candidate against a CA's policy from `pkictl.toml`.
pub fn check_policy(ca: &str, policy: &Policy, cand: &Candidate<'_>) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut v = |rule: &str, message: String| {
        out.push(Violation {
            code: Code::PolicyViolation,
            rule: rule.to_string(),
            message,
        })
    };
    for d in &cand.sans.dns {
        if d.starts_with("*.") && !policy.allow_wildcards {
            v(
                "allow_wildcards",
                format!("wildcard {d} is not allowed by CA {ca}'s policy"),
            );
        }
        if let Some(base) = d.strip_prefix("*.")
            && crate::names::is_public_suffix(base)
        {
            v(
                "public_suffix",
                format!(
                    "wildcard {d} would cover a public suffix ({base}): the names under it belong to others"
                ),
            );
        }
        if !policy.allowed_dns.is_empty() && !policy.allowed_dns.iter().any(|b| dns_permitted(d, b))
        {
            v(
                "allowed_dns",
                format!(
                    "DNS name {d} is not under CA {ca}'s allowed_dns ({})",
                    policy.allowed_dns.join(", ")
                ),
            );
        }
    }
    if !policy.allowed_ip_ranges.is_empty() {
        for ip in &cand.sans.ip {
            let inside = ip
                .parse::<IpAddr>()
                .is_ok_and(|a| policy.allowed_ip_ranges.iter().any(|r| r.contains(&a)));
            if !inside {
                v(
                    "allowed_ip_ranges",
                    format!(
                        "IP address {ip} is not in CA {ca}'s allowed_ip_ranges ({})",
                        join(&policy.allowed_ip_ranges)
                    ),
                );
            }
        }
    }
    if !policy.allowed_uri_prefixes.is_empty() {
        for u in &cand.sans.uri {
            if !policy
                .allowed_uri_prefixes
                .iter()
                .any(|p| u.starts_with(p.as_str()))
            {
                v(
                    "allowed_uri_prefixes",
                    format!(
                        "URI {u} does not start with any of CA {ca}'s allowed_uri_prefixes ({})",
                        policy.allowed_uri_prefixes.join(", ")
                    ),
                );
            }
        }
    }
    if !policy.allowed_email_domains.is_empty() {
        for e in &cand.sans.email {
            if !policy
                .allowed_email_domains
                .iter()
                .any(|r| email_matches(e, r))
            {
                v(
                    "allowed_email_domains",
                    format!(
                        "email {e} is not in CA {ca}'s allowed_email_domains ({})",
                        policy.allowed_email_domains.join(", ")
                    ),
                );
            }
        }
    }
    if !policy.allowed_profiles.is_empty() && !policy.allowed_profiles.contains(&cand.profile) {
        v(
            "allowed_profiles",
            format!(
                "profile {} is not in CA {ca}'s allowed_profiles ({})",
                cand.profile,
                join(&policy.allowed_profiles)
            ),
        );
    }
    if !policy.allowed_key_types.is_empty()
        && !cand
            .key
            .key_type()
            .is_some_and(|k| policy.allowed_key_types.contains(&k))
    {
        v(
            "allowed_key_types",
            format!(
                "key type {} is not in CA {ca}'s allowed_key_types ({})",
                cand.key.name,
                join(&policy.allowed_key_types)
            ),
        );
    }
    if cand.key.kind == KeyKind::Rsa && cand.key.bits < policy.min_rsa_bits {
        v(
            "min_rsa_bits",
            format!(
                "RSA key of {} bits is under CA {ca}'s min_rsa_bits ({})",
                cand.key.bits, policy.min_rsa_bits
            ),
        );
    }
    if let Some(max) = policy.max_validity
        && cand.validity_secs > max
    {
        v(
            "max_validity",
            format!(
                "validity {} exceeds CA {ca}'s max_validity ({})",
                format_duration(cand.validity_secs),
                format_duration(max)
            ),
        );
    }
    out
}

/// A list of displayable values: `a, b, c`.
fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Turns violations into one error listing every broken rule; constraint
/// violations take precedence in the code.
pub fn violations_to_error(subject: &str, violations: &[Violation]) -> Error {
    let code = if violations
        .iter()
        .any(|v| v.code == Code::NameConstraintViolation)
    {
        Code::NameConstraintViolation
    } else {
        Code::PolicyViolation
    };
    let list = violations
        .iter()
        .map(|v| v.message.clone())
        .collect::<Vec<_>>()
        .join("; ");
    let hint = if code == Code::NameConstraintViolation {
        "the CA's name constraints cannot be changed; use names inside them, or another CA"
    } else {
        "change the request, or the CA's policy in pkictl.toml (`pkictl policy show` prints it)"
    };
    Error::new(code, format!("refused to issue {subject}: {list}")).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_subtrees_follow_the_leading_dot_rule() {
        assert!(dns_in_subtree("example.com", "example.com"));
        assert!(dns_in_subtree("a.example.com", "example.com"));
        assert!(!dns_in_subtree("badexample.com", "example.com"));
        assert!(!dns_in_subtree("example.com", ".example.com"));
        assert!(dns_in_subtree("a.example.com", ".example.com"));
        assert!(dns_in_subtree("anything", ""));
    }

    #[test]
    fn wildcards_against_constraints() {
        assert!(dns_permitted("*.example.com", "example.com"));
        assert!(dns_permitted("*.example.com", ".example.com"));
        assert!(!dns_permitted("*.example.com", "a.example.com"));
        assert!(dns_excluded("*.example.com", "a.example.com"));
        assert!(!dns_excluded("*.example.com", "b.a.example.com"));
    }

    #[test]
    fn cidrs() {
        let c = parse_cidr("10.1.2.3/8").unwrap();
        assert_eq!(c.to_string(), "10.0.0.0/8");
        assert!(c.contains(&"10.200.0.1".parse().unwrap()));
        assert!(!c.contains(&"11.0.0.1".parse().unwrap()));
        assert!(!c.contains(&"::1".parse().unwrap()));
        assert!(
            parse_cidr("::/0")
                .unwrap()
                .contains(&"fd00::1".parse().unwrap())
        );
        assert!(parse_cidr("10.0.0.0/33").is_err());
    }
}
