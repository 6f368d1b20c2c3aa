//! Property tests of the pure parts (names, durations, SANs, batch files)
//! and two model checks through the binary: the index fold agrees with a
//! replay of the same operations one by one, and `--dry-run` plans exactly
//! the certificate that is then issued.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;

use pkictl::cli::BatchFormat;
use pkictl::issuance::batch::BatchText;
use pkictl::names::{check_name, parse_dns_name, parse_email, parse_ip};
use pkictl::store::config::{Config, ca_section, initial_text, set_default_ca};
use pkictl::timeutil::{format_duration, parse_duration};

use crate::common::Env;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// The name rule is `[A-Za-z0-9][A-Za-z0-9._-]{0,127}`, exactly.
    #[test]
    fn the_name_rule_is_its_regex(name in "\\PC{0,3}[A-Za-z0-9._\\-]{0,130}\\PC{0,2}") {
        let b = name.as_bytes();
        let expected = !b.is_empty()
            && b.len() <= 128
            && b[0].is_ascii_alphanumeric()
            && b.iter().all(|c| c.is_ascii_alphanumeric() || b"._-".contains(c));
        prop_assert_eq!(check_name(&name).is_ok(), expected);
    }

    /// Any accepted name survives a round trip through pkictl.toml: its
    /// section is found under that name, and so is `default_ca`.
    #[test]
    fn any_accepted_name_survives_pkictl_toml(name in "[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}") {
        prop_assume!(check_name(&name).is_ok());
        let text = initial_text() + &ca_section(&name, false, &["mail.example.com".into()], &[]);
        let text = set_default_ca(&text, &name).unwrap();
        let cfg = Config::parse(&text, Path::new("pkictl.toml")).unwrap();
        prop_assert_eq!(cfg.default_ca.as_deref(), Some(name.as_str()));
        prop_assert_eq!(cfg.ca.keys().collect::<Vec<_>>(), vec![&name]);
        prop_assert_eq!(&cfg.policy(&name).allowed_email_domains, &vec!["mail.example.com".to_string()]);
    }

    /// A duration prints back to the same number of seconds.
    #[test]
    fn durations_print_and_parse_back(secs in 0i64..(200 * 365 * 86_400)) {
        prop_assert_eq!(parse_duration(&format_duration(secs)).unwrap(), secs);
    }

    /// Units add up, in any combination (`y` = 365 days, no months).
    #[test]
    fn duration_units_add_up(y in 0i64..20, w in 0i64..60, d in 0i64..400, h in 0i64..48, m in 0i64..120, s in 0i64..120) {
        let text = format!("{y}y{w}w{d}d{h}h{m}m{s}s");
        let want = ((((y * 365 + w * 7 + d) * 24 + h) * 60 + m) * 60) + s;
        prop_assert_eq!(parse_duration(&text).unwrap(), want);
    }

    /// A DNS name is accepted in any case and comes back lowercase; the
    /// result is accepted unchanged.
    #[test]
    fn dns_names_normalize_once(labels in proptest::collection::vec("[A-Za-z0-9]([A-Za-z0-9\\-]{0,20}[A-Za-z0-9])?", 2..5), wildcard: bool) {
        let name = format!("{}{}", if wildcard { "*." } else { "" }, labels.join("."));
        prop_assume!(name.trim_start_matches("*.").parse::<std::net::IpAddr>().is_err());
        let once = parse_dns_name(&name).unwrap();
        prop_assert_eq!(&once, &name.to_ascii_lowercase());
        prop_assert_eq!(parse_dns_name(&once).unwrap(), once);
    }

    /// Every IP address round-trips through its text form.
    #[test]
    fn ip_addresses_round_trip(ip: std::net::IpAddr) {
        prop_assert_eq!(parse_ip(&ip.to_string()).unwrap(), ip);
    }

    /// An email address keeps its local part and lowercases its domain.
    #[test]
    fn email_domains_lowercase(local in "[A-Za-z0-9.+_\\-]{1,20}", domain in "[A-Za-z]{1,10}\\.[A-Za-z]{2,6}") {
        prop_assert_eq!(
            parse_email(&format!("{local}@{domain}")).unwrap(),
            format!("{local}@{}", domain.to_ascii_lowercase())
        );
    }

    /// The same entries written as JSON Lines and as CSV are the same requests.
    #[test]
    fn batch_jsonl_and_csv_agree(entries in proptest::collection::vec(entry(), 1..8)) {
        let mut jsonl = String::new();
        let mut csv = String::from("name,cn,dns,ip,profile,validity\n");
        for (name, cn, dns, ip, profile, validity) in &entries {
            let mut obj = serde_json::Map::new();
            obj.insert("name".into(), name.clone().into());
            if let Some(cn) = cn {
                obj.insert("cn".into(), cn.clone().into());
            }
            obj.insert("dns".into(), dns.clone().into());
            obj.insert("ip".into(), ip.clone().into());
            obj.insert("profile".into(), profile.clone().into());
            obj.insert("validity".into(), validity.clone().into());
            jsonl.push_str(&Value::Object(obj).to_string());
            jsonl.push('\n');
            csv.push_str(&format!(
                "{name},{},{},{},{profile},{validity}\n",
                cn.clone().unwrap_or_default(),
                dns.join(";"),
                ip.join(";")
            ));
        }
        let read = |text: &str, format| {
            let b = BatchText::parse(text.as_bytes().to_vec(), format, true, Path::new("b")).unwrap();
            b.items()
                .unwrap()
                .map(|r| format!("{:?}", r.map(|(_, req)| req).map_err(|e| e.message)))
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(read(&jsonl, BatchFormat::Jsonl), read(&csv, BatchFormat::Csv));
    }
}

type Entry = (
    String,
    Option<String>,
    Vec<String>,
    Vec<String>,
    String,
    String,
);

fn entry() -> impl Strategy<Value = Entry> {
    (
        "[a-z][a-z0-9\\-]{0,12}",
        proptest::option::of("[a-z][a-z0-9]{0,10}"),
        proptest::collection::vec("[a-z]{1,8}\\.example\\.com", 0..3),
        proptest::collection::vec(
            any::<std::net::Ipv4Addr>().prop_map(|a| a.to_string()),
            0..3,
        ),
        prop_oneof!["server", "client", "mtls"].prop_map(String::from),
        prop_oneof!["30d", "1y", "12h", "2w"].prop_map(String::from),
    )
}

/// One step of the model check.
#[derive(Debug, Clone)]
enum Op {
    Issue(usize),
    Renew(usize),
    Revoke(usize),
    Retire(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..4).prop_map(Op::Issue),
        2 => (0usize..4).prop_map(Op::Renew),
        1 => (0usize..4).prop_map(Op::Revoke),
        1 => (0usize..4).prop_map(Op::Retire),
    ]
}

const NAMES: [&str; 4] = ["a", "b.svc", "c_1", "D-2"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any sequence of operations, run one by one, leaves the state a model
    /// replaying the same operations predicts; `list` (the streaming index
    /// scan), the fold of the whole index, and each name's own lookup
    /// (`revoke NAME --dry-run`) all agree with it.
    #[test]
    fn the_index_fold_agrees_with_a_replay_one_by_one(ops in proptest::collection::vec(op(), 1..10)) {
        let env = Env::with_cas();
        // Model: name -> (active serial, history of serials).
        let mut active: BTreeMap<&str, Option<String>> = BTreeMap::new();
        for op in &ops {
            let (args, name): (Vec<&str>, &str) = match op {
                Op::Issue(i) => (vec!["issue", NAMES[*i], "--cn", "x.example.com", "--dns", "x.example.com"], NAMES[*i]),
                Op::Renew(i) => (vec!["renew", NAMES[*i]], NAMES[*i]),
                Op::Revoke(i) => (vec!["revoke", NAMES[*i]], NAMES[*i]),
                Op::Retire(i) => (vec!["retire", NAMES[*i]], NAMES[*i]),
            };
            let (code, v) = env.json(&args);
            let has = active.get(name).is_some_and(|s| s.is_some());
            match op {
                Op::Issue(_) => {
                    prop_assert_eq!(code == 0, !has, "{:?}: {}", op, v);
                    if !has {
                        active.insert(name, Some(v["issued"][0]["certificate"]["serial"].as_str().unwrap().to_string()));
                    }
                }
                Op::Renew(_) => {
                    prop_assert_eq!(code == 0, has, "{:?}: {}", op, v);
                    if has {
                        active.insert(name, Some(v["renewed"][0]["certificate"]["serial"].as_str().unwrap().to_string()));
                    }
                }
                Op::Revoke(_) | Op::Retire(_) => {
                    prop_assert_eq!(code == 0, has, "{:?}: {}", op, v);
                    if has {
                        active.insert(name, None);
                    }
                }
            }
        }
        // list: the active certificates.
        let listed = env.json_ok(&["list"]);
        let mut from_list: BTreeMap<String, String> = BTreeMap::new();
        for c in listed["certificates"].as_array().unwrap() {
            if c["is_ca"] == false && (c["status"] == "valid" || c["status"] == "expiring") {
                from_list.insert(c["name"].as_str().unwrap().to_string(), c["serial"].as_str().unwrap().to_string());
            }
        }
        let model: BTreeMap<String, String> = active
            .iter()
            .filter_map(|(n, s)| s.clone().map(|s| (n.to_string(), s)))
            .collect();
        prop_assert_eq!(&from_list, &model, "list vs the model");
        // The fold of the whole index.
        let (records, _) = pkictl::store::log::read_all(&env.store.join("index.jsonl")).unwrap();
        let state = pkictl::store::state::State::fold(records);
        for n in NAMES {
            prop_assert_eq!(
                state.active(n).map(|e| e.facts.serial.clone()),
                model.get(n).cloned(),
                "fold vs the model for {}", n
            );
            // Each name's own lookup.
            let (code, v) = env.json(&["revoke", n, "--dry-run"]);
            match model.get(n) {
                Some(serial) => {
                    prop_assert_eq!(code, 0, "{}", v);
                    prop_assert_eq!(v["revoked"][0]["serial"].as_str(), Some(serial.as_str()), "{}", v);
                }
                None => prop_assert_ne!(code, 0, "{}", v),
            }
        }
    }

    /// `--dry-run` shows exactly the certificate that is then issued.
    #[test]
    fn dry_run_plans_what_is_issued(
        dns in proptest::collection::vec("[a-z]{1,8}\\.example\\.com", 1..4),
        ip in proptest::collection::vec(any::<std::net::Ipv4Addr>().prop_map(|a| a.to_string()), 0..3),
        profile in prop_oneof!["server", "client", "mtls"],
        key in prop_oneof!["ec-p256", "ec-p384", "ed25519"],
        validity in prop_oneof!["1d", "30d", "90d", "1y"],
    ) {
        let env = Env::with_cas();
        let mut args = vec!["issue", "p", "--profile", &profile, "--key-type", &key, "--validity", &validity];
        for d in &dns {
            args.extend(["--dns", d.as_str()]);
        }
        for i in &ip {
            args.extend(["--ip", i.as_str()]);
        }
        let mut dry = args.clone();
        dry.push("--dry-run");
        let planned = env.json_ok(&dry);
        let issued = env.json_ok(&args);
        let (p, i) = (&planned["issued"][0]["certificate"], &issued["issued"][0]["certificate"]);
        for field in ["subject", "subject_cn", "issuer", "sans", "key", "signature_algorithm", "is_ca",
            "path_len", "key_usage", "extended_key_usage", "name_constraints", "authority_key_id"] {
            prop_assert_eq!(&p[field], &i[field], "{}", field);
        }
        let span = |c: &Value| c["not_after_unix"].as_i64().unwrap() - c["not_before_unix"].as_i64().unwrap();
        prop_assert_eq!(span(p), span(i));
    }
}
