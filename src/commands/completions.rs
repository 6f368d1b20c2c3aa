//! `pkictl completions SHELL`, and the generators for the committed
//! `completions/` and `man/` files.

use std::path::Path;

use crate::error::{Error, Result};

/// The completion script of a shell.
pub fn script(shell: clap_complete::Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::command(), "pkictl", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// The generated files: (relative path, contents).
pub fn generated_files() -> Result<Vec<(String, Vec<u8>)>> {
    use clap_complete::Shell;
    let mut out = Vec::new();
    for (shell, file) in [
        (Shell::Bash, "pkictl.bash"),
        (Shell::Zsh, "_pkictl"),
        (Shell::Fish, "pkictl.fish"),
        (Shell::Elvish, "pkictl.elv"),
        (Shell::PowerShell, "_pkictl.ps1"),
    ] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut crate::cli::command(), "pkictl", &mut buf);
        out.push((format!("completions/{file}"), buf));
    }
    let cmd = crate::cli::command();
    out.push(("man/pkictl.1".into(), render_man(cmd.clone())?));
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let name = format!("pkictl-{}", sub.get_name());
        let page = sub.clone().name(leak(name.clone()));
        out.push((format!("man/{name}.1"), render_man(page)?));
        for subsub in sub.get_subcommands() {
            let n = format!("{name}-{}", subsub.get_name());
            out.push((
                format!("man/{n}.1"),
                render_man(subsub.clone().name(leak(n.clone())))?,
            ));
        }
    }
    Ok(out)
}

fn render_man(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut buf)
        .map_err(|e| Error::internal(format!("man page rendering failed: {e}")))?;
    Ok(buf)
}

/// Writes every generated file under `root` (used by the freshness test).
pub fn write_generated(root: &Path) -> Result<()> {
    for (rel, bytes) in generated_files()? {
        let p = root.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(|e| Error::io("create", d, &e))?;
        }
        std::fs::write(&p, bytes).map_err(|e| Error::io("write", &p, &e))?;
    }
    Ok(())
}

/// clap wants `&'static str` names; the generator runs once per process.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}
