//! The name constraints of a new CA and the checks its parent imposes.

use crate::authority::CaMaterial;
use crate::cli::ConstraintArgs;
use crate::error::{Code, Error, Result};
use crate::names::{Sans, parse_dns_name, parse_uri};
use crate::pki::build::NcSpec;
use crate::pki::policy::{check_constraints, violations_to_error};
use crate::timeutil::{DAY, format_time};

/// Parses a `--permit-dns` / `--exclude-dns` value: a DNS name, optionally
/// with a leading dot (subdomains only).
fn parse_dns_constraint(text: &str) -> Result<String> {
    let (dot, body) = match text.strip_prefix('.') {
        Some(b) => (".", b),
        None => ("", text),
    };
    let name = parse_dns_name(body)?;
    if name.starts_with('*') {
        return Err(Error::usage(format!(
            "name constraint {} cannot be a wildcard",
            crate::error::q(text)
        ))
        .hint("use .example.com for subdomains only, or example.com for the apex and subdomains"));
    }
    Ok(format!("{dot}{name}"))
}

/// Parses a `--permit-email` value: a domain (leading dot allowed) or an address.
fn parse_email_constraint(text: &str) -> Result<String> {
    if text.contains('@') {
        return crate::names::parse_email(text);
    }
    parse_dns_constraint(text)
}

/// True when the CA has expired at `now`.
pub fn expired(parent: &CaMaterial, now: i64) -> bool {
    parent.ca().facts.not_after < now
}

/// Whether `parent` may sign a CA with this pathLen, lifetime and permitted
/// names (shared by `init-ca --parent` and `sign-csr --profile intermediate-ca`).
pub fn check_child_ca(
    parent: &CaMaterial,
    child: &str,
    path_len: u8,
    not_after: i64,
    c: &CaConstraints,
    now: i64,
) -> Result<()> {
    let pf = &parent.ca().facts;
    let pname = &parent.ca().info.name;
    if let Some(pl) = pf.path_len {
        if pl == 0 {
            return Err(Error::new(Code::PolicyViolation, format!("CA {pname} has pathLen 0: it cannot sign another CA"))
                .hint("create the intermediate under a CA whose pathLen allows it (a root's default is 1)"));
        }
        if u32::from(path_len) > pl - 1 {
            return Err(Error::new(
                Code::PolicyViolation,
                format!("a pathLen of {path_len} is more than CA {pname}'s pathLen {pl} allows below it ({})", pl - 1),
            )
            .hint(format!(
                "a CA below {pname} can have pathLen {} at most: pass --path-len {} or less, or (a cross certificate keeps the CA's own pathLen) sign with a CA whose pathLen leaves room",
                pl - 1,
                pl - 1
            )));
        }
    }
    if pf.not_after < now {
        return Err(Error::new(
            Code::OutlivesIssuer,
            format!("CA {pname} expired on {}", format_time(pf.not_after)),
        )
        .hint("a CA cannot sign after it expires"));
    }
    if not_after > pf.not_after {
        return Err(Error::new(
            Code::OutlivesIssuer,
            format!(
                "the new CA would be valid until {}, after its parent {pname} expires ({})",
                format_time(not_after),
                format_time(pf.not_after)
            ),
        )
        .hint(format!(
            "pass a shorter --validity (the parent allows at most {} days)",
            (pf.not_after - now) / DAY
        )));
    }
    // The new CA's own permitted names must stay inside its ancestors' constraints.
    let mut names = Sans::default();
    let dns = if c.permit_dns.is_empty() {
        &c.nc.permit_dns
    } else {
        &c.permit_dns
    };
    for d in dns {
        // `.example.com` (subdomains only) stands for any name below it.
        names.add_dns(match d.strip_prefix('.') {
            Some(base) => format!("x.{base}"),
            None => d.clone(),
        });
    }
    for r in &c.nc.permit_ip {
        names.add_ip(r.addr);
    }
    for e in &c.permit_email {
        names.add_email(if e.contains('@') {
            e.clone()
        } else {
            format!("x@{}", e.trim_start_matches('.'))
        });
    }
    for u in &c.permit_uri {
        names.add_uri(u.clone());
    }
    let violations = check_constraints(&names, &parent.constraints());
    if !violations.is_empty() {
        return Err(violations_to_error(&format!("CA {child}"), &violations));
    }
    Ok(())
}

/// A new CA's name constraints (written into its certificate) and its
/// email and URI permits (kept as store policy).
#[derive(Debug, Clone, Default)]
pub struct CaConstraints {
    /// What goes into the certificate: DNS names without a leading period.
    pub nc: NcSpec,
    /// The DNS permits as given, kept as store policy when one of them is
    /// `.example.com` (subdomains only); empty otherwise.
    pub permit_dns: Vec<String>,
    pub permit_email: Vec<String>,
    pub permit_uri: Vec<String>,
}

/// The name constraints and permits of the `--permit-…`/`--exclude-…` flags.
pub fn parse_constraints(flags: &ConstraintArgs) -> Result<CaConstraints> {
    let mut nc = NcSpec::default();
    let mut permit_dns = Vec::new();
    // RFC 5280 section 4.2.1.10 allows no leading period in a dNSName
    // constraint (strict verifiers reject the CA): `.example.com` goes into
    // the certificate as `example.com`, and "subdomains only" stays policy.
    for d in &flags.permit_dns {
        let d = parse_dns_constraint(d)?;
        nc.permit_dns.push(d.trim_start_matches('.').to_string());
        permit_dns.push(d);
    }
    if !permit_dns.iter().any(|d| d.starts_with('.')) {
        permit_dns.clear();
    }
    // An excluded `.example.com` is written as `example.com`: the apex is
    // excluded too, which is stricter than asked, never looser.
    for d in &flags.exclude_dns {
        let d = parse_dns_constraint(d)?;
        nc.exclude_dns.push(d.trim_start_matches('.').to_string());
    }
    for r in &flags.permit_ip {
        nc.permit_ip.push(*r);
    }
    for r in &flags.exclude_ip {
        nc.exclude_ip.push(*r);
    }
    let emails = flags
        .permit_email
        .iter()
        .map(|e| parse_email_constraint(e))
        .collect::<Result<Vec<_>>>()?;
    let uris = flags
        .permit_uri
        .iter()
        .map(|u| parse_uri(u))
        .collect::<Result<Vec<_>>>()?;
    Ok(CaConstraints {
        nc,
        permit_dns,
        permit_email: emails,
        permit_uri: uris,
    })
}
