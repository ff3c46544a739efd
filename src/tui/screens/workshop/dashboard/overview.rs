//! The dashboard's overview: scores and verdicts on the left, the discuss-next list and the
//! watermelons on the right.

use super::super::Workshop;
use super::super::live_summary::{self, reasons_fitting, watermelon_lines};
use crate::domain::value::{Discussion, Summary};
use crate::domain::*;
use crate::text::{fit, pad, width};
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use crate::tui::widgets::window_start;
use crate::tui::widgets::wrap::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

/// Scores and verdicts on the left, the discuss-next list on the right.
pub(super) fn overview(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = &w.summary;
    let wide = area.width >= 90;
    let bar_cells = if wide { 10 } else { 4 };
    let most = if wide {
        50
    } else {
        38.min(area.width / 2).max(20)
    };
    // The lines put above and under the scores: the hidden note, the index's parts.
    let added = u16::from(s.hidden > 0) + u16::from(s.value_index.used().next().is_some());
    let rows = area.height.saturating_sub(added);
    let lines = |width: u16| score_lines(w, (width, rows), bar_cells, theme);
    // Wide, the scores take what their lines need and discuss-next the rest.
    let used = s.value_index.used().map(|c| c.words());
    let from = width(&format!("from {}", used.collect::<Vec<_>>().join(", ")));
    let shown = |l: &Line| {
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        width(text.trim_end())
    };
    let needed = lines(most).iter().map(shown).max().unwrap_or(0).max(from);
    let left_width = if wide {
        (needed as u16 + 1).clamp(40, most)
    } else {
        most
    };
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_width), Constraint::Min(1)]).areas(area);
    let mut lines = lines(left.width);
    let used: Vec<&str> = s.value_index.used().map(|c| c.words()).collect();
    // Under the value index and, in a workshop, the alignment.
    let under = if w.session.mode == Mode::Workshop {
        2
    } else {
        1
    };
    if !used.is_empty() && lines.len() >= 2 {
        lines.insert(
            under,
            Line::styled(
                fit(
                    &format!("from {}", used.join(", ")),
                    (left.width as usize).saturating_sub(1),
                ),
                theme.muted,
            ),
        );
    }
    // A participant at their own screen and a person rating alone have no reveal key.
    if let Some(note) = hidden_note(s, w.seat().is_some() || w.alone(), theme) {
        lines.insert(0, note);
    }
    Paragraph::new(lines).render(left, buf);
    discuss(w, right, buf, theme);
}

/// The scores and verdicts `width` wide in `rows`, without the live summary's discuss-next
/// list.
fn score_lines(
    w: &Workshop,
    (width, rows): (u16, u16),
    bar_cells: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    live_summary::score_lines(
        &w.summary,
        w.session.mode,
        (width as usize, rows as usize),
        bar_cells,
        theme,
    )
}

/// How many ratings the numbers leave out, and who reveals them: the facilitator's key, or for
/// a participant at their own screen or a person rating alone (who have no such key) the
/// facilitator.
fn hidden_note(summary: &Summary, seated: bool, theme: &Theme) -> Option<Line<'static>> {
    (summary.hidden > 0).then(|| {
        let s = if summary.hidden == 1 { "" } else { "s" };
        let hidden = format!("{} rating{s} hidden", summary.hidden);
        let text = if seated {
            format!("{hidden} until revealed")
        } else {
            format!(
                "{hidden} (blind) · {} reveals",
                keymap::key_for(Context::Summary, Action::Reveal)
            )
        };
        Line::styled(text, theme.warn)
    })
}

/// The discuss-next list with the watermelons under it, or why it is empty.
fn discuss(w: &Workshop, right: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = &w.summary;
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(theme.border)
        .title(Span::styled(
            // A participant at their own screen has no jump (Enter does nothing there).
            if w.session.mode == Mode::Workshop && w.seat().is_none() {
                " Discuss next · Enter jumps "
            } else {
                " Discuss next "
            },
            theme.title,
        ));
    let inner = block.inner(right);
    block.render(right, buf);
    // The watermelons under the discuss-next list: both are where the room should talk.
    let melons = watermelon_lines(s, inner.width as usize, theme);
    let melon_rows = (melons.len() as u16).min(inner.height / 2);
    let [inner, melon_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(melon_rows)]).areas(inner);
    Paragraph::new(melons).render(melon_area, buf);
    if s.discuss_items.is_empty() {
        let text = if w.session.mode != Mode::Workshop {
            "A self-assessment has one side, so no gaps between sides. The lowest scores on the left are where to look first."
        } else if s.hidden > 0 && (w.seat().is_some() || w.alone()) {
            "Gaps show once the facilitator reveals the ratings."
        } else if s.hidden > 0 {
            "Gaps show once the ratings are revealed (r)."
        } else {
            "No item has a gap of 2 or more between the sides."
        };
        Paragraph::new(Line::styled(text, theme.muted))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    discuss_rows(w, inner, buf, theme);
}
/// The discuss-next list, one row per item: step, words, each side's rating and every reason
/// the item is listed, the numbers and reasons in aligned columns.
fn discuss_rows(w: &Workshop, inner: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = &w.summary;
    let height = inner.height as usize;
    let total = s.discuss_items.len();
    let start = window_start(w.selection(), height, total);
    let shown = start..(start + height).min(total);
    let step_width = if inner.width >= 60 { 11 } else { 6 };
    let firsts: Vec<&Discussion> = shown
        .clone()
        .filter_map(|row| s.reasons(row).next())
        .collect();
    let widest = |text: &dyn Fn(&Discussion) -> String| {
        firsts.iter().map(|d| width(&text(d))).max().unwrap_or(0)
    };
    // One format for every row of a column: tenths on all of them, or on none.
    let tenths =
        crate::domain::Points::tenths(firsts.iter().flat_map(|d| [d.provider, d.consumer]));
    let provider_width = widest(&|d| d.provider.shown(tenths));
    let consumer_width = widest(&|d| d.consumer.shown(tenths));
    // A space before the step, " P" and " C" before the ratings, a space before the reasons and
    // one spare column at the end.
    let fixed = 1 + step_width + 2 + provider_width + 2 + consumer_width + 2;
    // The long reasons, and one column for them, when they leave the item's words 20 columns.
    let reasons = reasons_fitting(s, shown.clone(), inner.width as usize, fixed + 20);
    let mut lines: Vec<Line> = shown
        .zip(firsts)
        .zip(reasons)
        .map(|((i, d), (why, reason_width))| {
            let text_width = (inner.width as usize).saturating_sub(fixed + reason_width);
            let style = if i == w.selection() {
                theme.selected
            } else {
                Style::default()
            };
            Line::from(vec![
                Span::styled(
                    format!(" {:<step_width$}", fit(d.step.title(), step_width - 1)),
                    theme.muted.patch(style),
                ),
                // Padded by columns, not characters: 🛒 or 東京 take two each.
                Span::styled(
                    pad(&with_note(w, d.step, d.index, &d.text), text_width),
                    style,
                ),
                Span::styled(
                    format!(" P{}", pad(&d.provider.shown(tenths), provider_width)),
                    theme.provider.patch(style),
                ),
                Span::styled(
                    format!(" C{}", pad(&d.consumer.shown(tenths), consumer_width)),
                    theme.consumer.patch(style),
                ),
                Span::styled(
                    format!(" {}", pad(&why, reason_width)),
                    theme.gap.patch(style),
                ),
            ])
        })
        .collect();
    let spare = height.saturating_sub(lines.len());
    lines.extend(selected_note(w, inner.width as usize, spare, theme));
    Paragraph::new(lines).render(inner, buf);
}

/// A row cuts an item's note after its words: the selected item's note in full, after a blank
/// line, in at most `rows` rows `width` wide (none when it has no note or there is no room).
fn selected_note(w: &Workshop, width: usize, rows: usize, theme: &Theme) -> Vec<Line<'static>> {
    let note = w
        .summary
        .reasons(w.selection())
        .next()
        .and_then(|d| w.session.note_at(d.step, d.index));
    let Some(note) = note.filter(|_| rows > 1) else {
        return Vec::new();
    };
    let wrapped = wrap(&format!("Note: {note}"), width.saturating_sub(1));
    std::iter::once(Line::raw(""))
        .chain(
            wrapped
                .into_iter()
                .take(rows - 1)
                .map(|line| Line::styled(format!(" {line}"), theme.muted)),
        )
        .collect()
}

/// An item's text followed by its discussion note, when it has one.
fn with_note(w: &Workshop, step: Step, index: usize, text: &str) -> String {
    match w.session.note_at(step, index) {
        Some(note) => format!("{text} — {note}"),
        None => text.to_string(),
    }
}
