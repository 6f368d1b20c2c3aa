//! The module map of ARCHITECTURE.md, enforced: every `crate::` path in
//! `src/` points to the same layer or one below, no two files import each
//! other (directly or around a loop), no command imports another command,
//! and no file grows past 700 lines unless ARCHITECTURE.md says why.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first; a module may use its own layer and those below.
const LAYERS: &[&[&str]] = &[
    &["error", "encoding", "timeutil", "names", "parallel"],
    &["pki"],
    &["store"],
    &["output", "cli"],
    &[
        "secrets", "hooks", "tls", "scan", "inputs", "context", "settings",
    ],
    &["authority", "trust"],
    &["revocation", "issuance"],
    &["commands"],
    &["app", "main", "lib"],
];

/// Files allowed over 700 lines, each one cohesive thing (ARCHITECTURE.md).
const LONG_FILES: &[&str] = &["cli.rs", "pki/verify/strict.rs"];

fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, root, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out.sort();
    out
}

/// `pki/verify/mod.rs` → `pki::verify`.
fn module_of(file: &str) -> String {
    let path = file.trim_end_matches(".rs");
    let parts: Vec<&str> = path.split('/').filter(|p| *p != "mod").collect();
    parts.join("::")
}

/// The `crate::a::b` paths a source names (outside comments).
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + 7..];
            let path: Vec<String> = rest
                .split("::")
                .map(|seg| {
                    seg.chars()
                        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                        .collect::<String>()
                })
                .take_while(|seg| !seg.is_empty())
                .collect();
            if !path.is_empty() {
                out.push(path);
            }
        }
    }
    out
}

fn layer(top: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&top))
}

#[test]
fn imports_go_down_the_layers_and_never_in_a_loop() {
    let files = sources();
    let modules: BTreeSet<String> = files.iter().map(|(f, _)| module_of(f)).collect();
    let mut upward = Vec::new();
    let mut unlayered = BTreeSet::new();
    let mut commands_importing_commands = Vec::new();
    // File-level graph: module → modules it names.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, text) in &files {
        let from = module_of(file);
        let top = from.split("::").next().unwrap().to_string();
        for path in crate_paths(text) {
            let to_top = &path[0];
            match (layer(&top), layer(to_top)) {
                (Some(a), Some(b)) if b > a => {
                    upward.push(format!("{file} → crate::{}", path.join("::")))
                }
                (None, _) => {
                    unlayered.insert(top.clone());
                }
                (_, None) if modules.iter().any(|m| m == to_top) => {
                    unlayered.insert(to_top.clone());
                }
                _ => {}
            }
            if top == "commands" && to_top == "commands" && from != "commands" {
                commands_importing_commands.push(format!("{file} → crate::{}", path.join("::")));
            }
            // The longest prefix of the path that is a module of a file.
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|m| modules.contains(m));
            if let Some(t) = target
                && t != from
                && !from.starts_with(&format!("{t}::"))
                && !t.starts_with(&format!("{from}::"))
            {
                graph.entry(from.clone()).or_default().insert(t);
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports up the layers:\n{}",
        upward.join("\n")
    );
    assert!(
        unlayered.is_empty(),
        "modules without a layer: {unlayered:?}"
    );
    assert!(
        commands_importing_commands.is_empty(),
        "commands importing commands:\n{}",
        commands_importing_commands.join("\n")
    );
    let loops = cycles(&graph);
    assert!(loops.is_empty(), "import loops between files: {loops:?}");
}

/// Strongly connected components of more than one module (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        if let Some(ws) = t.graph.get(v) {
            for w in ws {
                if !t.index.contains_key(w.as_str()) {
                    visit(t, w);
                    let lw = t.low[w.as_str()];
                    let lv = t.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if t.stack.contains(&w.as_str()) {
                    let iw = t.index[w.as_str()];
                    let lv = t.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

#[test]
fn files_stay_short_unless_architecture_md_says_why() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/ARCHITECTURE.md")).unwrap();
    let long: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| text.lines().count() > 700)
        .map(|(f, _)| f)
        .collect();
    for f in &long {
        assert!(
            LONG_FILES.contains(&f.as_str()),
            "src/{f} has more than 700 lines: split it, or list it in LONG_FILES and say in ARCHITECTURE.md why it is one thing"
        );
    }
    for f in LONG_FILES {
        assert!(
            doc.contains(&format!("src/{f}")),
            "ARCHITECTURE.md does not say why src/{f} is long"
        );
    }
}
