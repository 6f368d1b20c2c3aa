use crate::common::*;
use std::collections::HashSet;

/// Eight processes issue at once; every serial is unique, every record
/// parses and the audit chain holds.
#[test]
fn eight_processes_issue_at_once() {
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
    let per_proc = 30;
    let bin = assert_cmd::cargo::cargo_bin("pkictl");
    let mut children = Vec::new();
    for p in 0..8 {
        let store = env.store.clone();
        let bin = bin.clone();
        children.push(std::thread::spawn(move || {
            // Each worker runs a batch of its own plus single issues, in a child process each.
            let mut ok = 0;
            for i in 0..per_proc {
                let name = format!("p{p}-c{i}");
                let out = std::process::Command::new(&bin)
                    .args([
                        "--store",
                        store.to_str().unwrap(),
                        "issue",
                        &name,
                        "--dns",
                        &format!("{name}.example.com"),
                        "-q",
                    ])
                    .env_remove("PKICTL_PASSPHRASE")
                    .output()
                    .unwrap();
                assert_eq!(code(&out), 0, "{}", text(&out));
                ok += 1;
            }
            ok
        }));
    }
    let total: usize = children.into_iter().map(|c| c.join().unwrap()).sum();
    assert_eq!(total, 8 * per_proc);
    let v = env.json_ok(&["list"]);
    let certs = v["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 8 * per_proc + 2);
    let serials: HashSet<&str> = certs
        .iter()
        .map(|c| c["serial"].as_str().unwrap())
        .collect();
    assert_eq!(serials.len(), certs.len(), "every serial is unique");
    let text = std::fs::read_to_string(env.store.join("index.jsonl")).unwrap();
    for line in text.lines() {
        let _: serde_json::Value = serde_json::from_str(line).expect("every record parses");
    }
    let v = env.json_ok(&["audit", "verify"]);
    // Two CAs, each with its first CRL, then every issuance.
    assert_eq!(v["records"], (8 * per_proc + 4) as u64);
    env.json_ok(&["doctor"]);
}
