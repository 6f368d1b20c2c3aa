//! Names: the store's name rule, subject alternative names (DNS, IP, email,
//! URI, SPIFFE IDs) and subject strings, all validated at the edge.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Checks the store's name rule `[A-Za-z0-9][A-Za-z0-9._-]{0,127}`.
pub fn check_name(name: &str) -> Result<()> {
    let b = name.as_bytes();
    let ok = !b.is_empty()
        && b.len() <= 128
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!("invalid name {}", crate::error::q(name))).hint(
            "names start with a letter or digit and use only letters, digits, '.', '_' and '-' (at most 128 characters)",
        ))
    }
}

/// Orders names ignoring ASCII case, without allocating.
pub fn cmp_ignore_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// The subject alternative names of a certificate, by type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sans {
    pub dns: Vec<String>,
    pub ip: Vec<String>,
    pub email: Vec<String>,
    pub uri: Vec<String>,
}

impl Sans {
    /// True when no name of any type is present.
    pub fn is_empty(&self) -> bool {
        self.dns.is_empty() && self.ip.is_empty() && self.email.is_empty() && self.uri.is_empty()
    }

    /// Total number of names.
    pub fn len(&self) -> usize {
        self.dns.len() + self.ip.len() + self.email.len() + self.uri.len()
    }

    /// Adds a DNS name unless it is already present (case-insensitively).
    pub fn add_dns(&mut self, name: String) {
        if !self.dns.iter().any(|d| d.eq_ignore_ascii_case(&name)) {
            self.dns.push(name);
        }
    }

    /// Adds an IP address unless present.
    pub fn add_ip(&mut self, ip: IpAddr) {
        let s = ip.to_string();
        if !self.ip.contains(&s) {
            self.ip.push(s);
        }
    }

    /// Adds an email address unless present.
    pub fn add_email(&mut self, email: String) {
        if !self.email.contains(&email) {
            self.email.push(email);
        }
    }

    /// Adds a URI unless present.
    pub fn add_uri(&mut self, uri: String) {
        if !self.uri.contains(&uri) {
            self.uri.push(uri);
        }
    }

    /// The names given as flags (or batch fields), each checked.
    pub fn parse(dns: &[String], ip: &[String], email: &[String], uri: &[String]) -> Result<Sans> {
        let mut sans = Sans::default();
        for d in dns {
            sans.add_dns(parse_dns_name(d)?);
        }
        for i in ip {
            sans.add_ip(parse_ip(i)?);
        }
        for e in email {
            sans.add_email(parse_email(e)?);
        }
        for u in uri {
            sans.add_uri(parse_uri(u)?);
        }
        Ok(sans)
    }

    /// Adds a CN that names a host (a DNS name with a dot, or an IP): such
    /// a CN is always among the SANs.
    pub fn add_host_like(&mut self, cn: &str) {
        match host_like(cn) {
            HostLike::Dns(h) => self.add_dns(h),
            HostLike::Ip(ip) => self.add_ip(ip),
            HostLike::No => {}
        }
    }

    /// The names in a stable order, for comparing two certificates.
    pub fn normalized(&self) -> Sans {
        let mut s = self.clone();
        s.dns.iter_mut().for_each(|d| d.make_ascii_lowercase());
        s.dns.sort();
        s.ip.sort();
        s.email.sort();
        s.uri.sort();
        s
    }

    /// The bytes the names take in a certificate's SAN extension (each a
    /// DER GeneralName: tag, length, content).
    pub fn der_len(&self) -> usize {
        let ip_len = |ip: &String| if ip.contains(':') { 16 } else { 4 };
        let item = |content: usize| {
            let header = match content {
                0..=127 => 2,
                128..=255 => 3,
                _ => 4,
            };
            header + content
        };
        self.dns
            .iter()
            .chain(&self.email)
            .chain(&self.uri)
            .map(|s| item(s.len()))
            .chain(self.ip.iter().map(|i| item(ip_len(i))))
            .sum()
    }

    /// A short human list: `web.example.com, 10.0.0.1`.
    pub fn summary(&self) -> String {
        let all: Vec<&str> = self
            .dns
            .iter()
            .chain(&self.ip)
            .chain(&self.email)
            .chain(&self.uri)
            .map(String::as_str)
            .collect();
        all.join(", ")
    }
}

/// Validates a DNS name for a SAN; returns it lowercased. `*.` is accepted as
/// the whole leftmost label (the caller applies the wildcard policy).
pub fn parse_dns_name(text: &str) -> Result<String> {
    let name = text.to_ascii_lowercase();
    let bad = |why: &str| {
        Error::usage(format!("invalid DNS name {}: {why}", crate::error::q(text)))
            .hint("use letters, digits and '-' in dot-separated labels; internationalized names in their xn-- form")
    };
    if name.is_empty() {
        return Err(bad("empty"));
    }
    if !name.is_ascii() {
        return Err(bad("not ASCII"));
    }
    if name.ends_with('.') {
        return Err(bad("trailing dot"));
    }
    if name.len() > 253 {
        return Err(bad("longer than 253 characters"));
    }
    let body = name.strip_prefix("*.").unwrap_or(&name);
    if name.starts_with("*.") && !body.contains('.') {
        return Err(bad("a wildcard needs at least two labels after '*.'"));
    }
    for label in body.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err(bad("each label must have 1 to 63 characters"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(bad("a label cannot start or end with '-'"));
        }
        if !label
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-')
        {
            return Err(bad(
                "only letters, digits and '-' are allowed, and '*' only as the whole first label",
            ));
        }
    }
    if body.parse::<IpAddr>().is_ok() {
        return Err(bad("this is an IP address; pass it with --ip"));
    }
    Ok(name)
}

/// Parses an IP address SAN.
pub fn parse_ip(text: &str) -> Result<IpAddr> {
    text.trim().parse::<IpAddr>().map_err(|_| {
        Error::usage(format!("invalid IP address {}", crate::error::q(text)))
            .hint("use an IPv4 (10.0.0.1) or IPv6 (fd00::1) address")
    })
}

/// Validates an email address SAN (`local@domain`).
pub fn parse_email(text: &str) -> Result<String> {
    let bad = || {
        Error::usage(format!("invalid email address {}", crate::error::q(text)))
            .hint("use local@domain")
    };
    let (local, domain) = text.rsplit_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || local.len() > 64
        || !local
            .bytes()
            .all(|c| c.is_ascii_graphic() && c != b'@' && c != b'"' && c != b'\\')
    {
        return Err(bad());
    }
    let domain = parse_dns_name(domain).map_err(|_| bad())?;
    if domain.starts_with('*') {
        return Err(bad());
    }
    Ok(format!("{local}@{domain}"))
}

/// Validates a URI SAN: an ASCII URI with a scheme and no spaces.
pub fn parse_uri(text: &str) -> Result<String> {
    let bad = || {
        Error::usage(format!("invalid URI {}", crate::error::q(text))).hint(
            "use an absolute URI such as spiffe://prod.example/ns/web or https://example.com/",
        )
    };
    let (scheme, rest) = text.split_once(':').ok_or_else(bad)?;
    let scheme_ok = scheme
        .bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
    if !scheme_ok || rest.is_empty() || !text.bytes().all(|c| c.is_ascii_graphic()) {
        return Err(bad());
    }
    Ok(text.to_string())
}

/// Validates a SPIFFE ID: `spiffe://<lowercase trust domain>/<path>`, with a
/// non-empty path and no query, fragment, port or user info.
pub fn parse_spiffe_id(text: &str) -> Result<String> {
    let bad = |why: &str| {
        Error::usage(format!(
            "invalid SPIFFE ID {}: {why}",
            crate::error::q(text)
        ))
        .hint("use spiffe://<trust-domain>/<path>, e.g. spiffe://prod.example/ns/payments/sa/api")
    };
    let rest = text
        .strip_prefix("spiffe://")
        .ok_or_else(|| bad("the scheme must be spiffe://"))?;
    if text.len() > 2048 {
        return Err(bad("longer than 2048 bytes"));
    }
    if text.contains(['?', '#']) {
        return Err(bad("no query or fragment is allowed"));
    }
    let (domain, path) = rest
        .split_once('/')
        .ok_or_else(|| bad("the path must not be empty"))?;
    if domain.is_empty() {
        return Err(bad("the trust domain is empty"));
    }
    if !domain
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'_'))
    {
        return Err(bad(
            "the trust domain allows only lowercase letters, digits, '.', '-' and '_' (no port or user info)",
        ));
    }
    if path.is_empty() {
        return Err(bad("the path must not be empty"));
    }
    for seg in path.split('/') {
        if seg.is_empty() || seg == "." || seg == ".." {
            return Err(bad("path segments must be non-empty and not '.' or '..'"));
        }
        if !seg
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_'))
        {
            return Err(bad(
                "path segments allow only letters, digits, '.', '-' and '_'",
            ));
        }
    }
    Ok(text.to_string())
}

/// What a common name looks like, for the "CN is among the SANs" rule.
pub enum HostLike {
    Dns(String),
    Ip(IpAddr),
    No,
}

/// Classifies a CN: a host name with a dot, an IP address, or neither.
pub fn host_like(cn: &str) -> HostLike {
    if let Ok(ip) = cn.parse::<IpAddr>() {
        return HostLike::Ip(ip);
    }
    if cn.contains('.')
        && let Ok(d) = parse_dns_name(cn)
    {
        return HostLike::Dns(d);
    }
    HostLike::No
}

/// The first control character of a text (C0, DEL or C1), with its
/// 1-based position: such a character lets two programs read one name as
/// two (`a\0b.example.com` is `a` to C code).
pub fn control_char(text: &str) -> Option<(usize, char)> {
    text.chars()
        .enumerate()
        .find(|(_, c)| c.is_control())
        .map(|(i, c)| (i + 1, c))
}

/// The refusal of a name attribute holding a control character.
pub fn control_char_error(what: &str, value: &str) -> Option<Error> {
    let (pos, c) = control_char(value)?;
    Some(
        Error::new(
            crate::error::Code::PolicyViolation,
            format!(
                "the {what} {:?} holds a control character (U+{:04X}) at position {pos}",
                value.escape_debug().to_string(),
                c as u32
            ),
        )
        .hint("remove control characters (NUL, tab, newline, DEL …) from names: they let two programs read one name differently"),
    )
}

/// One subject attribute type pkictl writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Attr {
    C,
    St,
    L,
    Street,
    O,
    Ou,
    Cn,
}

impl Attr {
    /// The RFC 4514 short name.
    pub fn short(self) -> &'static str {
        match self {
            Attr::C => "C",
            Attr::St => "ST",
            Attr::L => "L",
            Attr::Street => "STREET",
            Attr::O => "O",
            Attr::Ou => "OU",
            Attr::Cn => "CN",
        }
    }

    fn parse(key: &str) -> Option<Attr> {
        Some(match key.to_ascii_uppercase().as_str() {
            "C" => Attr::C,
            "ST" | "S" => Attr::St,
            "L" => Attr::L,
            "STREET" => Attr::Street,
            "O" => Attr::O,
            "OU" => Attr::Ou,
            "CN" => Attr::Cn,
            _ => return None,
        })
    }
}

/// A subject as ordered attributes (one value per type).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subject {
    pub attrs: Vec<(Attr, String)>,
}

impl Subject {
    /// Parses `O=Example,OU=Ops` (RFC 4514 escapes allowed) or `/O=Example/OU=Ops`.
    pub fn parse(text: &str) -> Result<Subject> {
        let bad = |why: String| {
            Error::usage(format!("invalid subject {}: {why}", crate::error::q(text))).hint(
                "write it as O=Example Inc,OU=Ops,C=US (attributes CN, O, OU, C, ST, L, STREET)",
            )
        };
        let sep = if text.starts_with('/') { '/' } else { ',' };
        let mut parts = Vec::new();
        let mut cur = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some(n) => cur.push(n),
                    None => return Err(bad("dangling backslash".into())),
                }
            } else if c == sep {
                parts.push(std::mem::take(&mut cur));
            } else {
                cur.push(c);
            }
        }
        parts.push(cur);
        let mut subject = Subject::default();
        for part in parts {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| bad(format!("{} is not KEY=VALUE", crate::error::q(part))))?;
            let attr = Attr::parse(k.trim())
                .ok_or_else(|| bad(format!("unknown attribute {:?}", k.trim())))?;
            let v = v.trim();
            if v.is_empty() {
                return Err(bad(format!("{} has an empty value", attr.short())));
            }
            if v.chars().count() > 64 {
                return Err(bad(format!(
                    "{} is longer than 64 characters",
                    attr.short()
                )));
            }
            if attr == Attr::C && !(v.len() == 2 && v.bytes().all(|c| c.is_ascii_uppercase())) {
                return Err(bad("C must be a two-letter country code in capitals".into()));
            }
            if subject.get(attr).is_some() {
                return Err(bad(format!("{} is given twice", attr.short())));
            }
            subject.attrs.push((attr, v.to_string()));
        }
        Ok(subject)
    }

    /// Refuses attribute values holding a control character.
    pub fn check_control_chars(&self) -> Result<()> {
        for (attr, v) in &self.attrs {
            if let Some(e) = control_char_error(attr.short(), v) {
                return Err(e);
            }
        }
        Ok(())
    }

    /// The value of one attribute.
    pub fn get(&self, attr: Attr) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(a, _)| *a == attr)
            .map(|(_, v)| v.as_str())
    }

    /// Sets an attribute, replacing any value.
    pub fn set(&mut self, attr: Attr, value: impl Into<String>) {
        let value = value.into();
        match self.attrs.iter_mut().find(|(a, _)| *a == attr) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((attr, value)),
        }
    }

    /// Fills attributes missing here from `defaults`.
    pub fn with_defaults(mut self, defaults: &Subject) -> Subject {
        for (a, v) in &defaults.attrs {
            if self.get(*a).is_none() {
                self.attrs.push((*a, v.clone()));
            }
        }
        self
    }

    /// Attributes in certificate order: C, ST, L, STREET, O, OU, CN.
    pub fn ordered(&self) -> Vec<(Attr, String)> {
        let mut v = self.attrs.clone();
        v.sort_by_key(|(a, _)| *a);
        v
    }

    /// RFC 4514 string (most specific first: CN=…,OU=…,O=…,C=…).
    pub fn to_rfc4514(&self) -> String {
        let ordered = self.ordered();
        ordered
            .iter()
            .rev()
            .map(|(a, v)| format!("{}={}", a.short(), escape_rfc4514(v)))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Escapes an attribute value as RFC 4514 requires.
pub fn escape_rfc4514(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let n = v.chars().count();
    for (i, c) in v.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (i == 0 && (c == '#' || c == ' '))
            || (i + 1 == n && c == ' ');
        if c == '\0' {
            out.push_str("\\00");
            continue;
        }
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// True when a name is itself a public suffix of the ICANN section of the
/// Public Suffix List (`com`, `co.uk`): a wildcard over it would cover other
/// owners' names. The list's private section (`s3.amazonaws.com`) is not
/// used: its owners legitimately hold such wildcards.
pub fn is_public_suffix(name: &str) -> bool {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    psl::suffix(lower.as_bytes()).is_some_and(|s| {
        s.is_known() && s.typ() == Some(psl::Type::Icann) && s.as_bytes().len() == lower.len()
    })
}

/// An IP range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    pub addr: IpAddr,
    pub prefix: u8,
}

impl Cidr {
    /// True when `ip` is inside the range (families must match).
    pub fn contains(&self, ip: &IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(a), IpAddr::V4(b)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u32::MAX << (32 - u32::from(self.prefix))
                };
                u32::from(a) & mask == u32::from(*b) & mask
            }
            (IpAddr::V6(a), IpAddr::V6(b)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u128::MAX << (128 - u32::from(self.prefix))
                };
                u128::from(a) & mask == u128::from(*b) & mask
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// Parses `10.0.0.0/8`, `fd00::/8` or a single address (a /32 or /128).
pub fn parse_cidr(text: &str) -> Result<Cidr> {
    let bad = || {
        Error::usage(format!("invalid IP range {}", crate::error::q(text)))
            .hint("use CIDR notation such as 10.0.0.0/8 or fd00::/8")
    };
    let (addr, prefix) = match text.split_once('/') {
        Some((a, p)) => (
            a.parse::<IpAddr>().map_err(|_| bad())?,
            Some(p.parse::<u8>().map_err(|_| bad())?),
        ),
        None => (text.parse::<IpAddr>().map_err(|_| bad())?, None),
    };
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = prefix.unwrap_or(max);
    if prefix > max {
        return Err(bad());
    }
    let c = Cidr { addr, prefix };
    // Normalize host bits away so that the certificate carries the network.
    let net = match addr {
        IpAddr::V4(a) => {
            let mask = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(prefix))
            };
            IpAddr::V4((u32::from(a) & mask).into())
        }
        IpAddr::V6(a) => {
            let mask = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(prefix))
            };
            IpAddr::V6((u128::from(a) & mask).into())
        }
    };
    Ok(Cidr { addr: net, ..c })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rule() {
        for ok in ["web", "a", "web-1.prod_x", "A9"] {
            check_name(ok).unwrap();
        }
        let long = "a".repeat(129);
        for bad in ["", "-web", ".x", "a b", "a/b", "é", long.as_str()] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dns_names() {
        assert_eq!(
            parse_dns_name("Web.Example.COM").unwrap(),
            "web.example.com"
        );
        assert_eq!(parse_dns_name("*.example.com").unwrap(), "*.example.com");
        for bad in [
            "", "a..b", "-a.com", "a-.com", "*.com", "a.*.com", "a_b.com", "x.com.", "10.0.0.1",
            "é.com",
        ] {
            assert!(parse_dns_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn spiffe_ids() {
        parse_spiffe_id("spiffe://prod.example/ns/web").unwrap();
        for bad in [
            "spiffe://Prod.example/x",
            "spiffe://prod.example",
            "spiffe://prod.example/",
            "spiffe://prod.example/a?b",
            "spiffe://prod.example/a#b",
            "spiffe://prod.example:443/a",
            "https://prod.example/a",
            "spiffe://prod.example/a//b",
            "spiffe://prod.example/../b",
        ] {
            assert!(parse_spiffe_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn subjects() {
        let s = Subject::parse("O=Example\\, Inc,OU=Ops,C=US").unwrap();
        assert_eq!(s.get(Attr::O), Some("Example, Inc"));
        assert_eq!(s.to_rfc4514(), "OU=Ops,O=Example\\, Inc,C=US");
        let s = Subject::parse("/C=DE/O=Acme").unwrap();
        assert_eq!(s.get(Attr::C), Some("DE"));
        assert!(Subject::parse("X=1").is_err());
        assert!(Subject::parse("C=Germany").is_err());
        assert!(Subject::parse("O=a,O=b").is_err());
    }

    #[test]
    fn host_like_cns() {
        assert!(matches!(host_like("web.example.com"), HostLike::Dns(_)));
        assert!(matches!(host_like("10.0.0.1"), HostLike::Ip(_)));
        assert!(matches!(host_like("web"), HostLike::No));
        assert!(matches!(host_like("Alice Smith"), HostLike::No));
    }
}
