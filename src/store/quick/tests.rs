use super::super::file::{read_quickly, read_with_ron, to_ron, to_ron_unindented};
use crate::domain::Session;
use std::path::{Path, PathBuf};

/// What the quick reader makes of `text`, checked against `ron`: where it reads a session,
/// `ron` reads the same one. `Some` when the quick reader read it.
fn read_alike(text: &str) -> Option<Session> {
    let quick = read_quickly(text);
    if let Some(session) = &quick {
        match read_with_ron(text) {
            Ok(by_ron) => assert_eq!(session, &by_ron, "the readers differ on:\n{text}"),
            Err(e) => panic!("the quick reader read what ron refuses ({e}):\n{text}"),
        }
    }
    quick
}

fn ron_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            ron_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
}

/// Every session file the repository holds: the templates, the worked examples, the test
/// fixtures (good, old formats and broken ones).
fn repository_files() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["assets/templates", "docs/examples", "tests/fixtures"] {
        ron_files(&root.join(dir), &mut paths);
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| Some((p.clone(), String::from_utf8(std::fs::read(&p).ok()?).ok()?)))
        .collect()
}

#[test]
fn every_file_covalue_writes_is_read_quickly_and_as_ron_reads_it() {
    let files = repository_files();
    assert!(files.len() > 20, "found only {} files", files.len());
    let mut sessions = 0;
    for (path, text) in &files {
        if let Ok(session) = read_with_ron(text) {
            sessions += 1;
            for written in [to_ron(&session), to_ron_unindented(&session)] {
                assert!(
                    read_alike(&written).is_some(),
                    "{}: the quick reader left covalue's own output to ron",
                    path.display()
                );
            }
        }
    }
    assert!(sessions >= 8, "only {sessions} of the files are sessions");
}

#[test]
fn files_written_by_hand_read_alike_or_are_left_to_ron() {
    // Every file, broken ones included: the quick reader either agrees with ron or leaves it.
    let mut quick = 0;
    for (_, text) in repository_files() {
        quick += usize::from(read_alike(&text).is_some());
    }
    assert!(
        quick >= 5,
        "the quick reader read only {quick} of the files"
    );
}

const SMALL: &str = r#"// a comment
(
    format: 2,
    id: "abc",
    title: "A title with \"quotes\", a \\ and \u{1F600}\ttab\nline\r\'\0",
    created: "2026-11-27T20:47:15Z",
    updated: "2026-11-27T20:47:15Z",
    benefits: [
        (
            text: "Fewer calls",
            kind: Tangible,
            measure: "calls −30 %", // a comment after a value
            rating: (provider: 4, consumer: Some(3)),
        ),
        (text: "second line
of text", rating: (provider: {"Ola": 2, "Kofi": 5,}, consumer: None))
    ],
)
"#;

#[test]
fn the_subset_it_reads_gives_what_ron_gives() {
    let session = read_alike(SMALL).expect("the quick reader reads the small file");
    assert_eq!(
        session.title,
        "A title with \"quotes\", a \\ and \u{1F600}\ttab\nline\r'\0"
    );
    assert_eq!(session.benefits[1].text, "second line\nof text");
}

#[test]
fn what_is_outside_the_subset_is_left_to_ron_which_reads_it() {
    let outside = [
        ("(\n    format: 2,", "Session(\n    format: 2,"),
        ("// a comment", "/* a block comment */"),
        (
            "title: \"A title",
            "title: r#\"A title\"#, service: \"A title",
        ),
        ("\\u{1F600}", "\\x41"),
        ("id: \"abc\",", "id: \"abc\",\n    blind: true,"),
        ("format: 2", "format: 0x2"),
        ("format: 2", "format: 2u32"),
        ("format: 2", "format: +2"),
        ("format: 2", "format: 02"),
    ];
    for (from, to) in outside {
        let text = SMALL.replacen(from, to, 1);
        assert_ne!(text, SMALL, "{from} not in the file");
        // `blind: true` is in the subset: that one must be read quickly and alike.
        let quick = read_alike(&text);
        if to.contains("blind") {
            assert!(quick.is_some());
        } else {
            assert!(quick.is_none(), "read quickly: {to}");
        }
        // ron reads them all but the ones that are errors to it too.
        let by_ron = read_with_ron(&text);
        if !to.contains("02") {
            assert!(by_ron.is_ok(), "{to}: {by_ron:?}");
        }
    }
}

#[test]
fn what_ron_refuses_the_quick_reader_does_not_read() {
    let broken = [
        ("format: 2,", "format: 2"),
        ("\"abc\"", "\"abc"),
        ("provider: 4", "provider: 9"),
        ("provider: 4", "provider: 4.5"),
        ("kind: Tangible", "kind: Solid"),
        ("id: \"abc\",", "id: \"abc\",\n    colour: 3,"),
        ("Some(3)", "Some 3"),
        ("(provider", "( provider"),
        ("\"Kofi\": 5", "\"Ola\": 5"),
        ("],\n)", "],\n) trailing"),
        ("// a comment\n", "( format: 2 ) // and more\n"),
    ];
    for (from, to) in broken {
        let text = SMALL.replacen(from, to, 1);
        assert_ne!(text, SMALL, "{from} not in the file");
        if read_with_ron(&text).is_err() {
            assert!(read_quickly(&text).is_none(), "read quickly: {to}");
        } else {
            read_alike(&text);
        }
    }
}

#[test]
fn a_comment_at_the_very_end_with_no_line_break_is_read_as_ron_reads_it() {
    let text = format!("{}// the end", SMALL);
    assert!(read_alike(&text).is_some());
    assert!(read_alike(&format!("{text}\n")).is_some());
    let closed_by_comment = SMALL.replacen("\n)\n", "\n)//", 1);
    assert!(closed_by_comment.ends_with(")//"));
    assert!(read_alike(&closed_by_comment).is_some());
}

/// A small xorshift generator: the same edits on every run, no dependency.
struct Edits(u64);

impl Edits {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn random_edits_of_real_files_read_alike_or_are_left_to_ron() {
    const PIECES: &[&str] = &[
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "\"",
        "\\",
        "\\u{41}",
        "\\x41",
        " ",
        "\n",
        "//",
        "/*",
        "*/",
        "r#",
        "#",
        "Some(",
        "None",
        "true",
        "0",
        "-1",
        "1.5",
        "1e3",
        "_",
        "é",
        "\t",
        "Tangible",
        "provider: ",
        "\"Ola\": 3, ",
        "format: 1,",
        "()",
    ];
    let mut texts: Vec<String> = repository_files()
        .into_iter()
        .filter(|(_, t)| read_with_ron(t).is_ok())
        .map(|(_, t)| t)
        .collect();
    texts.push(SMALL.to_string());
    let mut edits = Edits(0x9E37_79B9_7F4A_7C15);
    let (mut read, mut left) = (0, 0);
    for round in 0..3000 {
        let mut text = texts[round % texts.len()].clone();
        for _ in 0..1 + edits.below(3) {
            let mut at = edits.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match edits.below(3) {
                0 => text.insert_str(at, PIECES[edits.below(PIECES.len())]),
                1 => {
                    let mut end = (at + 1 + edits.below(4)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, "");
                }
                _ => {
                    let mut end = (at + 1).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, PIECES[edits.below(PIECES.len())]);
                }
            }
        }
        match read_alike(&text) {
            Some(_) => read += 1,
            None => left += 1,
        }
    }
    // Both outcomes must be common, or the edits test nothing.
    assert!(read > 300 && left > 300, "read {read}, left {left}");
}
