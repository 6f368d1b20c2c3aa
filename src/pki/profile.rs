//! Certificate profiles (SPEC section 4, "Profiles"): each sets
//! basicConstraints, keyUsage and extendedKeyUsage explicitly.

use std::fmt;
use std::str::FromStr;

use rcgen::{ExtendedKeyUsagePurpose, KeyUsagePurpose};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A certificate profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// TLS server: serverAuth.
    Server,
    /// TLS client: clientAuth, no default DNS SAN.
    Client,
    /// Both ends of mutual TLS: serverAuth and clientAuth.
    Mtls,
    /// A SPIFFE X.509-SVID: exactly one URI SAN, serverAuth and clientAuth.
    Spiffe,
    /// An intermediate CA signed from a request (sign-csr only).
    #[value(name = "intermediate-ca")]
    IntermediateCa,
}

impl Profile {
    /// The spelling used by flags, JSON and the index.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Server => "server",
            Profile::Client => "client",
            Profile::Mtls => "mtls",
            Profile::Spiffe => "spiffe",
            Profile::IntermediateCa => "intermediate-ca",
        }
    }

    /// keyUsage bits for a leaf of this profile (keyEncipherment for RSA).
    pub fn key_usages(self, rsa: bool) -> Vec<KeyUsagePurpose> {
        match self {
            Profile::IntermediateCa => vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign],
            _ => {
                let mut v = vec![KeyUsagePurpose::DigitalSignature];
                if rsa {
                    v.push(KeyUsagePurpose::KeyEncipherment);
                }
                v
            }
        }
    }

    /// extendedKeyUsage purposes.
    pub fn extended_key_usages(self) -> Vec<ExtendedKeyUsagePurpose> {
        match self {
            Profile::Server => vec![ExtendedKeyUsagePurpose::ServerAuth],
            Profile::Client => vec![ExtendedKeyUsagePurpose::ClientAuth],
            Profile::Mtls | Profile::Spiffe => {
                vec![
                    ExtendedKeyUsagePurpose::ServerAuth,
                    ExtendedKeyUsagePurpose::ClientAuth,
                ]
            }
            Profile::IntermediateCa => vec![],
        }
    }

    /// True for profiles that need at least one SAN (a TLS server name).
    pub fn needs_san(self) -> bool {
        matches!(self, Profile::Server | Profile::Mtls | Profile::Spiffe)
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Profile {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "server" => Ok(Profile::Server),
            "client" => Ok(Profile::Client),
            "mtls" => Ok(Profile::Mtls),
            "spiffe" => Ok(Profile::Spiffe),
            "intermediate-ca" => Ok(Profile::IntermediateCa),
            _ => Err(
                Error::usage(format!("unknown profile {}", crate::error::q(s)))
                    .hint("use server, client, mtls or spiffe"),
            ),
        }
    }
}
