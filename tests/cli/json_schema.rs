//! The JSON contract, pinned with structs that refuse unknown fields.

use crate::common::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Key {
    #[serde(rename = "type")]
    kind: String,
    name: String,
    curve: Option<String>,
    bits: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Sans {
    dns: Vec<String>,
    ip: Vec<String>,
    email: Vec<String>,
    uri: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Certificate {
    serial: Option<String>,
    subject: String,
    subject_cn: Option<String>,
    issuer: String,
    not_before: String,
    not_after: String,
    not_before_unix: i64,
    not_after_unix: i64,
    days_remaining: i64,
    seconds_remaining: i64,
    sans: Sans,
    key: Key,
    signature_algorithm: String,
    is_ca: bool,
    path_len: Option<u32>,
    key_usage: Vec<String>,
    extended_key_usage: Vec<String>,
    name_constraints: Option<serde_json::Value>,
    fingerprint_sha256: Option<String>,
    spki_sha256: Option<String>,
    subject_key_id: Option<String>,
    authority_key_id: Option<String>,
    path: Option<String>,
    // Store fields.
    name: String,
    ca: Option<String>,
    profile: Option<String>,
    status: String,
    replaces: Option<String>,
    replaced_by: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct StoreRef {
    path: String,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Issued {
    name: String,
    certificate: Certificate,
    cert_path: Option<String>,
    key_path: Option<String>,
    chain_path: Option<String>,
    fullchain_path: Option<String>,
    ca_path: Option<String>,
    out_dir: Option<String>,
    changed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct IssueDoc {
    schema_version: u32,
    store: StoreRef,
    changed: bool,
    dry_run: bool,
    issued: Vec<Issued>,
    errors: Option<Vec<serde_json::Value>>,
    warnings: Option<Vec<serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ListDoc {
    schema_version: u32,
    store: StoreRef,
    certificates: Vec<Certificate>,
    warnings: Option<Vec<serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ErrorBody {
    code: String,
    message: String,
    hint: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Envelope {
    schema_version: u32,
    error: ErrorBody,
    warnings: Option<Vec<serde_json::Value>>,
}

#[test]
fn issue_and_list_documents_match_the_contract() {
    let env = Env::with_cas();
    let v = env.json_ok(&["issue", "web", "--dns", "web.example.com"]);
    let doc: IssueDoc = serde_json::from_value(v).unwrap();
    assert_eq!(doc.schema_version, 1);
    let c = &doc.issued[0].certificate;
    assert_eq!(c.not_after.len(), 20);
    assert!(c.not_after.ends_with('Z'));
    let v = env.json_ok(&["list", "--status", "all"]);
    let doc: ListDoc = serde_json::from_value(v).unwrap();
    assert_eq!(doc.certificates.len(), 3);
}

#[test]
fn errors_are_only_the_envelope() {
    let env = Env::with_cas();
    let (_, v) = env.json(&["issue", "web"]);
    let e: Envelope = serde_json::from_value(v).unwrap();
    assert_eq!(e.error.code, "usage");
    assert!(e.error.hint.is_some());
    let (_, v) = Env::new().json(&["list"]);
    let e: Envelope = serde_json::from_value(v).unwrap();
    assert_eq!(e.error.code, "store_missing");
}
