//! The one error type: a stable code for `--json`, a message that names the
//! object, and a hint that says what to do next.

use std::fmt;
use std::path::Path;

use serde::Serialize;

/// Stable, snake_case error codes (SPEC section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    Usage,
    NotFound,
    AlreadyExists,
    ExistsDifferent,
    StoreMissing,
    StoreFormat,
    LockTimeout,
    WrongPassphrase,
    PassphraseRequired,
    PolicyViolation,
    NameConstraintViolation,
    OutlivesIssuer,
    InsecurePermissions,
    MalformedInput,
    Unsupported,
    WeakKey,
    WeakSignature,
    BadSignature,
    Io,
    HookFailed,
    Internal,
}

impl Code {
    /// The snake_case spelling used in JSON and the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Usage => "usage",
            Code::NotFound => "not_found",
            Code::AlreadyExists => "already_exists",
            Code::ExistsDifferent => "exists_different",
            Code::StoreMissing => "store_missing",
            Code::StoreFormat => "store_format",
            Code::LockTimeout => "lock_timeout",
            Code::WrongPassphrase => "wrong_passphrase",
            Code::PassphraseRequired => "passphrase_required",
            Code::PolicyViolation => "policy_violation",
            Code::NameConstraintViolation => "name_constraint_violation",
            Code::OutlivesIssuer => "outlives_issuer",
            Code::InsecurePermissions => "insecure_permissions",
            Code::MalformedInput => "malformed_input",
            Code::Unsupported => "unsupported",
            Code::WeakKey => "weak_key",
            Code::WeakSignature => "weak_signature",
            Code::BadSignature => "bad_signature",
            Code::Io => "io",
            Code::HookFailed => "hook_failed",
            Code::Internal => "internal",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error that stops a command (or one input of a multi-input command).
#[derive(Debug, Clone)]
pub struct Error {
    pub code: Code,
    pub message: String,
    pub hint: Option<String>,
}

/// The crate-wide result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with a code and a message (cut at `MESSAGE_MAX` bytes: a
    /// message never carries megabytes of someone's input).
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Error {
            code,
            message: clip(message.into(), MESSAGE_MAX),
            hint: None,
        }
    }

    /// Adds (or replaces) the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Names the input the error is about: `FILE: message`.
    pub fn about(mut self, input: &Path) -> Self {
        let shown = input.display().to_string();
        if !self.message.starts_with(&shown) {
            self.message = format!("{shown}: {}", self.message);
        }
        self
    }

    /// A usage error (exit 2, code `usage`).
    pub fn usage(message: impl Into<String>) -> Self {
        Error::new(Code::Usage, message)
    }

    /// Malformed input, naming what could not be read.
    pub fn malformed(message: impl Into<String>) -> Self {
        Error::new(Code::MalformedInput, message)
    }

    /// A bug or an impossible state.
    pub fn internal(message: impl Into<String>) -> Self {
        Error::new(Code::Internal, message)
            .hint("this is a bug in pkictl; please report it with the command you ran")
    }

    /// An I/O error on a path, with a hint that fits the OS error.
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        let hint = match err.kind() {
            std::io::ErrorKind::PermissionDenied => {
                "check the file's owner and mode, or run as the user who owns it"
            }
            std::io::ErrorKind::NotFound => "check the path",
            std::io::ErrorKind::StorageFull => "free some disk space and run the command again",
            _ => "check the path and the file system, then run the command again",
        };
        let code = if err.kind() == std::io::ErrorKind::NotFound {
            Code::NotFound
        } else {
            Code::Io
        };
        Error::new(code, format!("cannot {action} {}: {err}", path.display())).hint(hint)
    }

    /// The process exit code for this error: always 2 ("trouble").
    pub fn exit_code(&self) -> u8 {
        2
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// A JSON error without serde's own position, which counts from the start
/// of the one line it was given ("line 1 column 55"): the caller names the
/// index line, and only the column is kept.
pub fn json_problem(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let msg = match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    let msg = clip(msg.to_string(), 2 * QUOTE_MAX);
    if e.column() > 0 {
        format!("{msg} (column {})", e.column())
    } else {
        msg
    }
}

/// Most bytes of any error message.
pub const MESSAGE_MAX: usize = 2000;

/// Cuts a text at `max` bytes (on a character boundary), saying so.
pub fn clip(mut s: String, max: usize) -> String {
    if s.len() <= max {
        return s;
    }
    let total = s.len();
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s.push_str(&format!("… (cut; {total} bytes in all)"));
    s
}

/// Most bytes of outside input an error message quotes.
pub const QUOTE_MAX: usize = 200;

/// Outside input as an error message quotes it: Rust-escaped, at most
/// `QUOTE_MAX` bytes of it, with the full length when cut — so a 50 MB
/// line never becomes a 50 MB message.
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s.len() <= QUOTE_MAX {
            return write!(f, "{s:?}");
        }
        let mut end = QUOTE_MAX;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        write!(f, "{:?}… ({} bytes in all)", &s[..end], s.len())
    }
}

/// Quotes outside input for a message (see `Quoted`).
pub fn q<S: AsRef<str> + ?Sized>(s: &S) -> Quoted<'_> {
    Quoted(s.as_ref())
}

/// The stable code of a warning (JSON `warnings[].code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningCode {
    AlreadyRevoked,
    BadSignature,
    CaExpiresBeforeLeaves,
    CaWithoutKeyCertSign,
    ConstraintsChanged,
    /// A root's new generation keeps its subject (or was given one) so that
    /// the cross certificate fits the old root's pathLen.
    CrossPathLength,
    ControlCharacter,
    CrlStale,
    Expired,
    IndexTorn,
    InsecurePermissions,
    IssuedFromRoot,
    LegacyPkcs12,
    LongValidity,
    NcLeadingPeriod,
    NoCrlNumber,
    NoKey,
    NoNextUpdate,
    NoSan,
    NotActive,
    NotYetValid,
    PrometheusNotWritten,
    SeveralRoots,
    SubdomainsOnlyIsPolicy,
    UnencryptedKey,
    WeakEncryption,
    WeakKdf,
    WeakKey,
    WeakSignature,
    WrongPassphrase,
}

impl WarningCode {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::AlreadyRevoked => "already_revoked",
            WarningCode::BadSignature => "bad_signature",
            WarningCode::CaExpiresBeforeLeaves => "ca_expires_before_leaves",
            WarningCode::CaWithoutKeyCertSign => "ca_without_key_cert_sign",
            WarningCode::ConstraintsChanged => "constraints_changed",
            WarningCode::CrossPathLength => "cross_path_length",
            WarningCode::ControlCharacter => "control_character",
            WarningCode::CrlStale => "crl_stale",
            WarningCode::Expired => "expired",
            WarningCode::IndexTorn => "index_torn",
            WarningCode::InsecurePermissions => "insecure_permissions",
            WarningCode::IssuedFromRoot => "issued_from_root",
            WarningCode::LegacyPkcs12 => "legacy_pkcs12",
            WarningCode::LongValidity => "long_validity",
            WarningCode::NcLeadingPeriod => "nc_leading_period",
            WarningCode::NoCrlNumber => "no_crl_number",
            WarningCode::NoKey => "no_key",
            WarningCode::NoNextUpdate => "no_next_update",
            WarningCode::NoSan => "no_san",
            WarningCode::NotActive => "not_active",
            WarningCode::NotYetValid => "not_yet_valid",
            WarningCode::PrometheusNotWritten => "prometheus_not_written",
            WarningCode::SeveralRoots => "several_roots",
            WarningCode::SubdomainsOnlyIsPolicy => "subdomains_only_is_policy",
            WarningCode::UnencryptedKey => "unencrypted_key",
            WarningCode::WeakEncryption => "weak_encryption",
            WarningCode::WeakKdf => "weak_kdf",
            WarningCode::WeakKey => "weak_key",
            WarningCode::WeakSignature => "weak_signature",
            WarningCode::WrongPassphrase => "wrong_passphrase",
        }
    }
}

impl Serialize for WarningCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for WarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A non-fatal problem reported next to a result.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
}

impl Warning {
    /// A warning with a stable code.
    pub fn new(code: WarningCode, message: impl Into<String>) -> Self {
        Warning {
            code,
            message: message.into(),
        }
    }
}

/// An input of a multi-input command that could not be used (it lives in
/// the document's `errors`, next to the results of the other inputs).
#[derive(Debug, Clone, Serialize)]
pub struct InputError {
    pub path: String,
    pub code: Code,
    pub message: String,
    /// What to do about it, when there is something to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl InputError {
    /// The error of one input.
    pub fn new(path: impl Into<String>, err: Error) -> Self {
        InputError {
            path: path.into(),
            code: err.code,
            message: err.message,
            hint: err.hint,
        }
    }

    /// One line for a person, with the hint on the next.
    pub fn describe(&self) -> String {
        match &self.hint {
            Some(h) => format!(
                "{}: {} ({})\n  hint: {h}",
                self.path, self.message, self.code
            ),
            None => format!("{}: {} ({})", self.path, self.message, self.code),
        }
    }
}
