//! An outside judge of what pkictl writes: DigiCert's pkilint (RFC 5280)
//! lints every kind of certificate and CRL pkictl makes — roots and
//! intermediates of each CA key type, leaves of each key type and profile,
//! sign-csr output (leaf and intermediate), renewals of leaves and CAs, a
//! cross certificate — with no finding at
//! WARNING or above, except the ones listed in `EXCEPTIONS` with why
//! pkilint is wrong for a private PKI. `.ci/run` installs pkilint into
//! `target/pkilint-venv`.

use std::path::{Path, PathBuf};

use crate::common::{Env, tool};

/// Findings pkilint reports that are not defects, with the reason.
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "pkix.invalid_uri_syntax",
        "\"spiffe://",
        "pkilint checks URIs with the `validators` package, which knows only web schemes; a SPIFFE ID is a valid RFC 3986 URI (SPIFFE X.509-SVID, section 2)",
    ),
    (
        "pkix.invalid_domain_name_syntax",
        "\"*.",
        "RFC 5280 does not define wildcards, so the PKIX linter reads `*.example.com` as a bad domain name; wildcard dNSNames are RFC 6125 section 6.4.3 (and CA/B Forum BR 7.1.2.7.12), which every TLS client implements, and pkictl issues them only when the CA's policy allows them",
    ),
];

fn files_named(dir: &Path, name: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let ft = e.file_type().unwrap();
        if ft.is_dir() {
            files_named(&p, name, out);
        } else if ft.is_file() && p.file_name().is_some_and(|n| n == name) {
            out.push(p);
        }
    }
}

/// A store with everything pkictl writes: every CA key type, every leaf
/// key type and profile, sign-csr output, a renewal and CRLs with entries.
fn everything(env: &Env, openssl: &Path) {
    for kt in ["ec-p256", "ec-p384", "ed25519", "rsa-3072"] {
        let root = format!("root-{kt}");
        env.ok(&[
            "init-ca",
            &root,
            "--cn",
            &format!("Root {kt}"),
            "--org",
            "Lint",
            "--key-type",
            kt,
            "--no-passphrase",
        ]);
        let inter = format!("inter-{kt}");
        let cn = format!("Intermediate {kt}");
        let mut args = vec![
            "init-ca",
            &inter,
            "--parent",
            &root,
            "--cn",
            &cn,
            "--key-type",
            kt,
            "--no-passphrase",
        ];
        if kt == "ed25519" {
            // One CA with name constraints.
            args.extend(["--permit-dns", "example.com", "--permit-ip", "10.0.0.0/8"]);
        }
        env.ok(&args);
        env.ok(&[
            "issue",
            &format!("leaf-under-{kt}"),
            "--ca",
            &format!("inter-{kt}"),
            "--dns",
            "a.example.com",
        ]);
    }
    env.ok(&["ca", "default", "inter-ec-p256"]);
    for kt in ["ec-p256", "ec-p384", "ed25519", "rsa-2048", "rsa-4096"] {
        for profile in ["server", "client", "mtls"] {
            env.ok(&[
                "issue",
                &format!("{kt}-{profile}"),
                "--key-type",
                kt,
                "--profile",
                profile,
                "--dns",
                &format!("{profile}.example.com"),
                "--ip",
                "10.0.0.1",
            ]);
        }
    }
    env.ok(&[
        "issue",
        "svc",
        "--profile",
        "spiffe",
        "--spiffe-id",
        "spiffe://example.com/ns/prod/sa/svc",
    ]);
    let toml = env.store.join("pkictl.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace("allow_wildcards = false", "allow_wildcards = true"),
    )
    .unwrap();
    env.ok(&[
        "issue",
        "wild",
        "--dns",
        "*.example.com",
        "--dns",
        "example.com",
    ]);
    // sign-csr: a leaf request and an offline intermediate's request.
    let dir = env.dir.path();
    for (name, subj, ext) in [
        (
            "csr-leaf",
            "/CN=csr.example.com/O=Lint",
            "subjectAltName=DNS:csr.example.com",
        ),
        (
            "csr-ca",
            "/CN=Offline Intermediate/O=Lint",
            "basicConstraints=critical,CA:TRUE",
        ),
    ] {
        let (c, out) = crate::common::run_tool(
            openssl,
            &[
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                &format!("{name}.key"),
                "-subj",
                subj,
                "-addext",
                ext,
                "-out",
                &format!("{name}.csr"),
            ],
            dir,
        );
        assert_eq!(c, 0, "{out}");
    }
    env.ok(&["sign-csr", "csr-leaf.csr", "--name", "csr-leaf"]);
    env.ok(&[
        "sign-csr",
        "csr-ca.csr",
        "--name",
        "csr-ca",
        "--profile",
        "intermediate-ca",
        "--ca",
        "root-ec-p256",
    ]);
    env.ok(&["renew", "ec-p256-server"]);
    // CA lifecycle: a renewed intermediate and root, a cross certificate.
    env.ok(&["ca", "renew", "inter-ec-p384"]);
    env.ok(&["ca", "renew", "root-rsa-3072"]);
    env.ok(&["ca", "cross-sign", "inter-ed25519", "--by", "root-ec-p256"]);
    // Key rollovers: an intermediate's next generation; a root's (its
    // cross certificate, its intermediate certified again), finished with
    // the old root's final CRL.
    env.ok(&["ca", "rollover", "inter-ec-p256", "--start"]);
    env.ok(&["ca", "rollover", "root-rsa-3072", "--start"]);
    env.ok(&["ca", "rollover", "root-rsa-3072", "--finish", "--force"]);
    for (name, reason) in [
        ("ec-p256-client", "key-compromise"),
        ("ed25519-mtls", "superseded"),
        ("rsa-2048-server", "cessation-of-operation"),
    ] {
        env.ok(&["revoke", name, "--reason", reason]);
    }
    env.ok(&["revoke", "leaf-under-ed25519"]);
    env.ok(&["crl"]);
    for kt in ["ec-p256", "ec-p384", "ed25519", "rsa-3072"] {
        env.ok(&["crl", "--ca", &format!("root-{kt}")]);
        env.ok(&["crl", "--ca", &format!("inter-{kt}")]);
    }
}

/// pkilint's findings for one file (JSON), the listed exceptions removed.
fn findings(lint: &Path, args: &[&str], file: &Path) -> (Vec<String>, Vec<&'static str>) {
    let out = std::process::Command::new(lint)
        .arg("lint")
        .args(args)
        .args(["-s", "WARNING", "-f", "JSON"])
        .arg(file)
        .output()
        .expect("run pkilint");
    let text = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|_| {
        panic!(
            "pkilint failed on {}: {text}{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let mut left = Vec::new();
    let mut excused = Vec::new();
    for r in v["results"].as_array().unwrap() {
        for f in r["finding_descriptions"].as_array().unwrap() {
            let code = f["code"].as_str().unwrap_or("");
            let message = f["message"].as_str().unwrap_or("");
            let exception = EXCEPTIONS
                .iter()
                .find(|(c, within, _)| *c == code && message.contains(within));
            if let Some((c, _, _)) = exception {
                excused.push(*c);
            } else {
                left.push(format!(
                    "{}: {} {code} {message} at {}",
                    file.display(),
                    f["severity"],
                    r["node_path"]
                ));
            }
        }
    }
    (left, excused)
}

#[test]
fn pkilint_finds_nothing_in_what_pkictl_writes() {
    let (Some(openssl), Some(lint_cert), Some(lint_crl)) =
        (tool("openssl"), tool("lint_pkix_cert"), tool("lint_crl"))
    else {
        return;
    };
    let env = Env::new();
    everything(&env, &openssl);
    let mut certs = Vec::new();
    files_named(&env.store, "cert.pem", &mut certs);
    let mut crls = Vec::new();
    for e in std::fs::read_dir(env.store.join("crls")).unwrap().flatten() {
        crls.push(e.path());
    }
    assert!(certs.len() >= 39, "{} certificates: {certs:?}", certs.len());
    assert_eq!(crls.len(), 10, "a CRL per CA generation: {crls:?}");
    let jobs: Vec<(&Path, &[&str], &Path)> = certs
        .iter()
        .map(|c| (lint_cert.as_path(), &[][..], c.as_path()))
        .chain(crls.iter().map(|c| {
            (
                lint_crl.as_path(),
                &["-t", "CRL", "-p", "PKIX"][..],
                c.as_path(),
            )
        }))
        .collect();
    let results: Vec<(Vec<String>, Vec<&str>)> = std::thread::scope(|s| {
        let per = jobs.len().div_ceil(4);
        let handles: Vec<_> = jobs
            .chunks(per)
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|(l, a, f)| findings(l, a, f))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let found: Vec<&String> = results.iter().flat_map(|(l, _)| l).collect();
    let used: Vec<&str> = results
        .iter()
        .flat_map(|(_, e)| e.iter().copied())
        .collect();
    assert!(
        found.is_empty(),
        "pkilint findings:\n{}",
        found
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for (code, _, why) in EXCEPTIONS {
        assert!(
            used.contains(code),
            "pkilint no longer reports {code}: remove its exception ({why})"
        );
    }
}
