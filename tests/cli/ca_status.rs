//! `ca status`, and the warning for a CA that expires before the leaves it
//! would sign.

use crate::common::Env;

#[test]
fn ca_status_shows_where_every_ca_stands() {
    let env = Env::with_cas();
    env.issue("a");
    env.issue("b");
    env.ok(&["revoke", "b"]);
    let v = env.json_ok(&["ca", "status"]);
    let cas = v["cas"].as_array().unwrap();
    assert_eq!(cas.len(), 2, "{v}");
    let issuing = cas.iter().find(|c| c["name"] == "issuing").unwrap();
    let root = cas.iter().find(|c| c["name"] == "root").unwrap();
    assert_eq!(issuing["default"], true);
    assert_eq!(root["default"], false);
    assert_eq!(issuing["kind"], "intermediate");
    assert_eq!(issuing["parent"], "root");
    assert_eq!(root["kind"], "root");
    assert_eq!(root["children"], serde_json::json!(["issuing"]));
    assert_eq!(issuing["key_location"], "file");
    assert_eq!(issuing["key_encrypted"], true);
    assert_eq!(issuing["stage"], "none");
    assert_eq!(issuing["active_leaves"], 1, "b is revoked");
    let g = &issuing["generations"][0];
    assert_eq!(g["generation"], 1);
    assert_eq!(g["current"], true);
    assert_eq!(g["certificate"]["subject_cn"], "Test Issuing CA");
    assert!(
        issuing["crl"]["crl_number"].as_u64().unwrap() >= 2,
        "{issuing}"
    );
    assert_eq!(issuing["crl"]["revoked"], 1);
    assert_eq!(issuing["leaf_validity_secs"], 90 * 86_400);
    assert_eq!(issuing["expires_before_leaves"], false);
    // One CA; an unknown one.
    let one = env.json_ok(&["ca", "status", "root"]);
    assert_eq!(one["cas"].as_array().unwrap().len(), 1);
    let (c, e) = env.json(&["ca", "status", "nope"]);
    assert_eq!(c, 2);
    assert_eq!(e["error"]["code"], "not_found", "{e}");
    // The table.
    let out = crate::common::text(&env.ok(&["ca", "status"]));
    assert!(
        out.contains("issuing (default)") && out.contains("intermediate under root"),
        "{out}"
    );
}

#[test]
fn a_ca_that_expires_before_its_leaves_would_is_reported() {
    let env = Env::new();
    env.ok(&[
        "init-ca",
        "short",
        "--cn",
        "Short Root",
        "--validity",
        "60d",
        "--no-passphrase",
    ]);
    let v = env.json_ok(&["ca", "status", "short"]);
    assert_eq!(v["cas"][0]["expires_before_leaves"], true, "{v}");
    let codes = |v: &serde_json::Value| v["warnings"].to_string();
    assert!(codes(&v).contains("ca_expires_before_leaves"), "{v}");
    let (_, v) = env.json(&["check-expiry"]);
    assert!(codes(&v).contains("ca_expires_before_leaves"), "{v}");
    // What the warning says: a leaf for the default 90 days is refused,
    // a shorter one is not.
    let (c, e) = env.json(&["issue", "x", "--ca", "short", "--dns", "x.example.com"]);
    assert_eq!(c, 2, "{e}");
    env.ok(&[
        "issue",
        "y",
        "--ca",
        "short",
        "--dns",
        "y.example.com",
        "--validity",
        "30d",
    ]);
    // A CA with time to spare draws no warning.
    env.ok(&["init-ca", "long", "--cn", "Long Root", "--no-passphrase"]);
    let v = env.json_ok(&["ca", "status", "long"]);
    assert_eq!(v["cas"][0]["expires_before_leaves"], false);
    assert!(!codes(&v).contains("ca_expires_before_leaves"), "{v}");
}
