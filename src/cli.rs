//! Command-line definitions (clap derive). Values are typed here, at the
//! edge: key types, profiles, durations and times are parsed by clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::names::{Cidr, parse_cidr};
use crate::pki::certinfo::Status;
use crate::pki::keys::KeyType;
use crate::pki::profile::Profile;
use crate::timeutil::Window;

/// pkictl — run a private PKI: CAs, mTLS certificates, inspection and
/// expiry, from one safe-by-default tool.
#[derive(Debug, Parser)]
#[command(
    name = "pkictl",
    version,
    about = "Run a private PKI: create CAs, issue and inspect certificates, safely",
    long_about = "pkictl runs a private PKI from a local, directory-based CA store: encrypted CA keys, \
owner-only key files, random serials, an append-only hash-chained index and a written issuance policy.\n\n\
Exit codes: 0 success, 1 a negative answer, 2 trouble (bad usage, unreadable input, wrong passphrase, \
lock timeout, refused by policy).",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts, before or after the subcommand.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The CA store directory
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "PKICTL_STORE",
        default_value = "pki"
    )]
    pub store: PathBuf,
    /// Machine output: exactly one JSON document on stdout
    #[arg(long, global = true)]
    pub json: bool,
    /// Passphrase for every CA key the command needs (first line of FILE)
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Passphrase of the issuing (or parent) CA's key
    #[arg(long, global = true, value_name = "FILE")]
    pub ca_passphrase_file: Option<PathBuf>,
    /// Passphrase for the key being created
    #[arg(long, global = true, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
    /// A directory with one passphrase file per CA name
    #[arg(long, global = true, value_name = "DIR")]
    pub passphrase_dir: Option<PathBuf>,
    /// User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]
    #[arg(long, global = true, value_name = "FILE")]
    pub pin_file: Option<PathBuf>,
    /// How long to wait for the store lock; 0 fails at once (unset: pkictl.toml's lock_timeout, else 60s)
    #[arg(
        long,
        global = true,
        value_name = "DURATION",
        env = "PKICTL_LOCK_TIMEOUT",
        value_parser = parse_duration
    )]
    pub lock_timeout: Option<i64>,
    /// Plain output without colour (also NO_COLOR)
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Only errors on stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Allow a store on a network file system (locks and renames may not be reliable)
    #[arg(long, global = true)]
    pub allow_network_fs: bool,
}

// The value parsers return pkictl's own error: `main` shows its hint next
// to clap's message (clap alone would say only "try --help").
fn parse_duration(s: &str) -> Result<i64, crate::error::Error> {
    crate::timeutil::parse_duration(s)
}

fn parse_time(s: &str) -> Result<i64, crate::error::Error> {
    crate::timeutil::parse_user_time(s)
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a root CA, or an intermediate CA with --parent
    InitCa(InitCaArgs),
    /// Generate a key and issue a certificate (or many with --batch)
    Issue(IssueArgs),
    /// Sign a certificate request made elsewhere (openssl, keytool, Go)
    SignCsr(SignCsrArgs),
    /// Make a key and a certificate request (no store needed)
    Csr(CsrArgs),
    /// Show certificates, requests, CRLs and keys in plain words
    Inspect(InspectArgs),
    /// Verify certificate chains as a TLS stack does, plus strict RFC 5280 checks
    Verify(VerifyArgs),
    /// List the store's certificates and CAs
    List(ListArgs),
    /// Find certificates and CRLs that expire soon (the store, or files and directories)
    CheckExpiry(CheckExpiryArgs),
    /// Renew certificates: by name, serial, or everything expiring --within a window
    Renew(RenewArgs),
    /// Revoke a certificate and re-sign its CA's CRL
    Revoke(RevokeArgs),
    /// Mark a certificate as no longer deployed (not revoked)
    Retire(RetireArgs),
    /// Export a certificate with its key: PKCS#12, Kubernetes Secret or PEM
    Export(ExportArgs),
    /// The CA certificates peers trust: PEM, a Java truststore or a Kubernetes ConfigMap
    Bundle(BundleArgs),
    /// Re-sign CRLs; --all --out FILE writes every CA's CRL into one file
    Crl(CrlArgs),
    /// Add a CA certificate without its key, as a trust anchor
    ImportCa(ImportCaArgs),
    /// Manage the store's CAs
    #[command(subcommand)]
    Ca(CaCommand),
    /// Show the effective issuance policy
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Check the audit log's hash chain
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check the store and mend what an interrupted run left behind
    Doctor(DoctorArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
}

/// What the signer of an offline CA decides: `init-ca --csr-out` and
/// `--import-cert` refuse these flags rather than ignore them.
const SIGNER_SETS: [&str; 9] = [
    "parent",
    "validity",
    "path_len",
    "permit_dns",
    "permit_ip",
    "permit_email",
    "permit_uri",
    "exclude_dns",
    "exclude_ip",
];

/// `init-ca`.
#[derive(Debug, Args)]
pub struct InitCaArgs {
    /// The CA's name in the store
    #[arg(default_value = "root")]
    pub name: String,
    /// Common name of the CA, e.g. "Example Root CA"
    #[arg(long, required_unless_present = "import_cert")]
    pub cn: Option<String>,
    /// Organization (O)
    #[arg(long)]
    pub org: Option<String>,
    /// Organizational unit (OU)
    #[arg(long)]
    pub ou: Option<String>,
    /// Two-letter country code (C)
    #[arg(long)]
    pub country: Option<String>,
    /// Key type
    #[arg(
        long,
        value_enum,
        env = "PKICTL_CA_KEY_TYPE",
        default_value = "ec-p256"
    )]
    pub key_type: KeyType,
    /// Validity [default: 10y for a root, 5y for an intermediate]
    #[arg(long, value_parser = parse_duration)]
    pub validity: Option<i64>,
    /// Create an intermediate signed by this CA of the store
    #[arg(long, value_name = "CA")]
    pub parent: Option<String>,
    /// pathLenConstraint [default: 1 for a root, 0 for an intermediate]
    #[arg(long, value_name = "N")]
    pub path_len: Option<u8>,
    #[command(flatten, next_help_heading = "Name constraints")]
    pub constraints: ConstraintArgs,
    /// Make this CA the store's default issuer
    #[arg(long)]
    pub set_default: bool,
    /// Store the CA key unencrypted (not recommended)
    #[arg(long)]
    pub no_passphrase: bool,
    /// Keep the CA key in a PKCS#11 token (RFC 7512, e.g. 'pkcs11:token=ca;object=root'): generated there, or the existing key it names
    #[arg(long, value_name = "URI", conflicts_with = "no_passphrase")]
    pub key_uri: Option<String>,
    /// Offline root: create the key and write a certificate request to FILE; the CA stays
    /// pending (its signer sets validity, pathLen and name constraints)
    #[arg(long, value_name = "FILE", conflicts_with_all = SIGNER_SETS)]
    pub csr_out: Option<PathBuf>,
    /// Offline root: complete a pending CA with the certificate its root signed
    #[arg(long, value_name = "FILE", conflicts_with_all = SIGNER_SETS, conflicts_with = "csr_out")]
    pub import_cert: Option<PathBuf>,
}

/// The name constraints of a CA (`init-ca`, `sign-csr --profile
/// intermediate-ca`).
#[derive(Debug, Args, Clone, Default)]
pub struct ConstraintArgs {
    /// Permit only these DNS names (example.com = apex and subdomains, .example.com = subdomains)
    #[arg(long, value_name = "D")]
    pub permit_dns: Vec<String>,
    /// Permit only these IP ranges (CIDR)
    #[arg(long, value_name = "CIDR", value_parser = parse_cidr)]
    pub permit_ip: Vec<Cidr>,
    /// Permit only these email domains (enforced as store policy)
    #[arg(long, value_name = "D")]
    pub permit_email: Vec<String>,
    /// Permit only URIs with these prefixes (enforced as store policy)
    #[arg(long, value_name = "PREFIX")]
    pub permit_uri: Vec<String>,
    /// Exclude these DNS names
    #[arg(long, value_name = "D")]
    pub exclude_dns: Vec<String>,
    /// Exclude these IP ranges (CIDR)
    #[arg(long, value_name = "CIDR", value_parser = parse_cidr)]
    pub exclude_ip: Vec<Cidr>,
}

/// Subject alternative names given as flags (`issue`, `sign-csr`, `csr`);
/// for `sign-csr` they replace the request's SANs unless --merge-csr-sans.
#[derive(Debug, Args, Clone, Default)]
pub struct SanArgs {
    /// DNS name SAN (repeatable)
    #[arg(long, value_name = "D")]
    pub dns: Vec<String>,
    /// IP address SAN (repeatable)
    #[arg(long, value_name = "A")]
    pub ip: Vec<String>,
    /// Email address SAN (repeatable)
    #[arg(long, value_name = "E")]
    pub email: Vec<String>,
    /// URI SAN (repeatable)
    #[arg(long, value_name = "U")]
    pub uri: Vec<String>,
}

impl SanArgs {
    /// True when no SAN flag was given.
    pub fn is_empty(&self) -> bool {
        self.dns.is_empty() && self.ip.is_empty() && self.email.is_empty() && self.uri.is_empty()
    }
}

/// `issue`.
#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The certificate's name in the store (also the default CN)
    #[arg(required_unless_present = "batch")]
    pub name: Option<String>,
    #[command(flatten)]
    pub sans: SanArgs,
    /// SPIFFE ID (spiffe profile): the certificate's only URI SAN
    #[arg(long, value_name = "ID")]
    pub spiffe_id: Option<String>,
    /// Common name [default: NAME]
    #[arg(long)]
    pub cn: Option<String>,
    /// Other subject attributes, e.g. "O=Example Inc,OU=Payments"
    #[arg(long)]
    pub subject: Option<String>,
    /// Profile (unset: pkictl.toml's profile, else server)
    #[arg(long, value_enum, env = "PKICTL_PROFILE")]
    pub profile: Option<Profile>,
    /// Validity (unset: pkictl.toml's validity, else 90d)
    #[arg(long, value_parser = parse_duration, conflicts_with = "not_after", env = "PKICTL_VALIDITY")]
    pub validity: Option<i64>,
    /// Exact notAfter (RFC 3339 or Unix time)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub not_after: Option<i64>,
    /// Exact notBefore (RFC 3339 or Unix time)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub not_before: Option<i64>,
    /// How far notBefore is set back for clock skew [default: 5m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "not_before")]
    pub backdate: Option<i64>,
    /// Allow a notBefore more than 24 hours in the past (--not-before, --backdate)
    #[arg(long)]
    pub backdate_ok: bool,
    /// Key type (unset: pkictl.toml's key_type, else ec-p256)
    #[arg(long, value_enum, env = "PKICTL_KEY_TYPE")]
    pub key_type: Option<KeyType>,
    /// Issuing CA (unset: the store's default issuer)
    #[arg(long, env = "PKICTL_CA")]
    pub ca: Option<String>,
    /// Also write the files to DIR (a batch writes DIR/NAME/…)
    #[arg(long, visible_alias = "out", value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Replace existing files under --out-dir
    #[arg(long)]
    pub overwrite: bool,
    /// Do not keep the private key in the store (needs --out-dir)
    #[arg(long)]
    pub no_keep_key: bool,
    /// Supersede the name's active certificate (without revoking it)
    #[arg(long, conflicts_with = "if_absent")]
    pub supersede: bool,
    /// Succeed without change when an identical certificate is active
    #[arg(long)]
    pub if_absent: bool,
    /// Show what would be issued; decrypt and generate nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Issue every line of FILE (JSON Lines or CSV; - for stdin)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["name", "dns", "ip", "email", "uri", "spiffe_id", "cn", "subject"])]
    pub batch: Option<PathBuf>,
    /// Batch format [default: from the extension]
    #[arg(long, value_enum, requires = "batch")]
    pub batch_format: Option<BatchFormat>,
    /// Issue the valid lines of a batch even when others fail
    #[arg(long, requires = "batch")]
    pub keep_going: bool,
}

/// `sign-csr`.
#[derive(Debug, Args)]
pub struct SignCsrArgs {
    /// The request (PEM or DER); - for stdin
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The certificate's name in the store
    #[arg(long, required_unless_present = "name_from_cn")]
    pub name: Option<String>,
    /// Name the certificate after the request's CN
    #[arg(long, conflicts_with = "name")]
    pub name_from_cn: bool,
    /// Profile; intermediate-ca signs an offline intermediate CA (unset: pkictl.toml's profile, else server)
    #[arg(long, value_enum, env = "PKICTL_PROFILE")]
    pub profile: Option<Profile>,
    /// Validity [default: 90d; 5y for intermediate-ca]
    #[arg(long, value_parser = parse_duration, conflicts_with = "not_after")]
    pub validity: Option<i64>,
    /// Exact notAfter (RFC 3339 or Unix time)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub not_after: Option<i64>,
    /// Issuing CA [default: the store's default issuer]
    #[arg(long)]
    pub ca: Option<String>,
    /// Common name instead of the request's
    #[arg(long)]
    pub cn: Option<String>,
    /// Subject attributes to add, e.g. "O=Example Inc,OU=Payments"
    #[arg(long)]
    pub subject: Option<String>,
    #[command(flatten)]
    pub sans: SanArgs,
    /// SPIFFE ID (spiffe profile)
    #[arg(long, value_name = "ID")]
    pub spiffe_id: Option<String>,
    /// Add the SAN flags to the request's SANs instead of replacing them
    #[arg(long)]
    pub merge_csr_sans: bool,
    /// Keep the request's O, OU, C, ST, L and STREET (other attributes are always dropped)
    #[arg(long)]
    pub keep_subject: bool,
    /// Also write the certificate files to DIR
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Replace existing files under --out-dir
    #[arg(long)]
    pub overwrite: bool,
    /// Supersede the name's active certificate
    #[arg(long, conflicts_with = "if_absent")]
    pub supersede: bool,
    /// Succeed without change when an identical certificate is active
    #[arg(long)]
    pub if_absent: bool,
    /// intermediate-ca: pathLenConstraint [default: 0]
    #[arg(long, value_name = "N")]
    pub path_len: Option<u8>,
    #[command(
        flatten,
        next_help_heading = "Name constraints (--profile intermediate-ca)"
    )]
    pub constraints: ConstraintArgs,
}

/// `csr`.
#[derive(Debug, Args)]
pub struct CsrArgs {
    /// The name: files NAME.key and NAME.csr, and the default CN
    pub name: String,
    #[command(flatten)]
    pub sans: SanArgs,
    /// Common name [default: NAME]
    #[arg(long)]
    pub cn: Option<String>,
    /// Other subject attributes, e.g. "O=Example Inc,OU=Payments"
    #[arg(long)]
    pub subject: Option<String>,
    /// Key type [default: ec-p256]
    #[arg(long, value_enum)]
    pub key_type: Option<KeyType>,
    /// Where NAME.key (0600) and NAME.csr are written
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Replace existing files
    #[arg(long)]
    pub overwrite: bool,
}

/// Batch file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    Jsonl,
    Csv,
}

/// `inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Files to inspect (PEM, DER or PKCS#12); - for stdin
    #[arg(value_name = "FILE", required_unless_present = "connect")]
    pub files: Vec<PathBuf>,
    /// Show the chain a TLS server presents, and judge it
    #[arg(long, value_name = "HOST:PORT")]
    pub connect: Option<String>,
    /// --connect: the SNI name to send [default: HOST]
    #[arg(long, requires = "connect")]
    pub servername: Option<String>,
    /// --connect: the name the certificate must be valid for [default: the server name]
    #[arg(long, value_name = "NAME_OR_IP", requires = "connect")]
    pub host: Option<String>,
    /// --connect: judge against the roots in FILE instead of the store's
    #[arg(long, value_name = "FILE", requires = "connect")]
    pub roots: Vec<PathBuf>,
    /// Include each object's PEM in the output
    #[arg(long)]
    pub include_pem: bool,
    /// The password of PKCS#12 inputs (first line of FILE) [env: PKICTL_P12_PASSPHRASE]
    #[arg(long, value_name = "FILE")]
    pub p12_passphrase_file: Option<PathBuf>,
    /// Judge validity at this time instead of now
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<i64>,
}

/// `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Certificate files (PEM: the leaf, then optionally its intermediates)
    #[arg(value_name = "CERT", required = true)]
    pub certs: Vec<PathBuf>,
    /// Trust only the roots in FILE (replaces the store's roots)
    #[arg(long, visible_alias = "ca", value_name = "FILE")]
    pub roots: Vec<PathBuf>,
    /// Trust these CAs of the store (by name)
    #[arg(long, value_name = "CA", conflicts_with = "roots")]
    pub trust: Vec<String>,
    /// More intermediates for path building
    #[arg(long, value_name = "FILE")]
    pub untrusted: Vec<PathBuf>,
    /// The DNS name or IP address the certificate must be valid for
    #[arg(long, value_name = "NAME_OR_IP")]
    pub host: Option<String>,
    /// server, client or any [default: server with --host, else any]
    #[arg(long, value_enum)]
    pub purpose: Option<crate::pki::verify::Purpose>,
    /// Verify at this time instead of now
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<i64>,
    /// CRL files (the store's own CRLs are always used)
    #[arg(long, value_name = "FILE")]
    pub crl: Vec<PathBuf>,
    /// Which certificates are checked against CRLs [default: leaf when a CRL of its issuer is available]
    #[arg(long, value_enum)]
    pub crl_check: Option<crate::pki::verify::CrlCheck>,
    /// Allow at most N intermediates
    #[arg(long, value_name = "N")]
    pub max_depth: Option<usize>,
}

/// `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Which certificates: active (valid or expired), valid, expired, revoked, superseded, retired, all
    #[arg(long, value_enum, default_value = "active")]
    pub status: ListStatus,
    /// Only what this CA issued
    #[arg(long)]
    pub ca: Option<String>,
    /// Judge expiry at this time instead of now
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<i64>,
}

/// The `list --status` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListStatus {
    Active,
    Valid,
    Expired,
    Revoked,
    Superseded,
    Retired,
    Pending,
    All,
}

impl ListStatus {
    /// Whether a certificate with this status is listed.
    pub fn matches(self, s: Status) -> bool {
        match self {
            ListStatus::All => true,
            ListStatus::Active => matches!(s, Status::Valid | Status::Expired),
            ListStatus::Valid => s == Status::Valid,
            ListStatus::Expired => s == Status::Expired,
            ListStatus::Revoked => s == Status::Revoked,
            ListStatus::Superseded => s == Status::Superseded,
            ListStatus::Retired => s == Status::Retired,
            ListStatus::Pending => s == Status::Pending,
        }
    }
}

/// `check-expiry`.
#[derive(Debug, Args)]
pub struct CheckExpiryArgs {
    /// Certificate files and directories (recursive) [default: the store]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Warning window: a duration (30d) or a share of each certificate's lifetime (33%) [default: 30d]
    #[arg(long, value_name = "WINDOW", value_parser = Window::parse)]
    pub within: Option<Window>,
    /// Critical window [default: the smaller of 7d and --within]
    #[arg(long, value_name = "WINDOW", value_parser = Window::parse)]
    pub critical: Option<Window>,
    /// Judge at this time instead of now (RFC 3339 or Unix time)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<i64>,
    /// Grade every certificate of a file, not only the first
    #[arg(long)]
    pub all_certs: bool,
    /// Skip paths (or file names) matching this glob (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Grade what a live TLS server presents (repeatable); catches "renewed but never reloaded"
    #[arg(long, value_name = "HOST:PORT")]
    pub connect: Vec<String>,
    /// One Nagios/monitoring-plugin status line; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
    #[arg(long)]
    pub nagios: bool,
    /// Write a node_exporter textfile (atomically, mode 0644)
    #[arg(long, value_name = "FILE")]
    pub prometheus: Option<PathBuf>,
    /// List only certificates that are not ok (JSON)
    #[arg(long)]
    pub problems_only: bool,
}

/// `renew`.
#[derive(Debug, Args)]
pub struct RenewArgs {
    /// Names whose active certificates are renewed
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// Renew the certificate with this serial (repeatable)
    #[arg(long, value_name = "HEX")]
    pub serial: Vec<String>,
    /// Renew every active certificate expiring within this window: a duration (30d) or a share of its lifetime left (33%)
    #[arg(long, visible_alias = "expiring-within", value_name = "WINDOW", value_parser = Window::parse)]
    pub within: Option<Window>,
    /// Keep the current private key instead of generating a new one
    #[arg(long)]
    pub reuse_key: bool,
    /// Validity of the successors [default: the predecessor's requested validity]
    #[arg(long, value_parser = parse_duration)]
    pub validity: Option<i64>,
    /// Revoke each predecessor (reason superseded) once its hook succeeded
    #[arg(long)]
    pub revoke_old: bool,
    /// Show what would be renewed; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Run CMD (via /bin/sh -c) once per renewed certificate, after the lock is released
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// Run CMD once per run, when anything was renewed
    #[arg(long, value_name = "CMD")]
    pub post_exec: Option<String>,
    /// Kill a hook that runs longer than this
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "60s")]
    pub exec_timeout: i64,
    /// Exit 1 when nothing was renewed
    #[arg(long)]
    pub exit_code: bool,
    /// Also write each successor's files to DIR/NAME/ (needed for certificates whose key the store does not keep)
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Replace existing files under --out-dir
    #[arg(long)]
    pub overwrite: bool,
    /// Renew a certificate signed from a request with this new request (PEM or DER)
    #[arg(long, value_name = "FILE", conflicts_with = "reuse_key")]
    pub csr: Option<PathBuf>,
}

/// Why a certificate is revoked (RFC 5280 reason codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Reason {
    Unspecified,
    KeyCompromise,
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
}

impl Reason {
    /// The SPEC spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Unspecified => "unspecified",
            Reason::KeyCompromise => "key-compromise",
            Reason::CaCompromise => "ca-compromise",
            Reason::AffiliationChanged => "affiliation-changed",
            Reason::Superseded => "superseded",
            Reason::CessationOfOperation => "cessation-of-operation",
        }
    }
}

/// `revoke`.
#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The name whose active certificate is revoked
    #[arg(required_unless_present = "serial", conflicts_with = "serial")]
    pub name: Option<String>,
    /// Revoke the certificate with this serial (any case, colons or 0x allowed)
    #[arg(long, value_name = "HEX")]
    pub serial: Option<String>,
    /// Why; key-compromise also revokes every unexpired certificate of the name that shares the key
    #[arg(long, value_enum, default_value = "unspecified")]
    pub reason: Reason,
    /// Show what would be revoked; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation on a terminal
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `retire`.
#[derive(Debug, Args)]
pub struct RetireArgs {
    /// The name whose active certificate is retired
    #[arg(required_unless_present = "serial", conflicts_with = "serial")]
    pub name: Option<String>,
    /// Retire the certificate with this serial
    #[arg(long, value_name = "HEX")]
    pub serial: Option<String>,
}

/// `crl`.
#[derive(Debug, Args)]
pub struct CrlArgs {
    /// The CA whose CRL is re-signed [default: the default issuer]
    #[arg(long, conflicts_with = "all")]
    pub ca: Option<String>,
    /// Re-sign the CRL of every CA that has its key in the store
    #[arg(long)]
    pub all: bool,
    /// How long the CRL is valid [default: the CA's crl_next_update; 180d root, 7d intermediate]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub next_update: Option<i64>,
    /// Also write the CRLs (PEM, concatenated) to FILE, replaced atomically; - for stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `import-ca`.
#[derive(Debug, Args)]
pub struct ImportCaArgs {
    /// The CA's name in this store
    pub name: String,
    /// The CA certificate (PEM or DER)
    #[arg(long, value_name = "FILE")]
    pub cert: PathBuf,
}

/// `export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Pkcs12,
    K8sSecret,
    Pem,
}

/// `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The certificate's name
    pub name: String,
    /// pkcs12 (Java, Windows, browsers), k8s-secret (kubernetes.io/tls) or pem (key, certificate, chain)
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Output file; - for stdout (needed to print a private key) [default: NAME.p12, NAME.secret.yaml or NAME.pem]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing output file
    #[arg(long)]
    pub overwrite: bool,
    /// pkcs12: 3DES and a SHA-1 MAC, for software that cannot read AES-256 (weak)
    #[arg(long)]
    pub legacy: bool,
    /// pkcs12: the entry's alias (friendly name) [default: NAME]
    #[arg(long, value_name = "ALIAS")]
    pub p12_name: Option<String>,
    /// pkcs12: the file's password (first line of FILE) [env: PKICTL_P12_PASSPHRASE]
    #[arg(long, value_name = "FILE")]
    pub p12_passphrase_file: Option<PathBuf>,
    /// k8s-secret: the namespace [default: default]
    #[arg(long)]
    pub namespace: Option<String>,
    /// k8s-secret: the Secret's name [default: NAME as a DNS-1123 name]
    #[arg(long)]
    pub secret_name: Option<String>,
}

/// `bundle --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BundleFormat {
    Pem,
    Pkcs12Truststore,
    K8sConfigmap,
}

/// `bundle`.
#[derive(Debug, Args)]
pub struct BundleArgs {
    /// CAs to include [default: every root of the store]
    #[arg(long, value_name = "CA")]
    pub ca: Vec<String>,
    /// Include intermediates too (with --ca: the CA's chain up to its root)
    #[arg(long)]
    pub with_intermediates: bool,
    /// pem, pkcs12-truststore (Java trustedCertEntry) or k8s-configmap (ca.crt)
    #[arg(long, value_enum)]
    pub format: BundleFormat,
    /// Output file; - for stdout [default: - for pem and k8s-configmap, truststore.p12]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing output file
    #[arg(long)]
    pub overwrite: bool,
    /// pkcs12-truststore: the file's password [env: PKICTL_P12_PASSPHRASE]
    #[arg(long, value_name = "FILE")]
    pub p12_passphrase_file: Option<PathBuf>,
    /// k8s-configmap: the namespace [default: default]
    #[arg(long)]
    pub namespace: Option<String>,
    /// k8s-configmap: the ConfigMap's name [default: pkictl-ca-bundle]
    #[arg(long)]
    pub configmap_name: Option<String>,
}

/// `ca …`.
#[derive(Debug, Subcommand)]
pub enum CaCommand {
    /// Make a CA the store's default issuer
    Default(CaDefaultArgs),
    /// Where every CA stands: validity, key, leaves, CRL, constraints
    Status(CaStatusArgs),
    /// Certify a CA's key again: new validity and serial, same subject and key; leaves untouched
    Renew(CaRenewArgs),
    /// Certify a CA's key by another CA of the store (a cross certificate)
    CrossSign(CaCrossSignArgs),
    /// Move a CA to a new key in stages: --plan, --start, --reissue, --finish
    Rollover(CaRolloverArgs),
}

/// `ca rollover`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("stage").required(true).args(["plan", "start", "reissue", "finish"])))]
pub struct CaRolloverArgs {
    /// The CA to move to a new key
    pub name: String,
    /// Print the dated steps and what depends on the CA; change nothing
    #[arg(long)]
    pub plan: bool,
    /// Create the next generation (a new key); issuance moves to it
    #[arg(long)]
    pub start: bool,
    /// Renew the active leaves that still need the old generation
    #[arg(long)]
    pub reissue: bool,
    /// Retire the old generation with a final CRL
    #[arg(long)]
    pub finish: bool,
    /// --start: key type of the new generation [default: the current one's]
    #[arg(long, value_enum, requires = "start")]
    pub key_type: Option<KeyType>,
    /// --start: validity of the new generation [default: the current one's validity period]
    #[arg(long, value_parser = parse_duration, requires = "start")]
    pub validity: Option<i64>,
    /// --start: common name of the new generation [default: the current one's with " G<n>"]
    #[arg(long, requires = "start")]
    pub cn: Option<String>,
    /// --reissue: renew at most N leaves per transaction (a failure keeps what came before)
    #[arg(long, value_name = "N", requires = "reissue", value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_size: Option<u64>,
    /// --reissue: scatter the new notAfters over this span so they do not all fall on one day
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "reissue")]
    pub spread: Option<i64>,
    /// --reissue: revoke each old certificate (reason superseded) once its successor is in place
    #[arg(long, requires = "reissue")]
    pub revoke_old: bool,
    /// --reissue: run CMD after each renewal (as `renew --exec`)
    #[arg(long, value_name = "CMD", requires = "reissue")]
    pub exec: Option<String>,
    /// --reissue: run CMD once after all renewals (as `renew --post-exec`)
    #[arg(long, value_name = "CMD", requires = "reissue")]
    pub post_exec: Option<String>,
    /// --reissue: kill a hook that runs longer than this
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "60s")]
    pub exec_timeout: i64,
    /// --finish: retire the old generation although leaves still need it
    #[arg(long, requires = "finish")]
    pub force: bool,
    /// --start: store the new key unencrypted
    #[arg(long, requires = "start")]
    pub no_passphrase: bool,
    /// Show what the step would do; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// `ca cross-sign`.
#[derive(Debug, Args)]
pub struct CaCrossSignArgs {
    /// The CA whose key is certified (its subject and key, as they are)
    pub name: String,
    /// The CA that signs (its key must be in the store)
    #[arg(long, value_name = "CA")]
    pub by: String,
    /// Validity from now [default: until NAME's own certificate or BY's, whichever ends first]
    #[arg(long, value_parser = parse_duration, conflicts_with = "not_after")]
    pub validity: Option<i64>,
    /// Exact notAfter (RFC 3339 or Unix time)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub not_after: Option<i64>,
    /// Show the certificate it would make; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// `ca renew`.
#[derive(Debug, Args)]
pub struct CaRenewArgs {
    /// The CA to renew
    pub name: String,
    /// Validity from now [default: the CA's current validity period]
    #[arg(long, value_parser = parse_duration, conflicts_with = "not_after")]
    pub validity: Option<i64>,
    /// Exact notAfter (RFC 3339 or Unix time)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub not_after: Option<i64>,
    /// Show the certificate it would make; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Offline parent: write a certificate request for the CA's key to FILE (its signer sets the validity)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["validity", "not_after", "import_cert", "dry_run"])]
    pub csr_out: Option<PathBuf>,
    /// Offline parent: install the certificate the parent signed for the request
    #[arg(long, value_name = "FILE", conflicts_with_all = ["validity", "not_after", "dry_run"])]
    pub import_cert: Option<PathBuf>,
}

/// `ca status`.
#[derive(Debug, Args)]
pub struct CaStatusArgs {
    /// One CA (default: every CA of the store)
    pub name: Option<String>,
}

/// `ca default`.
#[derive(Debug, Args)]
pub struct CaDefaultArgs {
    /// The CA to issue from by default
    pub name: String,
}

/// `policy …`.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Print the effective policy (every CA, or one)
    Show(PolicyShowArgs),
}

/// `policy show`.
#[derive(Debug, Args)]
pub struct PolicyShowArgs {
    /// Only this CA
    #[arg(long)]
    pub ca: Option<String>,
    // The variables `issue` reads, to show the defaults it would use.
    #[arg(long, hide = true, env = "PKICTL_CA")]
    pub ca_env: Option<String>,
    #[arg(long, hide = true, value_enum, env = "PKICTL_KEY_TYPE")]
    pub key_type: Option<KeyType>,
    #[arg(long, hide = true, value_enum, env = "PKICTL_PROFILE")]
    pub profile: Option<Profile>,
    #[arg(long, hide = true, value_parser = parse_duration, env = "PKICTL_VALIDITY")]
    pub validity: Option<i64>,
}

/// `audit …`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain and print its head
    Verify,
}

/// `doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Mend what can be mended safely
    #[arg(long)]
    pub fix: bool,
}

/// `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where the values clap resolved came from (flag, environment or default),
/// for what the output reports and for the precedence of pkictl.toml.
#[derive(Debug, Clone, Copy)]
pub struct Sources {
    /// Where `--store` came from.
    pub store: crate::store::StoreSource,
}

impl Sources {
    /// Reads the sources of the parsed command line.
    pub fn of(m: &clap::ArgMatches) -> Sources {
        use clap::parser::ValueSource;
        // Global arguments are reported on the matches of the subcommand
        // that was given; look there first.
        let source = |id: &str| {
            let mut cur = m;
            let mut found = cur.value_source(id);
            while let Some((_, sub)) = cur.subcommand() {
                cur = sub;
                if let Some(s) = cur.value_source(id) {
                    found = Some(s);
                }
            }
            found
        };
        let store = match source("store") {
            Some(ValueSource::CommandLine) => crate::store::StoreSource::Flag,
            Some(ValueSource::EnvVariable) => crate::store::StoreSource::Env,
            _ => crate::store::StoreSource::Default,
        };
        Sources { store }
    }
}

/// The clap command, for completions and man pages.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}
