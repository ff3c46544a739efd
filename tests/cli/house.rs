//! The house rules that keep the code readable, checked on the source itself (issue 17): no
//! function over 80 lines, no file over 600 lines (data tables aside, named below with why), no
//! `Result<_, String>`, and no import cycle between files. Each failure names the place.
//!
//! The reading is textual, as a person skimming the code would do it: braces are counted
//! outside strings, characters and comments; `use` lines are resolved to the file that defines
//! the module they name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const MAX_FN_LINES: usize = 80;
const MAX_FILE_LINES: usize = 600;

/// Files allowed past `MAX_FILE_LINES`, and why.
const TABLES: &[(&str, &str)] = &[(
    "src/tui/keymap/table.rs",
    "the one table of which key means which action on which screen",
)];

fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut folders = vec![root.join("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("src is readable") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file is UTF-8");
                let name = path.strip_prefix(root).unwrap_or(&path);
                files.push((name.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }
    files.sort();
    files
}

/// A line with its strings, character literals and comments blanked, so that braces and
/// keywords in them do not count. `block` carries an open `/* … */` and `string` an open
/// string (`Some(hashes)` of a raw one, `None` of a plain one) across lines.
struct Scanner {
    block: bool,
    string: Option<Option<usize>>,
}

impl Scanner {
    fn code(&mut self, line: &str) -> String {
        let chars: Vec<char> = line.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let rest = &chars[i..];
            if self.block {
                if rest.starts_with(&['*', '/']) {
                    self.block = false;
                    i += 2;
                } else {
                    i += 1;
                }
            } else if let Some(raw) = self.string {
                i += self.in_string(rest, raw);
            } else if rest.starts_with(&['/', '/']) {
                break;
            } else if rest.starts_with(&['/', '*']) {
                self.block = true;
                i += 2;
            } else if let Some(skip) = self.string_start(&chars, i) {
                i += skip;
            } else if let Some(skip) = char_literal(rest) {
                i += skip;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        out
    }

    /// How far to move inside a string, closing it at its end.
    fn in_string(&mut self, rest: &[char], raw: Option<usize>) -> usize {
        match (rest[0], raw) {
            ('\\', None) => 2,
            ('"', None) => {
                self.string = None;
                1
            }
            ('"', Some(hashes))
                if rest.len() > hashes && rest[1..=hashes].iter().all(|c| *c == '#') =>
            {
                self.string = None;
                1 + hashes
            }
            _ => 1,
        }
    }

    fn string_start(&mut self, chars: &[char], i: usize) -> Option<usize> {
        let after_word = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if chars[i] == 'r' && !after_word {
            let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
            if chars.get(i + 1 + hashes) == Some(&'"') {
                self.string = Some(Some(hashes));
                return Some(2 + hashes);
            }
        }
        if chars[i] == '"' {
            self.string = Some(None);
            return Some(1);
        }
        None
    }
}

/// The length of a character literal at the start of `rest` (`'a'`, `'\n'`, `'\u{1F600}'`), or
/// `None` for a lifetime or anything else.
fn char_literal(rest: &[char]) -> Option<usize> {
    if rest.first() != Some(&'\'') {
        return None;
    }
    match rest.get(1) {
        Some('\\') => rest[2..].iter().position(|c| *c == '\'').map(|p| p + 3),
        Some(_) if rest.get(2) == Some(&'\'') => Some(3),
        _ => None,
    }
}

/// The name a line starts a function with, if it does.
fn fn_name(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace().peekable();
    while let Some(word) = words.next() {
        match word {
            "fn" => {
                let name = words.next()?;
                let end = name.find(|c: char| !(c.is_alphanumeric() || c == '_'));
                return Some(&name[..end.unwrap_or(name.len())]);
            }
            w if w == "pub" || w.starts_with("pub(") => {}
            "const" | "async" | "unsafe" | "extern" | "\"C\"" => {}
            _ => return None,
        }
    }
    None
}

/// Every function longer than `MAX_FN_LINES`, as `file:line name (length)`.
fn long_functions(file: &str, text: &str) -> Vec<String> {
    let mut scanner = Scanner {
        block: false,
        string: None,
    };
    let mut open: Vec<(&str, usize, usize)> = Vec::new();
    let mut pending: Option<(&str, usize)> = None;
    let mut depth = 0usize;
    let mut long = Vec::new();
    for (number, line) in text.lines().enumerate().map(|(n, l)| (n + 1, l)) {
        let in_string = scanner.string.is_some();
        let code = scanner.code(line);
        if !in_string && let Some(name) = fn_name(line) {
            pending = Some((name, number));
        }
        for c in code.chars() {
            match c {
                '{' => {
                    depth += 1;
                    if let Some((name, start)) = pending.take() {
                        open.push((name, start, depth));
                    }
                }
                '}' => {
                    if let Some(&(name, start, at)) = open.last()
                        && at == depth
                    {
                        open.pop();
                        let length = number - start + 1;
                        if length > MAX_FN_LINES {
                            long.push(format!("{file}:{start} {name} ({length} lines)"));
                        }
                    }
                    depth = depth.saturating_sub(1);
                }
                ';' => pending = None,
                _ => {}
            }
        }
    }
    long
}

#[test]
fn no_function_is_longer_than_a_person_reads_at_once() {
    let long: Vec<String> = sources()
        .iter()
        .flat_map(|(file, text)| long_functions(file, text))
        .collect();
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn no_file_is_longer_than_a_person_reads_at_once() {
    let big: Vec<String> = sources()
        .iter()
        .filter(|(file, _)| !TABLES.iter().any(|(table, _)| table == file))
        .filter(|(_, text)| text.lines().count() > MAX_FILE_LINES)
        .map(|(file, text)| format!("{file} ({} lines)", text.lines().count()))
        .collect();
    assert!(
        big.is_empty(),
        "files over {MAX_FILE_LINES} lines:\n{}",
        big.join("\n")
    );
    for (table, why) in TABLES {
        assert!(!why.is_empty());
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(table))
            .unwrap_or_else(|e| panic!("{table}, allowed as a table, is gone: {e}"));
        assert!(
            text.starts_with("//!") && text.lines().next().is_some_and(|l| l.contains("table")),
            "{table} is allowed past {MAX_FILE_LINES} lines as a table: its first `//!` line says so"
        );
    }
}

#[test]
fn errors_are_typed_not_strings() {
    let mut found = Vec::new();
    for (file, text) in sources() {
        let mut scanner = Scanner {
            block: false,
            string: None,
        };
        for (number, line) in text.lines().enumerate() {
            let code: String = scanner.code(line).split_whitespace().collect();
            if code.contains("Result<") && code.contains(",String>") {
                found.push(format!("{file}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "Result<_, String> (use a thiserror enum):\n{}",
        found.join("\n")
    );
}

/// The module path a file defines: `src/tui/app.rs` is `tui::app`, `src/tui/mod.rs` is `tui`.
fn module_of(file: &str) -> Vec<String> {
    let path = file.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = path.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The paths a file's code names: its `use` trees, with braces expanded (`a::{b, c::d}` is
/// `a::b` and `a::c::d`), and paths written inline (`super::export::hidden_note(…)`). A `pub use`
/// re-exports and is left out: it is the module's face, not a need of its code.
fn uses(text: &str) -> Vec<String> {
    let mut statements = Vec::new();
    let mut current: Option<String> = None;
    let mut inline = Vec::new();
    let mut scanner = Scanner {
        block: false,
        string: None,
    };
    for line in text.lines() {
        let code = scanner.code(line);
        let trimmed = code.trim();
        if current.is_none() && trimmed.starts_with("pub") && trimmed.contains(" use ") {
            continue;
        }
        if current.is_none() && trimmed.starts_with("use ") {
            current = Some(String::new());
        }
        if let Some(statement) = current.as_mut() {
            statement.push_str(trimmed);
            if trimmed.ends_with(';') {
                statements.push(current.take().unwrap_or_default());
            }
            continue;
        }
        inline.extend(inline_paths(&code));
    }
    statements
        .iter()
        .flat_map(|s| expand(s.trim_start_matches("use ").trim_end_matches(';')))
        .chain(inline)
        .collect()
}

/// Paths that start with `crate::`, `super::` or `self::` in a line of code.
fn inline_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start).map(|a| a + from) {
            let before = code[..at].chars().next_back();
            let end = code[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| e + at);
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                paths.push(code[at..end].trim_end_matches(':').to_string());
            }
            from = end.max(at + start.len());
        }
    }
    paths
}

/// What each file re-exports by name (`pub use child::Name;` in it): name → path written.
fn reexports(text: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if current.is_none() && trimmed.starts_with("pub") && trimmed.contains(" use ") {
            current = Some(String::new());
        }
        if let Some(statement) = current.as_mut() {
            statement.push_str(trimmed);
            if trimmed.ends_with(';') {
                let statement = current.take().unwrap_or_default();
                let tree = statement[statement.find(" use ").map_or(0, |u| u + 5)..]
                    .trim_end_matches(';')
                    .to_string();
                for path in expand(&tree) {
                    let name = path.rsplit("::").next().unwrap_or_default().to_string();
                    if name != "*" && name != "self" {
                        names.insert(name, path);
                    }
                }
            }
        }
    }
    names
}

fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or(tree).trim().to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

/// A crate's files by the module path each defines, with what each re-exports.
struct Tree {
    files: BTreeMap<Vec<String>, String>,
    reexports: BTreeMap<String, BTreeMap<String, String>>,
}

/// The file a path written in `from` lands in, if it is one of this crate's; a name a module
/// re-exports (`pub use session::Cost` in `domain/mod.rs`) is followed to the file defining it.
fn target(from: &[String], path: &str, tree: &Tree) -> Option<String> {
    target_within(from, path, tree, 4)
}

fn target_within(from: &[String], path: &str, tree: &Tree, hops: usize) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").map(str::trim).collect();
    let mut module: Vec<String> = match segments.first().copied() {
        Some("crate") => Vec::new(),
        Some("super") | Some("self") => from.to_vec(),
        _ => return None,
    };
    if segments[0] == "crate" {
        segments.remove(0);
    }
    while let Some(first) = segments.first().copied() {
        match first {
            "super" => {
                module.pop();
            }
            "self" => {}
            _ => break,
        }
        segments.remove(0);
    }
    let wanted = module.len() + segments.len();
    module.extend(segments.iter().map(|s| s.to_string()));
    // The longest prefix that is a file of its own.
    while !module.is_empty() {
        if let Some(file) = tree.files.get(&module) {
            let next = (module.len() + segments.len())
                .checked_sub(wanted)
                .and_then(|i| segments.get(i));
            let reexported = next.and_then(|name| tree.reexports.get(file)?.get(*name));
            if let (Some(path), true) = (reexported, hops > 0) {
                let path = if path.starts_with("crate::") || path.starts_with("super::") {
                    path.clone()
                } else {
                    format!("self::{path}")
                };
                return target_within(&module, &path, tree, hops - 1).or(Some(file.clone()));
            }
            return Some(file.clone());
        }
        module.pop();
    }
    None
}

#[test]
fn no_two_files_import_each_other_round_a_circle() {
    let sources = sources();
    let tree = Tree {
        files: sources
            .iter()
            .filter(|(file, _)| file != "src/main.rs")
            .map(|(file, _)| (module_of(file), file.clone()))
            .collect(),
        reexports: sources
            .iter()
            .map(|(file, text)| (file.clone(), reexports(text)))
            .collect(),
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, text) in &sources {
        let from = module_of(file);
        for path in uses(text) {
            let Some(to) = target(&from, &path, &tree) else {
                continue;
            };
            // A module's own folder (`super::*` into the `mod.rs` above) is the module tree,
            // not a dependency between peers.
            let to_module = module_of(&to);
            if to == *file || from.starts_with(&to_module) {
                continue;
            }
            edges.entry(file.clone()).or_default().insert(to);
        }
    }
    let circles = circles(&edges);
    assert!(
        circles.is_empty(),
        "files that import each other round a circle:\n{}",
        circles.join("\n")
    );
}

/// Each strongly connected group of more than one file (Tarjan's algorithm), as a line.
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<String>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.edges.get(v).into_iter().flatten() {
                if !self.index.contains_key(w.as_str()) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w.as_str()]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w.as_str()) {
                    let low = self.low[v].min(self.index[w.as_str()]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    group.push(w);
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.found.push(group.join(" <-> "));
                }
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}

#[test]
fn the_scanner_counts_what_a_person_would() {
    let text = "fn a() {\n    let s = \"}}\";\n    let c = '{';\n    // }\n}\n";
    assert!(long_functions("x.rs", text).is_empty());
    let body = "    x();\n".repeat(MAX_FN_LINES);
    let long = format!("pub(crate) fn b(y: &str) -> u8 {{\n{body}}}\n");
    assert_eq!(
        long_functions("x.rs", &long),
        vec![format!("x.rs:1 b ({} lines)", MAX_FN_LINES + 2)]
    );
    assert_eq!(
        expand("crate::a::{b, c::{d, e as f}}"),
        vec!["crate::a::b", "crate::a::c::d", "crate::a::c::e"]
    );
    let tree = Tree {
        files: [
            (vec!["tui".to_string()], "src/tui/mod.rs".to_string()),
            (
                vec!["tui".to_string(), "app".to_string()],
                "src/tui/app.rs".to_string(),
            ),
        ]
        .into_iter()
        .collect(),
        reexports: BTreeMap::from([(
            "src/tui/mod.rs".to_string(),
            BTreeMap::from([("App".to_string(), "app::App".to_string())]),
        )]),
    };
    let from = vec!["tui".to_string(), "view".to_string()];
    assert_eq!(
        target(&from, "super::app::App", &tree),
        Some("src/tui/app.rs".to_string())
    );
    assert_eq!(
        target(&from, "crate::tui::App", &tree),
        Some("src/tui/app.rs".to_string())
    );
    assert_eq!(target(&from, "std::fmt", &tree), None);
    assert_eq!(
        inline_paths("let x = super::export::hidden_note(crate::a::B);"),
        vec!["crate::a::B", "super::export::hidden_note"]
    );
    let circle: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "a"), ("b", "c")]
        .into_iter()
        .map(|(f, t)| (f.to_string(), BTreeSet::from([t.to_string()])))
        .fold(BTreeMap::new(), |mut m, (f, t)| {
            m.entry(f).or_insert_with(BTreeSet::new).extend(t);
            m
        });
    assert_eq!(circles(&circle), vec!["a <-> b".to_string()]);
}
