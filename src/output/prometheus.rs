//! Metrics for Prometheus's node-exporter textfile collector
//! (`check-expiry --prometheus FILE`).

/// Escapes a Prometheus label value.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// One sample of the certificate metric.
pub struct Sample {
    pub labels: Vec<(&'static str, String)>,
    pub not_after: i64,
}

/// The text exposition: one gauge per certificate (its notAfter), one per
/// CRL (`(ca, nextUpdate)`), and the time of this successful run.
pub fn prometheus_text(certs: &[Sample], crls: &[(&str, i64)], now: i64) -> String {
    let mut out = String::with_capacity(certs.len() * 120 + 512);
    out.push_str("# HELP pkictl_certificate_not_after_timestamp_seconds The certificate's notAfter as a Unix time.\n");
    out.push_str("# TYPE pkictl_certificate_not_after_timestamp_seconds gauge\n");
    for c in certs {
        let labels = c
            .labels
            .iter()
            .map(|(k, v)| format!("{k}=\"{}\"", label(v)))
            .collect::<Vec<_>>()
            .join(",");
        out.push_str(&format!(
            "pkictl_certificate_not_after_timestamp_seconds{{{labels}}} {}\n",
            c.not_after
        ));
    }
    out.push_str(
        "# HELP pkictl_crl_next_update_timestamp_seconds The CRL's nextUpdate as a Unix time.\n",
    );
    out.push_str("# TYPE pkictl_crl_next_update_timestamp_seconds gauge\n");
    for (ca, next_update) in crls {
        out.push_str(&format!(
            "pkictl_crl_next_update_timestamp_seconds{{ca=\"{}\"}} {next_update}\n",
            label(ca)
        ));
    }
    out.push_str("# HELP pkictl_check_expiry_last_success_timestamp_seconds When check-expiry last ran without trouble.\n");
    out.push_str("# TYPE pkictl_check_expiry_last_success_timestamp_seconds gauge\n");
    out.push_str(&format!(
        "pkictl_check_expiry_last_success_timestamp_seconds {now}\n"
    ));
    out
}
