//! `pkictl.toml`: store defaults and per-CA issuance policy. Read with
//! serde (unknown keys are refused, so a typo never silently disables a
//! rule) and edited with toml_edit so users' comments survive.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Code, Error, Result};
use crate::pki::keys::KeyType;
use crate::pki::profile::Profile;

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The store's default issuer.
    pub default_ca: Option<String>,
    pub key_type: Option<KeyType>,
    pub profile: Option<Profile>,
    pub validity: Option<String>,
    pub keep_leaf_keys: Option<bool>,
    pub lock_timeout: Option<String>,
    #[serde(default)]
    pub ca: BTreeMap<String, CaPolicy>,
}

/// One CA's issuance policy. An empty list means "anything the CA's name
/// constraints allow".
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CaPolicy {
    #[serde(default)]
    pub allowed_dns: Vec<String>,
    #[serde(default)]
    pub allow_wildcards: bool,
    #[serde(default)]
    pub allowed_ip_ranges: Vec<String>,
    #[serde(default)]
    pub allowed_uri_prefixes: Vec<String>,
    #[serde(default)]
    pub allowed_email_domains: Vec<String>,
    #[serde(default)]
    pub allowed_profiles: Vec<String>,
    #[serde(default)]
    pub allowed_key_types: Vec<String>,
    pub min_rsa_bits: Option<u32>,
    pub max_validity: Option<String>,
    #[serde(default)]
    pub subject: BTreeMap<String, String>,
    pub crl_next_update: Option<String>,
    /// CRL distribution point of the certificates this CA issues; `{name}`
    /// is the CA's name.
    pub crl_url: Option<String>,
    /// Authority Information Access caIssuers URI of the certificates this
    /// CA issues; `{name}` is the CA's name.
    pub ca_issuers_url: Option<String>,
}

impl CaPolicy {
    /// The URLs written into every certificate CA `ca` issues.
    pub fn locations(&self, ca: &str) -> crate::pki::build::Locations {
        let fill = |u: &Option<String>| u.as_ref().map(|u| u.replace("{name}", ca));
        crate::pki::build::Locations {
            crl_url: fill(&self.crl_url),
            ca_issuers_url: fill(&self.ca_issuers_url),
        }
    }
}

impl Config {
    /// Parses the file's text; errors name the file and the problem.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let cfg: Config = toml_edit::de::from_str(text).map_err(|e| {
            Error::new(
                Code::StoreFormat,
                format!("{} is not a valid pkictl configuration: {}", path.display(), e.message()),
            )
            .hint("fix the file (the README's \"Policy file\" section lists every key), or restore it from a backup")
        })?;
        cfg.validate(path)?;
        Ok(cfg)
    }

    fn validate(&self, path: &Path) -> Result<()> {
        let bad = |what: String| {
            Error::new(Code::StoreFormat, format!("{}: {what}", path.display()))
                .hint("fix the value in pkictl.toml")
        };
        for (label, v) in [
            ("validity", &self.validity),
            ("lock_timeout", &self.lock_timeout),
        ] {
            if let Some(v) = v {
                crate::timeutil::parse_duration(v).map_err(|_| {
                    bad(format!(
                        "{label} = {} is not a duration",
                        crate::error::q(v)
                    ))
                })?;
            }
        }
        for (ca, p) in &self.ca {
            for (label, v) in [
                ("max_validity", &p.max_validity),
                ("crl_next_update", &p.crl_next_update),
            ] {
                if let Some(v) = v {
                    crate::timeutil::parse_duration(v).map_err(|_| {
                        bad(format!(
                            "[ca.{}] {label} = {v:?} is not a duration",
                            toml_key(ca)
                        ))
                    })?;
                }
            }
            let locations = p.locations(ca);
            for (label, v) in [
                ("crl_url", &locations.crl_url),
                ("ca_issuers_url", &locations.ca_issuers_url),
            ] {
                if let Some(v) = v {
                    crate::names::parse_uri(v).map_err(|_| {
                        bad(format!(
                            "[ca.{}] {label} = {v:?} is not an absolute ASCII URI",
                            toml_key(ca)
                        ))
                    })?;
                }
            }
            for r in &p.allowed_ip_ranges {
                crate::pki::policy::parse_cidr(r).map_err(|_| {
                    bad(format!(
                        "[ca.{}] allowed_ip_ranges has {r:?}, not a CIDR range",
                        toml_key(ca)
                    ))
                })?;
            }
            for k in &p.allowed_key_types {
                k.parse::<KeyType>().map_err(|_| {
                    bad(format!(
                        "[ca.{}] allowed_key_types has unknown {k:?}",
                        toml_key(ca)
                    ))
                })?;
            }
            for pr in &p.allowed_profiles {
                pr.parse::<Profile>().map_err(|_| {
                    bad(format!(
                        "[ca.{}] allowed_profiles has unknown {pr:?}",
                        toml_key(ca)
                    ))
                })?;
            }
            let subject = p
                .subject
                .iter()
                .map(|(k, v)| format!("{k}={}", v.replace('\\', "\\\\").replace(',', "\\,")))
                .collect::<Vec<_>>()
                .join(",");
            crate::names::Subject::parse(&subject)
                .map_err(|e| bad(format!("[ca.{}.subject]: {}", toml_key(ca), e.message)))?;
        }
        Ok(())
    }

    /// The policy of a CA (case-insensitive name); the default when absent.
    pub fn policy(&self, ca: &str) -> CaPolicy {
        self.ca
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(ca))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// The text `init-ca` writes for a new store.
pub fn initial_text() -> String {
    r#"# pkictl store configuration. Precedence: command-line flag > environment
# variable > this file > built-in default. See the README, "Policy file".

# default_ca is the store's default issuer; change it with `pkictl ca default NAME`.
# key_type = "ec-p256"       # ec-p256 | ec-p384 | ed25519 | rsa-2048 | rsa-3072 | rsa-4096
# profile = "server"         # server | client | mtls | spiffe
# validity = "90d"           # leaf validity: s, m, h, d, w, y (365 days)
# keep_leaf_keys = true      # keep generated leaf keys in the store (0600, unencrypted)
# lock_timeout = "60s"
"#
    .to_string()
}

/// The `[ca.NAME]` section `init-ca` appends, with every rule spelled out.
pub fn ca_section(
    name: &str,
    is_root: bool,
    permit_email: &[String],
    permit_uri: &[String],
) -> String {
    let list = |v: &[String]| {
        v.iter()
            .map(|s| {
                toml_edit::Value::from(s.as_str())
                    .to_string()
                    .trim()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let crl = if is_root { "180d" } else { "7d" };
    // Names may hold '.', which TOML reads as a table separator unless the
    // key is quoted: `Key` quotes exactly when a bare key would not do.
    let key = toml_key(name);
    format!(
        r#"
[ca.{key}]
# Issuance policy of CA {name:?}. Empty lists allow anything the CA's name
# constraints allow. `pkictl policy show --ca {name}` prints the effective policy.
allowed_dns = []               # "example.com" = apex and subdomains, ".example.com" = subdomains only
allow_wildcards = false
allowed_ip_ranges = []         # CIDR, e.g. "10.0.0.0/8"
allowed_uri_prefixes = [{uri}]
allowed_email_domains = [{email}]
allowed_profiles = []          # server, client, mtls, spiffe
allowed_key_types = []         # ec-p256, ec-p384, ed25519, rsa-2048, rsa-3072, rsa-4096
min_rsa_bits = 2048
# max_validity = "398d"
crl_next_update = "{crl}"
# crl_url = "http://crl.example.com/{{name}}.crl"      # CRL distribution point of what this CA issues
# ca_issuers_url = "http://pki.example.com/{{name}}.crt" # where peers fetch this CA's certificate (AIA)

[ca.{key}.subject]
# Subject attributes added to every certificate this CA issues, e.g.
# O = "Example Inc"
# C = "US"
"#,
        uri = list(permit_uri),
        email = list(permit_email),
    )
}

/// A name as a TOML key: bare when it can be, quoted otherwise.
pub fn toml_key(name: &str) -> String {
    toml_edit::Key::new(name).display_repr().into_owned()
}

/// Sets `default_ca` in the file's text, keeping everything else.
pub fn set_default_ca(text: &str, name: &str) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| {
        Error::new(
            Code::StoreFormat,
            format!("pkictl.toml cannot be edited: {e}"),
        )
    })?;
    // Root key-values render before the tables, where readers look for them.
    doc["default_ca"] = toml_edit::value(name);
    Ok(doc.to_string())
}
