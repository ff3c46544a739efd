//! The detail pane under a step's list: the selected item in full, its note, what it resolves,
//! and who has rated it. Reads the `Workshop`, never changes it.

use super::Workshop;
use super::item_row::overdue;
use super::steps;
use crate::domain::*;
use crate::text::{fit, one_line};
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::{clip, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

/// Draws the selected item's `detail` lines into `area`, under a list whose window shows
/// `height` rows from `start`.
pub(super) fn pane(
    w: &Workshop,
    detail: &[(String, bool)],
    (start, height): (usize, usize),
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let count = w.rows();
    let mut block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border);
    // Where the window is in a list longer than the screen: "8–21 of 21".
    if count > height {
        block = block.title_top(
            Line::styled(
                format!(" {}–{} of {count} ", start + 1, (start + height).min(count)),
                theme.muted,
            )
            .alignment(Alignment::Right),
        );
    }
    let inner = block.inner(area);
    block.render(area, buf);
    // Scrolled (J/K), never past the point where the last line reaches the bottom.
    let most = detail.len().saturating_sub(inner.height as usize);
    let skip = usize::from(w.detail_offset()).min(most);
    let detail = &detail[skip..];
    let (mut shown, _) = clip(
        detail.iter().map(|(l, _)| l.clone()).collect(),
        inner.height as usize,
        inner.width as usize,
    );
    if skip > 0
        && let Some(first) = shown.first_mut()
    {
        *first = fit(&format!("… {first}"), inner.width as usize);
    }
    let lines: Vec<Line> = shown
        .into_iter()
        .zip(detail)
        .map(|(l, (_, muted))| Line::styled(l, if *muted { theme.muted } else { theme.base }))
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// `text` wrapped to `width`, each line marked muted or not.
fn wrapped(text: &str, width: usize, muted: bool) -> impl Iterator<Item = (String, bool)> {
    wrap(text, width).into_iter().map(move |l| (l, muted))
}

/// The selected item's text and details as lines of `width` columns, each marked muted or not.
pub(super) fn detail_lines(w: &Workshop, width: usize) -> Vec<(String, bool)> {
    let (text, details) = steps::cells(&w.session, w.step, w.selection());
    let mut lines: Vec<(String, bool)> = wrapped(text, width, false).collect();
    if let Some(note) = w.session.note_at(w.step, w.selection()) {
        lines.extend(wrapped(&format!("Note: {note}"), width, false));
    }
    if w.step == Step::Agreements {
        lines.extend(resolution_lines(w, width));
    }
    if w.step.dimension().is_some() {
        for a in w.session.resolved_by_at(w.step, w.selection()) {
            lines.extend(wrapped(&format!("Resolved by: {}", a.text), width, false));
        }
    }
    if overdue(w, w.selection()) {
        lines.extend(wrapped(
            "Overdue: its due date has passed and it is still open.",
            width,
            true,
        ));
    }
    if !details.is_empty() {
        lines.extend(wrapped(&one_line(&details), width, true));
    }
    if let Some(line) = w
        .step
        .dimension()
        .and_then(|d| w.session.ratings_ref(d, w.selection()))
        .and_then(|r| who_rated(w, r))
    {
        lines.extend(wrapped(&line, width, true));
    }
    lines
}

/// The rated item the selected agreement resolves and, for a carried action, whether it closed
/// the gap it was meant to close.
fn resolution_lines(w: &Workshop, width: usize) -> Vec<(String, bool)> {
    let mut lines = Vec::new();
    if let Some(a) = w.session.agreements.get(w.selection())
        && let Some((step, item)) = w.session.resolves(a)
    {
        lines.extend(wrapped(
            &format!("Resolves: {} — {item}", step.title()),
            width,
            false,
        ));
        if let Some(r) = w.worked.iter().find(|r| a.carried && r.agreement == a.text) {
            let line = format!(
                "Did it work: gap {} → {} (the review before → now)",
                r.old_gap, r.new_gap
            );
            lines.extend(wrapped(&line, width, false));
        }
    }
    lines
}

/// Who has rated the item: `Rated: Sam ✓ · Priya ✓ · Ola –`, and once the item is open to the
/// room (revealed, or blind rating off) each person's number, `Sam 3 · Priya 1 · Ola –`, so a
/// split can be talked through. Only where people rate one by one (several raters, or
/// participants named), and never while rating alone.
fn who_rated(w: &Workshop, r: &Ratings) -> Option<String> {
    let turns = w.turns();
    if w.alone || turns.iter().all(|t| t.name == t.side.rater()) {
        return None;
    }
    // The domain's rule: numbers once the room may see them; a self-assessment's own side only.
    use crate::domain::value::{Viewer, not_yet_revealed};
    let open = !not_yet_revealed(&w.session, r);
    let counted = Viewer::Everything.sees(&w.session, r);
    // A dash for "not yet": a dot would read as one more separator.
    let names: Vec<String> = w
        .who_rated(&counted)
        .into_iter()
        .map(|(name, rating)| {
            let mark = match rating {
                Some(rating) if open => rating.to_string(),
                Some(_) => "✓".to_string(),
                None => "–".to_string(),
            };
            format!("{} {mark}", one_line(&name))
        })
        .collect();
    Some(format!("Rated: {}", names.join(" · ")))
}
