//! The one issuance pipeline, shared by `issue` (and `--batch`),
//! `sign-csr` and `renew`:
//!
//! 1. *plan* (`plan`): the request becomes a `Plan` — a pure function of the
//!    request, the CA, its policy, the defaults and the time;
//! 2. *check* (`check`): the plan against the CA's validity, its policy and
//!    the name constraints of every CA up to the root, every broken rule
//!    listed; `--dry-run` stops here and shows `Plan::preview`, built from
//!    the same certificate spec that signing uses;
//! 3. *sign* and *commit* (`commit`): the CA's signer signs the spec, and
//!    the files and records go into one store transaction.
//!
//! CA certificates (`init-ca`, `sign-csr --profile intermediate-ca`) take
//! the same steps in `ca`: `plan_ca` → `check_ca` → `sign_ca`, committed by
//! `authority::install_ca`.

pub mod batch;
pub mod ca;
mod commit;
mod existing;
pub mod files;

pub use files::{out_dir_for, preflight_out_dir};
pub mod out;
mod plan;
pub mod renewal;
mod request;
pub mod rollover;
mod view;

pub use ca::{CaIssuer, CaPlan, CaRequest, check_ca, plan_ca, recertify_ca, sign_ca};
pub use commit::{
    Prepared, SubjectKey, ca_signers, is_refusal, refusal_record, sign_and_commit, sign_and_stage,
};
pub use existing::{Decision, Existing, decide};
pub use plan::{Plan, check, plan, resolve_ca_name};
pub use request::Request;
pub use view::{IssuedOut, issued_out, unchanged_out};
