use crate::common::*;

#[test]
fn list_filters_by_status_and_ca_and_sorts_by_name() {
    let env = Env::with_cas();
    env.ok(&["init-ca", "other", "--parent", "root", "--cn", "Other"]);
    env.issue("zeta");
    env.issue("alpha");
    env.ok(&["issue", "mid", "--dns", "mid.example.com", "--ca", "other"]);
    env.ok(&[
        "issue",
        "alpha",
        "--dns",
        "alpha.example.com",
        "--supersede",
    ]);
    let v = env.json_ok(&["list"]);
    let names: Vec<&str> = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alpha", "issuing", "mid", "other", "root", "zeta"]);
    let cas: Vec<bool> = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["is_ca"].as_bool().unwrap())
        .collect();
    assert_eq!(cas, [false, true, false, true, true, false]);
    let v = env.json_ok(&["list", "--ca", "other"]);
    assert_eq!(v["certificates"].as_array().unwrap().len(), 1);
    let v = env.json_ok(&["list", "--ca", "root"]);
    let names: Vec<&str> = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["issuing", "other"], "--ca X lists what X issued");
    let v = env.json_ok(&["list", "--status", "superseded"]);
    assert_eq!(v["certificates"].as_array().unwrap().len(), 1);
    let v = env.json_ok(&["list", "--status", "all"]);
    assert_eq!(v["certificates"].as_array().unwrap().len(), 7);
    let all = v["certificates"].as_array().unwrap();
    assert!(
        all[0]["name"] == "alpha"
            && all[1]["name"] == "alpha"
            && all[0]["serial"].as_str() < all[1]["serial"].as_str(),
        "then by serial"
    );
    let (c, v) = env.json(&["list", "--ca", "nope"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "not_found");
}

#[test]
fn expired_certificates_stay_active() {
    let env = Env::with_cas();
    env.issue_valid("short", "1d");
    let v = env.json_ok(&[
        "list",
        "--at",
        "2099-01-01T00:00:00Z",
        "--status",
        "expired",
    ]);
    let names: Vec<&str> = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["issuing", "root", "short"]);
    let v = env.json_ok(&["list", "--at", "2099-01-01T00:00:00Z"]);
    assert_eq!(
        v["certificates"].as_array().unwrap().len(),
        3,
        "active = valid or expired"
    );
    assert!(v["certificates"][2]["days_remaining"].as_i64().unwrap() < 0);
    let v = env.json_ok(&["list", "--status", "valid"]);
    assert_eq!(v["certificates"].as_array().unwrap().len(), 3);
}

#[test]
fn the_table_shows_names_and_status() {
    let env = Env::with_cas();
    env.issue("web");
    let out = env.ok(&["list", "--no-color"]);
    let t = String::from_utf8_lossy(&out.stdout);
    assert!(
        t.contains("web") && t.contains("valid") && t.contains("web.example.com"),
        "{t}"
    );
    let empty = Env::with_cas();
    let out = empty.ok(&["list", "--status", "revoked"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("No certificates"));
}

#[test]
fn tables_keep_serials_and_times_whole_under_a_pseudo_terminal() {
    let Some(script) = tool("script") else {
        return;
    };
    let env = Env::with_cas();
    for n in ["alpha", "beta"] {
        env.ok(&[
            "issue",
            n,
            "--dns",
            &format!("{n}.example.com"),
            "--dns",
            &format!("{n}-with-a-rather-long-second-name.example.com"),
        ]);
    }
    let v = env.json_ok(&["list", "--status", "all"]);
    let certs = v["certificates"].as_array().unwrap().clone();
    let bin = assert_cmd::cargo::cargo_bin("pkictl");
    let cmd = format!(
        "{} --store {} list --status all",
        bin.display(),
        env.store.display()
    );
    // A pseudo-terminal without a size (as under `script` in a CI log), and
    // a 120-column one, both with colour on.
    for columns in [None, Some("120")] {
        let mut c = std::process::Command::new(&script);
        c.args(["-qec", &cmd, "/dev/null"])
            .env_remove("NO_COLOR")
            .stdin(std::process::Stdio::null());
        match columns {
            Some(w) => c.env("COLUMNS", w),
            None => c.env_remove("COLUMNS"),
        };
        let out = c.output().unwrap();
        let t = String::from_utf8_lossy(&out.stdout);
        assert_eq!(code(&out), 0, "{t}");
        for cert in &certs {
            let serial = s(cert, "serial");
            assert!(
                t.contains(serial),
                "serial {serial} is cut ({columns:?}):\n{t}"
            );
            assert!(t.contains(s(cert, "not_after")), "{t}");
        }
        assert!(t.contains("\x1b["), "colour is on under a terminal:\n{t}");
    }
}
