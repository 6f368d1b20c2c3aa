//! Crash safety: `issue --batch`, `renew`, `revoke`, `ca renew` and each
//! stage of a root's `ca rollover` are killed (SIGKILL, through the test
//! build's fail points) after each file, fsync, record and link step, and
//! the store is checked after every kill:
//! - no record names a serial directory that is missing (files are durable
//!   before their records);
//! - no `current` link points at a serial the index does not hold as the
//!   name's active certificate, except one the view has not caught up with
//!   yet, which `doctor --fix` moves to the recorded one;
//! - readers see the committed state meanwhile; `doctor --fix` leaves a
//!   healthy store; the next command works.

use std::collections::HashMap;

use crate::common::*;

/// A store with a root and an intermediate whose keys need no passphrase,
/// and five issued names.
fn store() -> Env {
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Root", "--no-passphrase"]);
    env.ok(&[
        "init-ca",
        "issuing",
        "--parent",
        "root",
        "--cn",
        "Issuing",
        "--no-passphrase",
    ]);
    batch(&env, "a", 5);
    env.ok(&["issue", "--batch", "a.jsonl"]);
    env
}

fn batch(env: &Env, prefix: &str, n: usize) {
    let lines: String = (0..n)
        .map(|i| format!("{{\"name\":\"{prefix}{i}\",\"dns\":\"{prefix}{i}.example.com\"}}\n"))
        .collect();
    std::fs::write(env.path(&format!("{prefix}.jsonl")), lines).unwrap();
}

/// Runs pkictl with a fail point; it must die of SIGKILL there.
fn killed_at(env: &Env, point: &str, args: &[&str]) {
    let out = env
        .cmd()
        .env("PKICTL_FAILPOINT", point)
        .args(args)
        .arg("-q")
        .output()
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        out.status.signal(),
        Some(9),
        "pkictl {args:?} did not reach fail point {point}: {}",
        text(&out)
    );
}

/// Each name's active serial, as the index says (list folds the index).
fn recorded(env: &Env) -> HashMap<String, String> {
    let v = env.json_ok(&["list"]);
    v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["is_ca"] == false)
        .map(|c| (s(c, "name").to_string(), s(c, "serial").to_string()))
        .collect()
}

/// Every serial the index says was issued to a name, from the records.
fn issued_serials(env: &Env) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(env.store.join("index.jsonl")).unwrap();
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|r| r["event"] == "issued" || r["event"] == "renewed")
        .map(|r| (s(&r, "name").to_string(), s(&r, "serial").to_string()))
        .collect()
}

fn link(env: &Env, name: &str) -> Option<String> {
    std::fs::read_link(env.store.join(format!("certs/{name}/current")))
        .ok()
        .map(|t| t.to_string_lossy().into_owned())
}

/// The invariants that must hold after any kill, then the mend.
fn check(env: &Env, what: &str) {
    // No record names a file that is not there.
    for (name, serial) in issued_serials(env) {
        let dir = env.store.join(format!("certs/{name}/{serial}"));
        assert!(
            dir.join("cert.pem").is_file(),
            "{what}: record of {name} {serial} without its files"
        );
    }
    // No link points at a certificate without its record; a link that is
    // not the recorded certificate is an older one of the same name that
    // the view has not caught up with.
    let all: Vec<(String, String)> = issued_serials(env);
    for e in std::fs::read_dir(env.store.join("certs"))
        .unwrap()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(l) = link(env, &name) {
            assert!(
                all.iter().any(|(n, s)| *n == name && *s == l),
                "{what}: {name}/current points at {l}, which no record holds"
            );
        }
    }
    // Readers see the recorded state.
    let rec = recorded(env);
    for (name, serial) in &rec {
        // The certificate a reader resolves matches its key.
        let dir = env.store.join(format!("certs/{name}/{serial}"));
        let cert = std::fs::read(dir.join("cert.pem")).unwrap();
        let key = std::fs::read_to_string(dir.join("key.pem")).unwrap();
        let facts =
            pkictl::pki::certinfo::CertFacts::from_der(&pem::parse(&cert).unwrap().into_contents())
                .unwrap();
        let k = pkictl::pki::keys::PrivateKey::from_pem(&key).unwrap();
        assert_eq!(
            pkictl::encoding::sha256_hex(&k.spki_der()),
            facts.spki_sha256,
            "{what}: {name}"
        );
    }
    // doctor --fix mends the rest: links equal the records, store healthy.
    env.json(&["doctor", "--fix"]);
    let v = env.json_ok(&["doctor"]);
    assert_eq!(v["healthy"], true, "{what}: {v}");
    env.json_ok(&["audit", "verify"]);
    for (name, serial) in recorded(env) {
        assert_eq!(
            link(env, &name).as_deref(),
            Some(serial.as_str()),
            "{what}: {name} after doctor --fix"
        );
    }
}

#[test]
fn a_killed_batch_leaves_a_consistent_store() {
    for point in [
        "stage_file:1",
        "stage_file:8",
        "stage_dir:2",
        "synced",
        "recorded",
        "applied:1",
        "applied:3",
    ] {
        let env = store();
        batch(&env, "b", 4);
        killed_at(&env, point, &["issue", "--batch", "b.jsonl"]);
        check(&env, &format!("issue --batch killed at {point}"));
        // The batch can be run again: what was committed is refused as
        // existing only if it was committed.
        let committed: Vec<String> = recorded(&env)
            .into_keys()
            .filter(|n| n.starts_with('b'))
            .collect();
        let (c, v) = env.json(&["issue", "--batch", "b.jsonl", "--keep-going"]);
        let refused = v["errors"].as_array().map_or(0, |e| e.len());
        assert_eq!(refused, committed.len(), "{point}: {v}");
        assert!(c == 0 || c == 2, "{point}: {v}");
        assert_eq!(
            recorded(&env).keys().filter(|n| n.starts_with('b')).count(),
            4,
            "{point}"
        );
    }
}

#[test]
fn a_killed_renewal_leaves_a_consistent_store() {
    for point in [
        "stage_file:3",
        "stage_dir:1",
        "stage_dir:3",
        "synced",
        "recorded",
        "applied:2",
        "applied:7",
    ] {
        let env = store();
        let before = recorded(&env);
        killed_at(&env, point, &["renew", "--within", "100%"]);
        check(&env, &format!("renew killed at {point}"));
        // Each name is either still its old certificate (nothing committed)
        // or its successor (committed): never a third state.
        let after = recorded(&env);
        let renewed = before.iter().filter(|(n, s)| after[*n] != **s).count();
        assert!(
            renewed == 0 || renewed == before.len(),
            "{point}: {renewed} of {}",
            before.len()
        );
        let v = env.json_ok(&["renew", "--within", "100%"]);
        assert_eq!(
            v["renewed"].as_array().unwrap().len(),
            before.len(),
            "{point}"
        );
        check(&env, &format!("renew after a kill at {point}"));
    }
}

#[test]
fn a_killed_revocation_leaves_a_consistent_store() {
    for point in ["stage_crl", "synced", "recorded", "applied:1", "applied:2"] {
        let env = store();
        let serial = recorded(&env)["a1"].clone();
        killed_at(&env, point, &["revoke", "a1", "--yes"]);
        // Committed or not, revoke's view of a1 and the CRL agree once the
        // view is current: a revoked record means the CRL lists it.
        check(&env, &format!("revoke killed at {point}"));
        let revoked = !recorded(&env).contains_key("a1");
        let crl = std::fs::read(env.store.join("crls/issuing.crl.pem")).unwrap();
        let der = pem::parse(&crl).unwrap().into_contents();
        let (_, parsed) = x509_parser::parse_x509_crl(&der).unwrap();
        let listed = parsed.iter_revoked_certificates().any(|r| {
            pkictl::encoding::hex(r.raw_serial()).trim_start_matches("00")
                == serial.trim_start_matches("00")
        });
        assert_eq!(
            revoked, listed,
            "{point}: revoked {revoked}, on the CRL {listed}"
        );
        if !revoked {
            env.ok(&["revoke", "a1", "--yes"]);
        }
        let (c, _) = env.json(&["verify", &format!("pki/certs/a1/{serial}/cert.pem")]);
        assert_eq!(c, 1, "{point}: a1 verifies after its revocation");
    }
}

#[test]
fn a_batch_whose_records_go_through_a_spool_file_commits_the_same_way() {
    // PKICTL_SPOOL_AT=1 (test builds) sends every sealed record to the
    // spool file a large batch uses, so a small batch takes that path.
    let env = store();
    batch(&env, "s", 6);
    let out = env
        .cmd()
        .env("PKICTL_SPOOL_AT", "1")
        .args(["issue", "--batch", "s.jsonl", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out));
    let v = parse_json(&out);
    assert_eq!(v["issued"].as_array().unwrap().len(), 6, "{v}");
    check(&env, "spooled batch");
    assert_eq!(
        recorded(&env).keys().filter(|n| n.starts_with('s')).count(),
        6
    );
    for point in ["recorded", "applied:4"] {
        let env = store();
        batch(&env, "t", 6);
        let out = env
            .cmd()
            .env("PKICTL_SPOOL_AT", "1")
            .env("PKICTL_FAILPOINT", point)
            .args(["issue", "--batch", "t.jsonl", "-q"])
            .output()
            .unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(out.status.signal(), Some(9), "{point}: {}", text(&out));
        check(&env, &format!("spooled batch killed at {point}"));
        assert_eq!(
            recorded(&env).keys().filter(|n| n.starts_with('t')).count(),
            6
        );
    }
}

#[test]
fn a_killed_ca_renewal_resumes_to_the_same_end_state() {
    for point in [
        "stage_file:1",
        "stage_file:4",
        "stage_dir:1",
        "synced",
        "recorded",
        "applied:1",
    ] {
        let env = store();
        let status = |env: &Env| env.json_ok(&["ca", "status", "issuing"])["cas"][0].clone();
        let old = status(&env)["generations"][0]["certificate"]["serial"]
            .as_str()
            .unwrap()
            .to_string();
        killed_at(&env, point, &["ca", "renew", "issuing"]);
        check(&env, &format!("ca renew killed at {point}"));
        // The CA is its old certificate (nothing committed) or the new one
        // (committed), and `current` agrees after doctor --fix.
        let now = status(&env)["generations"][0]["certificate"]["serial"]
            .as_str()
            .unwrap()
            .to_string();
        let link = std::fs::read_link(env.store.join("cas/issuing/current")).unwrap();
        assert_eq!(link.to_string_lossy(), now, "{point}");
        if now == old {
            env.ok(&["ca", "renew", "issuing"]);
        }
        // Either way the end state: one renewal, issuance works from it.
        let s = status(&env);
        assert_eq!(s["generations"][0]["certificates"], 2, "{point}: {s}");
        env.issue("after");
        check(&env, &format!("ca renew after a kill at {point}"));
    }
}

/// Runs pkictl with a fail point: it dies there (true), or, when the
/// command never reaches that point, succeeds (false).
fn maybe_killed_at(env: &Env, point: &str, args: &[&str]) -> bool {
    let out = env
        .cmd()
        .env("PKICTL_FAILPOINT", point)
        .args(args)
        .arg("-q")
        .output()
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    if out.status.signal() == Some(9) {
        return true;
    }
    assert!(out.status.success(), "pkictl {args:?}: {}", text(&out));
    false
}

#[test]
fn a_killed_root_rollover_resumes_to_the_same_end_state() {
    let points = [
        "stage_file:1",
        "stage_file:7",
        "stage_dir:2",
        "stage_crl",
        "synced",
        "recorded",
        "applied:1",
    ];
    killed_rollover("root", &points);
}

#[test]
fn a_killed_intermediate_rollover_resumes_to_the_same_end_state() {
    let points = [
        "stage_file:1",
        "stage_file:4",
        "stage_dir:1",
        "stage_crl",
        "synced",
        "recorded",
        "applied:1",
    ];
    killed_rollover("issuing", &points);
}

/// Each stage of `ca`'s rollover killed at each of `points`, then mended
/// and run again, ends where an uninterrupted rollover ends.
fn killed_rollover(ca: &str, points: &[&str]) {
    for &point in points {
        let env = store();
        let stage = |env: &Env| {
            let v = env.json_ok(&["ca", "rollover", ca, "--plan"]);
            v["stage"].as_str().unwrap().to_string()
        };
        let start = ["ca", "rollover", ca, "--start"];
        killed_at(&env, point, &start);
        check(&env, &format!("rollover --start killed at {point}"));
        if stage(&env) == "none" {
            env.ok(&start);
        }
        assert_eq!(stage(&env), "started", "{ca} {point}");
        let prev = std::fs::read_link(env.store.join(format!("cas/{ca}/previous")));
        assert!(
            prev.is_ok(),
            "{point}: the previous link after doctor --fix"
        );

        let reissue = ["ca", "rollover", ca, "--reissue"];
        assert_eq!(
            maybe_killed_at(&env, point, &reissue),
            point != "stage_crl",
            "{point}: --reissue without --revoke-old signs no CRL"
        );
        check(&env, &format!("rollover --reissue killed at {point}"));
        env.ok(&reissue);
        assert_eq!(stage(&env), "reissued", "{ca} {point}");

        let finish = ["ca", "rollover", ca, "--finish"];
        let killed = maybe_killed_at(&env, point, &finish);
        assert_eq!(
            killed,
            !point.starts_with("stage_file") && !point.starts_with("stage_dir"),
            "{point}: --finish stages only a CRL"
        );
        check(&env, &format!("rollover --finish killed at {point}"));
        if stage(&env) != "finished" {
            env.ok(&finish);
        }
        assert_eq!(stage(&env), "finished", "{ca} {point}");
        assert!(
            !env.store.join(format!("cas/{ca}/previous")).exists(),
            "{ca} {point}"
        );
        // The same end state: two generations, the old one retired, its
        // final CRL in place, every leaf on the new generation.
        let st = env.json_ok(&["ca", "status", ca]);
        let gens = st["cas"][0]["generations"].as_array().unwrap();
        assert_eq!(gens.len(), 2, "{ca} {point}: {st}");
        assert_eq!(
            gens[0]["certificate"]["status"], "retired",
            "{ca} {point}: {st}"
        );
        let plan = env.json_ok(&["ca", "rollover", ca, "--plan"]);
        assert_eq!(
            plan["dependents"]["active_leaves"], 5,
            "{ca} {point}: {plan}"
        );
        let bundle = env.ok(&["bundle", "--format", "pem"]);
        assert_eq!(
            pem::parse_many(&bundle.stdout).unwrap().len(),
            1,
            "{ca} {point}"
        );
        env.issue("after");
        check(&env, &format!("rollover after a kill at {point}"));
    }
}
