//! The list of a step's items with both sides' ratings, and the detail pane of the selected one.

use super::view::rating_span;
use super::{Workshop, steps};
use crate::domain::*;
use crate::text::{fit, one_line, width};
use crate::tui::theme::Theme;
use crate::tui::widgets::band::SideBand;
use crate::tui::widgets::window_start;
use crate::tui::widgets::wrap::{clip, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Widget};

/// The turn band's and the detail pane's heights in a list `area`, with the detail lines.
fn heights(w: &Workshop, area: Rect) -> (u16, u16, Vec<(String, bool)>) {
    let count = w.rows();
    // Whose turn it is, across the list in that side's colour: hard to miss, even from the back.
    let band_height = match (w.step.dimension(), w.read_only.is_some(), w.projector) {
        (Some(_), false, true) => 3,
        (Some(_), false, false) => 1,
        _ => 0,
    };
    // The detail pane takes the rows the list does not need (at least 4), up to what it shows.
    let detail = if count > 0 {
        detail_lines(w, area.width as usize)
    } else {
        Vec::new()
    };
    let free = area
        .height
        .saturating_sub(band_height)
        .saturating_sub(count as u16 + 1);
    let detail_height = if count == 0 {
        0
    } else {
        (detail.len() as u16 + 1).min(free).max(4)
    };
    (band_height, detail_height, detail)
}

/// How far the detail pane in a list `area` can scroll: its lines less the rows it shows.
pub(super) fn detail_overflow(w: &Workshop, area: Rect) -> usize {
    let (_, detail_height, detail) = heights(w, area);
    detail
        .len()
        .saturating_sub(usize::from(detail_height.saturating_sub(1)))
}

pub fn item_list(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let step = w.step;
    let rated = step.dimension();
    let sides = w.session.mode.sides();
    let count = w.rows();
    let (band_height, detail_height, detail) = heights(w, area);
    let [band_area, list_area, detail_area] = Layout::vertical([
        Constraint::Length(band_height),
        Constraint::Min(1),
        Constraint::Length(detail_height),
    ])
    .areas(area);
    if band_height > 0 && w.room {
        // The room's view has no turn: who has rated the selected item, in no side's colour.
        let (rated, people) = w
            .step
            .dimension()
            .and_then(|d| w.session.ratings_ref(d, w.selection()))
            .map(|r| {
                let people = w.turns().len();
                let who = w.who_rated(r);
                (
                    who.iter().take(people).filter(|(_, r)| r.is_some()).count(),
                    people,
                )
            })
            .unwrap_or((0, w.turns().len()));
        let mut label = if count == 0 {
            "Everyone rates at their own screen".to_string()
        } else {
            format!("{rated} of {people} rated this item · everyone rates at their own screen")
        };
        if width(&label) + 1 > area.width as usize {
            label = format!("{rated} of {people} rated this item");
        }
        SideBand {
            label: &label,
            side: None,
        }
        .render(band_area, buf, theme);
    } else if band_height > 0 {
        // Who rates: the side, or the person ("Priya · consumer · user"); the group goes
        // first when the band is narrow, who and which side stay.
        let alone = if w.alone { " (alone)" } else { "" };
        let meaning = steps::rating_meaning(step);
        let mut label = format!("{}{alone} rates · {meaning}, 1–5", w.turn_label());
        if !w.side_by_side() && width(&label) + 3 > area.width as usize {
            label = format!(
                "{} · {}{alone} rates · {meaning}, 1–5",
                w.rater,
                w.turn.name()
            );
        }
        SideBand {
            label: &label,
            side: Some(w.turn),
        }
        .render(band_area, buf, theme);
    }

    if count == 0 {
        let lines = vec![
            Line::raw(""),
            Line::from(vec![
                Span::raw(format!("  No {} yet. Press ", steps::singular(step))),
                Span::styled("a", theme.key),
                Span::raw(" to add one."),
            ]),
        ];
        Paragraph::new(lines).render(list_area, buf);
        return;
    }

    // Steps without ratings have room for their details (owner, status, kind) even at 80×24.
    // The details column grows with the terminal (due dates, owner and person at full length).
    // Agreements need room for a due date and the owner side even at 80×24.
    let least = if list_area.width >= 70 {
        (list_area.width / 4).clamp(24, 40)
    } else if step == Step::Agreements {
        24
    } else {
        16
    };
    // An agreement's due date, owner and person are what the list is read for: their column
    // takes what they need, up to half the list. Elsewhere the item's words come first.
    let widest = (0..count)
        .filter(|_| step == Step::Agreements)
        .map(|i| {
            let details = steps::cells(&w.session, step, i).1;
            width(&details) + if overdue(w, i) { "OVERDUE ".len() } else { 0 }
        })
        .max()
        .unwrap_or(0) as u16;
    let detail_width = widest.clamp(least, (list_area.width / 2).max(least));
    // Outcomes had no details before their measures: without a measure the list stays as it was.
    let outcomes_bare = step == Step::Outcomes
        && (0..count).all(|i| steps::cells(&w.session, step, i).1.is_empty());
    let show_details = (list_area.width >= 70 || (rated.is_none() && list_area.width >= 40))
        && !steps::detail_header(step).is_empty()
        && !outcomes_bare;
    let mut widths = vec![Constraint::Length(3), Constraint::Fill(1)];
    let mut header = vec![Cell::from("#"), Cell::from(step.title())];
    if show_details {
        widths.push(Constraint::Length(detail_width));
        header.push(Cell::from(steps::detail_header(step)));
    }
    if rated.is_some() {
        for side in sides {
            widths.push(Constraint::Length(4));
            let (label, style) = match side {
                Side::Provider => ("Prov", theme.provider),
                Side::Consumer => ("Cons", theme.consumer),
            };
            let style = if *side == w.turn && !w.room {
                style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                style
            };
            header.push(Cell::from(Span::styled(label, style)));
        }
        if sides.len() == 2 {
            widths.push(Constraint::Length(3));
            header.push(Cell::from("Gap"));
        }
    }
    let columns = Layout::horizontal(widths.clone())
        .spacing(1)
        .split(list_area);
    let text_width = columns[1].width as usize;
    let detail_width = if show_details {
        columns[2].width as usize
    } else {
        0
    };
    let height = list_area.height.saturating_sub(1) as usize;
    let selected = w.selection();
    let start = window_start(selected, height, count);
    // One format per column over the rows on screen, as the reports do: `2.0` beside `1.7`,
    // never `2`. Only the window is read: a key press must not walk every item of the step.
    let ratings: Vec<Ratings> = match rated {
        Some(d) => (start..(start + height).min(count))
            .map(|i| w.session.ratings(d, i).unwrap_or_default())
            .collect(),
        None => Vec::new(),
    };
    let side_tenths: Vec<bool> = sides
        .iter()
        .map(|side| Points::tenths(ratings.iter().map(|r| shown_side(w, r, *side))))
        .collect();
    let gap_tenths = Points::tenths(ratings.iter().map(|r| Points::new(shown_gap(w, r))));
    let rows: Vec<Row> = (start..(start + height).min(count))
        .map(|i| {
            let (text, details) = steps::cells(&w.session, step, i);
            let mut cells = vec![
                Cell::from(Span::styled(format!("{:>2}", i + 1), theme.muted)),
                Cell::from(fit(text, text_width)),
            ];
            if show_details {
                // Too long for the column, an agreement shows what matters most of it.
                let flag = if overdue(w, i) { "OVERDUE ".len() } else { 0 };
                let details = match w.session.agreements.get(i) {
                    Some(a)
                        if step == Step::Agreements && width(&details) + flag > detail_width =>
                    {
                        let with_year = steps::agreement_brief(a, true);
                        if width(&with_year) + flag <= detail_width {
                            with_year
                        } else {
                            steps::agreement_brief(a, false)
                        }
                    }
                    _ => details,
                };
                let (details, style) = match overdue(w, i) {
                    true => (format!("OVERDUE {details}"), theme.bad),
                    false => (details, theme.muted),
                };
                cells.push(Cell::from(Span::styled(fit(&details, detail_width), style)));
            } else if overdue(w, i) {
                cells[1] = Cell::from(Span::styled(
                    fit(&format!("! {text}"), text_width),
                    theme.bad,
                ));
            }
            if rated.is_some() {
                let r = &ratings[i - start];
                // What the person rating now may see: under blind rating their own rating only,
                // and that others have rated.
                let seen = w.seen(r);
                let any_hidden = !w.alone && seen.count() < r.count();
                for (side, tenths) in sides.iter().zip(&side_tenths) {
                    let style = match side {
                        Side::Provider => theme.provider,
                        Side::Consumer => theme.consumer,
                    };
                    let (all, shown) = (r.raters(*side).len(), seen.raters(*side).len());
                    let number = shown_side(w, r, *side);
                    let span = if w.alone || shown == all {
                        // Rating alone, others' ratings are not there at all, not even as marks.
                        rating_span(number, *tenths, style, theme)
                    } else if shown == 0 {
                        // A hidden rating shows only that someone rated: a neutral mark.
                        Span::styled("•", theme.muted.add_modifier(Modifier::BOLD))
                    } else {
                        // Their own rating, and a mark for the others' hidden ones.
                        Span::styled(format!("{}•", number.shown(*tenths)), style)
                    };
                    cells.push(Cell::from(Line::from(span).alignment(Alignment::Center)));
                }
                if sides.len() == 2 {
                    let gap = match if w.alone { seen.gap() } else { r.gap() } {
                        Some(_) if any_hidden => Span::styled("?", theme.muted),
                        Some(g) if g >= 2.0 => {
                            Span::styled(Points::new(Some(g)).shown(gap_tenths), theme.gap)
                        }
                        Some(g) => Span::raw(Points::new(Some(g)).shown(gap_tenths)),
                        None => Span::styled("·", theme.muted),
                    };
                    cells.push(Cell::from(Line::from(gap).alignment(Alignment::Center)));
                }
            }
            let row = Row::new(cells);
            if i == selected {
                row.style(theme.selected)
            } else {
                row
            }
        })
        .collect();
    Table::new(rows, widths)
        .header(Row::new(header).style(theme.muted.add_modifier(Modifier::BOLD)))
        .column_spacing(1)
        .render(list_area, buf);

    // The selected item in full, its line breaks kept; cut text ends in "…".
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
    let inner = block.inner(detail_area);
    block.render(detail_area, buf);
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

/// Whether row `i` of the current step is an open agreement past its due date.
/// The number a side's cell shows for `r` (none when it shows only a mark), so a column's
/// format can be chosen from what it really shows.
fn shown_side(w: &Workshop, r: &Ratings, side: Side) -> Points {
    let seen = w.seen(r);
    let (all, shown) = (r.raters(side).len(), seen.raters(side).len());
    if w.alone || shown < all {
        seen.side(side)
    } else {
        r.side(side)
    }
}

/// The gap a row shows as a number: none when it shows `?` because a rating is hidden.
fn shown_gap(w: &Workshop, r: &Ratings) -> Option<f64> {
    if w.alone {
        return w.seen(r).gap();
    }
    let any_hidden = w.seen(r).count() < r.count();
    r.gap().filter(|_| !any_hidden)
}

fn overdue(w: &Workshop, i: usize) -> bool {
    w.step == Step::Agreements
        && w.today.is_some_and(|today| {
            w.session
                .agreements
                .get(i)
                .is_some_and(|a| a.is_overdue(today))
        })
}

/// The selected item's text and details as lines of `width` columns, each marked muted or not.
pub(super) fn detail_lines(w: &Workshop, width: usize) -> Vec<(String, bool)> {
    let (text, details) = steps::cells(&w.session, w.step, w.selection());
    let mut lines: Vec<(String, bool)> =
        wrap(text, width).into_iter().map(|l| (l, false)).collect();
    if let Some(note) = w.session.note(w.step, text) {
        lines.extend(
            wrap(&format!("Note: {note}"), width)
                .into_iter()
                .map(|l| (l, false)),
        );
    }
    if w.step == Step::Agreements
        && let Some(a) = w.session.agreements.get(w.selection())
        && let Some((step, item)) = w.session.resolves(a)
    {
        lines.extend(
            wrap(&format!("Resolves: {} — {item}", step.title()), width)
                .into_iter()
                .map(|l| (l, false)),
        );
        // A carried action: did it close the gap it was meant to close?
        if let Some(r) = w.worked.iter().find(|r| a.carried && r.agreement == a.text) {
            let line = format!(
                "Did it work: gap {} → {} (the review before → now)",
                r.old_gap, r.new_gap
            );
            lines.extend(wrap(&line, width).into_iter().map(|l| (l, false)));
        }
    }
    if w.step.dimension().is_some() {
        for a in w.session.resolved_by(w.step, text) {
            lines.extend(
                wrap(&format!("Resolved by: {}", a.text), width)
                    .into_iter()
                    .map(|l| (l, false)),
            );
        }
    }
    if overdue(w, w.selection()) {
        lines.push((
            "Overdue: its due date has passed and it is still open.".into(),
            true,
        ));
    }
    if !details.is_empty() {
        lines.extend(
            wrap(&one_line(&details), width)
                .into_iter()
                .map(|l| (l, true)),
        );
    }
    if let Some(line) = w
        .step
        .dimension()
        .and_then(|d| w.session.ratings_ref(d, w.selection()))
        .and_then(|r| who_rated(w, r))
    {
        lines.extend(wrap(&line, width).into_iter().map(|l| (l, true)));
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
