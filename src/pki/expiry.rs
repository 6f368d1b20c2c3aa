//! Expiry grades: how close a certificate or a CRL is to the end of its
//! life, by the windows a run is given (`check-expiry`, `renew --within`).

use serde::Serialize;

use crate::timeutil::{DAY, Window};

/// How close to expiry something is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Ok,
    Warning,
    Critical,
    Expired,
}

impl Grade {
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Ok => "ok",
            Grade::Warning => "warning",
            Grade::Critical => "critical",
            Grade::Expired => "expired",
        }
    }
}

/// The windows a run grades with.
#[derive(Debug, Clone, Copy)]
pub struct Windows {
    pub within: Window,
    pub critical: Option<Window>,
}

impl Windows {
    /// Grades a validity period at `at`. Without --critical, the critical
    /// window is the smaller of 7 days and the warning window.
    pub fn grade(&self, not_before: i64, not_after: i64, at: i64) -> Grade {
        if not_after < at {
            return Grade::Expired;
        }
        let left = not_after - at;
        let critical = match self.critical {
            Some(c) => c.width(not_before, not_after),
            None => (7 * DAY).min(self.within.width(not_before, not_after)),
        };
        if left <= critical {
            Grade::Critical
        } else if self.within.contains(not_before, not_after, at) {
            Grade::Warning
        } else {
            Grade::Ok
        }
    }
}

/// A CRL is graded on its own lifetime: warning in its last quarter,
/// critical in its last tenth, expired after its next update.
pub fn grade_crl(this_update: i64, next_update: i64, at: i64) -> Grade {
    let life = (next_update - this_update).max(1) as f64;
    let left = (next_update - at) as f64;
    if left < 0.0 {
        Grade::Expired
    } else if left <= life * 0.10 {
        Grade::Critical
    } else if left <= life * 0.25 {
        Grade::Warning
    } else {
        Grade::Ok
    }
}

/// Counts per grade, and files without a certificate.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub ok: usize,
    pub warning: usize,
    pub critical: usize,
    pub expired: usize,
    pub skipped: usize,
}

impl Summary {
    /// Counts one more of a grade.
    pub fn add(&mut self, g: Grade) {
        match g {
            Grade::Ok => self.ok += 1,
            Grade::Warning => self.warning += 1,
            Grade::Critical => self.critical += 1,
            Grade::Expired => self.expired += 1,
        }
    }
}

/// The trap of a CA that expires before the leaves it would sign: when a
/// CA has less time left than a leaf's validity, issuance with that
/// validity is refused (no certificate may outlive its issuer's chain).
pub fn ca_expires_before_leaves(
    ca: &str,
    not_after: i64,
    leaf_validity: i64,
    at: i64,
) -> Option<crate::error::Warning> {
    use crate::timeutil::{format_duration, format_time};
    let left = not_after - at;
    (left >= 0 && left < leaf_validity).then(|| {
        crate::error::Warning::new(
            crate::error::WarningCode::CaExpiresBeforeLeaves,
            format!(
                "CA {ca} expires on {} (in {}), before a leaf issued now for the default {} would: such issuance is refused from now on; replace the CA (a new intermediate, or a new root and intermediates) and move issuance to it",
                format_time(not_after),
                format_duration(left.max(1)),
                format_duration(leaf_validity),
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificates_are_graded_by_the_windows() {
        let w = Windows {
            within: Window::Secs(30 * DAY),
            critical: None,
        };
        let (nb, na) = (0, 365 * DAY);
        assert_eq!(w.grade(nb, na, na - 31 * DAY), Grade::Ok);
        assert_eq!(w.grade(nb, na, na - 30 * DAY), Grade::Warning);
        // Without --critical: the smaller of 7 days and the warning window.
        assert_eq!(w.grade(nb, na, na - 7 * DAY), Grade::Critical);
        assert_eq!(w.grade(nb, na, na + 1), Grade::Expired);
        let share = Windows {
            within: Window::Percent(50.0),
            critical: Some(Window::Secs(DAY)),
        };
        assert_eq!(share.grade(nb, na, 100 * DAY), Grade::Ok);
        assert_eq!(share.grade(nb, na, 200 * DAY), Grade::Warning);
        assert_eq!(share.grade(nb, na, na - DAY), Grade::Critical);
    }

    #[test]
    fn crls_are_graded_on_their_own_lifetime() {
        assert_eq!(grade_crl(0, 100, 70), Grade::Ok);
        assert_eq!(grade_crl(0, 100, 80), Grade::Warning);
        assert_eq!(grade_crl(0, 100, 95), Grade::Critical);
        assert_eq!(grade_crl(0, 100, 101), Grade::Expired);
        let mut s = Summary::default();
        s.add(Grade::Warning);
        s.add(Grade::Warning);
        assert_eq!((s.ok, s.warning), (0, 2));
    }
}
