//! One module per subcommand; each returns a serializable report and never prints.

pub mod audit;
pub mod ca;
pub mod ca_cross_sign;
pub mod ca_renew;
pub mod ca_rollover;
pub mod check_expiry;
pub mod completions;
pub mod crl;
pub mod csr;
pub mod doctor;
pub mod export;
pub mod import_ca;
pub mod init_ca;
pub mod inspect;
pub mod issue;
pub mod list;
pub mod policy;
pub mod renew;
pub mod revoke;
pub mod sign_csr;
pub mod verify;
