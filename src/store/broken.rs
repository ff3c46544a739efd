//! How a session file that does not read is broken, for an error that says so in words:
//! cut short before its last `)`, or a quote left open so that its text runs on.

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

/// Where a text in double quotes starts that runs over a line end and closes on the line
/// where reading stopped (`stopped`, line and column from 1, as `ron` counts them): a quote
/// left open, whose text then took in the line breaks and fields after it up to the next `"`.
/// `None` when the last text closed before the stop is on one line or ends on another line.
pub(super) fn runaway_text(text: &str, stopped: (usize, usize)) -> Option<(usize, usize)> {
    let (mut line, mut column) = (1, 1);
    // The last text closed before the stop: where it opened, and the line it closed on.
    let mut last: Option<((usize, usize), usize)> = None;
    let mut open: Option<(usize, usize)> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if (line, column) >= stopped {
            break;
        }
        let at = (line, column);
        if c == '\n' {
            (line, column) = (line + 1, 1);
        } else {
            column += 1;
        }
        match (open, c) {
            (Some(start), '"') => {
                last = Some((start, line));
                open = None;
            }
            (Some(_), '\\') => {
                // An escaped character is part of the text, a quote too.
                if chars.next().is_some() {
                    column += 1;
                }
            }
            (Some(_), _) => {}
            (None, '"') => open = Some(at),
            (None, '/') if chars.peek() == Some(&'/') => {
                // A comment runs to the line's end; its quotes open nothing.
                for c in chars.by_ref() {
                    if c == '\n' {
                        (line, column) = (line + 1, 1);
                        break;
                    }
                }
            }
            (None, _) => {}
        }
    }
    let (start, closed_on) = last?;
    (start.0 < closed_on && closed_on == stopped.0).then_some(start)
}

/// A type's name in a parser's message, as a person editing the file calls it.
pub(super) fn struct_words(name: &str) -> &str {
    match name {
        "Session" => "session",
        "Ratings" => "rating (it takes `provider` and `consumer`)",
        "ContextItem" => "context item",
        "Benefit" => "benefit",
        "Usefulness" => "usefulness item",
        "Importance" => "importance item",
        "Outcome" => "outcome",
        "Cost" => "cost",
        "Risk" => "risk",
        "Agreement" | "AgreementFile" => "agreement",
        "ItemNote" => "note",
        "Resolution" => "resolution (which agreement resolves which item)",
        "AddedBy" => "record of who added an item",
        "Served" => "served room",
        "Participant" => "participant",
        "Group" => "stakeholder group",
        "Conflict" => "merge conflict",
        "Closing" => "closing answers",
        "Mode" => "mode",
        "Role" => "role",
        "ContextKind" => "context kind",
        "BenefitKind" => "benefit kind",
        "Realisation" => "realisation",
        "CostKind" => "cost kind",
        "RiskEffect" => "risk effect",
        "Owner" => "owner",
        "Step" => "step",
        "Level" => "risk level (it takes `likelihood` and `impact`, each 1 to 5)",
        "FiguresFile" => "measure's figures",
        "WeightsFile" => "set of weights",
        other => other,
    }
}

/// `words` after "a" or "an", as said: "an agreement", "a usefulness item".
pub(super) fn a_or_an(words: &str) -> String {
    let article = match words.chars().next() {
        Some('a' | 'e' | 'i' | 'o') => "an",
        _ => "a",
    };
    format!("{article} {words}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trial's find: a misspelt field of an agreement, a note or a resolution was said to
    /// be no field "of a AgreementFile" (or "a ItemNote", "a Resolution").
    #[test]
    fn every_record_is_named_in_words_with_its_article() {
        for (name, said) in [
            ("AgreementFile", "an agreement"),
            ("ItemNote", "a note"),
            ("Outcome", "an outcome"),
            ("Usefulness", "a usefulness item"),
        ] {
            assert_eq!(a_or_an(struct_words(name)), said);
        }
        assert!(struct_words("Resolution").starts_with("resolution"));
    }

    #[test]
    fn a_quote_left_open_is_found_where_it_opened() {
        let text = "(\n    text: \"Stays up,\n    measure: \"99.95 %\",\n)";
        // ron stops at `99`, on line 3, column 15, after the runaway text closed at `"`.
        assert_eq!(runaway_text(text, (3, 15)), Some((2, 11)));
        // Texts on one line each are no runaway.
        let fine = "(\n    text: \"Up\",\n    measure: \"99\" x,\n)";
        assert_eq!(runaway_text(fine, (3, 20)), None);
        // A quote in a comment opens nothing; an escaped quote closes nothing.
        let commented = "( // a \"quote\n    text: \"a \\\" b\" x\n)";
        assert_eq!(runaway_text(commented, (2, 20)), None);
    }
}
