//! `pkictl csr`: a key and a certificate request for someone else's CA (or
//! for `pkictl sign-csr` on another machine). Needs no store.

use std::path::PathBuf;

use serde::Serialize;

use crate::cli::CsrArgs;
use crate::context::Context;
use crate::error::Result;
use crate::names::{Attr, Sans, Subject, check_name};
use crate::output::Report;
use crate::output::human::Text;
use crate::pki::build::make_request;
use crate::pki::keys::{KeyInfo, KeyType, PrivateKey};
use crate::store::fsio::{self, MODE_PUBLIC, MODE_SECRET, Replace};

/// JSON: the files and the command that signs the request.
#[derive(Debug, Serialize)]
pub struct CsrReport {
    pub name: String,
    pub subject: String,
    pub sans: Sans,
    pub key: KeyInfo,
    pub key_path: String,
    pub csr_path: String,
    pub sign_command: String,
}

impl Report for CsrReport {
    fn human(&self, t: &mut Text) {
        t.line(format!(
            "Wrote the key {} (0600) and the request {}.",
            self.key_path, self.csr_path
        ));
        t.line("Sign it on the CA's machine with:");
        t.line(format!("  {}", self.sign_command));
    }
}

fn shell_quote(s: &str) -> String {
    if s.bytes()
        .all(|c| c.is_ascii_alphanumeric() || b"-_./=:@".contains(&c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Runs `csr`.
pub fn run(_ctx: &Context, args: CsrArgs) -> Result<CsrReport> {
    check_name(&args.name)?;
    let mut subject = match &args.subject {
        Some(s) => Subject::parse(s)?,
        None => Subject::default(),
    };
    let cn = args
        .cn
        .clone()
        .or_else(|| subject.get(Attr::Cn).map(str::to_string))
        .unwrap_or_else(|| args.name.clone());
    subject.set(Attr::Cn, cn.clone());
    subject.check_control_chars()?;
    let a = &args.sans;
    let mut sans = Sans::parse(&a.dns, &a.ip, &a.email, &a.uri)?;
    sans.add_host_like(&cn);
    let dir: &PathBuf = &args.out_dir;
    fsio::create_out_dir(dir)?;
    let key_path = dir.join(format!("{}.key", args.name));
    let csr_path = dir.join(format!("{}.csr", args.name));
    let replace = Replace::if_overwrite(args.overwrite);
    if !args.overwrite {
        for p in [&key_path, &csr_path] {
            if fsio::exists_no_follow(p) {
                return Err(fsio::already_exists(p));
            }
        }
    }
    let key = PrivateKey::generate(args.key_type.unwrap_or(KeyType::EcP256))?;
    let der = make_request(&subject, &sans, false, &key)?;
    let text = crate::encoding::pem_text("CERTIFICATE REQUEST", &der);
    fsio::write_file(
        &key_path,
        key.to_pem().as_bytes(),
        MODE_SECRET,
        replace,
        true,
    )?;
    fsio::write_file(&csr_path, text.as_bytes(), MODE_PUBLIC, replace, true)?;
    let sign_command = format!(
        "pkictl sign-csr {} --name {}",
        shell_quote(&csr_path.display().to_string()),
        shell_quote(&args.name)
    );
    Ok(CsrReport {
        name: args.name.clone(),
        subject: subject.to_rfc4514(),
        sans,
        key: key.key_type.info(),
        key_path: key_path.display().to_string(),
        csr_path: csr_path.display().to_string(),
        sign_command,
    })
}
