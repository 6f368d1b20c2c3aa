//! openssl accepts what pkictl writes.

use crate::common::*;

const KEY_TYPES: [&str; 6] = [
    "ec-p256", "ec-p384", "ed25519", "rsa-2048", "rsa-3072", "rsa-4096",
];

#[test]
fn openssl_verifies_leaves_of_every_key_type_and_profile() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Interop Root", "--key-type", "ec-p384"]);
    env.ok(&[
        "init-ca",
        "issuing",
        "--parent",
        "root",
        "--cn",
        "Interop Issuing",
        "--key-type",
        "rsa-3072",
    ]);
    env.ok(&[
        "init-ca",
        "edca",
        "--parent",
        "root",
        "--cn",
        "Interop Ed25519 CA",
        "--key-type",
        "ed25519",
    ]);
    let d = env.dir.path();
    for (i, kt) in KEY_TYPES.iter().enumerate() {
        for (profile, extra, purpose) in [
            (
                "server",
                vec!["--dns", "svc.example.com"],
                Some("sslserver"),
            ),
            (
                "client",
                vec!["--email", "c@example.com"],
                Some("sslclient"),
            ),
            (
                "mtls",
                vec!["--dns", "svc.example.com", "--ip", "10.0.0.7"],
                Some("sslserver"),
            ),
            (
                "spiffe",
                vec!["--spiffe-id", "spiffe://prod.example/ns/a"],
                Some("sslclient"),
            ),
        ] {
            let ca = if i % 2 == 0 { "issuing" } else { "edca" };
            let name = format!("{kt}-{profile}");
            let mut args = vec![
                "issue",
                name.as_str(),
                "--profile",
                profile,
                "--key-type",
                kt,
                "--ca",
                ca,
            ];
            args.extend(extra.iter());
            let v = env.json_ok(&args);
            let i0 = &v["issued"][0];
            let mut check = vec![
                "verify",
                "-x509_strict",
                "-CAfile",
                s(i0, "ca_path"),
                "-untrusted",
                s(i0, "chain_path"),
            ];
            if let Some(p) = purpose {
                check.extend(["-purpose", p]);
            }
            if profile == "server" || profile == "mtls" {
                check.extend(["-verify_hostname", "svc.example.com"]);
            }
            if profile == "mtls" {
                check.extend(["-verify_ip", "10.0.0.7"]);
            }
            check.push(s(i0, "cert_path"));
            let (c, out) = run_tool(&openssl, &check, d);
            assert_eq!(c, 0, "openssl rejects {name}: {out}");
            assert!(out.contains(": OK"), "{out}");
            // The key file is readable by openssl and matches the certificate.
            let (c, pubkey_from_key) =
                run_tool(&openssl, &["pkey", "-in", s(i0, "key_path"), "-pubout"], d);
            assert_eq!(c, 0, "{name}: {pubkey_from_key}");
            let (_, pubkey_from_cert) = run_tool(
                &openssl,
                &["x509", "-in", s(i0, "cert_path"), "-noout", "-pubkey"],
                d,
            );
            assert_eq!(pubkey_from_key, pubkey_from_cert, "{name}");
            // The full chain verifies as servers send it.
            let (c, out) = run_tool(
                &openssl,
                &[
                    "verify",
                    "-CAfile",
                    s(i0, "ca_path"),
                    "-untrusted",
                    s(i0, "fullchain_path"),
                    s(i0, "cert_path"),
                ],
                d,
            );
            assert_eq!(c, 0, "{out}");
        }
    }
}

#[test]
fn openssl_shows_the_profiles_extensions() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    let d = env.dir.path();
    let cases = [
        (
            vec!["issue", "s", "--dns", "s.example.com", "--ip", "192.0.2.1"],
            "TLS Web Server Authentication",
            "DNS:s.example.com, IP Address:192.0.2.1",
        ),
        (
            vec![
                "issue",
                "c",
                "--profile",
                "client",
                "--email",
                "c@example.com",
            ],
            "TLS Web Client Authentication",
            "email:c@example.com",
        ),
        (
            vec!["issue", "m", "--profile", "mtls", "--dns", "m.example.com"],
            "TLS Web Server Authentication, TLS Web Client Authentication",
            "DNS:m.example.com",
        ),
        (
            vec![
                "issue",
                "r",
                "--dns",
                "r.example.com",
                "--key-type",
                "rsa-2048",
            ],
            "TLS Web Server Authentication",
            "DNS:r.example.com",
        ),
    ];
    for (args, eku, san) in cases {
        let v = env.json_ok(&args);
        let cert = s(&v["issued"][0], "cert_path");
        let (c, out) = run_tool(
            &openssl,
            &[
                "x509",
                "-in",
                cert,
                "-noout",
                "-ext",
                "keyUsage,extendedKeyUsage,subjectAltName,basicConstraints",
            ],
            d,
        );
        assert_eq!(c, 0);
        assert!(out.contains(eku), "{args:?}: {out}");
        assert!(out.contains(san), "{args:?}: {out}");
        assert!(out.contains("Key Usage: critical"), "{out}");
        assert!(
            out.contains("Basic Constraints: critical\n    CA:FALSE"),
            "{out}"
        );
        let ku = if args.contains(&"rsa-2048") {
            "Digital Signature, Key Encipherment"
        } else {
            "Digital Signature\n"
        };
        assert!(out.contains(ku), "{args:?}: {out}");
    }
    let (_, out) = run_tool(
        &openssl,
        &[
            "x509",
            "-in",
            env.store
                .join("cas/issuing/current/cert.pem")
                .to_str()
                .unwrap(),
            "-noout",
            "-ext",
            "basicConstraints,keyUsage",
        ],
        d,
    );
    assert!(
        out.contains("CA:TRUE, pathlen:0") && out.contains("Certificate Sign, CRL Sign"),
        "{out}"
    );
}

#[test]
fn openssl_opens_the_encrypted_ca_key_only_with_the_passphrase() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    for kt in KEY_TYPES {
        let env = Env::new();
        env.ok(&["init-ca", "--cn", "Root", "--key-type", kt]);
        let key = env.store.join("cas/root/current/key.pem");
        let d = env.dir.path();
        let pass = format!("file:{}", env.pw.display());
        let pkey = |passin: &str, out: &str| {
            run_tool(
                &openssl,
                &["pkey", "-in", key.to_str().unwrap(), "-passin", passin, out],
                d,
            )
        };
        let (c, out) = pkey(&pass, "-noout");
        assert_eq!(c, 0, "{kt}: {out}");
        assert_ne!(
            pkey("pass:wrong", "-noout").0,
            0,
            "{kt}: a wrong passphrase must fail"
        );
        assert_ne!(
            pkey("pass:", "-noout").0,
            0,
            "{kt}: no passphrase must fail"
        );
        // The CA certificate matches its key.
        let (_, a) = pkey(&pass, "-pubout");
        let (_, b) = run_tool(
            &openssl,
            &[
                "x509",
                "-in",
                env.store
                    .join("cas/root/current/cert.pem")
                    .to_str()
                    .unwrap(),
                "-noout",
                "-pubkey",
            ],
            d,
        );
        assert_eq!(a, b, "{kt}");
    }
}

#[test]
fn openssl_made_keys_can_be_inspected_and_pkictl_reads_openssl_encryption() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::new();
    let d = env.dir.path();
    let (c, out) = run_tool(
        &openssl,
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-aes256",
            "-pass",
            &format!("file:{}", env.pw.display()),
            "-out",
            "k.pem",
        ],
        d,
    );
    assert_eq!(c, 0, "{out}");
    let v = env.json_ok(&["inspect", d.join("k.pem").to_str().unwrap()]);
    assert_eq!(
        v["items"][0]["key"]["name"], "ec-p256",
        "decrypted with the explicit passphrase file"
    );
}

#[test]
fn crl_url_and_ca_issuers_url_go_into_every_certificate_the_ca_issues() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    set_policy(
        &env,
        "crl_url = \"http://crl.example.internal/{name}.crl\"\nca_issuers_url = \"http://pki.example.internal/{name}.crt\"",
    );
    let d = env.dir.path();
    let ext = |cert: &str| {
        let (c, out) = run_tool(
            &openssl,
            &[
                "x509",
                "-noout",
                "-in",
                cert,
                "-ext",
                "crlDistributionPoints,authorityInfoAccess",
            ],
            d,
        );
        assert_eq!(c, 0, "{out}");
        out
    };
    // issue, renew, sign-csr and an intermediate under the CA all carry both.
    env.ok(&["issue", "web", "--dns", "web.example.com"]);
    let web = env.store.join("certs/web/current/cert.pem");
    let out = ext(web.to_str().unwrap());
    assert!(
        out.contains("URI:http://crl.example.internal/issuing.crl"),
        "{out}"
    );
    assert!(
        out.contains("CA Issuers - URI:http://pki.example.internal/issuing.crt"),
        "{out}"
    );
    env.ok(&["renew", "web"]);
    assert!(ext(web.to_str().unwrap()).contains("crl.example.internal/issuing.crl"));
    env.ok(&["csr", "ext", "--dns", "ext.example.com", "--out-dir", "req"]);
    env.ok(&["sign-csr", "req/ext.csr", "--name", "ext"]);
    let ext_cert = env.store.join("certs/ext/current/cert.pem");
    assert!(ext(ext_cert.to_str().unwrap()).contains("crl.example.internal/issuing.crl"));
    // The root's policy has no URL: what it signs carries none.
    env.ok(&["init-ca", "other", "--parent", "root", "--cn", "Other CA"]);
    let other = env.store.join("cas/other/current/cert.pem");
    let (_, text) = run_tool(
        &openssl,
        &["x509", "-noout", "-text", "-in", other.to_str().unwrap()],
        d,
    );
    assert!(!text.contains("CRL Distribution"), "{text}");
    // openssl verify reads the distribution point from the certificate
    // (the step -crl_download takes first): the extension parses as such.
    let (c, text) = run_tool(
        &openssl,
        &["x509", "-noout", "-text", "-in", web.to_str().unwrap()],
        d,
    );
    assert_eq!(c, 0);
    assert!(text.contains("X509v3 CRL Distribution Points"), "{text}");
    assert!(text.contains("Full Name:"), "{text}");
    // A URL that is not a URI is refused when pkictl.toml is read.
    set_policy(&env, "crl_url = \"not a url\"");
    let (c, v) = env.json(&["issue", "x", "--dns", "x.example.com"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "store_format", "{v}");
}
