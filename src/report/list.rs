//! `covalue list`'s rows: one readable session in 80 columns, from what the listing knows of
//! it. The report does not read the listing itself; the caller hands over a `ListRow`.

use crate::domain::Mode;
use crate::domain::value::Score;
use crate::text::{fit, one_line, pad, score_text};

/// What `covalue list` shows of one readable session. The numbers are the room's: none may
/// come from a rating that is still hidden.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ListRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub service: &'a str,
    pub mode: Mode,
    /// The value index, 0–100, or `None` when nothing visible is rated.
    pub value_index: Score,
    /// The equal-weight index when `value_index` is weighted by agreed weights.
    pub equal_index: Score,
    pub alignment: Score,
    /// Ratings not yet revealed, left out of the numbers.
    pub hidden: usize,
    /// The numbers rest on too little to compare with other sessions.
    pub partial: bool,
}

/// The header row of `covalue list`, aligned with `list_line`.
pub const LIST_HEADER: &str =
    "ID        TITLE                       SERVICE             MODE      VALUE ALIGN";

/// One session for `covalue list`, in 80 columns: a row under `LIST_HEADER`, then the file
/// (relative to the sessions folder) on its own line, so it is never cut. The numbers are the
/// listing's, which are the room's (`ListRow`): a partial session says so beside the file.
pub fn list_line(info: &ListRow<'_>, file: &str) -> String {
    let note = if info.partial {
        let why = if info.hidden > 0 {
            format!(
                "{} rating{} not revealed yet",
                info.hidden,
                if info.hidden == 1 { "" } else { "s" }
            )
        } else {
            "little rated yet".to_string()
        };
        format!("  (partial: {why})")
    } else {
        String::new()
    };
    // A weighted value never stands alone: the equal-weight one goes beside the file.
    let note = match info.equal_index {
        Some(_) if info.value_index.is_some() => format!(
            "{note}  (value weighted; equal weights: {})",
            score_text(info.equal_index)
        ),
        _ => note,
    };
    let row = format!(
        "{}  {}  {}  {:<8}  {:>5} {:>5}",
        pad(info.id, 8),
        pad(info.title, 26),
        pad(info.service, 18),
        info.mode.name(),
        score_text(info.value_index),
        score_text(info.alignment),
    );
    let below = fit(&format!("{}{note}", one_line(file)), 70);
    format!("{}\n          {below}", row.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(value_index: Score, equal_index: Score, hidden: usize) -> ListRow<'static> {
        ListRow {
            id: "abcd1234",
            title: "Quarterly review",
            service: "Service desk",
            mode: Mode::Workshop,
            value_index,
            equal_index,
            alignment: Some(77.5),
            hidden,
            partial: hidden > 0,
        }
    }

    #[test]
    fn a_row_needs_nothing_from_the_store_and_says_what_its_numbers_leave_out() {
        assert_eq!(
            list_line(&row(Some(61.25), None, 0), "desk.ron"),
            "abcd1234  Quarterly review            Service desk        workshop     61    78\n          desk.ron"
        );
        let partial = list_line(&row(Some(61.25), Some(58.0), 2), "desk.ron");
        // The line under the row is cut at 70 columns.
        assert!(
            partial.ends_with(
                "\n          desk.ron  (partial: 2 ratings not revealed yet)  (value weighted; equ…"
            ),
            "{partial}"
        );
    }

    /// Found by a mutation run: no test listed a partial session with nothing hidden.
    #[test]
    fn a_partial_row_with_nothing_hidden_says_it_is_little_rated() {
        let one = |hidden: usize| {
            let info = ListRow {
                partial: true,
                ..row(Some(40.0), None, hidden)
            };
            list_line(&info, "new.ron")
        };
        assert!(
            one(0).ends_with("new.ron  (partial: little rated yet)"),
            "{}",
            one(0)
        );
        assert!(one(1).ends_with("new.ron  (partial: 1 rating not revealed yet)"));
    }

    /// Found by a mutation run: the equal-weight index goes beside the file only when there
    /// is a weighted one it explains.
    #[test]
    fn an_equal_weight_index_without_a_value_is_not_mentioned() {
        let line = list_line(&row(None, Some(58.0), 0), "desk.ron");
        assert!(line.ends_with("\n          desk.ron"), "{line}");
    }
}
