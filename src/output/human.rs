//! Text rendering helpers: tables (comfy-table), aligned key/value blocks
//! and colour for status words.

use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, presets};

use crate::pki::certinfo::CertView;
use crate::pki::keys::KeyKind;
use crate::pki::verify::{ChainCert, Reason};

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

    /// Appends a table. Columns named in `whole` never wrap (serials,
    /// times); the others wrap to the output's width: `COLUMNS`, else the
    /// terminal's; without a known width (a pipe, a file, a pseudo-terminal
    /// of `script` or a CI log that reports no size) nothing wraps.
    /// Colour goes through comfy-table's cell styling, so escape codes never
    /// count as width.
    pub fn table(&mut self, header: &[&str], rows: Vec<Vec<Cell>>, whole: &[&str]) {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED);
        t.force_no_tty();
        if self.color {
            t.enforce_styling();
        }
        match output_width() {
            Some(w) => {
                t.set_width(w);
                t.set_content_arrangement(ContentArrangement::Dynamic);
            }
            None => {
                t.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        t.set_header(header.to_vec());
        for r in rows {
            t.add_row(r);
        }
        for (i, h) in header.iter().enumerate() {
            let Some(c) = t.column_mut(i) else { continue };
            if whole.contains(h) {
                c.set_constraint(ColumnConstraint::ContentWidth);
            } else {
                // A narrow terminal makes the table wider than the screen
                // rather than squeezing a column into one letter per line.
                let min = h.chars().count().clamp(6, 12) as u16;
                c.set_constraint(ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(
                    min,
                )));
            }
        }
        self.line(t.to_string());
    }

    /// The colour a status word's meaning calls for.
    fn status_color(word: &str) -> Option<Color> {
        Some(match word {
            "valid" | "ok" | "healthy" => Color::Green,
            "expired" | "revoked" | "critical" | "invalid" | "error" => Color::Red,
            "warning" | "superseded" | "pending" => Color::Yellow,
            "retired" => Color::DarkGrey,
            _ => return None,
        })
    }

    /// A word in the colour its meaning calls for (for lines, not tables).
    pub fn status(&self, word: &str) -> String {
        if !self.color {
            return word.to_string();
        }
        let code = match Self::status_color(word) {
            Some(Color::Green) => "32",
            Some(Color::Red) => "31",
            Some(Color::Yellow) => "33",
            Some(_) => "90",
            None => return word.to_string(),
        };
        format!("\x1b[{code}m{word}\x1b[0m")
    }

    /// A table cell holding a status word, coloured by the table itself.
    pub fn status_cell(&self, word: &str) -> Cell {
        let cell = Cell::new(word);
        match Self::status_color(word) {
            Some(c) if self.color => cell.fg(c),
            _ => cell,
        }
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

/// The width tables wrap to: `COLUMNS` when set, else the terminal's;
/// None (no wrapping) when stdout is not a terminal or reports no size.
fn output_width() -> Option<u16> {
    if let Some(c) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c > 0)
    {
        return Some(c);
    }
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let ws = rustix::termios::tcgetwinsize(std::io::stdout()).ok()?;
    // A pseudo-terminal that reports no size (`script`, CI logs): no wrapping.
    (ws.ws_col > 0).then_some(ws.ws_col)
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
    let key = match (&c.facts.key.curve, c.facts.key.kind) {
        (_, KeyKind::Rsa | KeyKind::Dsa) => {
            format!(
                "{} {} bits",
                c.facts.key.kind.as_str().to_uppercase(),
                c.facts.key.bits
            )
        }
        (Some(curve), _) => format!("{} ({curve})", c.facts.key.name),
        (None, _) => c.facts.key.name.clone(),
    };
    let ca = if c.facts.is_ca {
        match c.facts.path_len {
            Some(n) => format!("yes, pathLen {n}"),
            None => "yes, no path length limit".into(),
        }
    } else {
        "no".into()
    };
    let nc = c
        .facts
        .name_constraints
        .as_ref()
        .map(nc_summary)
        .unwrap_or_default();
    let status = c
        .store
        .as_ref()
        .map(|s| t.status(s.status.as_str()))
        .unwrap_or_default();
    let rows = vec![
        (
            "name",
            c.store.as_ref().map(|s| s.name.clone()).unwrap_or_default(),
        ),
        ("status", status),
        ("subject", c.facts.subject.clone()),
        ("issuer", c.facts.issuer.clone()),
        ("serial", c.serial_or("(assigned at issuance)").to_string()),
        ("valid from", c.not_before_text()),
        (
            "valid until",
            format!(
                "{} ({})",
                c.not_after_text(),
                remaining(c.days_remaining, c.seconds_remaining)
            ),
        ),
        ("DNS names", c.facts.sans.dns.join(", ")),
        ("IP addresses", c.facts.sans.ip.join(", ")),
        ("emails", c.facts.sans.email.join(", ")),
        ("URIs", c.facts.sans.uri.join(", ")),
        ("key", key),
        ("signature", c.facts.signature_algorithm.clone()),
        ("CA", ca),
        ("key usage", c.facts.key_usage.join(", ")),
        ("extended key usage", c.facts.extended_key_usage.join(", ")),
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
        ("SHA-256", c.facts.fingerprint_sha256.clone()),
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

/// The reason of a verdict and the chain that was built, for a person.
pub fn explain(t: &mut Text, valid: bool, reason: Option<&Reason>, chain: &[ChainCert]) {
    if let Some(reason) = reason {
        match reason.check {
            Some(check) => t.line(format!(
                "  {} ({}): {}",
                reason.code,
                check.as_str(),
                reason.message
            )),
            None => t.line(format!("  {}: {}", reason.code, reason.message)),
        }
        if let Some(c) = &reason.certificate {
            t.line(format!("  certificate: {c}"));
        }
    }
    let label = if valid { "chain" } else { "chain found" };
    t.line(format!("  {label}:"));
    for (i, c) in chain.iter().enumerate() {
        t.line(format!(
            "    {i}. {}  [{} .. {}]  from {}",
            c.certificate.facts.subject,
            c.certificate.not_before_text(),
            c.certificate.not_after_text(),
            c.source
        ));
    }
}
