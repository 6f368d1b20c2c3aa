//! Finding certificates in files and directories (check-expiry PATH…):
//! recursive, symlinks to files followed and symlinked directories not,
//! directory loops detected, exclusions by glob, files read in parallel.

use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use x509_parser::prelude::*;

use crate::error::{Code, Error};
use crate::pki::certinfo::CertFacts;

/// A file to look into, and whether the user named it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub explicit: bool,
}

/// What one file held.
pub enum FileResult {
    Certs(Vec<CertFacts>),
    /// No certificate (a key, a CSR, anything else).
    Skipped,
    Failed(Error),
}

/// The `--exclude` globs: `*`, `?` and `[…]` stay inside one path
/// component, `**` crosses directories. A pattern matches a path or its
/// file name.
pub struct Exclusions(globset::GlobSet);

impl Exclusions {
    pub fn new(globs: &[String]) -> Result<Exclusions, Error> {
        let mut set = globset::GlobSetBuilder::new();
        for g in globs {
            let glob = globset::GlobBuilder::new(g)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| {
                    Error::usage(format!("--exclude {g:?} is not a valid glob: {e}"))
                        .hint("use *, ?, [abc] and ** (any number of directories)")
                })?;
            set.add(glob);
        }
        set.build()
            .map(Exclusions)
            .map_err(|e| Error::usage(format!("--exclude: {e}")))
    }

    /// True when a pattern matches the path or its file name.
    pub fn excludes(&self, path: &Path) -> bool {
        !self.0.is_empty()
            && (self.0.is_match(path) || path.file_name().is_some_and(|n| self.0.is_match(n)))
    }
}

/// Expands PATH arguments into files, in a stable (sorted) order.
pub fn walk(
    paths: &[PathBuf],
    exclude: &Exclusions,
    errors: &mut Vec<(PathBuf, Error)>,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut seen_dirs = HashSet::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(md) if md.is_dir() => walk_dir(p, exclude, &mut seen_dirs, &mut out, errors),
            Ok(_) => out.push(Candidate {
                path: p.clone(),
                explicit: true,
            }),
            Err(e) => errors.push((p.clone(), Error::io("read", p, &e))),
        }
    }
    out
}

fn walk_dir(
    dir: &Path,
    exclude: &Exclusions,
    seen: &mut HashSet<(u64, u64)>,
    out: &mut Vec<Candidate>,
    errors: &mut Vec<(PathBuf, Error)>,
) {
    let Ok(md) = std::fs::metadata(dir) else {
        return;
    };
    if !seen.insert((md.dev(), md.ino())) {
        return; // a loop (bind mount): each directory once
    }
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.flatten().collect(),
        Err(e) => {
            errors.push((dir.to_path_buf(), Error::io("read the directory", dir, &e)));
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        if exclude.excludes(&path) {
            continue;
        }
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk_dir(&path, exclude, seen, out, errors);
        } else if ft.is_symlink() {
            // Symlinks to files are followed; symlinked directories are not.
            if std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                out.push(Candidate {
                    path,
                    explicit: false,
                });
            }
        } else if ft.is_file() {
            out.push(Candidate {
                path,
                explicit: false,
            });
        }
    }
}

/// Reads the certificates of one file (the first, or all).
pub fn read_file(c: &Candidate, all: bool) -> FileResult {
    let data = match crate::store::fsio::read_input(
        &c.path,
        crate::store::fsio::InputKind::CERTIFICATES,
    ) {
        Ok(d) => d,
        Err(e) => return FileResult::Failed(e),
    };
    let mut certs = Vec::new();
    if crate::encoding::looks_like_pem(&data) {
        for block in ::pem::parse_many(&data).unwrap_or_default() {
            if !matches!(
                block.tag(),
                "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE"
            ) {
                continue;
            }
            let der = block.into_contents();
            match parse_x509_certificate(&der) {
                Ok((rest, cert)) => {
                    let len = der.len() - rest.len();
                    certs.push(CertFacts::from_parsed(&cert, &der[..len]));
                }
                Err(e) => {
                    if c.explicit || certs.is_empty() {
                        return FileResult::Failed(Error::malformed(format!(
                            "{}: damaged certificate: {e}",
                            c.path.display()
                        )));
                    }
                }
            }
            if !all && !certs.is_empty() {
                break;
            }
        }
    } else if let Ok((rest, cert)) = parse_x509_certificate(&data) {
        certs.push(CertFacts::from_parsed(
            &cert,
            &data[..data.len() - rest.len()],
        ));
    }
    if certs.is_empty() {
        if c.explicit {
            return FileResult::Failed(Error::new(
                Code::MalformedInput,
                format!("{} holds no certificate", c.path.display()),
            ));
        }
        return FileResult::Skipped;
    }
    FileResult::Certs(certs)
}

/// Reads many files on every core; results keep the input's order.
pub fn read_all(files: &[Candidate], all: bool) -> Vec<FileResult> {
    crate::parallel::map(files, |c| read_file(c, all))
}
