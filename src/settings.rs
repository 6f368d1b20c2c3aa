//! Store-wide defaults, resolved in one place with one precedence: a flag
//! or its environment variable (clap reads both) > `pkictl.toml` > built-in.

use crate::error::Result;
use crate::pki::keys::KeyType;
use crate::pki::profile::Profile;
use crate::store::config::Config;
use crate::timeutil::DAY;

/// What the command line (a flag, or the variable clap read for it) says.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub ca: Option<String>,
    pub key_type: Option<KeyType>,
    pub profile: Option<Profile>,
    pub validity: Option<i64>,
}

/// The defaults a certificate request falls back on.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// The issuing CA (None: the store has no default issuer).
    pub ca: Option<String>,
    pub key_type: KeyType,
    pub profile: Profile,
    /// Seconds.
    pub validity: i64,
    /// Whether generated leaf keys are kept in the store.
    pub keep_key: bool,
}

impl Defaults {
    /// Resolves the defaults: overrides > pkictl.toml > built-in.
    pub fn resolve(cfg: &Config, o: &Overrides) -> Result<Defaults> {
        let validity = o.validity.or(cfg.validity).unwrap_or(90 * DAY);
        Ok(Defaults {
            ca: o.ca.clone().or_else(|| cfg.default_ca.clone()),
            key_type: o.key_type.or(cfg.key_type).unwrap_or(KeyType::EcP256),
            profile: o.profile.or(cfg.profile).unwrap_or(Profile::Server),
            validity,
            keep_key: cfg.keep_leaf_keys.unwrap_or(true),
        })
    }

    /// The validity a leaf of CA `ca` gets by default: the default
    /// validity, capped by the CA's `max_validity`.
    pub fn leaf_validity(&self, cfg: &Config, ca: &str) -> i64 {
        cfg.policy(ca)
            .max_validity
            .map_or(self.validity, |m| m.min(self.validity))
    }
}
