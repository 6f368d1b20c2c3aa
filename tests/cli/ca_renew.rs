//! `ca renew`: the same key certified again. What the CA issued before and
//! after keeps verifying with either of its certificates (openssl), the
//! store stays healthy, and a renewal the parent cannot cover is refused.
//! `ca cross-sign`: the same key certified by another CA of the store.

use std::path::Path;

use crate::common::{Env, run_tool, tool};

fn verify(
    openssl: &Path,
    dir: &Path,
    ca: &Path,
    untrusted: Option<&Path>,
    leaf: &Path,
) -> (i32, String) {
    let mut args = vec!["verify", "-CAfile", ca.to_str().unwrap()];
    if let Some(u) = untrusted {
        args.extend(["-untrusted", u.to_str().unwrap()]);
    }
    args.push(leaf.to_str().unwrap());
    run_tool(openssl, &args, dir)
}

#[test]
fn an_intermediate_renewed_keeps_old_and_new_leaves_verifying() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    env.issue("before");
    let inter = env.store.join("cas/issuing/current/cert.pem");
    let old = env.path("inter-old.pem");
    std::fs::copy(&inter, &old).unwrap();
    let snap = env.snapshot();
    let dry = env.json_ok(&["ca", "renew", "issuing", "--validity", "3y", "--dry-run"]);
    assert_eq!(dry["changed"], false);
    assert_eq!(env.snapshot(), snap, "--dry-run changes nothing");
    let v = env.json_ok(&["ca", "renew", "issuing", "--validity", "3y"]);
    assert_eq!(v["changed"], true);
    let old_serial = v["replaces"].as_str().unwrap();
    let new_serial = v["certificate"]["serial"].as_str().unwrap();
    assert_ne!(old_serial, new_serial);
    let left = v["certificate"]["seconds_remaining"].as_i64().unwrap();
    assert!(
        (3 * 365 * 86_400 - 120..=3 * 365 * 86_400).contains(&left),
        "{left}"
    );
    env.issue("after");
    let new = env.path("inter-new.pem");
    std::fs::copy(&inter, &new).unwrap();
    assert_ne!(std::fs::read(&old).unwrap(), std::fs::read(&new).unwrap());
    let root = env.store.join("cas/root/current/cert.pem");
    for leaf in ["before", "after"] {
        let cert = env.store.join(format!("certs/{leaf}/current/cert.pem"));
        for i in [&old, &new] {
            let (c, out) = verify(&openssl, env.dir.path(), &root, Some(i), &cert);
            assert_eq!(c, 0, "{leaf} with {}: {out}", i.display());
        }
    }
    // Leaves issued from now on carry the new certificate.
    let chain = std::fs::read_to_string(env.store.join("certs/after/current/chain.pem")).unwrap();
    assert_eq!(chain, std::fs::read_to_string(&new).unwrap());
    // The same key: the CA's CRL verifies with either certificate.
    env.ok(&["revoke", "before"]);
    for i in [&old, &new] {
        let crl = env.store.join("crls/issuing.crl.pem");
        let (c, out) = run_tool(
            &openssl,
            &[
                "crl",
                "-in",
                crl.to_str().unwrap(),
                "-CAfile",
                i.to_str().unwrap(),
                "-noout",
            ],
            env.dir.path(),
        );
        assert_eq!(c, 0, "{out}");
        assert!(out.contains("verify OK"), "{out}");
    }
    let s = env.json_ok(&["ca", "status", "issuing"]);
    assert_eq!(s["cas"][0]["generations"][0]["certificates"], 2, "{s}");
    assert_eq!(
        s["cas"][0]["generations"][0]["certificate"]["serial"],
        new_serial
    );
    let (c, d) = env.json(&["doctor"]);
    assert_eq!(c, 0, "{d}");
    let audit = std::fs::read_to_string(env.store.join("index.jsonl")).unwrap();
    assert!(audit.contains("\"event\":\"ca_renewed\""));
}

#[test]
fn a_renewed_root_anchors_what_the_old_root_did() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    env.issue("before");
    let root = env.store.join("cas/root/current/cert.pem");
    let old = env.path("root-old.pem");
    std::fs::copy(&root, &old).unwrap();
    env.ok(&["ca", "renew", "root"]);
    env.issue("after");
    let new = env.path("root-new.pem");
    std::fs::copy(&root, &new).unwrap();
    assert_ne!(std::fs::read(&old).unwrap(), std::fs::read(&new).unwrap());
    for leaf in ["before", "after"] {
        let dir = env.store.join(format!("certs/{leaf}/current"));
        for r in [&old, &new] {
            let (c, out) = verify(
                &openssl,
                env.dir.path(),
                r,
                Some(&dir.join("chain.pem")),
                &dir.join("cert.pem"),
            );
            assert_eq!(c, 0, "{leaf} under {}: {out}", r.display());
        }
    }
    // pkictl's own verify, from the store's (renewed) anchors.
    for leaf in ["before", "after"] {
        let cert = env.store.join(format!("certs/{leaf}/current/cert.pem"));
        let (c, v) = env.json(&["verify", cert.to_str().unwrap()]);
        assert_eq!(c, 0, "{leaf}: {v}");
    }
    // The bundle hands out the renewed root.
    env.ok(&["bundle", "--format", "pem", "--out", "b.pem"]);
    assert_eq!(
        std::fs::read_to_string(env.path("b.pem")).unwrap(),
        std::fs::read_to_string(&new).unwrap()
    );
    let (c, d) = env.json(&["doctor"]);
    assert_eq!(c, 0, "{d}");
}

#[test]
fn a_renewal_the_parent_cannot_cover_is_refused() {
    let env = Env::with_cas();
    let snap = env.snapshot();
    let (c, e) = env.json(&["ca", "renew", "issuing", "--validity", "20y"]);
    assert_eq!(c, 2, "{e}");
    assert_eq!(env.snapshot(), snap, "nothing changed");
    let (c, e) = env.json(&["ca", "renew", "nope"]);
    assert_eq!(
        (c, e["error"]["code"].as_str()),
        (2, Some("not_found")),
        "{e}"
    );
    // A CA imported without its key cannot be renewed here.
    let other = Env::with_cas();
    let cert = other.store.join("cas/root/current/cert.pem");
    env.ok(&["import-ca", "partner", "--cert", cert.to_str().unwrap()]);
    let (c, e) = env.json(&["ca", "renew", "partner"]);
    assert_eq!(
        (c, e["error"]["code"].as_str()),
        (2, Some("unsupported")),
        "{e}"
    );

    // Name constraints come back exactly as they were written (the renewal
    // checks subject, key, identifiers and constraints before it commits).
    for (name, flags) in [
        (
            "dns-only",
            vec![
                "--permit-dns",
                "example.com",
                "--exclude-dns",
                "bad.example.com",
            ],
        ),
        ("ip-only", vec!["--permit-ip", "10.0.0.0/8"]),
        (
            "both",
            vec![
                "--permit-dns",
                ".example.org",
                "--permit-ip",
                "fd00::/8",
                "--exclude-ip",
                "10.1.0.0/16",
            ],
        ),
    ] {
        let cn = format!("CA {name}");
        let mut args = vec!["init-ca", name, "--parent", "root", "--cn", &cn];
        args.extend(flags);
        env.ok(&args);
        let before = env.json_ok(&["ca", "status", name]);
        env.ok(&["ca", "renew", name]);
        let after = env.json_ok(&["ca", "status", name]);
        assert_eq!(
            before["cas"][0]["name_constraints"], after["cas"][0]["name_constraints"],
            "{name}"
        );
    }
}

#[test]
fn a_cross_certificate_lets_peers_of_another_root_verify_a_cas_leaves() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    env.issue("web");
    env.ok(&[
        "init-ca",
        "partner",
        "--cn",
        "Partner Root",
        "--no-passphrase",
    ]);
    let snap = env.snapshot();
    let dry = env.json_ok(&[
        "ca",
        "cross-sign",
        "issuing",
        "--by",
        "partner",
        "--dry-run",
    ]);
    assert_eq!(dry["changed"], false);
    assert_eq!(env.snapshot(), snap, "--dry-run changes nothing");
    let v = env.json_ok(&["ca", "cross-sign", "issuing", "--by", "partner"]);
    assert_eq!(v["certificate"]["subject_cn"], "Test Issuing CA");
    assert_eq!(v["certificate"]["issuer"], "CN=Partner Root");
    assert_eq!(v["by_root"], "partner");
    let cross = std::path::PathBuf::from(v["cert_path"].as_str().unwrap());
    let partner = env.store.join("cas/partner/current/cert.pem");
    let leaf = env.store.join("certs/web/current/cert.pem");
    // A peer that trusts only the partner root: the cross certificate is
    // the missing link; without it there is no path.
    let (c, out) = verify(&openssl, env.dir.path(), &partner, Some(&cross), &leaf);
    assert_eq!(c, 0, "{out}");
    let (c, _) = verify(&openssl, env.dir.path(), &partner, None, &leaf);
    assert_ne!(c, 0);
    // The CA still issues with its own certificate; the cross certificate is
    // listed, watched and healthy.
    let s = env.json_ok(&["ca", "status", "issuing"]);
    let ca = &s["cas"][0];
    assert_eq!(ca["generations"][0]["certificates"], 1, "{s}");
    assert_eq!(ca["cross_certificates"][0]["by"], "partner", "{s}");
    let table = crate::common::text(&env.ok(&["ca", "status", "issuing"]));
    assert!(
        table.contains("issuing: cross-signed by partner"),
        "{table}"
    );
    env.issue("after");
    let chain = std::fs::read_to_string(env.store.join("certs/after/current/chain.pem")).unwrap();
    assert_eq!(
        chain,
        std::fs::read_to_string(env.store.join("cas/issuing/current/cert.pem")).unwrap()
    );
    let listed = env.json_ok(&["list"]);
    let issuing = listed["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == "issuing")
        .count();
    assert_eq!(issuing, 2, "{listed}");
    let (_, checked) = env.json(&["check-expiry"]);
    let cross_serial = v["certificate"]["serial"].as_str().unwrap();
    assert!(
        checked.to_string().contains(cross_serial),
        "check-expiry watches the cross certificate: {checked}"
    );
    let (c, d) = env.json(&["doctor"]);
    assert_eq!(c, 0, "{d}");
    // What cannot be: a CA certifying its own ancestor, and a root whose
    // pathLen leaves no room for another root below it.
    let (c, e) = env.json(&["ca", "cross-sign", "root", "--by", "issuing"]);
    assert_eq!(c, 2, "{e}");
    let (c, e) = env.json(&["ca", "cross-sign", "issuing", "--by", "root"]);
    assert_eq!(
        (c, e["error"]["code"].as_str()),
        (2, Some("usage")),
        "its own parent: {e}"
    );
    let (c, e) = env.json(&["ca", "cross-sign", "root", "--by", "partner"]);
    assert_eq!(c, 2, "{e}");
    assert!(
        e["error"]["message"].as_str().unwrap().contains("pathLen"),
        "{e}"
    );
}

#[test]
fn an_intermediate_under_an_offline_root_is_renewed_through_a_request() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let root = Env::new();
    root.ok(&["init-ca", "--cn", "Offline Root"]);
    let online = Env::new();
    let csr = online.path("issuing.csr");
    online.ok(&[
        "init-ca",
        "issuing",
        "--cn",
        "Online Issuing",
        "--csr-out",
        csr.to_str().unwrap(),
    ]);
    let signed = root.path("signed");
    let sign = |csr: &Path, out: &Path, extra: &[&str]| {
        let mut args = vec![
            "sign-csr",
            csr.to_str().unwrap(),
            "--name",
            "issuing",
            "--profile",
            "intermediate-ca",
            "--out-dir",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        root.ok(&args);
    };
    sign(&csr, &signed, &[]);
    let root_cert = root.store.join("cas/root/current/cert.pem");
    online.ok(&["import-ca", "root", "--cert", root_cert.to_str().unwrap()]);
    online.ok(&[
        "init-ca",
        "issuing",
        "--import-cert",
        signed.join("cert.pem").to_str().unwrap(),
    ]);
    online.issue("before");
    // Without the parent's key the store says how to go on.
    let (c, e) = online.json(&["ca", "renew", "issuing"]);
    assert_eq!(c, 2);
    assert!(
        e["error"]["hint"].as_str().unwrap().contains("--csr-out"),
        "{e}"
    );
    // The request, signed offline, imported online.
    let again = online.path("again.csr");
    let v = online.json_ok(&[
        "ca",
        "renew",
        "issuing",
        "--csr-out",
        again.to_str().unwrap(),
    ]);
    assert_eq!(v["changed"], false);
    assert!(again.is_file());
    let resigned = root.path("resigned");
    // The offline signer adds a name constraint this time: allowed, and said.
    sign(
        &again,
        &resigned,
        &[
            "--supersede",
            "--validity",
            "2y",
            "--permit-dns",
            "example.com",
        ],
    );
    // A certificate of another key is refused; then the right one is taken.
    let (c, _) = online.json(&[
        "ca",
        "renew",
        "issuing",
        "--import-cert",
        root_cert.to_str().unwrap(),
    ]);
    assert_eq!(c, 2);
    let v = online.json_ok(&[
        "ca",
        "renew",
        "issuing",
        "--import-cert",
        resigned.join("cert.pem").to_str().unwrap(),
    ]);
    assert_eq!(v["changed"], true);
    assert!(
        v["warnings"].to_string().contains("constraints_changed"),
        "{v}"
    );
    online.issue("after");
    let old = signed.join("cert.pem");
    let new = resigned.join("cert.pem");
    for leaf in ["before", "after"] {
        let cert = online.store.join(format!("certs/{leaf}/current/cert.pem"));
        for i in [&old, &new] {
            let (c, out) = verify(&openssl, online.dir.path(), &root_cert, Some(i), &cert);
            assert_eq!(c, 0, "{leaf} with {}: {out}", i.display());
        }
    }
    let (c, d) = online.json(&["doctor"]);
    assert_eq!(c, 0, "{d}");
    // The same certificate twice is refused.
    let (c, _) = online.json(&[
        "ca",
        "renew",
        "issuing",
        "--import-cert",
        new.to_str().unwrap(),
    ]);
    assert_eq!(c, 2);
}
