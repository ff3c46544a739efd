//! How a session file that does not read is broken, for an error that says so in words:
//! cut short before its last `)`.

/// Whether the text ends with the `)` that closes a session, once any comments after it
/// are set aside (a file may end `) // end of session`).
pub(super) fn ends_closed(text: &str) -> bool {
    let mut rest = text.trim_end();
    loop {
        if let Some(open) = rest.strip_suffix("*/").and_then(|r| r.rfind("/*")) {
            rest = rest[..open].trim_end();
            continue;
        }
        let line_start = rest.rfind('\n').map_or(0, |i| i + 1);
        let line = &rest[line_start..];
        match line.find("//") {
            // After a `"` the `//` may be inside a string: the line is left as it is.
            Some(at) if !line[..at].contains('"') => rest = rest[..line_start + at].trim_end(),
            _ => return rest.ends_with(')'),
        }
    }
}
