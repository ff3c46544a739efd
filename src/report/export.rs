//! Exports of a whole session: CSV of every rated item, CSV of every single rating, and the
//! session as JSON; the Markdown report is `report::md`'s, re-exported here. Session text is
//! escaped for each format (`csv_field`, `markdown::inline`); nothing here prints or writes.

pub use super::md::{markdown, verdict_sentence};
pub use super::words::{hidden_note, verdict_with};
use crate::domain::value::Viewer;
use crate::domain::{Points, Session, Side};
use crate::text::clean;
use std::fmt::Write;

/// One CSV field, quoted when it must be. A field a spreadsheet would read as a formula (it
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return, also after leading spaces) gets
/// a leading apostrophe and is quoted, as OWASP's CSV injection advice says: the spreadsheet
/// then shows the text instead of running it.
pub(crate) fn csv_field(text: &str) -> String {
    let text = clean(text);
    let formula = text.trim_start_matches(' ').starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ]);
    let text = if formula {
        format!("'{text}")
    } else {
        text.into_owned()
    };
    if formula || text.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// CSV: a header, then one row per rated item, with the ratings `viewer` may see, exact as
/// JSON writes them (a side's mean of 11/3 is 3.6666666666666665, not 3.7).
pub fn csv(session: &Session, viewer: Viewer<'_>) -> String {
    let mut out = String::from("step,text,kind,provider,consumer,gap\n");
    let sight = viewer.over(session);
    for item in session.rated_items() {
        let seen = sight.sees(item.rating);
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            item.dimension.key(),
            csv_field(item.text),
            item.kind,
            seen.side(Side::Provider).exact(),
            seen.side(Side::Consumer).exact(),
            Points::new(seen.gap()).exact()
        );
    }
    out
}

/// The whole session as pretty JSON, with a final newline and terminal controls escaped.
/// Every rating is kept; each item's `rating` says whether it was `revealed` (the file leaves
/// out a `false`) and whether the room may not see it yet (`hidden`, see
/// `value::not_yet_revealed`).
pub fn json(session: &Session) -> String {
    let room = crate::domain::value::Viewer::Room.over(session);
    let mut value = serde_json::to_value(session).unwrap_or_default();
    for item in session.rated_items() {
        let key = item.dimension.step().key();
        if let Some(rating) = value
            .get_mut(key)
            .and_then(|list| list.get_mut(item.index))
            .and_then(|i| i.get_mut("rating"))
            .and_then(|r| r.as_object_mut())
        {
            rating.insert("revealed".into(), item.rating.revealed.into());
            rating.insert("hidden".into(), room.not_yet_revealed(item.rating).into());
        }
    }
    super::json::pretty(&value)
}

/// CSV of every single rating: `step,item,text,rater,side,group,rating`, the item being its
/// number in the step. In an anonymous session the rater is left blank, rows are ordered by
/// side, group and rating rather than by name, and the ratings of a group with fewer than 3
/// raters in that step are left out, as its score is hidden in the summary.
/// Only the ratings `viewer` may see are rows.
pub fn ratings_csv(session: &Session, viewer: Viewer<'_>) -> String {
    use crate::domain::value::{ANONYMOUS_MIN, summarize_as};
    let summary = session.anonymous.then(|| summarize_as(session, viewer));
    let mut out = String::from("step,item,text,rater,side,group,rating\n");
    let sight = viewer.over(session);
    for item in session.rated_items() {
        let seen = sight.sees(item.rating);
        let mut rows: Vec<(Side, String, String, u8)> = Side::BOTH
            .into_iter()
            .flat_map(|side| {
                seen.raters(side).iter().map(move |(name, rating)| {
                    let group = session.rater_group(side, name).name().to_string();
                    (side, group, name.to_string(), rating.get())
                })
            })
            .collect();
        if let Some(summary) = &summary {
            let groups = &summary.dimension(item.dimension).groups;
            rows.retain(|(side, group, _, _)| {
                groups
                    .iter()
                    .find(|g| g.side == *side && g.group.name() == group)
                    .is_some_and(|g| g.raters >= ANONYMOUS_MIN)
            });
            for row in &mut rows {
                row.2.clear();
            }
            rows.sort();
        }
        for (side, group, rater, rating) in rows {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{rating}",
                item.dimension.key(),
                item.index + 1,
                csv_field(item.text),
                csv_field(&rater),
                side.name(),
                csv_field(&group),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    /// A formula gets its apostrophe and quotes even with nothing else to quote; plain text
    /// stays bare, and a comma or a quote is quoted with the quote doubled.
    #[test]
    fn a_field_is_quoted_when_it_is_a_formula_or_holds_a_separator() {
        assert_eq!(csv_field("=1+1"), "\"'=1+1\"");
        assert_eq!(csv_field("  @cmd"), "\"'  @cmd\"");
        assert_eq!(csv_field("Faster fixes"), "Faster fixes");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
