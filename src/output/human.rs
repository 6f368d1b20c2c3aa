//! Text rendering helpers: tables (comfy-table), aligned key/value blocks
//! and colour for status words.

use comfy_table::{ContentArrangement, Table, presets};

use crate::pki::certinfo::CertView;

/// A text buffer for one report.
pub struct Text {
    buf: String,
    color: bool,
}

impl Text {
    /// An empty buffer; `color` enables ANSI colour.
    pub fn new(color: bool) -> Text {
        Text {
            buf: String::new(),
            color,
        }
    }

    /// Appends a line.
    pub fn line(&mut self, s: impl AsRef<str>) {
        self.buf.push_str(s.as_ref());
        self.buf.push('\n');
    }

    /// Appends an empty line.
    pub fn blank(&mut self) {
        self.buf.push('\n');
    }

    /// Appends aligned `key: value` lines (empty values skipped).
    pub fn fields(&mut self, indent: usize, rows: &[(&str, String)]) {
        let width = rows
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, _)| k.len())
            .max()
            .unwrap_or(0);
        for (k, v) in rows {
            if v.is_empty() {
                continue;
            }
            self.line(format!(
                "{:indent$}{:width$}  {v}",
                "",
                format!("{k}:"),
                width = width + 1
            ));
        }
    }

    /// Appends a table.
    pub fn table(&mut self, header: &[&str], rows: Vec<Vec<String>>) {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED);
        t.set_content_arrangement(ContentArrangement::Dynamic);
        if !self.color {
            t.force_no_tty();
        }
        t.set_header(header.to_vec());
        for r in rows {
            t.add_row(r);
        }
        self.line(t.to_string());
    }

    /// A word in the colour its meaning calls for.
    pub fn status(&self, word: &str) -> String {
        if !self.color {
            return word.to_string();
        }
        let code = match word {
            "valid" | "ok" | "healthy" => "32",
            "expired" | "revoked" | "critical" | "invalid" | "error" => "31",
            "warning" | "superseded" | "pending" => "33",
            "retired" => "90",
            _ => return word.to_string(),
        };
        format!("\x1b[{code}m{word}\x1b[0m")
    }

    /// Bold text.
    pub fn bold(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// The finished text.
    pub fn finish(self) -> String {
        self.buf
    }
}

/// "in 89 days", "expired 3 days ago".
pub fn remaining(days: i64, seconds: i64) -> String {
    if seconds < 0 {
        let d = (-seconds) / 86_400;
        if d == 0 {
            "expired today".into()
        } else {
            format!("expired {d} days ago")
        }
    } else if days == 0 {
        "expires within a day".into()
    } else {
        format!("{days} days left")
    }
}

/// The key/value block of one certificate.
pub fn cert_fields(t: &mut Text, c: &CertView, indent: usize) {
    let key = match (&c.key.curve, c.key.kind.as_str()) {
        (_, "rsa") | (_, "dsa") => format!("{} {} bits", c.key.kind.to_uppercase(), c.key.bits),
        (Some(curve), _) => format!("{} ({curve})", c.key.name),
        (None, _) => c.key.name.clone(),
    };
    let ca = if c.is_ca {
        match c.path_len {
            Some(n) => format!("yes, pathLen {n}"),
            None => "yes, no path length limit".into(),
        }
    } else {
        "no".into()
    };
    let nc = c
        .name_constraints
        .as_ref()
        .map(nc_summary)
        .unwrap_or_default();
    let status = c
        .store
        .as_ref()
        .map(|s| t.status(&s.status))
        .unwrap_or_default();
    let rows = vec![
        (
            "name",
            c.store.as_ref().map(|s| s.name.clone()).unwrap_or_default(),
        ),
        ("status", status),
        ("subject", c.subject.clone()),
        ("issuer", c.issuer.clone()),
        (
            "serial",
            c.serial
                .clone()
                .unwrap_or_else(|| "(assigned at issuance)".into()),
        ),
        ("valid from", c.not_before.clone()),
        (
            "valid until",
            format!(
                "{} ({})",
                c.not_after,
                remaining(c.days_remaining, c.seconds_remaining)
            ),
        ),
        ("DNS names", c.sans.dns.join(", ")),
        ("IP addresses", c.sans.ip.join(", ")),
        ("emails", c.sans.email.join(", ")),
        ("URIs", c.sans.uri.join(", ")),
        ("key", key),
        ("signature", c.signature_algorithm.clone()),
        ("CA", ca),
        ("key usage", c.key_usage.join(", ")),
        ("extended key usage", c.extended_key_usage.join(", ")),
        ("name constraints", nc),
        (
            "profile",
            c.store
                .as_ref()
                .and_then(|s| s.profile.clone())
                .unwrap_or_default(),
        ),
        (
            "issuing CA",
            c.store
                .as_ref()
                .and_then(|s| s.ca.clone())
                .unwrap_or_default(),
        ),
        ("SHA-256", c.fingerprint_sha256.clone().unwrap_or_default()),
    ];
    t.fields(indent, &rows);
}

/// Name constraints in one line: `permit DNS example.com; exclude IP 0.0.0.0/0, ::/0`.
pub fn nc_summary(n: &crate::pki::certinfo::NameConstraintsInfo) -> String {
    let show = |v: &Vec<String>| {
        v.iter()
            .map(|s| if s.is_empty() { "(all)" } else { s.as_str() })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (p, e) = (&n.permitted, &n.excluded);
    let mut parts = Vec::new();
    for (label, v) in [
        ("permit DNS", &p.dns),
        ("permit IP", &p.ip),
        ("permit email", &p.email),
        ("permit URI", &p.uri),
        ("exclude DNS", &e.dns),
        ("exclude IP", &e.ip),
        ("exclude email", &e.email),
        ("exclude URI", &e.uri),
    ] {
        if !v.is_empty() {
            parts.push(format!("{label} {}", show(v)));
        }
    }
    parts.join("; ")
}
