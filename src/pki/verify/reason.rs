//! Why a chain is refused: SPEC's `reason.code`, the strict check that
//! refused (`reason.check`), and a rank so that, when several things fail,
//! the most specific one is reported (rustls-webpki's own approach).

use std::fmt;

use serde::Serialize;

/// SPEC section 5's `reason.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Expired,
    NotYetValid,
    UnknownIssuer,
    BadSignature,
    NameMismatch,
    Revoked,
    PurposeMismatch,
    NameConstraintViolation,
    PathLenExceeded,
    MaxDepthExceeded,
    NotACa,
    CrlExpired,
    CrlMissing,
    CrlBadSignature,
    WeakKey,
    Malformed,
    SelfSignedLeaf,
    UnsupportedCriticalExtension,
    /// A strict check (SPEC section 7); `reason.check` says which.
    Policy,
}

impl Code {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Expired => "expired",
            Code::NotYetValid => "not_yet_valid",
            Code::UnknownIssuer => "unknown_issuer",
            Code::BadSignature => "bad_signature",
            Code::NameMismatch => "name_mismatch",
            Code::Revoked => "revoked",
            Code::PurposeMismatch => "purpose_mismatch",
            Code::NameConstraintViolation => "name_constraint_violation",
            Code::PathLenExceeded => "path_len_exceeded",
            Code::MaxDepthExceeded => "max_depth_exceeded",
            Code::NotACa => "not_a_ca",
            Code::CrlExpired => "crl_expired",
            Code::CrlMissing => "crl_missing",
            Code::CrlBadSignature => "crl_bad_signature",
            Code::WeakKey => "weak_key",
            Code::Malformed => "malformed",
            Code::SelfSignedLeaf => "self_signed_leaf",
            Code::UnsupportedCriticalExtension => "unsupported_critical_extension",
            Code::Policy => "policy",
        }
    }

    /// How specific the cause is: a higher rank is more useful to a person
    /// (an expired certificate says more than "no path was found"). The
    /// order follows rustls-webpki's `Error::rank`.
    pub fn rank(self) -> u32 {
        match self {
            Code::Expired | Code::NotYetValid => 290,
            Code::NameMismatch => 280,
            Code::Revoked => 275,
            Code::CrlExpired | Code::CrlMissing => 270,
            Code::CrlBadSignature | Code::BadSignature => 260,
            Code::PurposeMismatch => 240,
            Code::NameConstraintViolation => 230,
            Code::PathLenExceeded | Code::MaxDepthExceeded => 220,
            Code::NotACa => 210,
            Code::SelfSignedLeaf => 205,
            Code::WeakKey => 200,
            Code::UnsupportedCriticalExtension => 130,
            Code::Policy => 120,
            Code::Malformed => 40,
            Code::UnknownIssuer => 0,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for Check {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The strict checks of SPEC section 7 (and the few pkictl adds), by the
/// stable name JSON gives them in `reason.check`. Declaration order is the
/// order of preference among checks of the same code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Check {
    SerialNegative,
    SerialZero,
    SerialTooLong,
    NotV3,
    SignatureAlgorithmMismatch,
    WeakKey,
    WeakSignature,
    CriticalAki,
    CriticalSki,
    EmptyIssuer,
    ControlCharacter,
    NcNotCritical,
    NcEmpty,
    NcLeadingPeriod,
    DuplicateExtension,
    MalformedExtension,
    SanNotCritical,
    EeMissingAki,
    EeKeyCertSign,
    EeNameConstraints,
    EeCriticalEku,
    EeAnyEku,
    EeMissingEku,
    EeMalformedEku,
    SanCriticalWithSubject,
    CnSpelling,
    DnsSyntax,
    WildcardPublicSuffix,
    CaEmptySubject,
    CaBasicConstraintsNotCritical,
    CaNotCa,
    CaMissingBasicConstraints,
    CaMalformedBasicConstraints,
    CaMissingKeyCertSign,
    MissingSki,
    PolicyConstraintsNotCritical,
    AnchorUnknownCriticalExtension,
    AnchorEku,
    AnchorMissingAki,
    RootAkiNotKeyId,
    RootAkiSkiMismatch,
    IntermediateMissingAki,
    MalformedIntermediate,
    MaxDepth,
    AnchorValidity,
    AnchorPathLen,
    CrlMissingNumber,
    CrlCriticalNumber,
    CrlIssuerNotCrlSigner,
}

impl Check {
    /// Every check, in declaration order.
    pub const ALL: [Check; 49] = [
        Check::SerialNegative,
        Check::SerialZero,
        Check::SerialTooLong,
        Check::NotV3,
        Check::SignatureAlgorithmMismatch,
        Check::WeakKey,
        Check::WeakSignature,
        Check::CriticalAki,
        Check::CriticalSki,
        Check::EmptyIssuer,
        Check::ControlCharacter,
        Check::NcNotCritical,
        Check::NcEmpty,
        Check::NcLeadingPeriod,
        Check::DuplicateExtension,
        Check::MalformedExtension,
        Check::SanNotCritical,
        Check::EeMissingAki,
        Check::EeKeyCertSign,
        Check::EeNameConstraints,
        Check::EeCriticalEku,
        Check::EeAnyEku,
        Check::EeMissingEku,
        Check::EeMalformedEku,
        Check::SanCriticalWithSubject,
        Check::CnSpelling,
        Check::DnsSyntax,
        Check::WildcardPublicSuffix,
        Check::CaEmptySubject,
        Check::CaBasicConstraintsNotCritical,
        Check::CaNotCa,
        Check::CaMissingBasicConstraints,
        Check::CaMalformedBasicConstraints,
        Check::CaMissingKeyCertSign,
        Check::MissingSki,
        Check::PolicyConstraintsNotCritical,
        Check::AnchorUnknownCriticalExtension,
        Check::AnchorEku,
        Check::AnchorMissingAki,
        Check::RootAkiNotKeyId,
        Check::RootAkiSkiMismatch,
        Check::IntermediateMissingAki,
        Check::MalformedIntermediate,
        Check::MaxDepth,
        Check::AnchorValidity,
        Check::AnchorPathLen,
        Check::CrlMissingNumber,
        Check::CrlCriticalNumber,
        Check::CrlIssuerNotCrlSigner,
    ];

    /// The code the check reports under.
    pub fn code(self) -> Code {
        match self {
            Check::WeakKey => Code::WeakKey,
            Check::NotV3
            | Check::DuplicateExtension
            | Check::MalformedExtension
            | Check::EeMalformedEku
            | Check::DnsSyntax
            | Check::CaMalformedBasicConstraints
            | Check::MalformedIntermediate => Code::Malformed,
            Check::CaNotCa => Code::NotACa,
            Check::AnchorUnknownCriticalExtension => Code::UnsupportedCriticalExtension,
            Check::MaxDepth => Code::MaxDepthExceeded,
            Check::AnchorPathLen => Code::PathLenExceeded,
            // The anchor's validity reports expired or not_yet_valid itself.
            _ => Code::Policy,
        }
    }

    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Check::SerialNegative => "serial_negative",
            Check::SerialZero => "serial_zero",
            Check::SerialTooLong => "serial_too_long",
            Check::NotV3 => "not_v3",
            Check::SignatureAlgorithmMismatch => "signature_algorithm_mismatch",
            Check::WeakKey => "weak_key",
            Check::WeakSignature => "weak_signature",
            Check::CriticalAki => "critical_aki",
            Check::CriticalSki => "critical_ski",
            Check::EmptyIssuer => "empty_issuer",
            Check::ControlCharacter => "control_character",
            Check::NcNotCritical => "nc_not_critical",
            Check::NcEmpty => "nc_empty",
            Check::NcLeadingPeriod => "nc_leading_period",
            Check::DuplicateExtension => "duplicate_extension",
            Check::MalformedExtension => "malformed_extension",
            Check::SanNotCritical => "san_not_critical",
            Check::EeMissingAki => "ee_missing_aki",
            Check::EeKeyCertSign => "ee_key_cert_sign",
            Check::EeNameConstraints => "ee_name_constraints",
            Check::EeCriticalEku => "ee_critical_eku",
            Check::EeAnyEku => "ee_any_eku",
            Check::EeMissingEku => "ee_missing_eku",
            Check::EeMalformedEku => "ee_malformed_eku",
            Check::SanCriticalWithSubject => "san_critical_with_subject",
            Check::CnSpelling => "cn_spelling",
            Check::DnsSyntax => "dns_syntax",
            Check::WildcardPublicSuffix => "wildcard_public_suffix",
            Check::CaEmptySubject => "ca_empty_subject",
            Check::CaBasicConstraintsNotCritical => "ca_bc_not_critical",
            Check::CaNotCa => "ca_not_ca",
            Check::CaMissingBasicConstraints => "ca_missing_bc",
            Check::CaMalformedBasicConstraints => "ca_malformed_bc",
            Check::CaMissingKeyCertSign => "ca_missing_key_cert_sign",
            Check::MissingSki => "missing_ski",
            Check::PolicyConstraintsNotCritical => "policy_constraints_not_critical",
            Check::AnchorUnknownCriticalExtension => "anchor_unknown_critical_extension",
            Check::AnchorEku => "anchor_eku",
            Check::AnchorMissingAki => "anchor_missing_aki",
            Check::RootAkiNotKeyId => "root_aki_not_key_id",
            Check::RootAkiSkiMismatch => "root_aki_ski_mismatch",
            Check::IntermediateMissingAki => "intermediate_missing_aki",
            Check::MalformedIntermediate => "malformed_intermediate",
            Check::MaxDepth => "max_depth",
            Check::AnchorValidity => "anchor_validity",
            Check::AnchorPathLen => "anchor_path_len",
            Check::CrlMissingNumber => "crl_missing_number",
            Check::CrlCriticalNumber => "crl_critical_number",
            Check::CrlIssuerNotCrlSigner => "crl_issuer_not_crl_signer",
        }
    }
}

/// Why a chain is invalid.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Reason {
    pub code: Code,
    /// The strict check that refused, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<Check>,
    pub message: String,
    /// The subject of the certificate that failed.
    pub certificate: Option<String>,
}

impl Reason {
    /// A reason with a code and no strict check.
    pub fn new(code: Code, message: impl Into<String>, certificate: Option<String>) -> Reason {
        Reason {
            code,
            check: None,
            message: message.into(),
            certificate,
        }
    }

    /// A strict check's refusal (its code comes from the check).
    pub fn strict(check: Check, message: impl Into<String>, certificate: Option<String>) -> Reason {
        Reason {
            code: check.code(),
            check: Some(check),
            message: message.into(),
            certificate,
        }
    }

    /// The reason's rank: its code's, then the check's preference. Under
    /// one code a strict check beats a reason without one: it names the
    /// certificate at fault and what is wrong with it.
    pub fn rank(&self) -> (u32, u32) {
        let check = self.check.map_or(0, |c| u32::MAX - c as u32);
        (self.code.rank(), check)
    }

    /// The most specific of several reasons (the first among equals).
    pub fn most_specific(reasons: impl IntoIterator<Item = Reason>) -> Option<Reason> {
        reasons
            .into_iter()
            .fold(None, |best: Option<Reason>, r| match best {
                Some(b) if b.rank() >= r.rank() => Some(b),
                _ => Some(r),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_specific_reason_wins() {
        let policy = Reason::strict(Check::SerialZero, "zero", None);
        let weak = Reason::strict(Check::WeakKey, "weak", None);
        let unknown = Reason::new(Code::UnknownIssuer, "no path", None);
        let expired = Reason::new(Code::Expired, "expired", None);
        let best = Reason::most_specific([unknown.clone(), policy.clone(), weak.clone()]).unwrap();
        assert_eq!(best.check, Some(Check::WeakKey));
        let best = Reason::most_specific([policy.clone(), expired.clone()]).unwrap();
        assert_eq!(best.code, Code::Expired);
        // Among checks of one code, the earlier one is preferred, and the
        // first of two equal reasons is kept.
        let aki = Reason::strict(Check::EeMissingAki, "aki", None);
        assert_eq!(
            Reason::most_specific([aki.clone(), policy.clone()])
                .unwrap()
                .check,
            Some(Check::SerialZero)
        );
        assert_eq!(
            Reason::most_specific([aki.clone(), aki.clone()])
                .unwrap()
                .message,
            "aki"
        );
        // Under one code, a strict check beats a reason without one.
        let generic = Reason::new(Code::Policy, "generic", None);
        assert_eq!(
            Reason::most_specific([generic, aki.clone()]).unwrap().check,
            Some(Check::EeMissingAki)
        );
        assert!(Reason::most_specific(Vec::new()).is_none());
    }

    #[test]
    fn every_check_has_a_distinct_name() {
        let all = Check::ALL;
        let names: std::collections::HashSet<&str> = all.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), all.len());
        assert_eq!(serde_json::to_value(Check::EeAnyEku).unwrap(), "ee_any_eku");
        assert_eq!(serde_json::to_value(Code::NotACa).unwrap(), "not_a_ca");
    }
}
