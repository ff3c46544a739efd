//! The live summary beside a step: the scores so far, verdicts and what to discuss next.

use crate::domain::value::{Summary, Verdict};
use crate::domain::*;
use crate::text::{fit, pad, score_text, width as text_width};
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// A verdict in its colour; without one, why: nothing rated, or nothing revealed yet.
pub fn verdict_span(verdict: Option<Verdict>, only_hidden: bool, theme: &Theme) -> Span<'static> {
    match verdict {
        Some(Verdict::Holds) => Span::styled("holds", theme.good),
        Some(Verdict::AtRisk) => Span::styled("at risk", theme.warn),
        Some(Verdict::Fails) => Span::styled("fails", theme.bad),
        None if only_hidden => Span::styled("not revealed", theme.muted),
        None => Span::styled("no ratings", theme.muted),
    }
}

/// A bar of `cells` columns drawn in eighths of a cell, so close scores (62 and 75) differ
/// even in a short bar; dots when there is no score.
pub fn fine_bar(score: Option<f64>, cells: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let Some(score) = score else {
        return "·".repeat(cells);
    };
    let eighths = ((score.clamp(0.0, 100.0) / 100.0) * (cells * 8) as f64).round() as usize;
    let full = eighths / 8;
    let mut out = "█".repeat(full.min(cells));
    if full < cells {
        let part = eighths % 8;
        out.push(if part == 0 { '░' } else { EIGHTHS[part] });
        out.push_str(&"░".repeat(cells - full - 1));
    }
    out
}

/// Why the discuss-next item on `row` is listed: each of its reasons in the domain's words,
/// `gap 2 · consumer split 2`, or with `short` the few-column words, `gap 2 · C split 2`.
pub fn reasons_text(summary: &Summary, row: usize, short: bool) -> String {
    summary
        .reasons(row)
        .map(|d| if short { d.why_short() } else { d.why() })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The reasons of the discuss-next rows `rows`, each with the columns it takes. Every row uses
/// the same words: the full ones when the widest leaves `room` columns of `width` for the rest
/// of the row, else the short ones. The reasons share one column (the widest) when that still
/// leaves `room`; otherwise each takes only its own width, so that one item with two reasons
/// does not cut every other row's words short.
pub fn reasons_fitting(
    summary: &Summary,
    rows: std::ops::Range<usize>,
    width: usize,
    room: usize,
) -> Vec<(String, usize)> {
    let widest = |texts: &[String]| texts.iter().map(|t| text_width(t)).max().unwrap_or(0);
    let long: Vec<String> = rows
        .clone()
        .map(|row| reasons_text(summary, row, false))
        .collect();
    let chosen = if widest(&long) + room <= width {
        long
    } else {
        rows.map(|row| reasons_text(summary, row, true)).collect()
    };
    let common = widest(&chosen);
    chosen
        .into_iter()
        .map(|why| {
            let columns = if common + room <= width {
                common
            } else {
                text_width(&why)
            };
            (why, columns)
        })
        .collect()
}

/// The live summary, as many lines as fit in `rows` of `width` columns.
pub fn summary_lines(
    summary: &Summary,
    mode: Mode,
    (width, rows): (usize, usize),
    bar_cells: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    // Alignment and gaps need two sides; a self-assessment has one.
    let two_sides = mode == Mode::Workshop;
    // The balance where it fits: discuss-next keeps a heading and three rows first.
    let discuss_room = if two_sides && !summary.discuss_items.is_empty() {
        4
    } else {
        0
    };
    let above = rows.saturating_sub(1 + discuss_room);
    let mut lines = score_lines(summary, mode, (width, above), bar_cells, theme);
    lines.push(Line::raw(""));
    // Nothing to discuss between sides in a self-assessment.
    if two_sides {
        discuss_lines(summary, (width, rows), theme, &mut lines);
    }
    if rows > lines.len() + 2 {
        lines.extend(watermelon_lines(summary, width, theme));
    }
    lines.truncate(rows);
    lines
}

/// The scores, the verdicts, the risk line and, when it fits in `rows`, the value balance:
/// wrapped when its wrapped lines fit, else cut to one line each.
pub fn score_lines(
    summary: &Summary,
    mode: Mode,
    (width, rows): (usize, usize),
    bar_cells: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = index_lines(summary, mode == Mode::Workshop, theme);
    lines.push(Line::raw(""));
    lines.extend(bar_lines(summary, mode.sides(), bar_cells, theme));
    lines.push(Line::raw(""));
    for ((label, verdict), dimension) in summary
        .vocr
        .lines()
        .into_iter()
        .zip(crate::domain::value::Vocr::DIMENSIONS)
    {
        lines.push(Line::from(vec![
            Span::raw(format!("{:<18}", label)),
            verdict_span(verdict, summary.only_hidden(dimension), theme),
        ]));
    }
    let removed_inline = risk_line(summary, width, theme, &mut lines);
    for wrapped in [true, false] {
        let mut balance = Vec::new();
        balance_lines(
            summary,
            (width, wrapped),
            !removed_inline,
            theme,
            &mut balance,
        );
        if lines.len() + balance.len() <= rows {
            lines.extend(balance);
            break;
        }
    }
    lines
}

/// The value index (and the equal-weight one beside agreed weights), the alignment of two
/// sides, and what the index is without.
fn index_lines(summary: &Summary, two_sides: bool, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let index = summary.value_index.value;
    let mut head = vec![
        Span::styled("Value index ", theme.muted),
        Span::styled(format!("{:>3}", score_text(index)), theme.title),
        Span::styled(" /100", theme.muted),
    ];
    // Agreed weights: the equal-weight index beside the weighted one.
    if summary.value_index.weights.is_some() {
        head.push(Span::styled(
            format!(" (equal {})", score_text(summary.value_index.equal)),
            theme.muted,
        ));
    }
    lines.push(Line::from(head));
    if two_sides {
        lines.push(Line::from(vec![
            Span::styled("Alignment   ", theme.muted),
            Span::styled(format!("{:>3}", score_text(summary.alignment)), theme.title),
            Span::styled(
                format!(" /100 ({} both)", summary.rated_by_both),
                theme.muted,
            ),
        ]));
    }
    let missing: Vec<&str> = summary.value_index.missing().map(|c| c.words()).collect();
    if index.is_none() && summary.hidden > 0 {
        // Rated, but blind: an empty index is not "nothing rated".
        lines.push(Line::styled("ratings not yet revealed", theme.muted));
    } else if !missing.is_empty() && index.is_some() {
        lines.push(Line::styled(
            fit(&format!("without {}", missing.join(", ")), 32),
            theme.muted,
        ));
    }
    lines
}

/// Each dimension's score and bar per side, under a heading naming the sides.
fn bar_lines(
    summary: &Summary,
    sides: &[Side],
    bar_cells: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let style = |side: Side| {
        if side == Side::Provider {
            theme.provider
        } else {
            theme.consumer
        }
    };
    let mut head = vec![Span::styled(format!("{:<11}", ""), theme.muted)];
    for side in sides {
        head.push(Span::styled(
            format!(
                "{:<w$}",
                if *side == Side::Provider {
                    "provider"
                } else {
                    "consumer"
                },
                w = bar_cells + 6
            ),
            style(*side),
        ));
    }
    let mut lines = vec![Line::from(head)];
    for d in &summary.dimensions {
        let mut spans = vec![Span::raw(format!("{:<11}", d.dimension.title()))];
        for side in sides {
            let score = d.side(*side);
            spans.push(Span::styled(
                format!("{:>3} ", score_text(score)),
                style(*side),
            ));
            spans.push(Span::styled(
                format!("{}  ", fine_bar(score, bar_cells)),
                style(*side),
            ));
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// The risk exposure line; returns whether what mitigation removes fit on it.
fn risk_line(
    summary: &Summary,
    width: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'static>>,
) -> bool {
    let exposure = if summary.risk.mitigated + summary.risk.introduced == 0 {
        "no risks yet".to_string()
    } else {
        exposure_text(summary.risk.mitigated, summary.risk.introduced)
    };
    let mut risk_line = vec![
        Span::styled("Risk exposure ", theme.muted),
        Span::raw(exposure.clone()),
    ];
    // What mitigation removes, on the same line where it fits.
    let removed = summary.risk.removed_by_mitigation;
    let inline = removed.filter(|r| 14 + text_width(&exposure) + 13 + r.to_string().len() <= width);
    if let Some(removed) = inline {
        risk_line.push(Span::styled(format!(" · {removed} removed"), theme.muted));
    }
    lines.push(Line::from(risk_line));
    inline.is_some()
}

/// The discuss-next list under `lines`, as many of its rows as `rows` leaves room for.
fn discuss_lines(
    summary: &Summary,
    (width, rows): (usize, usize),
    theme: &Theme,
    lines: &mut Vec<Line<'static>>,
) {
    if summary.discuss_items.is_empty() {
        lines.push(Line::styled("Discuss next: no gaps ≥ 2", theme.muted));
        return;
    }
    // One row per item, however many reasons it has.
    let total = summary.discuss_items.len();
    let room = rows.saturating_sub(lines.len() + 1);
    let shown = total.min(room);
    // When not all fit, the heading says how many are shown of how many; when none fits, where
    // the whole list is.
    let heading = if shown == 0 {
        format!("Discuss next: {total} · see Summary")
    } else if shown < total {
        format!("Discuss next ({shown} of {total})")
    } else {
        format!("Discuss next ({total})")
    };
    lines.push(Line::styled(heading, theme.title));
    // The reasons in a column, the item's words in what is left (16 columns or more keep
    // the column shared and the words long).
    for (row, (why, columns)) in reasons_fitting(summary, 0..shown, width, 18)
        .iter()
        .enumerate()
    {
        let Some(first) = summary.reasons(row).next() else {
            continue;
        };
        // A space after the reasons and one spare column at the end.
        let words = width.saturating_sub(columns + 2).max(8);
        lines.push(Line::from(vec![
            Span::styled(pad(why, *columns), theme.gap),
            Span::raw(" "),
            Span::raw(fit(&first.text, words)),
        ]));
    }
}

/// The exposure mitigation removes and the costs removed and imposed, each only when the
/// session says something the older lines did not.
fn balance_lines(
    summary: &Summary,
    (width, wrapped): (usize, bool),
    removed_line: bool,
    theme: &Theme,
    lines: &mut Vec<Line<'static>>,
) {
    if let Some(removed) = summary.risk.removed_by_mitigation.filter(|_| removed_line) {
        lines.push(Line::from(vec![
            Span::styled("  removed by mitigation ", theme.muted),
            Span::raw(removed.to_string()),
        ]));
    }
    let costs = &summary.cost_balance;
    if costs.is_informative() {
        for (label, totals) in [
            ("Costs removed ", &costs.removed),
            ("Costs imposed ", &costs.imposed),
        ] {
            // The figures after the label, one spare column at the end.
            let room = width.saturating_sub(label.len() + 1);
            let text = totals.figures_text();
            let rows = if wrapped {
                figure_rows(&text, room)
            } else {
                vec![fit(&text, room)]
            };
            for (i, row) in rows.into_iter().enumerate() {
                let head = if i == 0 {
                    Span::styled(label, theme.muted)
                } else {
                    Span::raw(" ".repeat(label.len()))
                };
                lines.push(Line::from(vec![head, Span::raw(row)]));
            }
        }
    }
}

/// A list of figures (`4,200 EUR/month, 15,000 EUR once`) in rows of at most `room` columns,
/// broken after a comma so that no figure is split from its unit; a figure longer than a row
/// is cut.
fn figure_rows(text: &str, room: usize) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    let parts: Vec<&str> = text.split(", ").collect();
    for (i, part) in parts.iter().enumerate() {
        let part = if i + 1 < parts.len() {
            format!("{part},")
        } else {
            part.to_string()
        };
        match rows.last_mut() {
            Some(row) if text_width(row) + 1 + text_width(&part) <= room => {
                row.push(' ');
                row.push_str(&part);
            }
            _ => rows.push(fit(&part, room)),
        }
    }
    rows
}

/// The watermelons: a heading, then one line per item, `met · low` or `missed · high` before
/// its words; none when there are none.
pub fn watermelon_lines(summary: &Summary, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let w = &summary.watermelon;
    if w.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled(
        "Watermelons: measure vs perception",
        theme.title,
    )];
    // One width for every tag, every item's words and every rating, so the rows line up.
    let rows: Vec<(&'static str, &str, String)> = [
        ("met, rated low    ", &w.met_but_perceived_low),
        ("missed, rated high", &w.missed_but_perceived_high),
    ]
    .into_iter()
    .flat_map(|(tag, list)| {
        list.iter().map(move |m| {
            (
                tag,
                m.text.as_str(),
                format!(" P{} C{}", m.provider, m.consumer),
            )
        })
    })
    .collect();
    let tag_width = "missed, rated high".len();
    let ratings_width = rows.iter().map(|(_, _, r)| r.len()).max().unwrap_or(0);
    let words = width.saturating_sub(tag_width + ratings_width + 2).max(8);
    for (tag, text, ratings) in rows {
        lines.push(Line::from(vec![
            Span::styled(tag, theme.gap),
            Span::raw(" "),
            Span::raw(pad(&fit(text, words), words)),
            Span::styled(ratings, theme.muted),
        ]));
    }
    lines
}

/// Risk exposure mitigated and introduced, signed as what the service takes away and adds:
/// `−22 / +17`; a zero has no sign (never `−0`).
pub fn exposure_text(mitigated: u32, introduced: u32) -> String {
    let signed = |sign: char, n: u32| {
        if n == 0 {
            "0".to_string()
        } else {
            format!("{sign}{n}")
        }
    };
    format!("{} / {}", signed('−', mitigated), signed('+', introduced))
}

#[cfg(test)]
mod tests {
    use super::{exposure_text, fine_bar, summary_lines};
    use crate::domain::time::Timestamp;
    use crate::domain::value::{Summary, summarize_for_room};
    use crate::domain::{Dimension, Mode, Participant, Rating, Role, Session, Side};
    use crate::tui::theme::{Theme, ThemeKind};

    /// A session with one provider (Priya) and one consumer (Chen), blind or not.
    fn rated_by_two(blind: bool) -> Session {
        let mut s = Session::new("t", "Two", Timestamp::from_unix(0));
        s.blind = blind;
        for (name, role) in [("Priya", Role::Provider), ("Chen", Role::Consumer)] {
            s.participants.push(Participant {
                name: name.into(),
                role,
                group: None,
            });
        }
        s
    }

    /// The live summary of a workshop, 40 columns by `rows`, as plain lines.
    fn panel_text(summary: &Summary, rows: usize) -> Vec<String> {
        let theme = Theme::new(ThemeKind::Default);
        summary_lines(summary, Mode::Workshop, (40, rows), 4, &theme)
            .iter()
            .map(|line| {
                line.spans
                    .iter()
                    .map(|span| span.content.as_ref())
                    .collect()
            })
            .collect()
    }

    /// With no row left for the discuss-next list, its heading says how many items there are
    /// and where they are listed, not "0 of N".
    #[test]
    fn a_discuss_list_with_no_room_says_where_to_find_it() {
        let mut s = rated_by_two(false);
        for n in 0..3 {
            s.add_item(Dimension::Benefits, &format!("Benefit {n}"));
            s.rate_as(
                Dimension::Benefits,
                n,
                Side::Provider,
                "Priya",
                Rating::new(5),
            );
            s.rate_as(
                Dimension::Benefits,
                n,
                Side::Consumer,
                "Chen",
                Rating::new(1),
            );
        }
        let summary = summarize_for_room(&s);
        assert_eq!(summary.discuss_items.len(), 3);
        let text = |rows: usize| panel_text(&summary, rows);
        let all = text(40);
        let heading = all
            .iter()
            .position(|l| l.starts_with("Discuss next"))
            .unwrap();
        assert_eq!(all[heading], "Discuss next (3)");
        let short = text(heading + 1);
        assert_eq!(
            short.last().unwrap(),
            "Discuss next: 3 · see Summary",
            "{short:#?}"
        );
        let two = text(heading + 3);
        assert_eq!(two[heading], "Discuss next (2 of 3)", "{two:#?}");
    }

    /// A verdict with no score says why: nobody rated, or nothing is revealed yet.
    #[test]
    fn a_verdict_of_hidden_ratings_says_they_are_not_revealed() {
        let mut s = rated_by_two(true);
        s.add_item(Dimension::Risks, "A risk");
        s.rate_as(Dimension::Risks, 0, Side::Provider, "Priya", Rating::new(4));
        s.rate_as(Dimension::Risks, 0, Side::Consumer, "Chen", Rating::new(2));
        let summary = summarize_for_room(&s);
        let text = panel_text(&summary, 30);
        let line = |label: &str| text.iter().find(|l| l.starts_with(label)).cloned();
        assert_eq!(
            line("Risks managed").as_deref(),
            Some("Risks managed     not revealed"),
            "{text:#?}"
        );
        assert_eq!(
            line("Costs acceptable").as_deref(),
            Some("Costs acceptable  no ratings"),
            "{text:#?}"
        );
    }

    #[test]
    fn risk_exposure_never_reads_minus_zero() {
        assert_eq!(exposure_text(22, 17), "−22 / +17");
        assert_eq!(exposure_text(0, 6), "0 / +6");
        assert_eq!(exposure_text(4, 0), "−4 / 0");
    }

    #[test]
    fn fine_bars_tell_close_scores_apart_and_keep_their_width() {
        assert_ne!(fine_bar(Some(62.0), 4), fine_bar(Some(75.0), 4));
        assert_ne!(fine_bar(Some(62.5), 4), fine_bar(Some(68.0), 4));
        for score in [0.0, 12.5, 62.0, 75.0, 99.0, 100.0] {
            assert_eq!(fine_bar(Some(score), 10).chars().count(), 10, "{score}");
        }
        assert_eq!(fine_bar(Some(100.0), 4), "████");
        assert_eq!(fine_bar(Some(0.0), 4), "░░░░");
        assert_eq!(fine_bar(None, 3), "···");
    }
}
