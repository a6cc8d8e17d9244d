//! The library's module graph (issue 18): which top-level modules of
//! `src/` name which others through `crate::` paths (`use crate::a::X`,
//! `use crate::{a, b}`, inline `crate::a::f()`), and its cycles (strongly
//! connected components, Tarjan): the graph must stay a DAG in pipeline
//! order. A failure names the cycle and its edges.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level module a file of `src/` belongs to (`index/writer.rs` ->
/// `index`), `None` for the crate roots.
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The top-level modules a source names after `crate::`, outside `//` comments.
fn named_modules(src: &str) -> BTreeSet<String> {
    let code: String = src
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            // `crate::{a::X, b}`: the first segment of each top-level part.
            Some(group) => {
                let (mut depth, mut start) = (0, 0);
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => {
                            out.insert(ident(&group[start..i]));
                            break;
                        }
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            out.insert(ident(&group[start..i]));
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
            }
            None => {
                out.insert(ident(rest));
            }
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

/// Module -> modules it names, over every `.rs` file under `src/`.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in walkdir::WalkDir::new(src) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let Some(m) = module_of(e.path().strip_prefix(src).unwrap()) else {
            continue;
        };
        let text = std::fs::read_to_string(e.path()).unwrap();
        let named = g.entry(m.clone()).or_default();
        named.extend(named_modules(&text).into_iter().filter(|n| *n != m));
    }
    // Only edges to modules of the crate (not `crate::main`-style noise).
    let known: BTreeSet<String> = g.keys().cloned().collect();
    for named in g.values_mut() {
        named.retain(|n| known.contains(n));
    }
    g
}

/// Strongly connected components of more than one module, each sorted.
fn cycles(g: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<Vec<String>> {
    struct Tarjan<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        out: BTreeSet<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in &self.g[v] {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if self.stack.contains(&w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut scc = vec![];
                while let Some(w) = self.stack.pop() {
                    scc.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if scc.len() > 1 {
                    scc.sort();
                    self.out.insert(scc);
                }
            }
        }
    }
    let mut t = Tarjan {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: vec![],
        out: BTreeSet::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.out
}

#[test]
fn the_module_graph_has_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let g = graph(&src);
    assert!(g.len() > 10, "{g:?}");
    let found = cycles(&g);
    let edges = |scc: &[String]| -> Vec<String> {
        scc.iter()
            .flat_map(|a| {
                g[a].iter()
                    .filter(|b| scc.contains(b))
                    .map(move |b| format!("{a} -> {b}"))
            })
            .collect()
    };
    let named: Vec<Vec<String>> = found.iter().map(|c| edges(c)).collect();
    assert!(found.is_empty(), "module cycles: {named:?}");
}

#[test]
fn the_graph_reader_sees_grouped_and_inline_paths() {
    let src = "use crate::{index::IdeaIndex, search::{self, Filters}};\n\
               // use crate::commented::Out;\n\
               fn f() { crate::facets::count(); }\n";
    let got: Vec<String> = named_modules(src).into_iter().collect();
    assert_eq!(got, ["facets", "index", "search"]);
    let g: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    let want: BTreeSet<Vec<String>> = [vec!["a".into(), "b".into(), "c".into()]].into();
    assert_eq!(cycles(&g), want);
}

/// The engine returns its own typed error (`ideas::error::Error`): anyhow,
/// and the binary's own modules, stay in the binary (`src/main.rs`, `src/cli/`).
#[test]
fn anyhow_stays_in_the_binary() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut library_files = 0;
    let mut using = vec![];
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&src).unwrap();
        if e.path().extension().is_none_or(|x| x != "rs")
            || rel.starts_with("cli")
            || rel == Path::new("main.rs")
        {
            continue;
        }
        library_files += 1;
        let text = std::fs::read_to_string(e.path()).unwrap();
        let code: String = text
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect();
        if code.contains("anyhow") {
            using.push(rel.display().to_string());
        }
    }
    assert!(library_files > 30, "{library_files}");
    assert!(using.is_empty(), "the library names anyhow in {using:?}");
}

/// The README's Layout table lists the library's modules in pipeline
/// order: each names (through `crate::`) only modules on earlier rows, so
/// the table is the graph read top to bottom, and a module it leaves out
/// fails too.
#[test]
fn the_readme_layout_lists_the_modules_in_pipeline_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let g = graph(&root.join("src"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut rows: Vec<String> = vec![];
    for line in readme.lines() {
        let Some(rest) = line.strip_prefix("| `src/") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if g.contains_key(&name) && !rows.contains(&name) {
            rows.push(name);
        }
    }
    let missing: Vec<&String> = g.keys().filter(|m| !rows.contains(m)).collect();
    assert!(
        missing.is_empty(),
        "not in the README's Layout: {missing:?}"
    );
    for (i, m) in rows.iter().enumerate() {
        let later: Vec<&String> = g[m].iter().filter(|n| !rows[..i].contains(n)).collect();
        assert!(
            later.is_empty(),
            "README Layout: {m} names {later:?}, listed after it"
        );
    }
}
