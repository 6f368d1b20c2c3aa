use crate::common::*;
use serde_json::json;

#[test]
fn every_ca_starts_with_an_empty_crl() {
    let env = Env::with_cas();
    for ca in ["root", "issuing"] {
        let p = env.store.join(format!("crls/{ca}.crl.pem"));
        assert!(p.exists(), "{ca}");
        let v = env.json_ok(&["inspect", p.to_str().unwrap()]);
        assert_eq!(v["items"][0]["kind"], "crl");
        assert_eq!(v["items"][0]["crl_number"], "1");
        assert_eq!(v["items"][0]["revoked_count"], 0);
    }
}

#[test]
fn revoke_records_the_reason_re_signs_the_crl_and_frees_the_name() {
    let env = Env::with_cas();
    let v = env.issue("web");
    let serial = s(issued_cert(&v), "serial").to_string();
    let v = env.json_ok(&["revoke", "web", "--reason", "superseded"]);
    assert_eq!(v["changed"], true);
    assert_eq!(v["revoked"][0]["serial"], serial.as_str());
    assert_eq!(v["revoked"][0]["status"], "revoked");
    assert_eq!(v["crl"]["ca"], "issuing");
    assert_eq!(v["crl"]["crl_number"], 2);
    assert_eq!(v["crl"]["revoked"], 1);
    let crl = env.json_ok(&["inspect", s(&v["crl"], "crl_path")]);
    assert_eq!(
        crl["items"][0]["revoked"][0],
        json!({"serial": serial, "revocation_date": crl["items"][0]["revoked"][0]["revocation_date"], "reason": "superseded"})
    );
    let list = env.json_ok(&["list", "--status", "revoked"]);
    assert_eq!(list["certificates"][0]["serial"], serial.as_str());
    assert!(!env.store.join("certs/web/current").exists());
    env.issue("web");
    let (c, v) = env.json(&["revoke", "--serial", &serial.to_uppercase()]);
    assert_eq!(c, 0, "revoking twice changes nothing");
    assert_eq!(v["changed"], false);
    assert_eq!(v["warnings"][0]["code"], "already_revoked");
}

#[test]
fn key_compromise_revokes_the_lineage_that_shares_the_key() {
    let env = Env::with_cas();
    env.issue("web");
    let other = env.issue("other");
    // A second certificate of web with another key (supersede) does not share the key.
    let v = env.json_ok(&["issue", "web", "--dns", "web.example.com", "--supersede"]);
    let new_serial = s(issued_cert(&v), "serial").to_string();
    let v = env.json_ok(&["revoke", "web", "--reason", "key-compromise"]);
    let revoked: Vec<&str> = v["revoked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["serial"].as_str().unwrap())
        .collect();
    assert_eq!(revoked, [new_serial.as_str()]);
    assert_ne!(issued_cert(&other)["serial"], new_serial.as_str());
}

#[test]
fn revoke_dry_run_changes_nothing_and_unknown_names_fail() {
    let env = Env::with_cas();
    env.issue("web");
    let before = env.snapshot();
    let v = env.json_ok(&["revoke", "web", "--dry-run"]);
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["revoked"].as_array().unwrap().len(), 1);
    assert_eq!(before, env.snapshot());
    let (c, v) = env.json(&["revoke", "nope"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "not_found");
    let (c, v) = env.json(&["revoke", "root"]);
    assert_eq!(c, 2);
    assert_eq!(
        v["error"]["code"], "unsupported",
        "a root cannot be revoked"
    );
}

#[test]
fn revoking_an_intermediate_puts_it_on_the_roots_crl_and_stops_it_issuing() {
    let env = Env::with_cas();
    let v = env.json_ok(&["revoke", "issuing", "--reason", "ca-compromise"]);
    assert_eq!(v["crl"]["ca"], "root");
    let (c, v) = env.json(&["issue", "web", "--dns", "web.example.com"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "not_found");
}

#[test]
fn retire_keeps_history_without_revoking() {
    let env = Env::with_cas();
    env.issue("web");
    let v = env.json_ok(&["retire", "web"]);
    assert_eq!(v["retired"][0]["status"], "retired");
    let list = env.json_ok(&["list"]);
    assert!(
        list["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"] != "web")
    );
    let list = env.json_ok(&["list", "--status", "retired"]);
    assert_eq!(list["certificates"].as_array().unwrap().len(), 1);
    let crl = std::fs::read(env.store.join("crls/issuing.crl.pem")).unwrap();
    let v = env.json_ok(&[
        "inspect",
        env.store.join("crls/issuing.crl.pem").to_str().unwrap(),
    ]);
    assert_eq!(
        v["items"][0]["revoked_count"],
        0,
        "not on the CRL ({} bytes)",
        crl.len()
    );
}

#[test]
fn crl_numbers_increase_and_all_writes_one_file() {
    let env = Env::with_cas();
    let v = env.json_ok(&["crl"]);
    assert_eq!(v["crls"][0]["ca"], "issuing");
    assert_eq!(v["crls"][0]["crl_number"], 2);
    let out = env.path("all.crl");
    let v = env.json_ok(&[
        "crl",
        "--all",
        "--out",
        out.to_str().unwrap(),
        "--next-update",
        "2d",
    ]);
    assert_eq!(v["crls"].as_array().unwrap().len(), 2);
    let issuing = v["crls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["ca"] == "issuing")
        .unwrap();
    assert_eq!(issuing["crl_number"], 3);
    let left = issuing["next_update_unix"].as_i64().unwrap() - pkictl::timeutil::now_unix();
    assert!((2 * 86400 - 5..=2 * 86400).contains(&left), "{left}");
    assert_eq!(
        std::fs::read_to_string(&out)
            .unwrap()
            .matches("BEGIN X509 CRL")
            .count(),
        2
    );
    // --out is replaced without --overwrite.
    env.json_ok(&["crl", "--all", "--out", out.to_str().unwrap()]);
    let v = env.json_ok(&["inspect", out.to_str().unwrap()]);
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
}

#[test]
fn openssl_verifies_the_crls_and_rejects_the_revoked_certificate() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    let good = env.issue("good");
    let bad = env.issue("bad");
    env.ok(&["revoke", "bad"]);
    let all = env.path("all.crl");
    env.ok(&["crl", "--all", "--out", all.to_str().unwrap()]);
    let d = env.dir.path();
    for ca in ["root", "issuing"] {
        let (c, out) = run_tool(
            &openssl,
            &[
                "crl",
                "-in",
                env.store
                    .join(format!("crls/{ca}.crl.pem"))
                    .to_str()
                    .unwrap(),
                "-CAfile",
                env.store
                    .join(format!("cas/{ca}/current/cert.pem"))
                    .to_str()
                    .unwrap(),
                "-noout",
                "-verify",
            ],
            d,
        );
        assert_eq!(c, 0, "{ca}: {out}");
        assert!(out.contains("verify OK"), "{out}");
    }
    let check = |v: &serde_json::Value| {
        let i = &v["issued"][0];
        let dir = env
            .store
            .join("certs")
            .join(s(i, "name"))
            .join(s(&i["certificate"], "serial"));
        let f = |n: &str| dir.join(n).to_str().unwrap().to_string();
        run_tool(
            &openssl,
            &[
                "verify",
                "-crl_check_all",
                "-CRLfile",
                all.to_str().unwrap(),
                "-CAfile",
                &f("ca.pem"),
                "-untrusted",
                &f("chain.pem"),
                &f("cert.pem"),
            ],
            d,
        )
    };
    let (c, out) = check(&good);
    assert_eq!(c, 0, "{out}");
    let (c, out) = check(&bad);
    assert_ne!(c, 0);
    assert!(out.contains("certificate revoked"), "{out}");
}

#[test]
fn key_compromise_reaches_renewals_that_reused_the_key_and_the_crl_survives_a_lost_file() {
    let env = Env::with_cas();
    let first = env.issue("web");
    let first = s(issued_cert(&first), "serial").to_string();
    let v = env.json_ok(&["renew", "web", "--reuse-key"]);
    let second = s(&v["renewed"][0]["certificate"], "serial").to_string();
    let old = env.issue("old");
    let old = s(issued_cert(&old), "serial").to_string();
    env.json_ok(&["revoke", "old"]);
    // The store's CRL is what the next CRL builds on; without it the index
    // is read, so no earlier revocation is dropped.
    std::fs::remove_file(env.store.join("crls/issuing.crl.pem")).unwrap();
    let (c, d) = env.json(&["doctor"]);
    assert_eq!(c, 1, "{d}");
    assert_eq!(d["problems"][0]["code"], "crl_incomplete", "{d}");
    let v = env.json_ok(&["revoke", "web", "--reason", "key-compromise"]);
    let mut revoked: Vec<&str> = v["revoked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["serial"].as_str().unwrap())
        .collect();
    revoked.sort();
    let mut want = vec![first.as_str(), second.as_str()];
    want.sort();
    assert_eq!(revoked, want, "{v}");
    let crl = env.json_ok(&["inspect", s(&v["crl"], "crl_path")]);
    let mut listed: Vec<&str> = crl["items"][0]["revoked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["serial"].as_str().unwrap())
        .collect();
    listed.sort();
    let mut all = vec![first.as_str(), second.as_str(), old.as_str()];
    all.sort();
    assert_eq!(listed, all, "{crl}");
    // Built on that CRL (the file is back), the next one keeps them all.
    env.issue("later");
    let v = env.json_ok(&["revoke", "later"]);
    assert_eq!(v["crl"]["revoked"], 4, "{v}");
    assert_eq!(env.json_ok(&["doctor"])["healthy"], true);
}
