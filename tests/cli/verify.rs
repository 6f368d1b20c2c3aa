//! `pkictl verify`: one test per reason code of SPEC section 5, with
//! certificates made by pkictl or crafted here with rcgen.

use crate::common::*;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};

/// A small hand-made PKI for the cases pkictl itself refuses to issue.
struct Hand {
    dir: std::path::PathBuf,
}

fn ca_params(cn: &str, path_len: Option<u8>) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(match path_len {
        Some(n) => BasicConstraints::Constrained(n),
        None => BasicConstraints::Unconstrained,
    });
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.use_authority_key_identifier_extension = true;
    p.serial_number = Some(rcgen::SerialNumber::from(vec![0x11, 0x22]));
    p
}

fn leaf_params(dns: &str) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name.push(DnType::CommonName, "leaf");
    p.subject_alt_names = vec![SanType::DnsName(dns.try_into().unwrap())];
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.use_authority_key_identifier_extension = true;
    p.serial_number = Some(rcgen::SerialNumber::from(vec![0x33, 0x44]));
    p
}

impl Hand {
    fn new(env: &Env) -> Hand {
        let dir = env.path("hand");
        std::fs::create_dir_all(&dir).unwrap();
        Hand { dir }
    }
    fn write(&self, name: &str, der: &[u8]) -> String {
        let p = self.dir.join(name);
        std::fs::write(&p, pem::encode(&pem::Pem::new("CERTIFICATE", der.to_vec()))).unwrap();
        p.to_str().unwrap().to_string()
    }
}

fn code_of(v: &serde_json::Value) -> &str {
    v["reason"]["code"].as_str().unwrap_or("")
}

fn paths(v: &serde_json::Value) -> (String, String, String) {
    let i = &v["issued"][0];
    (
        s(i, "cert_path").into(),
        s(i, "chain_path").into(),
        s(i, "ca_path").into(),
    )
}

#[test]
fn a_store_chain_is_valid_and_shows_where_each_certificate_came_from() {
    let env = Env::with_cas();
    let v = env.issue("web");
    let (cert, _, _) = paths(&v);
    let v = env.json_ok(&["verify", &cert, "--host", "web.example.com"]);
    assert_eq!(v["valid"], true);
    assert!(v["reason"].is_null());
    let chain = v["chain"].as_array().unwrap();
    assert_eq!(chain.len(), 3);
    assert_eq!(chain[0]["subject"], "CN=web");
    assert_eq!(chain[1]["source"], "store CA issuing");
    assert_eq!(chain[2]["source"], "store CA root");
    assert_eq!(
        v["results"][0]["crl_check"], "leaf",
        "the store's CRL is used by default"
    );
    // The IP form of --host works too.
    env.ok(&["issue", "ip", "--ip", "10.1.2.3"]);
    env.json_ok(&[
        "verify",
        env.store
            .join("certs/ip/current/cert.pem")
            .to_str()
            .unwrap(),
        "--host",
        "10.1.2.3",
    ]);
}

#[test]
fn expired_and_not_yet_valid_name_the_certificate() {
    let env = Env::with_cas();
    let (cert, _, _) = paths(&env.issue("web"));
    let (c, v) = env.json(&[
        "verify",
        &cert,
        "--at",
        "2040-01-01T00:00:00Z",
        "--crl-check",
        "none",
    ]);
    assert_eq!(c, 1);
    assert_eq!(code_of(&v), "expired");
    assert_eq!(v["reason"]["certificate"], "CN=web");
    let (c, v) = env.json(&[
        "verify",
        &cert,
        "--at",
        "2000-01-01T00:00:00Z",
        "--crl-check",
        "none",
    ]);
    assert_eq!(c, 1);
    assert_eq!(code_of(&v), "not_yet_valid");
}

#[test]
fn unknown_issuer_bad_signature_and_name_mismatch() {
    let env = Env::with_cas();
    // Another PKI with other names (same-named CAs would make the signature, not the issuer, fail).
    let other = Env::new();
    other.ok(&["init-ca", "--cn", "Other Root"]);
    let (cert, chain, _) = paths(&env.issue("web"));
    let (c, v) = other.json(&["verify", &cert, "--untrusted", &chain]);
    assert_eq!(c, 1);
    assert_eq!(code_of(&v), "unknown_issuer");
    // One byte of the signature changed.
    let mut der = pem::parse(std::fs::read(&cert).unwrap())
        .unwrap()
        .into_contents();
    let n = der.len();
    der[n - 5] ^= 0x01;
    let h = Hand::new(&env);
    let bad = h.write("tampered.pem", &der);
    let (_, v) = env.json(&["verify", &bad]);
    assert_eq!(code_of(&v), "bad_signature");
    let (_, v) = env.json(&["verify", &cert, "--host", "other.example.com"]);
    assert_eq!(code_of(&v), "name_mismatch");
}

#[test]
fn revoked_and_crl_problems() {
    let env = Env::with_cas();
    let (cert, _, _) = paths(&env.issue("web"));
    let serial = s(
        &env.json_ok(&["list"])["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "web")
            .unwrap()
            .clone(),
        "serial",
    )
    .to_string();
    env.ok(&["revoke", "web"]);
    let cert = cert.replace("current", &serial);
    let (c, v) = env.json(&["verify", &cert]);
    assert_eq!(c, 1);
    assert_eq!(code_of(&v), "revoked");
    env.issue("fresh");
    let fresh = env.store.join("certs/fresh/current/cert.pem");
    // The intermediate's CRL lasts 7 days. The store's own CRL is the
    // store's revocation state at any --at: past its next update it warns
    // (crl_stale) and still counts; the same CRL given with --crl is a verdict.
    let later = (pkictl::timeutil::now_unix() + 10 * 86400).to_string();
    let (c, v) = env.json(&["verify", fresh.to_str().unwrap(), "--at", &later]);
    assert_eq!(c, 0, "{v}");
    assert_eq!(v["warnings"][0]["code"], "crl_stale", "{v}");
    let (c, v) = env.json(&["verify", &cert, "--at", &later]);
    assert_eq!(c, 1, "{v}");
    assert_eq!(
        code_of(&v),
        "revoked",
        "a stale store CRL still revokes: {v}"
    );
    let copy = env.path("issuing.crl.pem");
    std::fs::copy(env.store.join("crls/issuing.crl.pem"), &copy).unwrap();
    let (c, v) = env.json(&[
        "verify",
        fresh.to_str().unwrap(),
        "--at",
        &later,
        "--crl",
        copy.to_str().unwrap(),
    ]);
    assert_eq!(c, 1, "{v}");
    assert_eq!(code_of(&v), "crl_expired", "{v}");
    // The CA path: an intermediate checked against its root's stale CRL.
    let inter = env.store.join("cas/issuing/current/cert.pem");
    let at_year = (pkictl::timeutil::now_unix() + 200 * 86400).to_string();
    let (c, v) = env.json(&[
        "verify",
        inter.to_str().unwrap(),
        "--at",
        &at_year,
        "--crl-check",
        "all",
    ]);
    assert_eq!(c, 0, "{v}");
    assert_eq!(v["warnings"][0]["code"], "crl_stale", "{v}");
    // --crl-check all needs the root's CRL too.
    std::fs::remove_file(env.store.join("crls/root.crl.pem")).unwrap();
    let (_, v) = env.json(&["verify", fresh.to_str().unwrap(), "--crl-check", "all"]);
    assert_eq!(code_of(&v), "crl_missing");
    // A CRL whose signature does not verify.
    let crl_path = env.store.join("crls/issuing.crl.pem");
    let mut crl = pem::parse(std::fs::read(&crl_path).unwrap())
        .unwrap()
        .into_contents();
    let n = crl.len();
    crl[n - 4] ^= 0x01;
    std::fs::write(&crl_path, pem::encode(&pem::Pem::new("X509 CRL", crl))).unwrap();
    let (_, v) = env.json(&["verify", fresh.to_str().unwrap(), "--crl-check", "leaf"]);
    assert!(
        matches!(code_of(&v), "crl_bad_signature" | "crl_missing"),
        "{v}"
    );
}

#[test]
fn purpose_mismatch_and_max_depth() {
    let env = Env::with_cas();
    env.ok(&[
        "issue",
        "alice",
        "--profile",
        "client",
        "--email",
        "alice@example.com",
    ]);
    let cert = env.store.join("certs/alice/current/cert.pem");
    let (_, v) = env.json(&["verify", cert.to_str().unwrap(), "--purpose", "server"]);
    assert_eq!(code_of(&v), "purpose_mismatch");
    env.json_ok(&["verify", cert.to_str().unwrap(), "--purpose", "client"]);
    env.json_ok(&["verify", cert.to_str().unwrap()]);
    let (_, v) = env.json(&["verify", cert.to_str().unwrap(), "--max-depth", "0"]);
    assert_eq!(code_of(&v), "max_depth_exceeded");
    env.json_ok(&["verify", cert.to_str().unwrap(), "--max-depth", "1"]);
}

#[test]
fn crafted_chains_get_their_own_codes() {
    let env = Env::new();
    let h = Hand::new(&env);
    let root_key = KeyPair::generate().unwrap();
    let mut rp = ca_params("Hand Root", Some(0));
    rp.name_constraints = Some(rcgen::NameConstraints {
        permitted_subtrees: vec![rcgen::GeneralSubtree::DnsName("example.com".into())],
        excluded_subtrees: vec![],
    });
    let root = rp.self_signed(&root_key).unwrap();
    let root_pem = h.write("root.pem", root.der());
    let root_issuer = Issuer::from_params(&rp, &root_key);
    let verify = |leaf: &str, extra: &[&str]| {
        let mut args = vec![
            "verify",
            leaf,
            "--roots",
            root_pem.as_str(),
            "--crl-check",
            "none",
        ];
        args.extend_from_slice(extra);
        env.json(&args).1
    };

    // path_len_exceeded: the root allows no intermediate.
    let ik = KeyPair::generate().unwrap();
    let ip = ca_params("Hand Intermediate", None);
    let inter = ip.signed_by(&ik, &root_issuer).unwrap();
    let inter_pem = h.write("inter.pem", inter.der());
    let li = Issuer::from_params(&ip, &ik);
    let lk = KeyPair::generate().unwrap();
    let leaf = leaf_params("a.example.com").signed_by(&lk, &li).unwrap();
    let leaf_pem = h.write("leaf-under-inter.pem", leaf.der());
    assert_eq!(
        code_of(&verify(&leaf_pem, &["--untrusted", &inter_pem])),
        "path_len_exceeded"
    );

    // name_constraint_violation: a name outside the root's permitted DNS.
    let outside = leaf_params("a.example.org")
        .signed_by(&lk, &root_issuer)
        .unwrap();
    assert_eq!(
        code_of(&verify(&h.write("outside.pem", outside.der()), &[])),
        "name_constraint_violation"
    );
    let inside = leaf_params("a.example.com")
        .signed_by(&lk, &root_issuer)
        .unwrap();
    assert_eq!(
        verify(&h.write("inside.pem", inside.der()), &[])["valid"],
        true
    );

    // not_a_ca: a leaf signing another certificate.
    let lp = leaf_params("signer.example.com");
    let signer_issuer = Issuer::from_params(&lp, &lk);
    let signer = lp.signed_by(&lk, &root_issuer).unwrap();
    let signer_pem = h.write("signer.pem", signer.der());
    let victim = leaf_params("victim.example.com")
        .signed_by(&KeyPair::generate().unwrap(), &signer_issuer)
        .unwrap();
    let code = code_of(&verify(
        &h.write("victim.pem", victim.der()),
        &["--untrusted", &signer_pem],
    ))
    .to_string();
    assert!(code == "not_a_ca" || code == "unknown_issuer", "{code}");

    // self_signed_leaf.
    let sk = KeyPair::generate().unwrap();
    let selfsigned = leaf_params("self.example.com").self_signed(&sk).unwrap();
    assert_eq!(
        code_of(&verify(&h.write("self.pem", selfsigned.der()), &[])),
        "self_signed_leaf"
    );

    // policy: a leaf without an authority key identifier (SPEC section 7).
    let mut noaki = leaf_params("noaki.example.com");
    noaki.use_authority_key_identifier_extension = false;
    let noaki = noaki.signed_by(&lk, &root_issuer).unwrap();
    let v = verify(&h.write("noaki.pem", noaki.der()), &[]);
    assert_eq!(code_of(&v), "policy");
    assert_eq!(v["reason"]["check"], "ee_missing_aki", "{v}");
    assert!(
        v["reason"]["message"]
            .as_str()
            .unwrap()
            .contains("authority key identifier")
    );

    // policy: a serial of zero; a leaf with keyCertSign; a leaf without EKU.
    let mut zero = leaf_params("zero.example.com");
    zero.serial_number = Some(rcgen::SerialNumber::from(vec![0]));
    assert_eq!(
        code_of(&verify(
            &h.write("zero.pem", zero.signed_by(&lk, &root_issuer).unwrap().der()),
            &[]
        )),
        "policy"
    );
    let mut kcs = leaf_params("kcs.example.com");
    kcs.key_usages.push(KeyUsagePurpose::KeyCertSign);
    assert_eq!(
        code_of(&verify(
            &h.write("kcs.pem", kcs.signed_by(&lk, &root_issuer).unwrap().der()),
            &[]
        )),
        "policy"
    );
    let mut noeku = leaf_params("noeku.example.com");
    noeku.extended_key_usages.clear();
    assert_eq!(
        code_of(&verify(
            &h.write(
                "noeku.pem",
                noeku.signed_by(&lk, &root_issuer).unwrap().der()
            ),
            &[]
        )),
        "policy"
    );

    // weak_key: an RSA-1024 leaf key.
    let weak = rsa::PrivateKey::new(&mut getrandom::SysRng, 1024).unwrap();
    let spki = pkcs8::EncodePublicKey::to_public_key_der(&weak.to_public_key()).unwrap();
    let weak_pub = rcgen::SubjectPublicKeyInfo::from_der(spki.as_bytes()).unwrap();
    let weak_leaf = leaf_params("weak.example.com")
        .signed_by(&weak_pub, &root_issuer)
        .unwrap();
    assert_eq!(
        code_of(&verify(&h.write("weak.pem", weak_leaf.der()), &[])),
        "weak_key"
    );

    // unsupported_critical_extension: an unknown critical extension on the trust anchor.
    let ak = KeyPair::generate().unwrap();
    let mut ap = ca_params("Odd Root", Some(1));
    let mut ext =
        rcgen::CustomExtension::from_oid_content(&[1, 3, 6, 1, 4, 1, 99999, 1], vec![0x05, 0x00]);
    ext.set_criticality(true);
    ap.custom_extensions = vec![ext];
    let odd_root = ap.self_signed(&ak).unwrap();
    let odd_pem = h.write("odd-root.pem", odd_root.der());
    let odd_leaf = leaf_params("a.example.com")
        .signed_by(&lk, &Issuer::from_params(&ap, &ak))
        .unwrap();
    let v = env
        .json(&[
            "verify",
            &h.write("odd-leaf.pem", odd_leaf.der()),
            "--roots",
            &odd_pem,
        ])
        .1;
    assert_eq!(code_of(&v), "unsupported_critical_extension");

    // A PEM block whose DER is not a certificate is an input error
    // (malformed_input in errors[], exit 2), not a verdict.
    let junk = h.dir.join("junk.pem");
    std::fs::write(
        &junk,
        pem::encode(&pem::Pem::new(
            "CERTIFICATE",
            vec![0x30, 0x03, 0x02, 0x01, 0x01],
        )),
    )
    .unwrap();
    let v = verify(junk.to_str().unwrap(), &[]);
    assert_eq!(v["errors"][0]["code"], "malformed_input", "{v}");
    assert_eq!(v["valid"], false, "{v}");
}

#[test]
fn several_files_are_verified_one_by_one() {
    let env = Env::with_cas();
    let (a, _, _) = paths(&env.issue("a"));
    let (b, _, _) = paths(&env.issue("b"));
    let v = env.json_ok(&["verify", &a, &b]);
    assert_eq!(v["results"].as_array().unwrap().len(), 2);
    let (c, v) = env.json(&["verify", &a, &b, "--host", "a.example.com"]);
    assert_eq!(c, 1);
    assert_eq!(v["results"][0]["valid"], true);
    assert_eq!(v["results"][1]["reason"]["code"], "name_mismatch");
    assert_eq!(v["valid"], false);
    assert_eq!(
        v["reason"],
        serde_json::Value::Null,
        "the top level repeats the first result"
    );
    let (c, v) = env.json(&["verify", &a, env.path("missing.pem").to_str().unwrap()]);
    assert_eq!(c, 2, "an unreadable input is trouble");
    assert_eq!(v["errors"][0]["code"], "not_found");
}

#[test]
fn ca_certificates_and_roots_take_their_own_path() {
    let env = Env::with_cas();
    let inter = env.store.join("cas/issuing/current/cert.pem");
    let v = env.json_ok(&["verify", inter.to_str().unwrap()]);
    assert_eq!(v["chain"].as_array().unwrap().len(), 2);
    env.json_ok(&[
        "verify",
        env.store
            .join("cas/root/current/cert.pem")
            .to_str()
            .unwrap(),
    ]);
    let (_, v) = env.json(&["verify", inter.to_str().unwrap(), "--host", "x.example.com"]);
    assert_eq!(
        code_of(&v),
        "purpose_mismatch",
        "a CA is not a TLS server certificate"
    );
    env.ok(&["revoke", "issuing", "--yes"]);
    let serial = std::fs::read_dir(env.store.join("cas/issuing"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n != "current")
        .unwrap();
    let (_, v) = env.json(&[
        "verify",
        env.store
            .join("cas/issuing")
            .join(serial)
            .join("cert.pem")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(code_of(&v), "revoked", "{v}");
    let other = Env::with_cas();
    let (_, v) = other.json(&[
        "verify",
        env.store
            .join("cas/root/current/cert.pem")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(code_of(&v), "self_signed_leaf");
}

#[test]
fn verify_agrees_with_openssl_on_store_chains() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::with_cas();
    for name in ["a", "b"] {
        env.issue(name);
    }
    env.ok(&["revoke", "b"]);
    let all = env.path("all.crl");
    env.ok(&["crl", "--all", "--out", all.to_str().unwrap()]);
    for entry in env.json_ok(&["list", "--status", "all"])["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["is_ca"].as_bool().unwrap())
    {
        let dir = env
            .store
            .join("certs")
            .join(s(entry, "name"))
            .join(s(entry, "serial"));
        let f = |n: &str| dir.join(n).to_str().unwrap().to_string();
        let (oc, _) = run_tool(
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
            env.dir.path(),
        );
        let (pc, _) = env.json(&["verify", &f("cert.pem"), "--crl-check", "all"]);
        assert_eq!(
            oc == 0,
            pc == 0,
            "openssl and pkictl disagree on {}",
            s(entry, "name")
        );
    }
}

/// openssl, run in `dir`, must succeed.
fn openssl_ok(openssl: &std::path::Path, dir: &std::path::Path, args: &[&str]) {
    let (c, out) = run_tool(openssl, args, dir);
    assert_eq!(c, 0, "openssl {args:?}: {out}");
}

#[test]
fn sha1_and_md5_signatures_are_refused_on_ca_certificates_and_crls_as_on_leaves() {
    let Some(openssl) = tool("openssl") else {
        return;
    };
    let env = Env::new();
    let d = env.dir.path();
    std::fs::write(
        d.join("ca.ext"),
        "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    )
    .unwrap();
    std::fs::write(
        d.join("leaf.ext"),
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:leaf.example.com\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    )
    .unwrap();
    std::fs::write(
        d.join("ca.cnf"),
        "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n",
    )
    .unwrap();
    std::fs::write(d.join("index.txt"), "").unwrap();
    std::fs::write(d.join("crlnumber"), "01\n").unwrap();
    let o = |args: &[&str]| openssl_ok(&openssl, d, args);
    o(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "root.key",
        "-out",
        "root.pem",
        "-subj",
        "/CN=Root",
        "-days",
        "3650",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    o(&[
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "int.key", "-out", "int.csr", "-subj",
        "/CN=Int",
    ]);
    for md in ["sha1", "md5", "sha256"] {
        o(&[
            "x509",
            "-req",
            "-in",
            "int.csr",
            "-CA",
            "root.pem",
            "-CAkey",
            "root.key",
            "-CAcreateserial",
            "-out",
            &format!("int-{md}.pem"),
            "-days",
            "1000",
            &format!("-{md}"),
            "-extfile",
            "ca.ext",
        ]);
    }
    o(&[
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj",
        "/CN=leaf",
    ]);
    o(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "int-sha256.pem",
        "-CAkey",
        "int.key",
        "-CAcreateserial",
        "-out",
        "leaf.pem",
        "-days",
        "100",
        "-sha256",
        "-extfile",
        "leaf.ext",
    ]);
    for (key, cert, crl) in [
        ("root.key", "root.pem", "root.crl"),
        ("int.key", "int-sha256.pem", "int.crl"),
    ] {
        o(&[
            "ca", "-config", "ca.cnf", "-gencrl", "-keyfile", key, "-cert", cert, "-out", crl,
            "-md", "sha1",
        ]);
    }
    // The CA certificate itself, verified directly: refused like a leaf under it.
    for md in ["sha1", "md5"] {
        let (c, v) = env.json(&["verify", &format!("int-{md}.pem"), "--roots", "root.pem"]);
        assert_eq!(c, 1, "{md}: {v}");
        assert_eq!(v["reason"]["code"], "policy", "{v}");
        assert_eq!(v["reason"]["certificate"], "CN=Int", "{v}");
        assert!(s(&v["reason"], "message").contains(md), "{v}");
        let chain = format!("leaf-{md}.pem");
        let text = std::fs::read_to_string(d.join("leaf.pem")).unwrap()
            + &std::fs::read_to_string(d.join(format!("int-{md}.pem"))).unwrap();
        std::fs::write(d.join(&chain), text).unwrap();
        let (c, v) = env.json(&["verify", &chain, "--roots", "root.pem"]);
        assert_eq!(c, 1, "{v}");
        assert_eq!(v["reason"]["code"], "policy", "{v}");
        assert_eq!(
            v["reason"]["certificate"], "CN=Int",
            "the weakly signed one: {v}"
        );
    }
    env.json_ok(&["verify", "int-sha256.pem", "--roots", "root.pem"]);
    // CRLs signed with SHA-1: refused on the CA path and on the leaf path.
    let (c, v) = env.json(&[
        "verify",
        "int-sha256.pem",
        "--roots",
        "root.pem",
        "--crl",
        "root.crl",
        "--crl-check",
        "all",
    ]);
    assert_eq!(c, 1, "{v}");
    assert_eq!(v["reason"]["code"], "crl_bad_signature", "{v}");
    let text = std::fs::read_to_string(d.join("leaf.pem")).unwrap()
        + &std::fs::read_to_string(d.join("int-sha256.pem")).unwrap();
    std::fs::write(d.join("leaf-good.pem"), text).unwrap();
    let (c, v) = env.json(&[
        "verify",
        "leaf-good.pem",
        "--roots",
        "root.pem",
        "--crl",
        "int.crl",
    ]);
    assert_eq!(c, 1, "{v}");
    assert_eq!(v["reason"]["code"], "crl_bad_signature", "{v}");
    env.json_ok(&["verify", "leaf-good.pem", "--roots", "root.pem"]);
}

#[test]
fn undecodable_inputs_are_input_errors_not_verdicts() {
    let env = Env::with_cas();
    let v = env.issue("web");
    let (cert, _, root) = paths(&v);
    let d = env.dir.path();
    std::fs::write(d.join("random.der"), [0x30u8, 0x82, 0x01, 0x00, 7, 7, 7, 7]).unwrap();
    std::fs::write(
        d.join("wrapped.pem"),
        pem::encode(&pem::Pem::new("CERTIFICATE", vec![1u8, 2, 3, 4])),
    )
    .unwrap();
    std::fs::write(d.join("junk"), "junk\n").unwrap();
    let crl_of_cert = d.join("cert-as-crl.pem");
    std::fs::copy(&cert, &crl_of_cert).unwrap();
    std::fs::write(
        d.join("garbage.crl"),
        "-----BEGIN X509 CRL-----\nnot base64\n-----END X509 CRL-----\n",
    )
    .unwrap();
    // Each CERT that does not decode is an item of errors[], and the good
    // one is still judged.
    let (c, v) = env.json(&["verify", "random.der", "wrapped.pem", "/dev/zero", &cert]);
    assert_eq!(c, 2, "{v}");
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3, "{v}");
    for (e, path) in errors
        .iter()
        .zip(["random.der", "wrapped.pem", "/dev/zero"])
    {
        assert_eq!(e["path"], path, "{v}");
        let want = if path == "/dev/zero" {
            "usage"
        } else {
            "malformed_input"
        };
        assert_eq!(e["code"], want, "{v}");
    }
    assert_eq!(v["results"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["results"][0]["valid"], true, "{v}");
    // Trust material that does not decode stops the command.
    for args in [
        vec!["verify", cert.as_str(), "--roots", "junk"],
        vec!["verify", cert.as_str(), "--untrusted", "junk"],
        vec!["verify", cert.as_str(), "--crl", "garbage.crl"],
        vec![
            "verify",
            cert.as_str(),
            "--crl",
            crl_of_cert.to_str().unwrap(),
        ],
        vec![
            "verify",
            cert.as_str(),
            "--roots",
            root.as_str(),
            "--crl",
            "junk",
        ],
    ] {
        let (c, v) = env.json(&args);
        assert_eq!(c, 2, "{args:?}: {v}");
        assert_eq!(v["error"]["code"], "malformed_input", "{args:?}: {v}");
    }
}

/// A leaf with `n` DNS SANs under a hand-made CA; returns (leaf, root) paths.
fn many_sans(env: &Env, n: usize) -> (String, String) {
    let hand = Hand::new(env);
    let ca_key = KeyPair::generate().unwrap();
    let ca_cert = ca_params("Big Root", None).self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params("Big Root", None), &ca_key);
    let mut p = leaf_params("host-0.example.com");
    p.subject_alt_names = (0..n)
        .map(|i| SanType::DnsName(format!("host-{i}.example.com").try_into().unwrap()))
        .collect();
    let key = KeyPair::generate().unwrap();
    let leaf = p.signed_by(&key, &issuer).unwrap();
    (
        hand.write(&format!("leaf{n}.pem"), leaf.der()),
        hand.write("bigroot.pem", ca_cert.der()),
    )
}

#[test]
fn large_certificates_verify_up_to_the_limit_and_are_never_called_malformed() {
    let env = Env::new();
    let openssl = tool("openssl");
    // 1,000 SANs (pkictl's issuance limit): valid, as openssl says.
    let (leaf, root) = many_sans(&env, 1000);
    let (c, v) = env.json(&[
        "verify",
        &leaf,
        "--roots",
        &root,
        "--host",
        "host-999.example.com",
    ]);
    assert_eq!(c, 0, "{v}");
    if let Some(o) = &openssl {
        let (c, out) = run_tool(o, &["verify", "-CAfile", &root, &leaf], env.dir.path());
        assert_eq!(c, 0, "{out}");
    }
    // 5,000 SANs (about 94 KB): more than rustls-webpki reads. Not
    // "malformed": an input pkictl cannot judge, exit 2, and inspect reads it.
    let (leaf, root) = many_sans(&env, 5000);
    assert!(std::fs::metadata(&leaf).unwrap().len() > 90_000);
    let (c, v) = env.json(&["verify", &leaf, "--roots", &root]);
    assert_eq!(c, 2, "{v}");
    assert_eq!(v["errors"][0]["code"], "unsupported", "{v}");
    assert!(s(&v["errors"][0], "message").contains("64 KiB"), "{v}");
    let v = env.json_ok(&["inspect", &leaf]);
    assert_eq!(v["items"][0]["sans"]["dns"].as_array().unwrap().len(), 5000);
    if let Some(o) = &openssl {
        let (c, out) = run_tool(o, &["verify", "-CAfile", &root, &leaf], env.dir.path());
        assert_eq!(c, 0, "{out}");
    }
}

#[test]
fn issuance_keeps_certificates_within_what_tls_stacks_read() {
    let env = Env::with_cas();
    let names: Vec<String> = (0..1000)
        .map(|i| format!("{}-{i:04}.example.com", "a".repeat(30)))
        .collect();
    let mut args = vec!["issue", "big"];
    for n in &names {
        args.extend(["--dns", n.as_str()]);
    }
    let v = env.json_ok(&args);
    let (cert, _, _) = paths(&v);
    env.json_ok(&["verify", &cert]);
    let long: Vec<String> = (0..1000)
        .map(|i| format!("{}-{i:04}.example.com", "b".repeat(55)))
        .collect();
    let mut args = vec!["issue", "huge"];
    for n in &long {
        args.extend(["--dns", n.as_str()]);
    }
    let (c, v) = env.json(&args);
    assert_eq!(c, 2, "{v}");
    assert_eq!(v["error"]["code"], "usage", "{v}");
    assert!(s(&v["error"], "message").contains("64 KiB"), "{v}");
}
