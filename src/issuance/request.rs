//! What is asked for: one certificate, from flags, a batch line, a
//! request being signed or a certificate being renewed.

use serde::Deserialize;

use crate::error::Result;
use crate::pki::keys::{KeyInfo, KeyType};
use crate::pki::profile::Profile;
use crate::timeutil::parse_duration;

/// One certificate to issue, typed: from flags (clap parsed them), a batch
/// line (`BatchLine::into_request`), a request being signed or a
/// certificate being renewed.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub name: String,
    pub cn: Option<String>,
    pub subject: Option<String>,
    pub dns: Vec<String>,
    pub ip: Vec<String>,
    pub email: Vec<String>,
    pub uri: Vec<String>,
    pub spiffe_id: Option<String>,
    pub profile: Option<Profile>,
    /// Seconds.
    pub validity: Option<i64>,
    pub key_type: Option<KeyType>,
    pub ca: Option<String>,
    pub not_after: Option<i64>,
    pub not_before: Option<i64>,
    pub backdate: Option<i64>,
    /// A notBefore more than 24 hours in the past is wanted.
    pub backdate_ok: bool,
    /// The public key of a request being signed (sign-csr, renew --csr).
    pub csr_key: Option<KeyInfo>,
}

/// One line of a batch file as written (JSON Lines, or a CSV row): text,
/// typed by `into_request`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchLine {
    pub name: String,
    #[serde(default)]
    pub cn: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub dns: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub ip: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub email: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub uri: Vec<String>,
    #[serde(default)]
    pub spiffe_id: Option<String>,
    #[serde(default)]
    pub profile: Option<String>,
    #[serde(default)]
    pub validity: Option<String>,
    #[serde(default)]
    pub key_type: Option<String>,
    #[serde(default)]
    pub ca: Option<String>,
}

impl BatchLine {
    /// The typed request: profile, validity and key type parsed as the
    /// flags of the same names are.
    pub fn into_request(self) -> Result<Request> {
        Ok(Request {
            profile: self.profile.as_deref().map(str::parse).transpose()?,
            validity: self.validity.as_deref().map(parse_duration).transpose()?,
            key_type: self.key_type.as_deref().map(str::parse).transpose()?,
            name: self.name,
            cn: self.cn,
            subject: self.subject,
            dns: self.dns,
            ip: self.ip,
            email: self.email,
            uri: self.uri,
            spiffe_id: self.spiffe_id,
            ca: self.ca,
            ..Request::default()
        })
    }
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}
