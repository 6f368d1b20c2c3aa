//! Times and durations: SPEC's duration grammar (`y` = 365 days, no months),
//! the `YYYY-MM-DDTHH:MM:SSZ` format and user-given times (RFC 3339 or Unix).

use crate::error::{Error, Result};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Parses a duration such as `90d`, `1d12h`, `10y` or `0` into seconds.
pub fn parse_duration(text: &str) -> Result<i64> {
    let bad = || {
        Error::usage(format!("invalid duration {}", crate::error::q(text)))
            .hint("use a number with a unit: s, m (minutes), h, d, w or y (365 days), combinable as in 1d12h; months are not supported")
    };
    let s = text.trim();
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(bad());
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => DAY,
            'w' => 7 * DAY,
            'y' => 365 * DAY,
            _ => return Err(bad()),
        };
        if digits.is_empty() {
            return Err(bad());
        }
        let n: i64 = digits.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(bad)?;
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(bad());
    }
    // Far beyond any certificate's life; keeps later arithmetic in range.
    if total > 10_000 * 365 * DAY {
        return Err(bad());
    }
    Ok(total)
}

/// Formats seconds back into the duration grammar (largest units first).
pub fn format_duration(mut secs: i64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    if secs < 0 {
        out.push('-');
        secs = -secs;
    }
    for (unit, len) in [
        ("y", 365 * DAY),
        ("d", DAY),
        ("h", 3600),
        ("m", 60),
        ("s", 1),
    ] {
        if secs >= len {
            out.push_str(&format!("{}{unit}", secs / len));
            secs %= len;
        }
    }
    out
}

/// A window before expiry: a duration, or a share of a certificate's own
/// lifetime (`33%`: less than a third of the lifetime is left).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Window {
    Secs(i64),
    Percent(f64),
}

impl Window {
    /// Parses `30d`, `1d12h` or `33%`.
    pub fn parse(text: &str) -> Result<Window> {
        if let Some(p) = text.trim().strip_suffix('%') {
            let v: f64 = p.trim().parse().map_err(|_| {
                Error::usage(format!("invalid percentage {}", crate::error::q(text)))
                    .hint("use a number from 0 to 100 followed by %, e.g. 33%")
            })?;
            if !(0.0..=100.0).contains(&v) {
                return Err(Error::usage(format!(
                    "percentage {} is not between 0% and 100%",
                    crate::error::q(text)
                )));
            }
            return Ok(Window::Percent(v));
        }
        parse_duration(text).map(Window::Secs)
    }

    /// True when a certificate valid from `not_before` to `not_after` is
    /// within the window at `now` (an expired one always is).
    pub fn contains(&self, not_before: i64, not_after: i64, now: i64) -> bool {
        let left = not_after - now;
        match *self {
            Window::Secs(s) => left <= s,
            Window::Percent(p) => (left as f64) <= (not_after - not_before) as f64 * p / 100.0,
        }
    }

    /// How wide the window is for one certificate, in seconds.
    pub fn width(&self, not_before: i64, not_after: i64) -> i64 {
        match *self {
            Window::Secs(s) => s,
            Window::Percent(p) => ((not_after - not_before) as f64 * p / 100.0) as i64,
        }
    }
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Window::Secs(s) => f.write_str(&format_duration(*s)),
            Window::Percent(p) => write!(f, "{p}%"),
        }
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day number.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Formats a Unix time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_time(unix: i64) -> String {
    let days = unix.div_euclid(DAY);
    let rem = unix.rem_euclid(DAY);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Parses exactly `YYYY-MM-DDTHH:MM:SSZ` (the store's own format); fast.
pub fn parse_time(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let mut v = 0i64;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(c - b'0');
        }
        Some(v)
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60 + se)
}

/// Parses a user-given time: RFC 3339 (any offset) or a Unix time stamp.
pub fn parse_user_time(text: &str) -> Result<i64> {
    let s = text.trim();
    if !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()) {
        return s
            .parse()
            .map_err(|_| Error::usage(format!("invalid Unix time {}", crate::error::q(text))));
    }
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map(|t| t.unix_timestamp())
        .map_err(|_| {
            Error::usage(format!("invalid time {}", crate::error::q(text)))
                .hint("use RFC 3339 (2026-01-31T12:00:00Z) or a Unix time stamp")
        })
}

/// A Unix time as the `time` crate's date type (what rcgen takes).
pub fn to_offset(unix: i64) -> Result<time::OffsetDateTime> {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map_err(|_| Error::usage(format!("time {unix} is out of range")))
}

/// The current Unix time.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Serde for Unix times written as the store's RFC 3339 text
/// (`2027-03-05T17:00:37Z`): `#[serde(with = "crate::timeutil::rfc3339")]`.
pub mod rfc3339 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    pub fn serialize<S: Serializer>(unix: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_time(*unix))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::parse_time(&text).ok_or_else(|| {
            D::Error::custom(format!(
                "not a time of the form 2027-01-31T12:00:00Z: {text:?}"
            ))
        })
    }

    /// The same for an optional time.
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(unix: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
            match unix {
                Some(t) => super::serialize(t, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
            #[derive(Deserialize)]
            struct Wrap(#[serde(with = "super")] i64);
            Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_follow_the_spec_grammar() {
        assert_eq!(parse_duration("90d").unwrap(), 90 * DAY);
        assert_eq!(parse_duration("1y").unwrap(), 365 * DAY);
        assert_eq!(parse_duration("1d12h").unwrap(), DAY + 12 * 3600);
        assert_eq!(parse_duration("5m").unwrap(), 300);
        assert_eq!(parse_duration("2w").unwrap(), 14 * DAY);
        assert_eq!(parse_duration("0").unwrap(), 0);
        for bad in ["", "d", "1mo", "1M", "10", "1.5d", "-1d", "1d 2h", "y1"] {
            assert!(parse_duration(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn duration_round_trips_through_format() {
        for s in ["90d", "1y", "1d12h", "5m", "10y", "1y1d1h1m1s"] {
            let secs = parse_duration(s).unwrap();
            assert_eq!(parse_duration(&format_duration(secs)).unwrap(), secs);
        }
    }

    #[test]
    fn time_format_round_trips() {
        for t in [
            0i64,
            951_782_400,
            1_700_000_000,
            4_102_444_800,
            -86_400,
            253_402_300_799,
        ] {
            let s = format_time(t);
            assert_eq!(parse_time(&s), Some(t), "{s}");
        }
        assert_eq!(format_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_time(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn windows_are_durations_or_shares_of_the_lifetime() {
        let w = Window::parse("30d").unwrap();
        assert!(w.contains(0, 100 * DAY, 71 * DAY));
        assert!(!w.contains(0, 100 * DAY, 69 * DAY));
        let p = Window::parse("33%").unwrap();
        assert!(p.contains(0, 90 * DAY, 61 * DAY));
        assert!(!p.contains(0, 90 * DAY, 59 * DAY));
        assert!(
            p.contains(0, 90 * DAY, 100 * DAY),
            "expired is always within"
        );
        assert!(Window::parse("101%").is_err());
        assert!(Window::parse("x%").is_err());
    }

    #[test]
    fn user_times_accept_rfc3339_and_unix() {
        assert_eq!(
            parse_user_time("2026-01-01T00:00:00Z").unwrap(),
            1_767_225_600
        );
        assert_eq!(
            parse_user_time("2026-01-01T01:00:00+01:00").unwrap(),
            1_767_225_600
        );
        assert_eq!(parse_user_time("1767225600").unwrap(), 1_767_225_600);
        assert!(parse_user_time("tomorrow").is_err());
    }
}
