//! `pkictl policy show`: the effective policy, per CA.

use serde::Serialize;

use crate::authority::unknown_ca;
use crate::cli::PolicyShowArgs;
use crate::context::Context;
use crate::error::Result;
use crate::output::Report;
use crate::output::human::Text;
use crate::store::record::CaKind;
use crate::timeutil::{DAY, format_duration};

/// JSON: `{"default_ca", "defaults": {...}, "policies": [...]}`.
#[derive(Debug, Serialize)]
pub struct PolicyReport {
    pub default_ca: Option<String>,
    pub defaults: Defaults,
    pub policies: Vec<CaPolicyOut>,
}

/// Store defaults after precedence.
#[derive(Debug, Serialize)]
pub struct Defaults {
    pub key_type: String,
    pub profile: String,
    pub validity: String,
    pub keep_leaf_keys: bool,
    pub lock_timeout: String,
}

/// One CA's effective policy.
#[derive(Debug, Serialize)]
pub struct CaPolicyOut {
    pub ca: String,
    pub allowed_dns: Vec<String>,
    pub allow_wildcards: bool,
    pub allowed_ip_ranges: Vec<String>,
    pub allowed_uri_prefixes: Vec<String>,
    pub allowed_email_domains: Vec<String>,
    pub allowed_profiles: Vec<String>,
    pub allowed_key_types: Vec<String>,
    pub min_rsa_bits: u32,
    pub max_validity: Option<String>,
    pub subject: std::collections::BTreeMap<String, String>,
    pub crl_next_update: String,
    pub crl_url: Option<String>,
    /// Permits recorded when the CA was created (enforced as policy).
    /// DNS permits kept as policy (a `.example.com` permit: subdomains only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub permit_dns: Vec<String>,
    pub permit_email: Vec<String>,
    pub permit_uri: Vec<String>,
    /// Name constraints in the CA certificate.
    pub name_constraints: Option<crate::pki::certinfo::NameConstraintsInfo>,
}

impl Report for PolicyReport {
    fn human(&self, t: &mut Text) {
        t.line(format!(
            "Default issuer: {}",
            self.default_ca.as_deref().unwrap_or("(none)")
        ));
        t.fields(
            2,
            &[
                ("key type", self.defaults.key_type.clone()),
                ("profile", self.defaults.profile.clone()),
                ("validity", self.defaults.validity.clone()),
                ("keep leaf keys", self.defaults.keep_leaf_keys.to_string()),
                ("lock timeout", self.defaults.lock_timeout.clone()),
            ],
        );
        let any = |v: &Vec<String>| {
            if v.is_empty() {
                "any".to_string()
            } else {
                v.join(", ")
            }
        };
        for p in &self.policies {
            t.blank();
            t.line(format!("CA {}:", t.bold(&p.ca)));
            let nc = p
                .name_constraints
                .as_ref()
                .map(crate::output::human::nc_summary)
                .unwrap_or_else(|| "none".into());
            t.fields(
                2,
                &[
                    ("allowed DNS", any(&p.allowed_dns)),
                    (
                        "wildcards",
                        if p.allow_wildcards {
                            "allowed".into()
                        } else {
                            "refused".into()
                        },
                    ),
                    ("allowed IP ranges", any(&p.allowed_ip_ranges)),
                    ("allowed URI prefixes", any(&p.allowed_uri_prefixes)),
                    ("allowed email domains", any(&p.allowed_email_domains)),
                    ("allowed profiles", any(&p.allowed_profiles)),
                    ("allowed key types", any(&p.allowed_key_types)),
                    ("minimum RSA bits", p.min_rsa_bits.to_string()),
                    (
                        "maximum validity",
                        p.max_validity
                            .clone()
                            .unwrap_or_else(|| "until the CA expires".into()),
                    ),
                    (
                        "subject defaults",
                        p.subject
                            .iter()
                            .map(|(k, v)| format!("{k}={v}"))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    ("CRL next update", p.crl_next_update.clone()),
                    ("name constraints", nc),
                    ("permitted DNS (policy)", p.permit_dns.join(", ")),
                    ("permitted emails", p.permit_email.join(", ")),
                    ("permitted URIs", p.permit_uri.join(", ")),
                ],
            );
        }
    }

    fn is_data(&self) -> bool {
        true
    }
}

/// Runs `policy show`.
pub fn show(ctx: &Context, args: PolicyShowArgs) -> Result<PolicyReport> {
    let store = ctx.open_store()?;
    let (cfg, _) = store.config()?;
    let (state, ws) = store.state()?;
    ctx.warn_all(ws);
    // The same resolution `issue` uses: environment > pkictl.toml > built-in
    // (clap read the variables into the hidden flags of `policy show`).
    let d = crate::settings::Defaults::resolve(
        &cfg,
        &crate::settings::Overrides {
            ca: args.ca_env.clone(),
            key_type: args.key_type,
            profile: args.profile,
            validity: args.validity,
        },
    )?;
    let key_type = d.key_type.as_str().to_string();
    let profile = d.profile.as_str().to_string();
    let validity = format_duration(d.validity);
    let cas: Vec<_> = match &args.ca {
        Some(name) => vec![state.ca(name).ok_or_else(|| unknown_ca(name, &store))?],
        None => state.cas.values().collect(),
    };
    let policies = cas
        .into_iter()
        .map(|ca| {
            let p = cfg.policy(&ca.name);
            let crl_default = if ca.kind == CaKind::Root {
                180 * DAY
            } else {
                7 * DAY
            };
            let nc = state
                .by_serial(&ca.serial)
                .and_then(|e| e.facts.name_constraints.clone());
            CaPolicyOut {
                ca: ca.name.clone(),
                allowed_dns: p.allowed_dns,
                allow_wildcards: p.allow_wildcards,
                allowed_ip_ranges: p
                    .allowed_ip_ranges
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
                allowed_uri_prefixes: p.allowed_uri_prefixes,
                allowed_email_domains: p.allowed_email_domains,
                allowed_profiles: p
                    .allowed_profiles
                    .iter()
                    .map(|x| x.as_str().to_string())
                    .collect(),
                allowed_key_types: p
                    .allowed_key_types
                    .iter()
                    .map(|x| x.as_str().to_string())
                    .collect(),
                min_rsa_bits: p.min_rsa_bits,
                max_validity: p.max_validity.map(format_duration),
                subject: p
                    .subject
                    .attrs
                    .iter()
                    .map(|(a, v)| (a.short().to_string(), v.clone()))
                    .collect(),
                crl_next_update: format_duration(p.crl_next_update.unwrap_or(crl_default)),
                crl_url: p.crl_url,
                permit_dns: ca.permit_dns.clone(),
                permit_email: ca.permit_email.clone(),
                permit_uri: ca.permit_uri.clone(),
                name_constraints: nc,
            }
        })
        .collect();
    Ok(PolicyReport {
        default_ca: cfg.default_ca.clone(),
        defaults: Defaults {
            key_type,
            profile,
            validity,
            keep_leaf_keys: cfg.keep_leaf_keys.unwrap_or(true),
            lock_timeout: format_duration(ctx.lock_timeout(&cfg).as_secs() as i64),
        },
        policies,
    })
}
