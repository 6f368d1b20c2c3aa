//! The bodies of the fuzz targets: each feeds outside input to one of
//! pkictl's parsers, the way a command would. Whatever the input, a target
//! must not panic, hang or allocate without bound; an error is a fine
//! answer. `tests/cli/fuzz_corpus.rs` replays every corpus file through the
//! same functions, so the corpora are checked by `cargo test`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pkictl::authority::{CaMaterial, load_ca};
use pkictl::cli::BatchFormat;
use pkictl::issuance::batch::BatchText;
use pkictl::issuance::{Request, check, plan};
use pkictl::pki::build::{CaSigner, Locations};
use pkictl::pki::certinfo::CertFacts;
use pkictl::pki::keys::{self, PrivateKey};
use pkictl::pki::objects::{ReadOptions, certificate_warnings, pem_certificates, read_objects};
use pkictl::pki::policy::Policy;
use pkictl::pki::verify::strict::{Role, check_certificate, weak_signature_of};
use pkictl::pki::verify::{Candidate, CrlCheck, CrlIn, Input, Memo, Purpose, crl_der_of};
use pkictl::settings::Defaults;
use pkictl::store::{Store, StoreLocation, StoreSource};
use x509_parser::prelude::{FromDer, X509Certificate};

/// The passphrase and PKCS#12 password the targets try.
pub const PASSPHRASE: &str = "fuzz-passphrase";

/// A small store (a root, an issuing CA under it, leaves) to issue and
/// verify against: `fixtures/snapshot-store`, read only.
struct Fixture {
    ca: CaMaterial,
    key: PrivateKey,
    policy: Policy,
    defaults: Defaults,
    root: Vec<u8>,
    issuing: Vec<u8>,
    leaf: Vec<u8>,
    /// A time inside every fixture certificate's validity.
    at: i64,
}

fn fixture_dir() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    [here.join("fixtures"), here.join("../fixtures")]
        .into_iter()
        .find(|p| p.is_dir())
        .expect("the fixtures directory")
        .join("snapshot-store")
}

fn first_cert(path: &Path) -> Vec<u8> {
    let pem = std::fs::read(path).expect("fixture certificate");
    pem_certificates(&pem).expect("fixture PEM").remove(0)
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = fixture_dir();
        let store = Store::open(
            StoreLocation {
                path: dir.clone(),
                source: StoreSource::Flag,
            },
            true,
        )
        .expect("the fixture store opens");
        let ca = load_ca(&store, "issuing").expect("the fixture CA loads");
        let key_pem = std::fs::read_to_string(dir.join("cas/issuing/current/key.pem")).unwrap();
        let key = PrivateKey::from_pem(&key_pem).expect("the fixture CA key");
        let leaf = first_cert(&dir.join("certs/web/current/cert.pem"));
        let at = CertFacts::from_der(&leaf).unwrap().not_before + 86_400;
        Fixture {
            ca,
            key,
            policy: Policy::default(),
            defaults: Defaults {
                ca: Some("issuing".into()),
                key_type: keys::KeyType::EcP256,
                profile: pkictl::pki::profile::Profile::Server,
                validity: 30 * 86_400,
                keep_key: true,
            },
            root: first_cert(&dir.join("cas/root/current/cert.pem")),
            issuing: first_cert(&dir.join("cas/issuing/current/cert.pem")),
            leaf,
            at,
        }
    })
}

fn read_opts(at: i64) -> ReadOptions<'static> {
    ReadOptions {
        at,
        passphrase: Some(PASSPHRASE.as_bytes()),
        p12_password: Some(PASSPHRASE),
        include_pem: true,
    }
}

/// `inspect`'s reader: PEM or DER, any object, then its JSON.
pub fn sniff(data: &[u8]) {
    if let Ok(found) = read_objects(data, &read_opts(0)) {
        serde_json::to_string(&found).expect("what inspect read serializes");
    }
}

fn der_of(data: &[u8]) -> Vec<u8> {
    if pkictl::encoding::looks_like_pem(data) {
        pem_certificates(data)
            .ok()
            .and_then(|mut v| (!v.is_empty()).then(|| v.remove(0)))
            .unwrap_or_default()
    } else {
        data.to_vec()
    }
}

fn verify_once(leaf: &[u8], inters: &[&[u8]], crls: &[CrlIn], check: Option<CrlCheck>) {
    let f = fixture();
    let memo = Memo::default();
    let cand = |der: &[u8]| Candidate {
        der: der.to_vec(),
        source: "fuzz".into(),
    };
    let intermediates: Vec<Candidate> = inters.iter().map(|d| cand(d)).collect();
    let anchors = [cand(&f.root)];
    let out = pkictl::pki::verify::verify(&Input {
        memo: &memo,
        leaf,
        leaf_source: "fuzz",
        intermediates: &intermediates,
        anchors: &anchors,
        crls,
        host: Some("web.example.com"),
        purpose: Purpose::Any,
        at: f.at,
        crl_check: check,
        max_depth: None,
    });
    let _ = pkictl::pki::verify::to_chain(&out, f.at);
}

/// A certificate through `inspect`'s description and `verify`'s strict
/// checks: as a leaf under the fixture CAs, and as the intermediate above
/// a fixture leaf.
pub fn cert_verify(data: &[u8]) {
    let der = der_of(data);
    if let Ok((_, c)) = X509Certificate::from_der(&der) {
        for role in [
            Role::EndEntity { trusted: false },
            Role::EndEntity { trusted: true },
            Role::Intermediate,
            Role::Anchor,
        ] {
            let _ = check_certificate(&c, role);
        }
        let _ = weak_signature_of(&c);
        let facts = CertFacts::from_parsed(&c, &der);
        let _ = certificate_warnings(&facts, 0);
    }
    let f = fixture();
    verify_once(&der, &[&f.issuing], &[], None);
    verify_once(&f.leaf, &[&der], &[], None);
}

/// A CRL in `verify`'s revocation check (given by the user, and as the
/// store's own), then in `inspect`.
pub fn crl(data: &[u8]) {
    let f = fixture();
    for der in crl_der_of(data) {
        for store in [false, true] {
            let crls = [CrlIn {
                der: der.clone(),
                store,
            }];
            verify_once(&f.leaf, &[&f.issuing], &crls, Some(CrlCheck::All));
        }
    }
    let _ = read_objects(data, &read_opts(f.at));
}

/// `sign-csr`: decode, parse and check a request, plan and check its
/// certificate under the fixture CA's policy, and sign it with the
/// fixture CA's key (no store is written).
pub fn csr(data: &[u8]) {
    let Ok(der) = pkictl::pki::csr::decode(data) else {
        return;
    };
    let Ok(req) = pkictl::pki::csr::read(&der, 2048) else {
        return;
    };
    let f = fixture();
    let input = Request {
        name: "fuzz".into(),
        cn: req.cn.clone(),
        dns: req.sans.dns.clone(),
        ip: req.sans.ip.clone(),
        email: req.sans.email.clone(),
        uri: req.sans.uri.clone(),
        ca: Some("issuing".into()),
        csr_key: Some(req.key.clone()),
        ..Request::default()
    };
    let Ok(p) = plan(&input, &f.ca, &f.policy, &f.defaults, f.at) else {
        return;
    };
    if check(&p, &f.ca, &f.policy, f.at).is_err() {
        return;
    }
    let Ok(spki) = rcgen::SubjectPublicKeyInfo::from_der(&req.spki_der) else {
        return;
    };
    let signer =
        CaSigner::new(&f.issuing, &f.key, Locations::default()).expect("the fixture signer");
    let cert = signer
        .sign(&p.spec, &[0x42; 16], &spki)
        .expect("a checked plan signs");
    CertFacts::from_der(&cert).expect("what pkictl signs parses");
}

/// Private keys: PEM (plain, legacy, PKCS#8, encrypted PKCS#8 with the
/// fixed passphrase) and DER.
pub fn key(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = PrivateKey::from_pem(text);
    }
    let _ = keys::encryption_info(data);
    let _ = keys::decrypt_pkcs8(data, PASSPHRASE.as_bytes(), "fuzz");
    for label in ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"] {
        let _ = keys::plain_private_key_to_pkcs8(label, data);
    }
    let _ = PrivateKey::from_pkcs8_der(zeroize::Zeroizing::new(data.to_vec()));
}

/// PKCS#12 as `inspect` reads it.
pub fn p12(data: &[u8]) {
    let _ = pkictl::pki::p12::looks_like_p12(data);
    let _ = pkictl::pki::p12::read(data, PASSPHRASE);
}

/// The index: the audit chain check, the slim and full record parsers,
/// and the fold of what was read.
pub fn index(data: &[u8]) {
    use pkictl::store::log;
    let (_, records) = log::verify_chain_bytes(data);
    let path = Path::new("index.jsonl");
    if let Ok(slim) = log::parse_slim(data, path) {
        for r in &slim {
            let _ = log::parse_record(data, r.range, path);
        }
    }
    let _ = pkictl::store::state::State::fold(records);
}

/// The batch file as JSON Lines and as CSV; each entry is planned under
/// the fixture CA.
pub fn batch(data: &[u8]) {
    let f = fixture();
    for format in [BatchFormat::Jsonl, BatchFormat::Csv] {
        let Ok(b) = BatchText::parse(data.to_vec(), format, true, Path::new("batch")) else {
            continue;
        };
        let Ok(items) = b.items() else { continue };
        for (_, req) in items.flatten() {
            if let Ok(p) = plan(&req, &f.ca, &f.policy, &f.defaults, f.at) {
                let _ = check(&p, &f.ca, &f.policy, f.at);
            }
        }
    }
}

/// Durations, `--within` windows and times; a parsed duration prints
/// back to the same number of seconds.
pub fn time(data: &[u8]) {
    use pkictl::timeutil;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(secs) = timeutil::parse_duration(text) {
        let printed = timeutil::format_duration(secs);
        assert_eq!(
            timeutil::parse_duration(&printed).ok(),
            Some(secs),
            "{text:?} → {secs} s → {printed:?}"
        );
    }
    let _ = timeutil::Window::parse(text);
    let _ = timeutil::parse_time(text);
    let _ = timeutil::parse_user_time(text);
}

/// `pkictl.toml`: parsed, each CA's policy read, and the default CA set.
pub fn config(data: &[u8]) {
    use pkictl::store::config;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(cfg) = config::Config::parse(text, Path::new("pkictl.toml")) else {
        return;
    };
    for ca in ["root", "issuing", "a.b", ""] {
        let _ = cfg.policy(ca);
    }
    // `ca default` edits a valid file: it stays valid and names the CA.
    let changed = config::set_default_ca(text, "a.b").expect("a valid file can be edited");
    let cfg = config::Config::parse(&changed, Path::new("pkictl.toml"))
        .expect("setting the default CA keeps the file valid");
    assert_eq!(cfg.default_ca.as_deref(), Some("a.b"));
}

/// PKCS#11 key URIs (`init-ca --key-uri`, a CA's `key.uri`): a URI that
/// parses prints back to one that parses to the same key.
pub fn pkcs11_uri(data: &[u8]) {
    use pkictl::pki::pkcs11::KeyUri;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(uri) = KeyUri::parse(text) {
        let printed = uri.canonical();
        assert_eq!(
            KeyUri::parse(&printed).ok().as_ref(),
            Some(&uri),
            "{text:?} → {printed:?}"
        );
    }
}
