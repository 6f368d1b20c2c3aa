use crate::common::*;

const DAY: i64 = 86_400;

fn at(days: i64) -> String {
    (pkictl::timeutil::now_unix() + days * DAY).to_string()
}

#[test]
fn the_store_is_graded_from_the_index() {
    let env = Env::with_cas();
    env.issue_valid("soon", "20d");
    env.issue_valid("later", "200d");
    env.issue_valid("gone", "20d");
    env.ok(&["retire", "gone"]);
    let (c, v) = env.json(&["check-expiry"]);
    assert_eq!(c, 1, "something within 30d: {v}");
    assert_eq!(
        v["checked"], 4,
        "two CAs and two leaves; the retired one is out"
    );
    assert_eq!(v["summary"]["warning"], 1);
    assert_eq!(v["summary"]["ok"], 3, "two CAs and one leaf");
    let sum: i64 = ["ok", "warning", "critical", "expired"]
        .iter()
        .map(|k| v["summary"][k].as_i64().unwrap())
        .sum();
    assert_eq!(
        sum,
        v["checked"].as_i64().unwrap(),
        "summary counts certificates only"
    );
    assert_eq!(v["crl_summary"]["ok"], 2, "the two CRLs: {v}");
    // A CRL alone near its next update still makes the answer negative.
    let near = (pkictl::timeutil::now_unix() + 6 * DAY + 20 * 3600).to_string();
    let (c, w) = env.json(&["check-expiry", "--within", "1d", "--at", &near]);
    assert_eq!(c, 1, "{w}");
    assert_eq!(w["summary"]["ok"], 4, "every certificate is fine: {w}");
    assert_eq!(
        w["crl_summary"]["critical"], 1,
        "the intermediate's 7-day CRL: {w}"
    );
    let soon = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "soon")
        .unwrap();
    assert_eq!(soon["expiry_status"], "warning");
    assert_eq!(soon["status"], "valid");
    assert!(soon["paths"][0].as_str().unwrap().ends_with("cert.pem"));
    assert_eq!(v["crls"].as_array().unwrap().len(), 2);
    assert_eq!(v["crls"][0]["expiry_status"], "ok");
    let (c, _) = env.json(&["check-expiry", "--within", "10d"]);
    assert_eq!(c, 0, "nothing within 10d");
    let (c, v) = env.json(&["check-expiry", "--within", "10d", "--at", &at(15)]);
    assert_eq!(c, 1);
    assert_eq!(
        v["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "soon")
            .unwrap()["expiry_status"],
        "critical"
    );
    let (_, v) = env.json(&["check-expiry", "--at", &at(25)]);
    assert_eq!(
        v["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "soon")
            .unwrap()["expiry_status"],
        "expired"
    );
    assert_eq!(
        v["crls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["ca"] == "issuing")
            .unwrap()["expiry_status"],
        "expired",
        "a 7-day CRL is stale after 25 days"
    );
    let (_, v) = env.json(&["check-expiry", "--problems-only", "--at", &at(25)]);
    assert!(
        v["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["expiry_status"] != "ok")
    );
}

#[test]
fn percentages_are_of_each_certificates_lifetime_and_windows_are_checked() {
    let env = Env::with_cas();
    env.issue_valid("short", "10d");
    let (_, v) = env.json(&[
        "check-expiry",
        "--within",
        "50%",
        "--critical",
        "1%",
        "--at",
        &at(6),
    ]);
    let short = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "short")
        .unwrap();
    assert_eq!(
        short["expiry_status"], "warning",
        "4 of 10 days left is within 50%"
    );
    let root = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "root")
        .unwrap();
    assert_eq!(root["expiry_status"], "ok");
    let (c, v) = env.json(&["check-expiry", "--within", "7d", "--critical", "30d"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "usage");
    let (c, v) = env.json(&["check-expiry", "--within", "3mo"]);
    assert_eq!(c, 2, "{v}");
    // Without --critical, the critical window is the smaller of 7d and --within.
    let (_, v) = env.json(&["check-expiry", "--within", "3d", "--at", &at(8)]);
    assert_eq!(v["critical"], "3d");
    assert_eq!(
        v["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "short")
            .unwrap()["expiry_status"],
        "critical"
    );
}

#[test]
fn nagios_mode_speaks_the_monitoring_plugin_convention() {
    let env = Env::with_cas();
    let out = env
        .cmd()
        .args(["check-expiry", "--nagios"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    let line = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(line.starts_with("CERTS OK - "), "{line}");
    assert!(
        line.trim_end()
            .ends_with("| expiring=0;;; critical=0;;; expired=0;;;"),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1);
    env.issue_valid("soon", "20d");
    let out = env
        .cmd()
        .args(["check-expiry", "--nagios"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("CERTS WARNING - 1 of "),
        "{}",
        text(&out)
    );
    let out = env
        .cmd()
        .args(["check-expiry", "--nagios", "--at", &at(16)])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stdout).contains("critical=1;;;"));
    let out = env
        .cmd()
        .args([
            "check-expiry",
            "--nagios",
            env.path("missing.pem").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 3);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("CERTS UNKNOWN"));
    let (c, _) = env.json(&["check-expiry", "--nagios"]);
    assert_eq!(c, 2, "--nagios with --json is a usage error");
}

#[test]
fn the_prometheus_textfile_has_the_three_families() {
    let env = Env::with_cas();
    env.issue("web");
    let prom = env.path("textfile/pkictl.prom");
    std::fs::create_dir_all(prom.parent().unwrap()).unwrap();
    env.ok(&["check-expiry", "--prometheus", prom.to_str().unwrap()]);
    assert_eq!(mode(&prom), 0o644);
    let text = std::fs::read_to_string(&prom).unwrap();
    assert!(text.contains("# TYPE pkictl_certificate_not_after_timestamp_seconds gauge"));
    assert!(
        text.lines().any(|l| l
            .starts_with("pkictl_certificate_not_after_timestamp_seconds{name=\"web\",serial=\"")
            && l.contains(",ca=\"issuing\"}")),
        "{text}"
    );
    assert!(text.contains("pkictl_crl_next_update_timestamp_seconds{ca=\"issuing\"} "));
    assert!(text.contains("pkictl_check_expiry_last_success_timestamp_seconds "));
    let leftovers: Vec<_> = std::fs::read_dir(prom.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
    // A PATH scan labels with the subject's and issuer's CN and the path.
    let cert = env.store.join("certs/web/current/cert.pem");
    env.ok(&[
        "check-expiry",
        cert.to_str().unwrap(),
        "--prometheus",
        prom.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&prom).unwrap();
    assert!(
        text.contains(&format!(
            "ca=\"Test Issuing CA\",path=\"{}\"",
            cert.display()
        )),
        "{text}"
    );
}

#[test]
fn paths_are_walked_with_the_symlink_rules_and_deduplicated() {
    let env = Env::with_cas();
    env.issue("a");
    env.issue_valid("b", "10d");
    let d = env.path("scan");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    let a = env.store.join("certs/a/current");
    let b = env.store.join("certs/b/current");
    std::fs::copy(a.join("cert.pem"), d.join("a.pem")).unwrap();
    std::fs::copy(a.join("cert.pem"), d.join("sub/a-copy.crt")).unwrap();
    std::fs::copy(b.join("fullchain.pem"), d.join("sub/b-full.pem")).unwrap();
    std::fs::copy(a.join("key.pem"), d.join("a.key")).unwrap();
    std::fs::write(d.join("notes.txt"), "hello").unwrap();
    std::os::unix::fs::symlink(b.join("ca.pem"), d.join("root-link.pem")).unwrap();
    std::os::unix::fs::symlink(env.store.join("certs"), d.join("dir-link")).unwrap();
    let (c, v) = env.json(&["check-expiry", d.to_str().unwrap()]);
    assert_eq!(c, 1, "b expires within 30d");
    assert_eq!(
        v["checked"], 3,
        "a (twice, one entry), b, the root via its symlink: {v}"
    );
    assert_eq!(v["summary"]["skipped"], 2, "the key and the text file");
    let a_entry = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["subject_cn"] == "a")
        .unwrap();
    assert_eq!(a_entry["paths"].as_array().unwrap().len(), 2);
    assert!(
        v["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| !c["paths"].to_string().contains("dir-link")),
        "symlinked directories are not followed"
    );
    let (_, v) = env.json(&["check-expiry", d.to_str().unwrap(), "--all-certs"]);
    assert_eq!(v["checked"], 4, "the intermediate of b's full chain too");
    let (_, v) = env.json(&["check-expiry", d.to_str().unwrap(), "--exclude", "sub"]);
    assert_eq!(v["checked"], 2);
    // A glob's `*` stays inside one path component; `**` crosses them.
    let (_, v) = env.json(&[
        "check-expiry",
        d.to_str().unwrap(),
        "--exclude",
        "*/root-link.pem",
    ]);
    assert_eq!(
        v["checked"], 3,
        "*/root-link.pem names no file of an absolute path: {v}"
    );
    let (_, v) = env.json(&["check-expiry", d.to_str().unwrap(), "--exclude", "**/sub/*"]);
    assert_eq!(v["checked"], 2, "**/sub/* excludes what sub holds: {v}");
    let (c, v) = env.json(&["check-expiry", d.to_str().unwrap(), "--exclude", "[a"]);
    assert_eq!(c, 2, "an invalid glob is a usage error: {v}");
    let (_, v) = env.json(&["check-expiry", d.to_str().unwrap(), "--exclude", "*.crt"]);
    assert_eq!(
        v["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["subject_cn"] == "a")
            .unwrap()["paths"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // A file named explicitly that holds no certificate is an error (exit 2), the rest still graded.
    let (c, v) = env.json(&[
        "check-expiry",
        d.join("a.key").to_str().unwrap(),
        d.join("a.pem").to_str().unwrap(),
    ]);
    assert_eq!(c, 2);
    assert_eq!(v["errors"][0]["code"], "malformed_input");
    assert_eq!(v["checked"], 1);
}

#[test]
fn check_expiry_on_paths_needs_no_store_and_the_store_needs_one() {
    let env = Env::with_cas();
    env.issue("a");
    let other = Env::new();
    let cert = env.store.join("certs/a/current/cert.pem");
    let v = other.json_ok(&["check-expiry", cert.to_str().unwrap()]);
    assert_eq!(v["checked"], 1);
    let (c, v) = other.json(&["check-expiry"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "store_missing");
}

#[test]
fn the_human_view_lists_problems_and_a_summary() {
    let env = Env::with_cas();
    env.issue_valid("soon", "20d");
    let out = env
        .cmd()
        .args(["check-expiry", "--no-color"])
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&out.stdout);
    assert!(t.contains("soon") && t.contains("warning"), "{t}");
    assert!(t.contains("Checked 3 certificate(s)"), "{t}");
    assert!(t.contains("2 CRL(s): 2 ok"), "{t}");
}
