//! Signing what a CA's next generation needs (`ca rollover --start`): its
//! subject, a root's cross certificate (the new key certified by the old
//! root) and the root's intermediates certified again by the new key.

use crate::authority::rollover::descendants;
use crate::authority::{CaMaterial, ChainCa, load_ca, new_key_pem, token_key_or_new};
use crate::context::Context;
use crate::encoding::new_serial;
use crate::error::{Result, Warning, WarningCode};
use crate::issuance::ca::{check_same_ca, next_generation_subject, plan_same_ca, spki_der_of};
use crate::issuance::{CaIssuer, CaPlan, check_ca, recertify_ca};
use crate::names::Subject;
use crate::pki::build::SpecKind;
use crate::pki::certinfo::CertFacts;
use crate::pki::keys::{KeyType, PrivateKey};
use crate::pki::pkcs11::KeyUri;
use crate::store::Store;
use crate::store::config::Config;
use crate::store::record::CaKind;
use crate::store::state::State;

/// The subject of a CA's next generation. A root's new generation gets its
/// own name (SPEC), unless the old root's pathLen leaves no room for the
/// cross certificate on the path of peers that trust only the old root:
/// OpenSSL enforces a trust anchor's pathLen, and a cross certificate
/// between two different names counts against it. It then keeps the old
/// subject, so the cross certificate is self-issued and does not count.
pub fn new_subject(
    ctx: &Context,
    store: &Store,
    state: &State,
    me: &ChainCa,
    generation: u32,
    cn: Option<&str>,
) -> Result<Subject> {
    let name = &me.info.name;
    if me.info.kind != CaKind::Root {
        return next_generation_subject(&me.facts.subject, generation, cn);
    }
    let depth = descendants(state, name)
        .iter()
        .filter_map(|d| load_ca(store, d).ok())
        .map(|m| m.chain.len() - 1)
        .max()
        .unwrap_or(0);
    let room = me.facts.path_len.is_none_or(|p| p as usize > depth);
    if room {
        return next_generation_subject(&me.facts.subject, generation, cn);
    }
    let plen = me.facts.path_len.unwrap_or(0);
    if let Some(cn) = cn {
        ctx.warn(Warning::new(
            WarningCode::CrossPathLength,
            format!("root {name} has pathLen {plen}: OpenSSL-based peers that trust only it will refuse the path through the cross certificate to {cn:?}; give them the bundle with both roots before leaves move"),
        ));
        return next_generation_subject(&me.facts.subject, generation, Some(cn));
    }
    ctx.warn(Warning::new(
        WarningCode::CrossPathLength,
        format!("root {name} has pathLen {plen}, which leaves no room for a cross certificate between two names: generation {generation} keeps the subject {:?}, so the cross certificate is self-issued and peers that trust only the old root (OpenSSL included) accept the new chains", me.facts.subject),
    ));
    Subject::parse(&me.facts.subject)
}

/// The new root's key certified by the old root: the new subject and key
/// identifier, pathLen one more than the new root's, valid while both are.
pub fn cross_certificate(
    cfg: &Config,
    old: &CaMaterial,
    old_key: &dyn crate::pki::signer::Signer,
    plan: &CaPlan,
    new: &CertFacts,
    new_der: &[u8],
    now: i64,
) -> Result<Vec<u8>> {
    let me = old.ca();
    let mut spec = plan.spec.clone();
    spec.not_after = new.not_after.min(me.facts.not_after);
    let path_len = plan.path_len.saturating_add(1);
    if let SpecKind::Ca {
        path_len: p,
        key_id,
        ..
    } = &mut spec.kind
    {
        *p = path_len;
        *key_id = new
            .subject_key_id
            .as_deref()
            .map(crate::encoding::hex_decode)
            .transpose()?;
    }
    let cross_plan = CaPlan {
        name: me.info.name.clone(),
        spec,
        path_len,
        validity_secs: new.not_after.min(me.facts.not_after) - now,
        constraints: plan.constraints.clone(),
    };
    let der = recertify_ca(
        &cross_plan,
        &new_serial()?,
        &spki_der_of(new_der)?,
        CaIssuer {
            ca: old,
            key: old_key,
            locations: old.locations(cfg),
        },
    )?;
    check_same_ca(new, &CertFacts::from_der(&der)?, false)?;
    Ok(der)
}

/// An intermediate of the root certified again by the root's new key, for
/// its existing key (as `ca renew` would: same subject, key identifier and
/// constraints, its validity period from now within the new root's).
pub fn recertify_child(
    cfg: &Config,
    new_root: &CaMaterial,
    new_key: &dyn crate::pki::signer::Signer,
    child: &ChainCa,
    now: i64,
) -> Result<Vec<u8>> {
    let old = &child.facts;
    let root_end = new_root.ca().facts.not_after;
    let plan = plan_same_ca(
        &child.info,
        old,
        old.not_after - old.not_before,
        Some((now + old.not_after - old.not_before).min(root_end)),
        true,
        now,
    )?;
    check_ca(&plan, new_root, now)?;
    let der = recertify_ca(
        &plan,
        &new_serial()?,
        &spki_der_of(&child.der)?,
        CaIssuer {
            ca: new_root,
            key: new_key,
            locations: new_root.locations(cfg),
        },
    )?;
    check_same_ca(old, &CertFacts::from_der(&der)?, true)?;
    Ok(der)
}

/// The key of a CA's next generation, and where it is kept: in the same
/// token as the current one (object `<object>-g<N>`; a run killed after
/// making it finds it again), or a new file key (encrypted unless
/// `plain`). Returns the signer, the file's PEM and the token URI.
pub fn new_generation_key(
    ctx: &Context,
    me: &ChainCa,
    generation: u32,
    key_type: KeyType,
    plain: bool,
) -> Result<NewKey> {
    let name = &me.info.name;
    let Some(u) = &me.info.key_uri else {
        let key = PrivateKey::generate(key_type)?;
        let pem = new_key_pem(ctx, name, &key, plain)?;
        return Ok((Box::new(key), Some(pem), None));
    };
    let mut uri = KeyUri::parse(u)?;
    let object = uri.object.clone().unwrap_or_else(|| name.clone());
    let stem = match object.rsplit_once("-g") {
        Some((head, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            head.to_string()
        }
        _ => object,
    };
    uri.object = Some(format!("{stem}-g{generation}"));
    uri.id = None;
    let (uri, k) = token_key_or_new(ctx, &uri, key_type)?;
    Ok((Box::new(k), None, Some(uri.canonical())))
}

/// A new CA key: its signer, a file key's PEM, a token key's URI.
pub type NewKey = (
    Box<dyn crate::pki::signer::Signer>,
    Option<zeroize::Zeroizing<String>>,
    Option<String>,
);
