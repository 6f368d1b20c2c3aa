//! `pkictl sign-csr`: sign a request made elsewhere (openssl, keytool, Go):
//! only its subject and SANs are used, after its key and signature are
//! checked; everything else comes from the profile and the CA.

use serde::Serialize;

use crate::authority::parse_constraints;
use crate::authority::{load_ca, open_signers};
use crate::cli::SignCsrArgs;
use crate::context::Context;
use crate::error::{Code, Error, Result, WarningCode};
use crate::issuance::{
    CaRequest, Decision, Existing, IssuedOut, Plan, Prepared, Request, SubjectKey, check, check_ca,
    decide, issued_out, plan, plan_ca, preflight_out_dir, sign_and_commit, unchanged_out,
};
use crate::names::{Attr, Subject, check_name, escape_rfc4514};
use crate::output::Report;
use crate::output::human::{Text, cert_fields};
use crate::pki::csr::{self, Dropped};
use crate::pki::profile::Profile;
use crate::store::fsio::read_input;
use crate::store::record::{Event, Record};

/// JSON: as `issue` (without key paths), plus what was dropped.
#[derive(Debug, Serialize)]
pub struct SignCsrReport {
    pub changed: bool,
    pub issued: Vec<IssuedOut>,
    pub dropped: Dropped,
}

impl Report for SignCsrReport {
    fn human(&self, t: &mut Text) {
        for i in &self.issued {
            if i.changed {
                t.line(format!("Signed {} from the request.", t.bold(&i.name)));
            } else {
                t.line(format!(
                    "{} is already signed as requested; nothing changed.",
                    t.bold(&i.name)
                ));
            }
            cert_fields(t, &i.certificate, 2);
            t.fields(
                2,
                &[
                    ("certificate", i.cert_path.clone().unwrap_or_default()),
                    ("full chain", i.fullchain_path.clone().unwrap_or_default()),
                    ("root CA", i.ca_path.clone().unwrap_or_default()),
                    ("copied to", i.out_dir.clone().unwrap_or_default()),
                ],
            );
        }
        if !self.dropped.subject.is_empty() {
            t.line(format!(
                "Dropped from the subject: {}",
                self.dropped.subject.join(", ")
            ));
        }
        if !self.dropped.sans.is_empty() {
            t.line(format!("Dropped SANs: {}", self.dropped.sans.join(", ")));
        }
    }
}

fn san_strings(s: &crate::names::Sans) -> Vec<String> {
    s.dns
        .iter()
        .map(|d| format!("DNS:{d}"))
        .chain(s.ip.iter().map(|i| format!("IP:{i}")))
        .chain(s.email.iter().map(|e| format!("email:{e}")))
        .chain(s.uri.iter().map(|u| format!("URI:{u}")))
        .collect()
}

/// Runs `sign-csr`.
pub fn run(ctx: &Context, args: SignCsrArgs) -> Result<SignCsrReport> {
    let der = csr::decode(&read_input(
        &args.file,
        crate::store::fsio::InputKind::REQUEST,
    )?)
    .map_err(|e| e.about(&args.file))?;
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let defaults = crate::settings::Defaults::resolve(
        &cfg,
        &crate::settings::Overrides {
            ca: args.ca.clone(),
            profile: args.profile,
            validity: args.validity,
            key_type: None,
        },
    )?;
    let timeout = ctx.lock_timeout(&cfg);
    let ca_name = args
        .ca
        .clone()
        .or_else(|| defaults.ca.clone())
        .ok_or_else(|| {
            Error::new(Code::NotFound, "the store has no default issuing CA").hint("pass --ca NAME")
        })?;
    let ca = load_ca(&store, &ca_name)?;
    let policy = cfg.policy(&ca.ca().info.name);
    let refuse = |name: &str, err: Error| {
        if !matches!(
            err.code,
            Code::Usage | Code::MalformedInput | Code::NotFound
        ) {
            let mut r = Record::new(Event::Refused);
            r.name = Some(name.to_string());
            r.ca = Some(ca.ca().info.name.clone());
            store.log_refusal(timeout, &ctx.command_line, r, &err);
        }
        err
    };
    let req = csr::read(&der, policy.min_rsa_bits)
        .map_err(|e| refuse(args.name.as_deref().unwrap_or(""), e.about(&args.file)))?;
    let name = match (&args.name, args.name_from_cn) {
        (Some(n), _) => n.clone(),
        (None, true) => req.cn.clone().ok_or_else(|| {
            Error::usage("the request has no CN to name the certificate after")
                .hint("pass --name NAME")
        })?,
        (None, false) => {
            return Err(
                Error::usage("sign-csr needs --name NAME (or --name-from-cn)")
                    .hint("the name is how the certificate is listed, renewed and revoked"),
            );
        }
    };
    check_name(&name)?;
    let profile = args.profile.unwrap_or(defaults.profile);
    if req.asks_for_ca && profile != Profile::IntermediateCa {
        return Err(refuse(
            &name,
            Error::new(Code::PolicyViolation, "the request asks for a CA certificate (basicConstraints CA:TRUE or keyCertSign/cRLSign)")
                .hint("sign an offline intermediate with --profile intermediate-ca; a leaf request must not ask for CA rights"),
        ));
    }

    // The subject: the CN plus, when kept, the attributes pkictl writes.
    let mut dropped = Dropped::default();
    let keep = args.keep_subject || profile == Profile::IntermediateCa;
    let mut subject = Subject::default();
    for (a, v) in &req.attrs {
        if keep {
            subject.set(*a, v.clone());
        } else {
            dropped
                .subject
                .push(format!("{}={}", a.short(), escape_rfc4514(v)));
        }
    }
    dropped.subject.extend(req.other_attrs.iter().cloned());
    if let Some(extra) = &args.subject {
        for (a, v) in Subject::parse(extra)?.attrs {
            subject.set(a, v);
        }
    }
    let cn = args.cn.clone().or_else(|| req.cn.clone());
    if let Some(cn) = &cn {
        subject.set(Attr::Cn, cn.clone());
    }
    subject
        .check_control_chars()
        .map_err(|e| refuse(&name, e.about(&args.file)))?;

    // SANs: any SAN flag replaces the request's set, unless --merge-csr-sans.
    let flags_given = !(args.sans.is_empty() && args.spiffe_id.is_none());
    let crate::cli::SanArgs {
        mut dns,
        mut ip,
        mut email,
        mut uri,
    } = args.sans.clone();
    let mut spiffe_id = args.spiffe_id.clone();
    if flags_given && !args.merge_csr_sans {
        dropped.sans.extend(san_strings(&req.sans));
    } else {
        dns.extend(req.sans.dns.iter().cloned());
        ip.extend(req.sans.ip.iter().cloned());
        email.extend(req.sans.email.iter().cloned());
        if profile == Profile::Spiffe && spiffe_id.is_none() {
            spiffe_id = req.sans.uri.first().cloned();
            uri.extend(req.sans.uri.iter().skip(1).cloned());
        } else {
            uri.extend(req.sans.uri.iter().cloned());
        }
    }
    dropped.sans.extend(req.other_sans.iter().cloned());

    let plan = if profile == Profile::IntermediateCa {
        let constraints = parse_constraints(&args.constraints)?;
        if !constraints.permit_dns.is_empty() {
            let dotted: Vec<&str> = constraints
                .permit_dns
                .iter()
                .filter(|d| d.starts_with('.'))
                .map(String::as_str)
                .collect();
            ctx.warn(crate::error::Warning::new(
                WarningCode::SubdomainsOnlyIsPolicy,
                format!(
                    "{} go into the certificate without the leading period (RFC 5280 allows none), so they include the apex; keep \"subdomains only\" as policy in the store that issues from {name}: allowed_dns = [{}] in its pkictl.toml",
                    dotted.join(", "),
                    dotted.iter().map(|d| format!("{d:?}")).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        if cn.is_none() {
            return Err(
                Error::usage("a CA certificate needs a common name; the request has none")
                    .hint("pass --cn"),
            );
        }
        if flags_given || !req.sans.is_empty() {
            dropped.sans.extend(if flags_given {
                Vec::new()
            } else {
                san_strings(&req.sans)
            });
        }
        let ca_plan = plan_ca(
            CaRequest {
                name: name.clone(),
                subject,
                validity: args.validity,
                not_after: args.not_after,
                path_len: args.path_len,
                constraints,
                rsa_key: false,
                intermediate: true,
            },
            ctx.now,
        )
        .map_err(|e| refuse(&name, e))?;
        check_ca(&ca_plan, &ca, ctx.now).map_err(|e| refuse(&name, e))?;
        Plan {
            name: name.clone(),
            ca: ca.ca().info.name.clone(),
            profile,
            key_type: req.key.key_type().unwrap_or(defaults.key_type),
            key: req.key.clone(),
            spec: ca_plan.spec,
            validity_secs: ca_plan.validity_secs,
        }
    } else {
        let input = Request {
            name: name.clone(),
            cn: cn.clone(),
            subject: Some(subject.to_rfc4514()).filter(|s| !s.is_empty()),
            dns,
            ip,
            email,
            uri,
            spiffe_id,
            profile: Some(profile),
            validity: args.validity,
            key_type: None,
            ca: Some(ca.ca().info.name.clone()),
            not_after: args.not_after,
            not_before: None,
            backdate: None,
            backdate_ok: false,
            csr_key: Some(req.key.clone()),
        };
        let policy = cfg.policy(&ca.ca().info.name);
        let p = plan(&input, &ca, &policy, &defaults, ctx.now).map_err(|e| refuse(&name, e))?;
        check(&p, &ca, &policy, ctx.now).map_err(|e| refuse(&name, e))?;
        p
    };
    let mode = Existing::from_flags(args.supersede, args.if_absent);
    let replaces = match decide(&store, &plan, mode).map_err(|e| refuse(&name, e))? {
        Decision::Issue { replaces } => replaces,
        Decision::Unchanged(found) => {
            return Ok(SignCsrReport {
                changed: false,
                issued: vec![unchanged_out(&store, *found, ctx.now)],
                dropped,
            });
        }
    };
    let out_dir = args.out_dir.clone();
    if let Some(d) = &out_dir {
        preflight_out_dir(d, false, args.overwrite)?;
    }
    let spki = rcgen::SubjectPublicKeyInfo::from_der(&req.spki_der).map_err(|e| {
        Error::new(
            Code::Unsupported,
            format!("the request's key cannot be used: {e}"),
        )
    })?;
    let prepared = vec![Prepared {
        plan,
        replaces,
        key: SubjectKey::Csr(spki),
        keep_key: false,
        out_dir,
    }];
    let ca_name = ca.ca().info.name.clone();
    let cas = std::collections::HashMap::from([(ca_name.to_ascii_lowercase(), ca)]);
    let keys = open_signers(ctx, &cas, [ca_name.as_str()])?;
    let facts = sign_and_commit(
        ctx,
        &store,
        &cfg,
        &cas,
        &keys,
        &prepared,
        Event::Issued,
        args.overwrite,
        false,
    )?
    .remove(0)?;
    Ok(SignCsrReport {
        changed: true,
        issued: vec![issued_out(&store, &prepared[0], facts, ctx.now)],
        dropped,
    })
}
