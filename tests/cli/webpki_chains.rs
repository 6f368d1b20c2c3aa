//! rustls-webpki (the verifier TLS stacks use) accepts pkictl's chains for
//! the profile's purpose and rejects them for the other one; openssl and
//! webpki both honour the name-constraint exclusions pkictl writes.

use crate::common::*;
use pkictl::pki::build::{CaSigner, CertSpec, SpecKind};
use pkictl::pki::keys::{KeyType, PrivateKey, decrypt_pkcs8};
use pkictl::pki::profile::Profile;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

fn der_of(path: &str) -> Vec<u8> {
    pem::parse(std::fs::read(path).unwrap())
        .unwrap()
        .into_contents()
}

fn webpki_verify(
    root: &[u8],
    inters: &[Vec<u8>],
    leaf: &[u8],
    usage: webpki::KeyUsage,
    host: Option<&str>,
) -> Result<(), webpki::Error> {
    let root = CertificateDer::from(root.to_vec());
    let anchor = webpki::anchor_from_trusted_cert(&root)?;
    let leaf = CertificateDer::from(leaf.to_vec());
    let ee = webpki::EndEntityCert::try_from(&leaf)?;
    let inters: Vec<CertificateDer> = inters
        .iter()
        .map(|d| CertificateDer::from(d.clone()))
        .collect();
    ee.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        &[anchor],
        &inters,
        UnixTime::now(),
        usage,
        None,
        None,
    )?;
    if let Some(h) = host {
        ee.verify_is_valid_for_subject_name(&ServerName::try_from(h).unwrap())?;
    }
    Ok(())
}

#[test]
fn webpki_accepts_each_profile_for_its_purpose_only() {
    let env = Env::with_cas();
    for kt in ["ec-p256", "ec-p384", "ed25519", "rsa-2048"] {
        for (profile, server_ok, client_ok) in [
            ("server", true, false),
            ("client", false, true),
            ("mtls", true, true),
        ] {
            let name = format!("{kt}-{profile}");
            let v = env.json_ok(&[
                "issue",
                &name,
                "--profile",
                profile,
                "--key-type",
                kt,
                "--dns",
                "svc.example.com",
            ]);
            let i = &v["issued"][0];
            let root = der_of(s(i, "ca_path"));
            let inter = der_of(s(i, "chain_path"));
            let leaf = der_of(s(i, "cert_path"));
            let server = webpki_verify(
                &root,
                std::slice::from_ref(&inter),
                &leaf,
                webpki::KeyUsage::server_auth(),
                Some("svc.example.com"),
            );
            let client = webpki_verify(
                &root,
                std::slice::from_ref(&inter),
                &leaf,
                webpki::KeyUsage::client_auth(),
                None,
            );
            assert_eq!(server.is_ok(), server_ok, "{name} as server: {server:?}");
            assert_eq!(client.is_ok(), client_ok, "{name} as client: {client:?}");
            assert!(
                webpki_verify(
                    &root,
                    &[inter],
                    &leaf,
                    webpki::KeyUsage::server_auth(),
                    Some("other.example.com")
                )
                .is_err()
                    || !server_ok
            );
        }
    }
}

/// Signs a leaf with the store's CA key directly, bypassing pkictl's checks,
/// to see what verifiers do with names the CA's constraints exclude.
fn forge_leaf(env: &Env, ca: &str, dns: &[&str], ip: &[&str]) -> Vec<u8> {
    let dir = env.store.join("cas").join(ca).join("current");
    let key_pem = std::fs::read(dir.join("key.pem")).unwrap();
    let p = pem::parse(&key_pem).unwrap();
    let plain = decrypt_pkcs8(p.contents(), b"correct horse battery staple", "test").unwrap();
    let ca_key = PrivateKey::from_pkcs8_der(plain).unwrap();
    let ca_der = der_of(dir.join("cert.pem").to_str().unwrap());
    let leaf_key = PrivateKey::generate(KeyType::EcP256).unwrap();
    let mut sans = pkictl::names::Sans::default();
    for d in dns {
        sans.add_dns(d.to_string());
    }
    for i in ip {
        sans.add_ip(i.parse().unwrap());
    }
    let now = pkictl::timeutil::now_unix();
    let spec = CertSpec {
        subject: pkictl::names::Subject::parse("CN=forged").unwrap(),
        sans,
        not_before: now - 60,
        not_after: now + 86400,
        kind: SpecKind::Leaf(Profile::Server),
        rsa_key: false,
    };
    CaSigner::new(&ca_der, &ca_key, Default::default())
        .unwrap()
        .sign(&spec, &[0x42; 16], leaf_key.pair())
        .unwrap()
}

fn openssl_accepts(env: &Env, openssl: &std::path::Path, leaf: &[u8], ca: &str) -> bool {
    let leaf_path = env.path("forged.pem");
    std::fs::write(&leaf_path, pkictl::encoding::cert_pem(leaf)).unwrap();
    let dir = env.store.join("cas").join(ca).join("current");
    let chain = env.path("chain.pem");
    let mut text = std::fs::read_to_string(dir.join("cert.pem")).unwrap();
    text.push_str(&std::fs::read_to_string(dir.join("chain.pem")).unwrap());
    std::fs::write(&chain, text).unwrap();
    let (c, _) = run_tool(
        openssl,
        &[
            "verify",
            "-CAfile",
            dir.join("ca.pem").to_str().unwrap(),
            "-untrusted",
            chain.to_str().unwrap(),
            leaf_path.to_str().unwrap(),
        ],
        env.dir.path(),
    );
    c == 0
}

/// A store's root and issuing CA, and openssl: who accepts a forged leaf.
struct Judges<'a> {
    env: &'a Env,
    openssl: std::path::PathBuf,
    root: Vec<u8>,
    inter: Vec<u8>,
}

impl Judges<'_> {
    fn new(env: &Env, openssl: std::path::PathBuf) -> Judges<'_> {
        let der = |ca: &str| {
            der_of(
                env.store
                    .join(format!("cas/{ca}/current/cert.pem"))
                    .to_str()
                    .unwrap(),
            )
        };
        Judges {
            env,
            openssl,
            root: der("root"),
            inter: der("issuing"),
        }
    }

    /// (webpki accepts, openssl accepts) a leaf of the issuing CA as a server.
    fn verdicts(&self, leaf: &[u8]) -> (bool, bool) {
        let w = webpki_verify(
            &self.root,
            std::slice::from_ref(&self.inter),
            leaf,
            webpki::KeyUsage::server_auth(),
            None,
        );
        (
            w.is_ok(),
            openssl_accepts(self.env, &self.openssl, leaf, "issuing"),
        )
    }
}

#[test]
fn permit_dns_excludes_every_ip_for_openssl_and_webpki() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Root", "--permit-dns", "example.com"]);
    env.ok(&["init-ca", "issuing", "--parent", "root", "--cn", "Issuing"]);
    let judges = Judges::new(&env, openssl);
    // Control: a name inside the constraint passes both.
    let good = forge_leaf(&env, "issuing", &["a.example.com"], &[]);
    assert_eq!(judges.verdicts(&good), (true, true));
    for ip in ["10.0.0.1", "fd00::1"] {
        let bad = forge_leaf(&env, "issuing", &["a.example.com"], &[ip]);
        assert_eq!(
            judges.verdicts(&bad),
            (false, false),
            "webpki and openssl must reject IP {ip} under a DNS-only CA"
        );
    }
    let outside = forge_leaf(&env, "issuing", &["a.example.org"], &[]);
    assert_eq!(judges.verdicts(&outside), (false, false));
}

#[test]
fn permit_ip_excludes_every_dns_name_for_openssl_and_webpki() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::new();
    env.ok(&["init-ca", "--cn", "Root", "--permit-ip", "10.0.0.0/8"]);
    env.ok(&["init-ca", "issuing", "--parent", "root", "--cn", "Issuing"]);
    let judges = Judges::new(&env, openssl);
    let good = forge_leaf(&env, "issuing", &[], &["10.1.2.3"]);
    assert_eq!(judges.verdicts(&good), (true, true));
    let bad = forge_leaf(&env, "issuing", &["a.example.com"], &["10.1.2.3"]);
    assert_eq!(
        judges.verdicts(&bad),
        (false, false),
        "webpki and openssl honour the empty dNSName exclusion"
    );
    // And pkictl refuses to issue it in the first place.
    let (c, v) = env.json(&["issue", "x", "--ip", "10.1.2.3", "--dns", "x.example.com"]);
    assert_eq!(c, 2);
    assert_eq!(v["error"]["code"], "name_constraint_violation");
}
