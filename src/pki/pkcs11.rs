//! CA keys in a PKCS#11 token — an HSM, a network HSM, a cloud KMS library,
//! SoftHSM: RFC 7512 URIs, the module (loaded and initialized once per
//! process), one logged-in session per token, keys generated inside the
//! token (sensitive, never extractable) and signatures through `Signer`.
//! Nothing here reads a PIN: the caller hands one in when a login is due.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::RvError;
use cryptoki::mechanism::Mechanism;
use cryptoki::mechanism::eddsa::{EddsaParams, EddsaSignatureScheme};
use cryptoki::object::{Attribute, AttributeType, KeyType as CkKeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use zeroize::Zeroizing;

use crate::error::{Code, Error, Result};
use crate::pki::keys::KeyType;
use crate::pki::signer::Signer;

/// A PKCS#11 URI (RFC 7512) naming a key: the token, the object, and where
/// the module is. A `pin-value` is refused: a PIN on a command line is in
/// every process listing, and the store records the URI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyUri {
    pub token: Option<String>,
    pub serial: Option<String>,
    pub object: Option<String>,
    pub id: Option<Vec<u8>>,
    pub module_path: Option<String>,
}

impl KeyUri {
    /// Parses `pkcs11:token=T;object=O[;id=%01…][?module-path=…]`.
    pub fn parse(text: &str) -> Result<KeyUri> {
        let bad = |m: String| {
            Error::usage(format!("invalid PKCS#11 URI {}: {m}", crate::error::q(text)))
                .hint("write it as pkcs11:token=LABEL;object=LABEL (RFC 7512), e.g. pkcs11:token=ca;object=root")
        };
        let rest = text
            .strip_prefix("pkcs11:")
            .ok_or_else(|| bad("it does not start with pkcs11:".into()))?;
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let mut uri = KeyUri::default();
        for (attrs, sep) in [(path, ';'), (query, '&')] {
            for part in attrs.split(sep).filter(|p| !p.is_empty()) {
                let (k, v) = part
                    .split_once('=')
                    .ok_or_else(|| bad(format!("{part:?} has no value")))?;
                let value =
                    percent_decode(v).ok_or_else(|| bad(format!("bad %-escape in {part:?}")))?;
                let text_value = || {
                    String::from_utf8(value.clone()).map_err(|_| bad(format!("{k} is not UTF-8")))
                };
                match k {
                    "token" => uri.token = Some(text_value()?),
                    "serial" => uri.serial = Some(text_value()?),
                    "object" => uri.object = Some(text_value()?),
                    "id" => uri.id = Some(value),
                    "module-path" => uri.module_path = Some(text_value()?),
                    "type" if matches!(v, "private" | "public") => {}
                    "pin-value" | "pin-source" => {
                        return Err(Error::usage(format!(
                            "a PKCS#11 URI must not carry the PIN ({k}): the store records the URI"
                        ))
                        .hint("pass the PIN with --pin-file FILE or PKICTL_PKCS11_PIN"));
                    }
                    "manufacturer"
                    | "model"
                    | "library-manufacturer"
                    | "library-description"
                    | "library-version"
                    | "slot-description"
                    | "slot-manufacturer" => {}
                    other => return Err(bad(format!("unknown attribute {other:?}"))),
                }
            }
        }
        if uri.object.is_none() && uri.id.is_none() {
            return Err(bad("it names no key (object= or id=)".into()));
        }
        Ok(uri)
    }

    /// The URI as the store records it (no PIN; attributes in one order).
    pub fn canonical(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.token {
            parts.push(format!("token={}", percent_encode(t.as_bytes())));
        }
        if let Some(s) = &self.serial {
            parts.push(format!("serial={}", percent_encode(s.as_bytes())));
        }
        if let Some(o) = &self.object {
            parts.push(format!("object={}", percent_encode(o.as_bytes())));
        }
        if let Some(id) = &self.id {
            let hex: String = id.iter().map(|b| format!("%{b:02x}")).collect();
            parts.push(format!("id={hex}"));
        }
        let mut out = format!("pkcs11:{}", parts.join(";"));
        if let Some(m) = &self.module_path {
            out.push_str(&format!("?module-path={}", percent_encode(m.as_bytes())));
        }
        out
    }

    /// The token as messages name it.
    pub fn token_name(&self) -> String {
        self.token
            .clone()
            .or_else(|| self.serial.clone())
            .unwrap_or_else(|| "(first token)".into())
    }
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let h = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(h, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

fn percent_encode(b: &[u8]) -> String {
    b.iter()
        .map(|&c| {
            if c.is_ascii_alphanumeric() || b"-._~/:".contains(&c) {
                (c as char).to_string()
            } else {
                format!("%{c:02X}")
            }
        })
        .collect()
}

/// The module of a key URI: `module-path` in it, else
/// `PKICTL_PKCS11_MODULE`, else the one `pkictl.toml` names.
pub fn module_path(uri: &KeyUri, configured: Option<String>) -> Option<String> {
    uri.module_path
        .clone()
        .or_else(|| {
            std::env::var("PKICTL_PKCS11_MODULE")
                .ok()
                .filter(|m| !m.is_empty())
        })
        .or(configured)
}

/// Loaded modules, by path: a module is initialized once per process.
fn modules() -> &'static Mutex<HashMap<String, Arc<Pkcs11>>> {
    static M: OnceLock<Mutex<HashMap<String, Arc<Pkcs11>>>> = OnceLock::new();
    M.get_or_init(Default::default)
}

/// Open sessions, by module and slot: one per token per process, logged
/// in once.
type SharedSession = Arc<Mutex<Session>>;
/// (module, slot) → the session, and whether it is logged in.
type Sessions = HashMap<(String, u64), (SharedSession, bool)>;
fn sessions() -> &'static Mutex<Sessions> {
    static S: OnceLock<Mutex<Sessions>> = OnceLock::new();
    S.get_or_init(Default::default)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn module(path: &str) -> Result<Arc<Pkcs11>> {
    let mut all = lock(modules());
    if let Some(m) = all.get(path) {
        return Ok(m.clone());
    }
    let m = Pkcs11::new(path).map_err(|e| {
        Error::new(
            Code::NotFound,
            format!("the PKCS#11 module {path} cannot be loaded: {e}"),
        )
        .hint("check the path (module-path= in the URI, PKICTL_PKCS11_MODULE, or pkcs11_module in pkictl.toml), e.g. /usr/lib/softhsm/libsofthsm2.so")
    })?;
    match m.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) | Err(cryptoki::error::Error::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(e) => return Err(token_error(&format!("module {path}"), e)),
    }
    let m = Arc::new(m);
    all.insert(path.to_string(), m.clone());
    Ok(m)
}

/// A PKCS#11 failure as a pkictl error, with what to do about the ones
/// users hit.
fn token_error(what: &str, e: cryptoki::error::Error) -> Error {
    use cryptoki::error::Error as E;
    match e {
        E::Pkcs11(RvError::PinIncorrect, _) => Error::new(
            Code::WrongPassphrase,
            format!("wrong PIN for {what}"),
        )
        .hint("check --pin-file or PKICTL_PKCS11_PIN; pkictl tries a PIN once per run, so it never locks the token by retrying"),
        E::Pkcs11(RvError::PinLocked, _) => Error::new(
            Code::WrongPassphrase,
            format!("the user PIN of {what} is locked"),
        )
        .hint("unlock it with the security officer PIN (e.g. softhsm2-util, or the HSM's tools)"),
        E::Pkcs11(RvError::MechanismInvalid, _) | E::Pkcs11(RvError::MechanismParamInvalid, _) => {
            Error::new(
                Code::Unsupported,
                format!("{what} does not offer the mechanism this key type needs"),
            )
            .hint("choose a key type the token supports (`pkcs11-tool --list-mechanisms`)")
        }
        E::Pkcs11(RvError::TokenNotPresent, _) | E::Pkcs11(RvError::DeviceRemoved, _) => {
            Error::new(Code::NotFound, format!("{what} is not present"))
                .hint("insert or connect the token, or check token= in the key URI")
        }
        other => Error::new(Code::Io, format!("PKCS#11 error from {what}: {other}")),
    }
}

/// The session of the token a URI names, logged in with `pin()` when it
/// is not yet (the PIN is asked for only then, and tried once).
fn session(
    module_path: &str,
    uri: &KeyUri,
    login: bool,
    pin: &mut dyn FnMut() -> Result<Zeroizing<String>>,
) -> Result<SharedSession> {
    let m = module(module_path)?;
    let token = uri.token_name();
    let slots = m
        .get_slots_with_token()
        .map_err(|e| token_error(&format!("module {module_path}"), e))?;
    let mut found = None;
    for slot in slots {
        let Ok(info) = m.get_token_info(slot) else {
            continue;
        };
        let label_ok = uri
            .token
            .as_deref()
            .is_none_or(|t| info.label().trim_end() == t);
        let serial_ok = uri
            .serial
            .as_deref()
            .is_none_or(|s| info.serial_number().trim_end() == s);
        if label_ok && serial_ok {
            found = Some(slot);
            break;
        }
    }
    let slot = found.ok_or_else(|| {
        Error::new(
            Code::NotFound,
            format!("no PKCS#11 token {token} in module {module_path}"),
        )
        .hint("list the tokens with `pkcs11-tool --module MODULE --list-token-slots`, and check token= in the key URI")
    })?;
    let key = (module_path.to_string(), slot.id());
    let shared = {
        let mut all = lock(sessions());
        match all.get(&key) {
            Some((s, logged_in)) if *logged_in || !login => return Ok(s.clone()),
            Some((s, _)) => s.clone(),
            None => {
                let s = m
                    .open_rw_session(slot)
                    .map_err(|e| token_error(&format!("token {token}"), e))?;
                let s = Arc::new(Mutex::new(s));
                all.insert(key.clone(), (s.clone(), false));
                s
            }
        }
    };
    if login {
        let secret = pin()?;
        let auth = AuthPin::new(secret.as_str().into());
        match lock(&shared).login(UserType::User, Some(&auth)) {
            Ok(()) | Err(cryptoki::error::Error::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(e) => return Err(token_error(&format!("token {token}"), e)),
        }
        lock(sessions()).insert(key, (shared.clone(), true));
    }
    Ok(shared)
}

/// A CA key inside a token: its handle in the process's session, its
/// type and public key.
pub struct TokenKey {
    session: SharedSession,
    handle: ObjectHandle,
    key_type: KeyType,
    public: Vec<u8>,
    /// For messages: the token's name.
    pub token: String,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TokenKey({:?} in {})", self.key_type, self.token)
    }
}

fn template_of(uri: &KeyUri, class: ObjectClass) -> Vec<Attribute> {
    let mut t = vec![Attribute::Class(class)];
    if let Some(o) = &uri.object {
        t.push(Attribute::Label(o.as_bytes().to_vec()));
    }
    if let Some(id) = &uri.id {
        t.push(Attribute::Id(id.clone()));
    }
    t
}

fn one_object(s: &Session, uri: &KeyUri, class: ObjectClass) -> Result<Option<ObjectHandle>> {
    let found = s
        .find_objects(&template_of(uri, class))
        .map_err(|e| token_error(&format!("token {}", uri.token_name()), e))?;
    match found.len() {
        0 => Ok(None),
        1 => Ok(Some(found[0])),
        n => Err(Error::new(
            Code::Usage,
            format!(
                "the key URI names {n} objects in token {}",
                uri.token_name()
            ),
        )
        .hint("add id= to the URI so it names one key")),
    }
}

/// DER of the named curves pkictl uses.
const P256_OID: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const P384_OID: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];
const ED25519_OID: &[u8] = &[0x06, 0x03, 0x2b, 0x65, 0x70];

/// The raw public key and type of a key pair from its public object (or,
/// for RSA, the private one's modulus and exponent).
fn public_of(s: &Session, handle: ObjectHandle) -> Result<(KeyType, Vec<u8>)> {
    let attrs = s
        .get_attributes(
            handle,
            &[
                AttributeType::KeyType,
                AttributeType::EcParams,
                AttributeType::EcPoint,
                AttributeType::Modulus,
                AttributeType::PublicExponent,
            ],
        )
        .map_err(|e| token_error("the token", e))?;
    let (mut kt, mut params, mut point, mut n, mut e) = (None, None, None, None, None);
    for a in attrs {
        match a {
            Attribute::KeyType(k) => kt = Some(k),
            Attribute::EcParams(p) => params = Some(p),
            Attribute::EcPoint(p) => point = Some(p),
            Attribute::Modulus(m) => n = Some(m),
            Attribute::PublicExponent(x) => e = Some(x),
            _ => {}
        }
    }
    let unsupported = || {
        Error::new(
            Code::Unsupported,
            "the token's key is of a type pkictl cannot use for a CA",
        )
        .hint("use an EC P-256/P-384, RSA 2048–4096 or Ed25519 key")
    };
    match kt {
        Some(k) if k == CkKeyType::EC || k == CkKeyType::EC_EDWARDS => {
            let params = params.ok_or_else(unsupported)?;
            let point = unwrap_octet_string(&point.ok_or_else(unsupported)?);
            let key_type = if params == P256_OID {
                KeyType::EcP256
            } else if params == P384_OID {
                KeyType::EcP384
            } else if params == ED25519_OID || params.ends_with(b"edwards25519") {
                KeyType::Ed25519
            } else {
                return Err(unsupported());
            };
            Ok((key_type, point))
        }
        Some(k) if k == CkKeyType::RSA => {
            let (n, e) = (n.ok_or_else(unsupported)?, e.ok_or_else(unsupported)?);
            let bits = n.iter().skip_while(|b| **b == 0).count() * 8;
            let key_type = match bits {
                2048 => KeyType::Rsa2048,
                3072 => KeyType::Rsa3072,
                4096 => KeyType::Rsa4096,
                _ => return Err(unsupported()),
            };
            let body = [der_integer(&n), der_integer(&e)].concat();
            Ok((key_type, der_tlv(0x30, &body)))
        }
        _ => Err(unsupported()),
    }
}

/// CKA_EC_POINT is a DER OCTET STRING around the point (some tokens give
/// the bare point).
fn unwrap_octet_string(v: &[u8]) -> Vec<u8> {
    if v.first() == Some(&0x04) {
        let (len, hdr) = match v.get(1) {
            Some(&l) if l < 0x80 => (l as usize, 2),
            Some(0x81) => (v.get(2).copied().unwrap_or(0) as usize, 3),
            _ => return v.to_vec(),
        };
        if hdr + len == v.len() {
            return v[hdr..].to_vec();
        }
    }
    v.to_vec()
}

fn der_len(n: usize) -> Vec<u8> {
    if n < 0x80 {
        vec![n as u8]
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        std::iter::once(0x80 | bytes.len() as u8)
            .chain(bytes)
            .collect()
    }
}

fn der_tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    [vec![tag], der_len(body.len()), body.to_vec()].concat()
}

/// A DER INTEGER of an unsigned big-endian number.
fn der_integer(n: &[u8]) -> Vec<u8> {
    let n: Vec<u8> = n.iter().copied().skip_while(|b| *b == 0).collect();
    let body = if n.is_empty() || n[0] & 0x80 != 0 {
        [vec![0], n].concat()
    } else {
        n
    };
    der_tlv(0x02, &body)
}

/// What a token gives for ECDSA (`r‖s`) as X.509 carries it.
fn ecdsa_der(raw: &[u8]) -> Result<Vec<u8>> {
    if raw.is_empty() || !raw.len().is_multiple_of(2) {
        return Err(Error::internal(
            "the token returned a malformed ECDSA signature",
        ));
    }
    let (r, s) = raw.split_at(raw.len() / 2);
    Ok(der_tlv(0x30, &[der_integer(r), der_integer(s)].concat()))
}

impl Signer for TokenKey {
    fn key_type(&self) -> KeyType {
        self.key_type
    }

    fn public_key(&self) -> &[u8] {
        &self.public
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        let s = lock(&self.session);
        let what = format!("token {}", self.token);
        match self.key_type {
            KeyType::EcP256 | KeyType::EcP384 => {
                let alg = if self.key_type == KeyType::EcP256 {
                    &ring::digest::SHA256
                } else {
                    &ring::digest::SHA384
                };
                let digest = ring::digest::digest(alg, message);
                let raw = s
                    .sign(&Mechanism::Ecdsa, self.handle, digest.as_ref())
                    .map_err(|e| token_error(&what, e))?;
                ecdsa_der(&raw)
            }
            KeyType::Ed25519 => s
                .sign(
                    &Mechanism::Eddsa(EddsaParams::new(EddsaSignatureScheme::Pure)),
                    self.handle,
                    message,
                )
                .map_err(|e| token_error(&what, e)),
            KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096 => s
                .sign(&Mechanism::Sha256RsaPkcs, self.handle, message)
                .map_err(|e| token_error(&what, e)),
        }
    }
}

/// Opens the key a URI names, logged in (the PIN is asked for once per
/// token per process); None when the token holds no such key.
pub fn find(
    module_path: &str,
    uri: &KeyUri,
    pin: &mut dyn FnMut() -> Result<Zeroizing<String>>,
) -> Result<Option<TokenKey>> {
    let shared = session(module_path, uri, true, pin)?;
    let s = lock(&shared);
    let token = uri.token_name();
    let Some(private) = one_object(&s, uri, ObjectClass::PRIVATE_KEY)? else {
        return Ok(None);
    };
    let (key_type, public) = match one_object(&s, uri, ObjectClass::PUBLIC_KEY)? {
        Some(p) => public_of(&s, p)?,
        None => public_of(&s, private)?,
    };
    drop(s);
    Ok(Some(TokenKey {
        session: shared,
        handle: private,
        key_type,
        public,
        token,
    }))
}

/// Opens the key a URI names (an error when the token does not hold it).
pub fn open(
    module_path: &str,
    uri: &KeyUri,
    pin: &mut dyn FnMut() -> Result<Zeroizing<String>>,
) -> Result<TokenKey> {
    find(module_path, uri, pin)?.ok_or_else(|| {
        Error::new(
            Code::NotFound,
            format!("no private key {} in token {}", uri.canonical(), uri.token_name()),
        )
        .hint("list the token's keys with `pkcs11-tool --module MODULE --login --list-objects --type privkey`")
    })
}

/// The public key a URI names, without logging in (what `doctor` checks
/// against the CA certificate).
pub fn public_key(module_path: &str, uri: &KeyUri) -> Result<(KeyType, Vec<u8>)> {
    let shared = session(module_path, uri, false, &mut || {
        Err(Error::internal("no PIN is needed to read a public key"))
    })?;
    let s = lock(&shared);
    let public = one_object(&s, uri, ObjectClass::PUBLIC_KEY)?.ok_or_else(|| {
        Error::new(
            Code::NotFound,
            format!(
                "no public key {} in token {}",
                uri.canonical(),
                uri.token_name()
            ),
        )
        .hint("the key pair's public object is gone from the token")
    })?;
    public_of(&s, public)
}

/// Generates a CA key pair inside the token: private half sensitive, not
/// extractable, for signing only; labelled and identified as the URI says
/// (a random id when it gives none). Refused when the URI's key exists.
pub fn generate(
    module_path: &str,
    uri: &KeyUri,
    key_type: KeyType,
    pin: &mut dyn FnMut() -> Result<Zeroizing<String>>,
) -> Result<(KeyUri, TokenKey)> {
    let shared = session(module_path, uri, true, pin)?;
    let mut uri = uri.clone();
    {
        let s = lock(&shared);
        if one_object(&s, &uri, ObjectClass::PRIVATE_KEY)?.is_some() {
            return Err(Error::new(
                Code::AlreadyExists,
                format!(
                    "token {} already holds a key {}",
                    uri.token_name(),
                    uri.canonical()
                ),
            ));
        }
        if uri.id.is_none() {
            let mut id = vec![0u8; 8];
            crate::encoding::fill_random(&mut id)?;
            uri.id = Some(id);
        }
        let id = uri.id.clone().unwrap_or_default();
        let label = uri.object.clone().unwrap_or_default().into_bytes();
        let common = |private: bool| {
            let mut t = vec![
                Attribute::Token(true),
                Attribute::Id(id.clone()),
                Attribute::Label(label.clone()),
            ];
            if private {
                t.extend([
                    Attribute::Private(true),
                    Attribute::Sensitive(true),
                    Attribute::Extractable(false),
                    Attribute::Sign(true),
                    Attribute::Decrypt(false),
                    Attribute::Unwrap(false),
                    Attribute::Derive(false),
                ]);
            } else {
                t.extend([Attribute::Private(false), Attribute::Verify(true)]);
            }
            t
        };
        let mut public = common(false);
        let mechanism = match key_type {
            KeyType::EcP256 | KeyType::EcP384 => {
                let oid = if key_type == KeyType::EcP256 {
                    P256_OID
                } else {
                    P384_OID
                };
                public.push(Attribute::EcParams(oid.to_vec()));
                Mechanism::EccKeyPairGen
            }
            KeyType::Ed25519 => {
                public.push(Attribute::EcParams(ED25519_OID.to_vec()));
                Mechanism::EccEdwardsKeyPairGen
            }
            KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096 => {
                let bits = key_type.rsa_bits().unwrap_or(3072) as u64;
                public.push(Attribute::ModulusBits(bits.into()));
                public.push(Attribute::PublicExponent(vec![1, 0, 1]));
                Mechanism::RsaPkcsKeyPairGen
            }
        };
        s.generate_key_pair(&mechanism, &public, &common(true))
            .map_err(|e| token_error(&format!("token {}", uri.token_name()), e))?;
    }
    let key = open(module_path, &uri, pin)?;
    Ok((uri, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_parse_and_print_back() {
        let u = KeyUri::parse("pkcs11:token=My%20CA;object=root;id=%01%a2?module-path=/usr/lib/softhsm/libsofthsm2.so").unwrap();
        assert_eq!(u.token.as_deref(), Some("My CA"));
        assert_eq!(u.object.as_deref(), Some("root"));
        assert_eq!(u.id.as_deref(), Some(&[1u8, 0xa2][..]));
        assert_eq!(
            u.module_path.as_deref(),
            Some("/usr/lib/softhsm/libsofthsm2.so")
        );
        assert_eq!(KeyUri::parse(&u.canonical()).unwrap(), u);
        for bad in [
            "pkcs11:token=t;object=o?pin-value=1234",
            "pkcs11:token=t",
            "token=t;object=o",
            "pkcs11:token=t;object=o;frob=1",
            "pkcs11:token=t;object=%zz",
        ] {
            assert!(KeyUri::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ecdsa_signatures_become_der() {
        let mut raw = vec![0x80u8; 32];
        raw.extend([0x01u8; 32]);
        let der = ecdsa_der(&raw).unwrap();
        assert_eq!(&der[..4], &[0x30, 0x45, 0x02, 0x21]);
        assert_eq!(der[4], 0, "a leading zero for a high bit");
        assert_eq!(
            unwrap_octet_string(&[0x04, 0x03, 0x04, 0xaa, 0xbb]),
            [0x04, 0xaa, 0xbb]
        );
    }
}
