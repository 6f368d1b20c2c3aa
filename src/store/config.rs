//! `pkictl.toml`: store defaults and per-CA issuance policy. Read with
//! serde (unknown keys are refused, so a typo never silently disables a
//! rule) and edited with toml_edit so users' comments survive.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Code, Error, Result};
use crate::names::parse_cidr;
use crate::names::{Subject, parse_uri};
use crate::pki::keys::KeyType;
use crate::pki::policy::Policy;
use crate::pki::profile::Profile;
use crate::timeutil::parse_duration;

/// The whole file, typed: durations in seconds, policies checked. Every
/// value is checked once, when the file is read.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The store's default issuer.
    pub default_ca: Option<String>,
    pub key_type: Option<KeyType>,
    pub profile: Option<Profile>,
    /// Leaf validity, seconds.
    pub validity: Option<i64>,
    pub keep_leaf_keys: Option<bool>,
    /// Seconds.
    pub lock_timeout: Option<i64>,
    /// The PKCS#11 module for CA keys in a token (when their URI and
    /// PKICTL_PKCS11_MODULE name none).
    pub pkcs11_module: Option<String>,
    /// Per-CA policy, by the name as written.
    pub ca: BTreeMap<String, Policy>,
}

/// The file as written (unknown keys are refused, so a typo never silently
/// disables a rule).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    default_ca: Option<String>,
    key_type: Option<KeyType>,
    profile: Option<Profile>,
    validity: Option<String>,
    keep_leaf_keys: Option<bool>,
    lock_timeout: Option<String>,
    pkcs11_module: Option<String>,
    #[serde(default)]
    ca: BTreeMap<String, PolicyFile>,
}

/// One `[ca.NAME]` section as written. An empty list means "anything the
/// CA's name constraints allow".
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default)]
    allowed_dns: Vec<String>,
    #[serde(default)]
    allow_wildcards: bool,
    #[serde(default)]
    allowed_ip_ranges: Vec<String>,
    #[serde(default)]
    allowed_uri_prefixes: Vec<String>,
    #[serde(default)]
    allowed_email_domains: Vec<String>,
    #[serde(default)]
    allowed_profiles: Vec<String>,
    #[serde(default)]
    allowed_key_types: Vec<String>,
    min_rsa_bits: Option<u32>,
    max_validity: Option<String>,
    #[serde(default)]
    subject: BTreeMap<String, String>,
    crl_next_update: Option<String>,
    crl_url: Option<String>,
    ca_issuers_url: Option<String>,
}

impl PolicyFile {
    /// The typed policy of CA `ca`, or what is wrong with the section.
    fn typed(self, ca: &str) -> std::result::Result<Policy, String> {
        let at = format!("[ca.{}]", toml_key(ca));
        let duration =
            |label: &str, v: Option<String>| -> std::result::Result<Option<i64>, String> {
                v.map(|v| {
                    parse_duration(&v).map_err(|_| {
                        format!("{at} {label} = {} is not a duration", crate::error::q(&v))
                    })
                })
                .transpose()
            };
        let allowed_ip_ranges = self
            .allowed_ip_ranges
            .iter()
            .map(|r| {
                parse_cidr(r).map_err(|_| {
                    format!(
                        "{at} allowed_ip_ranges has {}, not a CIDR range",
                        crate::error::q(r)
                    )
                })
            })
            .collect::<std::result::Result<_, _>>()?;
        let allowed_key_types = self
            .allowed_key_types
            .iter()
            .map(|k| {
                k.parse::<KeyType>().map_err(|_| {
                    format!("{at} allowed_key_types has unknown {}", crate::error::q(k))
                })
            })
            .collect::<std::result::Result<_, _>>()?;
        let allowed_profiles = self
            .allowed_profiles
            .iter()
            .map(|p| {
                p.parse::<Profile>().map_err(|_| {
                    format!("{at} allowed_profiles has unknown {}", crate::error::q(p))
                })
            })
            .collect::<std::result::Result<_, _>>()?;
        let subject_text = self
            .subject
            .iter()
            .map(|(k, v)| format!("{k}={}", v.replace('\\', "\\\\").replace(',', "\\,")))
            .collect::<Vec<_>>()
            .join(",");
        let subject = Subject::parse(&subject_text)
            .map_err(|e| format!("[ca.{}.subject]: {}", toml_key(ca), e.message))?;
        let policy = Policy {
            allowed_dns: self.allowed_dns,
            allow_wildcards: self.allow_wildcards,
            allowed_ip_ranges,
            allowed_uri_prefixes: self.allowed_uri_prefixes,
            allowed_email_domains: self.allowed_email_domains,
            allowed_profiles,
            allowed_key_types,
            min_rsa_bits: self
                .min_rsa_bits
                .unwrap_or(crate::pki::policy::MIN_RSA_BITS),
            max_validity: duration("max_validity", self.max_validity)?,
            subject,
            crl_next_update: duration("crl_next_update", self.crl_next_update)?,
            crl_url: self.crl_url,
            ca_issuers_url: self.ca_issuers_url,
        };
        let locations = policy.locations(ca);
        for (label, v) in [
            ("crl_url", &locations.crl_url),
            ("ca_issuers_url", &locations.ca_issuers_url),
        ] {
            if let Some(v) = v {
                parse_uri(v).map_err(|_| {
                    format!(
                        "{at} {label} = {} is not an absolute ASCII URI",
                        crate::error::q(v)
                    )
                })?;
            }
        }
        Ok(policy)
    }
}

impl Config {
    /// Parses and checks the file's text; errors name the file and the
    /// problem.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let file: ConfigFile = toml_edit::de::from_str(text).map_err(|e| {
            Error::new(
                Code::StoreFormat,
                format!("{} is not a valid pkictl configuration: {}", path.display(), e.message()),
            )
            .hint("fix the file (the README's \"Policy file\" section lists every key), or restore it from a backup")
        })?;
        let bad = |what: String| {
            Error::new(Code::StoreFormat, format!("{}: {what}", path.display()))
                .hint("fix the value in pkictl.toml")
        };
        let duration = |label: &str, v: Option<String>| -> Result<Option<i64>> {
            v.map(|v| {
                parse_duration(&v).map_err(|_| {
                    bad(format!(
                        "{label} = {} is not a duration",
                        crate::error::q(&v)
                    ))
                })
            })
            .transpose()
        };
        let mut ca = BTreeMap::new();
        for (name, p) in file.ca {
            let policy = p.typed(&name).map_err(bad)?;
            ca.insert(name, policy);
        }
        Ok(Config {
            default_ca: file.default_ca,
            key_type: file.key_type,
            profile: file.profile,
            validity: duration("validity", file.validity)?,
            keep_leaf_keys: file.keep_leaf_keys,
            lock_timeout: duration("lock_timeout", file.lock_timeout)?,
            pkcs11_module: file.pkcs11_module,
            ca,
        })
    }

    /// The policy of a CA (case-insensitive name); the default when absent.
    pub fn policy(&self, ca: &str) -> Policy {
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
# pkcs11_module = "/usr/lib/softhsm/libsofthsm2.so"   # CA keys in a PKCS#11 token (PKICTL_PKCS11_MODULE)
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
