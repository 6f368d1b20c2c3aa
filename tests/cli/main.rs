//! Integration tests: the real binary in a temporary store per test.

mod check_expiry;
mod common;
mod concurrency;
mod crash;
mod export;
mod generated;
mod hostile;
mod init_ca;
mod inspect;
mod interop;
mod issue;
mod json_schema;
mod limbo;
mod list;
mod net;
mod nginx;
mod passphrase;
mod policy;
mod readme;
mod renew;
mod revoke;
mod sign_csr;
mod store;
mod tls_interop;
mod verify;
mod webpki_chains;
