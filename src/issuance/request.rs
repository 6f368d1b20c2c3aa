//! What is asked for: one certificate, from flags, a batch line, a
//! request being signed or a certificate being renewed.

use serde::Deserialize;

use crate::pki::keys::KeyInfo;

/// One certificate to issue, as given (flags or a batch line).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
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
    #[serde(skip)]
    pub not_after: Option<i64>,
    #[serde(skip)]
    pub not_before: Option<i64>,
    #[serde(skip)]
    pub backdate: Option<i64>,
    /// A notBefore more than 24 hours in the past is wanted.
    #[serde(skip)]
    pub backdate_ok: bool,
    /// The public key of a request being signed (sign-csr, renew --csr).
    #[serde(skip)]
    pub csr_key: Option<KeyInfo>,
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
