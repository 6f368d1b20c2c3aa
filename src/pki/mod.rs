//! Certificate logic: keys, profiles, building and reading certificates,
//! issuance policy. Never prints, never prompts, knows no subcommand.

pub mod build;
pub mod certinfo;
pub mod csr;
pub mod encrypted;
pub mod expiry;
pub mod keys;
pub mod objects;
pub mod p12;
pub mod pkcs11;
pub mod policy;
pub mod profile;
pub mod signer;
pub mod verify;
pub mod warnings;
