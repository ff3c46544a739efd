//! The Markdown report's step tables: one table per rated step, every field a person entered
//! with its label, the ratings the reader may see, and the room's discussion; the risk picture
//! under the Risks table.

use super::actions::discussion_cell;
use crate::domain::value::{DISCUSS_GAP, HeatMap, Summary};
use crate::domain::{Points, Ratings, Session, Side, Step};
use crate::report::markdown::{cell, phrase};
use crate::report::words::{capitalized, item_details, viewer_of};
use std::fmt::Write;
use std::ops::RangeInclusive;

/// The steps whose items are rated, in the order of their tables.
const RATED_STEPS: [Step; 6] = [
    Step::Benefits,
    Step::Usefulness,
    Step::Importance,
    Step::Outcomes,
    Step::Costs,
    Step::Risks,
];

/// The rating columns of a table: both sides and the gap in a workshop, the one side alone in
/// a self-assessment (no column of dashes for a side that does not rate).
struct Columns<'a> {
    sides: &'a [Side],
}

impl Columns<'_> {
    fn header(&self) -> String {
        let mut head: Vec<String> = self.sides.iter().map(|s| capitalized(s.name())).collect();
        if self.sides.len() == 2 {
            head.push("Gap".to_string());
        }
        head.join(" | ")
    }

    fn rule(&self) -> String {
        vec!["---:"; self.sides.len() + usize::from(self.sides.len() == 2)].join("|")
    }

    /// The rating cells of one row; `tenths` is the table's one format for its numbers.
    fn cells(&self, r: &Ratings, tenths: bool) -> String {
        let mut cells: Vec<String> = self
            .sides
            .iter()
            .map(|s| r.side(*s).shown(tenths))
            .collect();
        if self.sides.len() == 2 {
            let gap = Points::new(r.gap()).shown(tenths);
            cells.push(if r.gap_reaches(DISCUSS_GAP) {
                format!("**{gap}**")
            } else {
                gap
            });
        }
        cells.join(" | ")
    }

    /// Whether any number these rows show is not whole, so that every row shows tenths.
    fn tenths<'r>(&self, rows: impl IntoIterator<Item = &'r Ratings>) -> bool {
        Points::tenths(rows.into_iter().flat_map(|r| {
            let mut shown: Vec<Points> = self.sides.iter().map(|s| r.side(*s)).collect();
            shown.push(Points::new(r.gap()));
            shown
        }))
    }
}

/// Every rated step's table.
pub(super) fn step_tables(out: &mut String, session: &Session, summary: &Summary) {
    for step in RATED_STEPS {
        step_table(out, session, summary, step);
    }
}

/// One step's table, or that nothing was recorded in it; a table of risks has the risk
/// picture under it.
fn step_table(out: &mut String, session: &Session, summary: &Summary, step: Step) {
    let columns = Columns {
        sides: session.mode.sides(),
    };
    let _ = writeln!(out, "## {}\n", step.title());
    let sight = viewer_of(summary).over(session);
    let rows: Vec<_> = session
        .rated_items()
        .filter(|i| i.dimension.step() == step)
        .map(|i| {
            let seen = sight.sees(i.rating);
            (i, seen)
        })
        .collect();
    if rows.is_empty() {
        out.push_str("Nothing recorded.\n\n");
        return;
    }
    let tenths = columns.tenths(rows.iter().map(|(_, r)| r.as_ref()));
    let discussion = has_discussion(session, step);
    let _ = writeln!(
        out,
        "| Item | Details | {}{} |\n|---|---|{}{}|",
        columns.header(),
        if discussion { " | Discussion" } else { "" },
        columns.rule(),
        if discussion { "|---" } else { "" }
    );
    for (item, seen) in &rows {
        let details: Vec<String> = item_details(session, item, phrase)
            .into_iter()
            .map(|d| d.words)
            .collect();
        let details = if details.is_empty() {
            "—".to_string()
        } else {
            details.join(" · ")
        };
        let _ = write!(
            out,
            "| {} | {details} | {}",
            cell(item.text),
            columns.cells(seen, tenths)
        );
        if discussion {
            let _ = write!(out, " | {}", discussion_cell(session, step, item.index));
        }
        out.push_str(" |\n");
    }
    out.push('\n');
    if step == Step::Risks {
        risk_picture(out, summary);
    }
}

/// Whether any item of `step` has a note or an action that resolves it.
fn has_discussion(session: &Session, step: Step) -> bool {
    session
        .rated_items()
        .filter(|i| i.dimension.step() == step)
        .any(|i| {
            session.note_at(step, i.index).is_some()
                || session.resolved_by_at(step, i.index).next().is_some()
        })
}

/// The risk heat maps as counts a reader takes in at a glance: risks by exposure band.
fn risk_picture(out: &mut String, summary: &Summary) {
    out.push_str("**Risk picture** — how many risks fall in each exposure band (likelihood × impact, 1–25), and the total exposure.\n\n");
    out.push_str("| Risks | High (15–25) | Medium (8–14) | Low (1–7) | Total exposure |\n|---|---:|---:|---:|---:|\n");
    for (title, map, total) in [
        (
            "Mitigated",
            &summary.risk.heat_mitigated,
            summary.risk.mitigated,
        ),
        (
            "Introduced",
            &summary.risk.heat_introduced,
            summary.risk.introduced,
        ),
    ] {
        let _ = writeln!(
            out,
            "| {title} | {} | {} | {} | {total} |",
            band(map, 15..=25),
            band(map, 8..=14),
            band(map, 1..=7)
        );
    }
    out.push('\n');
}

/// How many risks of a heat map have an exposure (likelihood × impact) in `range`.
fn band(map: &HeatMap, range: RangeInclusive<usize>) -> u32 {
    let mut n = 0;
    for (l, row) in map.iter().enumerate() {
        for (i, count) in row.iter().enumerate() {
            if range.contains(&((l + 1) * (i + 1))) {
                n += count;
            }
        }
    }
    n
}
